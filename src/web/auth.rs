//! Citizen accounts: register, sign in, sign out.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::errors::AppError;
use super::page::{
    FieldView, FormFields, PageCtx, error_summary, redirect, render_with_status, safe_next,
};
use super::session::{self, CsrfForm, SessionUser};
use crate::domain::iin::Iin;
use crate::domain::registration::{self, NAME_MAX_CHARS, RegistrationInput};
use crate::domain::{FieldErrors, MsgId, local_date, password};
use crate::repo::sign_in::{self, Attempt};
use crate::repo::users;
use crate::repo::users::{CreateUserError, User};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "auth/register.html")]
struct RegisterPage {
    ctx: PageCtx,
    fields: Vec<FieldView>,
    errors: Vec<(&'static str, String)>,
}

fn register_page(
    ctx: PageCtx,
    form: &RegistrationInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let f = FormFields::new(ctx.lang, errors);
    let fields = vec![
        f.field("iin", MsgId("field-iin"), &form.iin)
            .hint(MsgId("field-iin-hint"))
            .digits(12),
        f.field("last_name", MsgId("field-last-name"), &form.last_name)
            .kind("text", "family-name")
            .max(NAME_MAX_CHARS),
        f.field("first_name", MsgId("field-first-name"), &form.first_name)
            .kind("text", "given-name")
            .max(NAME_MAX_CHARS),
        f.field("middle_name", MsgId("field-middle-name"), &form.middle_name)
            .kind("text", "additional-name")
            .max(NAME_MAX_CHARS)
            .optional(),
        f.field("phone", MsgId("field-phone"), &form.phone)
            .kind("tel", "tel")
            .hint(MsgId("field-phone-hint"))
            .max(20),
        f.field("email", MsgId("field-email"), &form.email)
            .kind("email", "email")
            .max(registration::EMAIL_MAX_CHARS)
            .optional(),
        f.field("password", MsgId("field-password"), "")
            .password("new-password")
            .hint(MsgId("field-password-hint")),
        f.field("password_confirm", MsgId("field-password-confirm"), "")
            .password("new-password"),
    ];
    let errors = error_summary(&fields);
    render_with_status(
        status,
        &RegisterPage {
            ctx,
            fields,
            errors,
        },
    )
}

pub async fn register_form(ctx: PageCtx) -> Result<HttpResponse, AppError> {
    if ctx.user.is_some() {
        return Ok(redirect("/cabinet"));
    }
    register_page(
        ctx,
        &RegistrationInput::default(),
        &FieldErrors::default(),
        StatusCode::OK,
    )
}

pub async fn register(
    ctx: PageCtx,
    session: Session,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<RegistrationInput>,
) -> Result<HttpResponse, AppError> {
    let citizen = match registration::validate(&form, local_date(Utc::now())) {
        Ok(c) => c,
        Err(errors) => {
            return register_page(ctx, &form, &errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    // Argon2 runs on the blocking pool with no connection taken, then one transaction writes.
    let secret = citizen.password.clone();
    let hash = web::block(move || password::hash(&secret)).await?;
    let lang = ctx.lang.code();
    let created = state
        .db(
            move |conn| match users::register(conn, &citizen, &hash, lang) {
                Err(CreateUserError::Db(e)) => Err(e),
                other => Ok(other),
            },
        )
        .await?;
    match created {
        Ok(user) => {
            tracing::info!(user = user.id, "citizen registered");
            start_session(&session, &user)?;
            session::set_flash(&session, MsgId("notice-registered"));
            Ok(redirect("/cabinet"))
        }
        Err(_duplicate) => {
            let mut errors = FieldErrors::default();
            errors.add("iin", MsgId("error-iin-taken"));
            register_page(ctx, &form, &errors, StatusCode::CONFLICT)
        }
    }
}

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    ctx: PageCtx,
    fields: Vec<FieldView>,
    errors: Vec<(&'static str, String)>,
    /// A problem with the attempt as a whole (wrong credentials, locked), not with one field.
    failure: Option<String>,
    next: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    iin: String,
    password: String,
    next: String,
}

fn login_page(
    ctx: PageCtx,
    form: &LoginForm,
    errors: &FieldErrors,
    failure: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let f = FormFields::new(ctx.lang, errors);
    let fields = vec![
        f.field("iin", MsgId("field-iin"), &form.iin)
            .kind("text", "username")
            .digits(12),
        f.field("password", MsgId("field-password"), "")
            .password("current-password"),
    ];
    let errors = error_summary(&fields);
    let next = safe_next(&form.next).unwrap_or("").to_string();
    render_with_status(
        status,
        &LoginPage {
            ctx,
            fields,
            errors,
            failure,
            next,
        },
    )
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

pub async fn login_form(
    ctx: PageCtx,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, AppError> {
    let next = query.into_inner().next.unwrap_or_default();
    if ctx.user.is_some() {
        return Ok(redirect(safe_next(&next).unwrap_or("/cabinet")));
    }
    let form = LoginForm {
        next,
        ..LoginForm::default()
    };
    login_page(ctx, &form, &FieldErrors::default(), None, StatusCode::OK)
}

pub async fn login(
    ctx: PageCtx,
    req: HttpRequest,
    session: Session,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::default();
    let iin = Iin::parse(&form.iin)
        .map_err(|e| errors.add("iin", e.message()))
        .ok();
    if form.password.is_empty() {
        errors.add("password", MsgId("error-password-required"));
    }
    let Some(iin) = iin.filter(|_| errors.is_empty()) else {
        return login_page(ctx, &form, &errors, None, StatusCode::UNPROCESSABLE_ENTITY);
    };

    // Read, let the connection go, verify on the blocking pool, then record: a burst of
    // sign-ins never holds pooled connections while Argon2 runs.
    let ip = client_ip(&req, &state.config.trusted_proxies);
    let now = Utc::now();
    let attempt = {
        let (iin, ip) = (iin.clone(), ip.clone());
        state
            .db(move |conn| sign_in::begin(conn, &iin, &ip, now))
            .await?
    };
    let user = match attempt {
        Attempt::Open(user) => user,
        Attempt::Locked(until) => {
            let minutes = ((until - now).num_seconds() + 59) / 60;
            let failure = Some(ctx.t_count("error-sign-in-locked", "minutes", minutes.max(1)));
            return login_page(ctx, &form, &errors, failure, StatusCode::TOO_MANY_REQUESTS);
        }
    };
    let password = form.password.clone();
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let ok = web::block(move || password::verify_stored(&password, stored.as_deref())).await?;
    let user = user.filter(|_| ok);
    let rules = state.throttle;
    let signed_in = user.as_ref().map(|u| (u.id, ctx.lang.code()));
    state
        .db(move |conn| sign_in::finish(conn, &rules, &iin, &ip, signed_in, now))
        .await?;

    match user {
        Some(user) => {
            tracing::info!(user = user.id, "signed in");
            start_session(&session, &user)?;
            Ok(redirect(safe_next(&form.next).unwrap_or("/cabinet")))
        }
        None => {
            let failure = Some(ctx.text("error-sign-in-failed").into_owned());
            login_page(ctx, &form, &errors, failure, StatusCode::UNAUTHORIZED)
        }
    }
}

fn start_session(session: &Session, user: &User) -> Result<(), AppError> {
    session::sign_in(
        session,
        SessionUser {
            id: user.id,
            name: format!("{} {}", user.first_name, user.last_name),
            generation: user.session_generation,
        },
    )
}

#[derive(Deserialize)]
pub struct NoFields {}

pub async fn logout(session: Session, _form: CsrfForm<NoFields>) -> HttpResponse {
    session::sign_out(&session);
    session::set_flash(&session, MsgId("notice-signed-out"));
    redirect("/")
}

/// The citizen's address: the TCP peer, or — when the peer is one of our reverse proxies — the
/// address that proxy appended to `X-Forwarded-For` (the last one; earlier ones can be forged).
pub fn client_ip(req: &HttpRequest, trusted_proxies: &[std::net::IpAddr]) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return "unknown".into();
    };
    if !trusted_proxies.contains(&peer) {
        return peer.to_string();
    }
    req.headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|last| last.trim().parse::<std::net::IpAddr>().ok())
        .unwrap_or(peer)
        .to_string()
}
