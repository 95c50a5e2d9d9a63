//! Staff sign-in (`GET,POST /admin/login`, fields `login`, `password`, `csrf_token`) and
//! sign-out (`POST /admin/logout`): the same Argon2, throttling, session rotation and idle
//! timeout as citizens, in a session of its own kind.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use crate::domain::{FieldErrors, MsgId, password};
use crate::repo::staff::{self, StaffAttempt};
use crate::state::AppState;
use crate::web::auth::client_ip;
use crate::web::errors::AppError;
use crate::web::page::{
    FieldView, FormFields, PageCtx, error_summary, redirect, render_with_status, safe_next,
};
use crate::web::session::{self, CsrfForm, SessionStaff};

#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage {
    ctx: PageCtx,
    fields: Vec<FieldView>,
    errors: Vec<(&'static str, String)>,
    failure: Option<String>,
    next: String,
}

#[derive(Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
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
        f.field("login", MsgId("admin-field-login"), &form.login)
            .kind("text", "username")
            .max(64),
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
    if ctx.staff.is_some() {
        return Ok(redirect(admin_next(&next)));
    }
    let form = LoginForm {
        next,
        ..LoginForm::default()
    };
    login_page(ctx, &form, &FieldErrors::default(), None, StatusCode::OK)
}

/// Where to go after signing in: a local admin path, or the queue.
fn admin_next(next: &str) -> &str {
    safe_next(next)
        .filter(|n| n.starts_with("/admin"))
        .unwrap_or("/admin")
}

pub async fn login(
    ctx: PageCtx,
    req: HttpRequest,
    session: Session,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::default();
    let login = form.login.trim().to_lowercase();
    if login.is_empty() || login.chars().count() > 64 {
        errors.add("login", MsgId("admin-error-login-required"));
    }
    if form.password.is_empty() {
        errors.add("password", MsgId("error-password-required"));
    }
    if !errors.is_empty() {
        return login_page(ctx, &form, &errors, None, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Read, let the connection go, verify on the blocking pool, then record.
    let ip = client_ip(&req, &state.config.trusted_proxies);
    let now = Utc::now();
    let attempt = {
        let (login, ip) = (login.clone(), ip.clone());
        state
            .db(move |conn| staff::begin_sign_in(conn, &login, &ip, now))
            .await?
    };
    let member = match attempt {
        StaffAttempt::Open(member) => member,
        StaffAttempt::Locked(until) => {
            let minutes = ((until - now).num_seconds() + 59) / 60;
            let failure = Some(ctx.t_count("error-sign-in-locked", "minutes", minutes.max(1)));
            return login_page(ctx, &form, &errors, failure, StatusCode::TOO_MANY_REQUESTS);
        }
    };
    let password = form.password.clone();
    let stored = member.as_ref().map(|m| m.password_hash.clone());
    let ok = web::block(move || password::verify_stored(&password, stored.as_deref())).await?;
    let member = member.filter(|_| ok);
    let rules = state.throttle;
    {
        let (login, member) = (login.clone(), member.clone());
        state
            .db(move |conn| {
                staff::finish_sign_in(conn, &rules, &login, &ip, member.as_deref(), now)
            })
            .await?;
    }
    match member {
        Some(m) => {
            tracing::info!(staff = m.id.0, "staff signed in");
            session::sign_in_staff(
                &session,
                SessionStaff {
                    id: m.id.0,
                    name: m.full_name.clone(),
                    role: m.role.as_str().to_string(),
                    organization: m.organization_id,
                    generation: m.session_generation,
                },
            )?;
            Ok(redirect(admin_next(&form.next)))
        }
        None => {
            let failure = Some(ctx.text("admin-error-sign-in-failed").into_owned());
            login_page(ctx, &form, &errors, failure, StatusCode::UNAUTHORIZED)
        }
    }
}

#[derive(Deserialize)]
pub struct NoFields {}

pub async fn logout(session: Session, _form: CsrfForm<NoFields>) -> HttpResponse {
    session::sign_out(&session);
    session::set_flash(&session, MsgId("notice-signed-out"));
    redirect("/admin/login")
}
