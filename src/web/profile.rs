//! `/cabinet/profile`: what the portal knows about the citizen, their contacts and password.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::errors::AppError;
use super::guard::Citizen;
use super::page::{FieldView, FormFields, PageCtx, error_summary, redirect, render_with_status};
use super::session::{self, CsrfForm};
use crate::domain::iin::Iin;
use crate::domain::registration::{self, check_new_password, normalize_email, normalize_phone};
use crate::domain::{FieldErrors, MsgId, password};
use crate::repo::users::{self, User};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "cabinet/profile.html")]
struct ProfilePage {
    ctx: PageCtx,
    user: User,
    contact_fields: Vec<FieldView>,
    password_fields: Vec<FieldView>,
    errors: Vec<(&'static str, String)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ContactForm {
    phone: String,
    email: String,
}

impl ContactForm {
    /// The contacts the portal has now, to fill the form.
    fn of(user: &User) -> ContactForm {
        ContactForm {
            phone: user.phone.clone(),
            email: user.email.clone().unwrap_or_default(),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    new_password_confirm: String,
}

fn page(
    ctx: PageCtx,
    user: User,
    contacts: &ContactForm,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let f = FormFields::new(ctx.lang, errors);
    let contact_fields = vec![
        f.field("phone", MsgId("field-phone"), &contacts.phone)
            .kind("tel", "tel")
            .hint(MsgId("field-phone-hint"))
            .max(20),
        f.field("email", MsgId("field-email"), &contacts.email)
            .kind("email", "email")
            .max(registration::EMAIL_MAX_CHARS)
            .optional(),
    ];
    let password_fields = vec![
        f.field("current_password", MsgId("field-current-password"), "")
            .password("current-password"),
        f.field("new_password", MsgId("field-new-password"), "")
            .password("new-password")
            .hint(MsgId("field-password-hint")),
        f.field("new_password_confirm", MsgId("field-password-confirm"), "")
            .password("new-password"),
    ];
    let mut summary = error_summary(&contact_fields);
    summary.extend(error_summary(&password_fields));
    render_with_status(
        status,
        &ProfilePage {
            ctx,
            user,
            contact_fields,
            password_fields,
            errors: summary,
        },
    )
}

async fn load(state: &AppState, id: i64) -> Result<User, AppError> {
    state
        .db(move |conn| users::find(conn, id))
        .await?
        .ok_or(AppError::SignInRequired {
            next: "/cabinet/profile".into(),
        })
}

pub async fn show(
    ctx: PageCtx,
    me: Citizen,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let user = load(&state, me.id.0).await?;
    let contacts = ContactForm::of(&user);
    page(
        ctx,
        user,
        &contacts,
        &FieldErrors::default(),
        StatusCode::OK,
    )
}

/// `POST /cabinet/profile`: new phone and e-mail.
pub async fn save_contacts(
    ctx: PageCtx,
    me: Citizen,
    state: web::Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<ContactForm>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::default();
    let phone = normalize_phone(&form.phone)
        .map_err(|m| errors.add("phone", m))
        .ok();
    let email = normalize_email(&form.email)
        .map_err(|m| errors.add("email", m))
        .ok();
    let (Some(phone), Some(email)) = (phone, email) else {
        let user = load(&state, me.id.0).await?;
        return page(ctx, user, &form, &errors, StatusCode::UNPROCESSABLE_ENTITY);
    };
    // Saving the profile is a POST of the citizen: the language they use now is kept too.
    let lang = ctx.lang.code();
    state
        .db(move |conn| users::update_contacts(conn, me.id.0, &phone, email.as_deref(), lang))
        .await?;
    session::set_flash(&session, MsgId("notice-profile-saved"));
    Ok(redirect("/cabinet/profile"))
}

/// `POST /cabinet/profile/password`: the current password, then the new one twice.
pub async fn change_password(
    ctx: PageCtx,
    me: Citizen,
    state: web::Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let user = load(&state, me.id.0).await?;
    let mut errors = FieldErrors::default();
    let stored = user.password_hash.clone();
    let current = form.current_password.clone();
    let current_ok =
        web::block(move || password::verify_stored(&current, stored.as_deref())).await?;
    if !current_ok {
        errors.add("current_password", MsgId("error-current-password"));
    }
    let iin = Iin::parse(&user.iin).ok();
    if let Err(m) = check_new_password(&form.new_password, iin.as_ref()) {
        errors.add("new_password", m);
    } else if form.new_password != form.new_password_confirm {
        errors.add("new_password_confirm", MsgId("error-password-mismatch"));
    }
    if !errors.is_empty() {
        let contacts = ContactForm::of(&user);
        return page(
            ctx,
            user,
            &contacts,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    // Hashed on the blocking pool with no connection held; then one statement writes it.
    let new_password = form.new_password.clone();
    let hash = web::block(move || password::hash(&new_password)).await?;
    let lang = ctx.lang.code();
    let generation = state
        .db(move |conn| users::change_password(conn, me.id.0, &hash, lang))
        .await?;
    // Every other session of the citizen is now stale; this one goes on under a new key.
    session::renew(&session, generation)?;
    session::set_flash(&session, MsgId("notice-password-changed"));
    Ok(redirect("/cabinet/profile"))
}
