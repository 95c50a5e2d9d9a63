//! "Check your answers" (`GET /cabinet/applications/{number}/review`), then consent, signature
//! by password and submission (`POST …/submit`).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::{Mine, load_mine};
use crate::domain::application;
use crate::domain::catalog::{Channel, Service};
use crate::domain::workflow::{may_edit, ready_to_submit};
use crate::domain::{MsgId, local_date, password};
use crate::repo::applications::{self as apps, ApplicationRow, SubmitInput, SubmitRefusal};
use crate::repo::users::User;
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::guard::Citizen;
use crate::web::page::{PageCtx, redirect, render_with_status};
use crate::web::session::{self, CsrfForm};
use crate::web::views::{
    AnswerView, DocumentView, answer_views, document_views, organization_label,
};

#[derive(Template)]
#[template(path = "apply/review.html")]
struct ReviewPage<'a> {
    ctx: PageCtx,
    service: &'a Service,
    app: ApplicationRow,
    user: User,
    organization: String,
    answers: Vec<AnswerView>,
    documents: Vec<DocumentView>,
    consent_error: Option<String>,
    password_error: Option<String>,
    errors: Vec<(String, String)>,
}

async fn review_page(
    ctx: PageCtx,
    state: &AppState,
    loaded: Mine,
    consent_error: Option<MsgId>,
    password_error: Option<MsgId>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let service = state
        .catalog
        .find(&loaded.app.service_code)
        .ok_or(AppError::NotFound)?;
    let consent_error = consent_error.map(|m| ctx.t(m.id()));
    let password_error = password_error.map(|m| ctx.t(m.id()));
    let mut errors = vec![];
    if let Some(e) = &consent_error {
        errors.push(("consent".to_string(), e.clone()));
    }
    if let Some(e) = &password_error {
        errors.push(("password".to_string(), e.clone()));
    }
    render_with_status(
        status,
        &ReviewPage {
            organization: loaded
                .organization
                .as_ref()
                .map(|o| organization_label(&ctx, o))
                .unwrap_or_default(),
            answers: answer_views(&ctx, service, &loaded.app.answers()),
            documents: document_views(&ctx, service, &loaded.documents),
            service,
            app: loaded.app,
            user: loaded.user,
            consent_error,
            password_error,
            errors,
            ctx,
        },
    )
}

/// `GET /cabinet/applications/{number}/review`: check your answers, consent, sign.
pub async fn review(
    ctx: PageCtx,
    citizen: Citizen,
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let loaded = load_mine(&state, citizen, number.into_inner()).await?;
    if !may_edit(loaded.app.status) {
        return Ok(redirect(&format!(
            "/cabinet/applications/{}",
            loaded.app.number
        )));
    }
    review_page(ctx, &state, loaded, None, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct SignForm {
    #[serde(default)]
    consent: String,
    #[serde(default)]
    password: String,
    /// The version the page was rendered with.
    #[serde(default)]
    version: String,
}

/// `POST /cabinet/applications/{number}/submit`: consent, signature by password, submission.
pub async fn sign_and_submit(
    ctx: PageCtx,
    citizen: Citizen,
    state: web::Data<AppState>,
    session: Session,
    number: web::Path<String>,
    CsrfForm(form): CsrfForm<SignForm>,
) -> Result<HttpResponse, AppError> {
    let loaded = load_mine(&state, citizen, number.into_inner()).await?;
    let number = loaded.app.number.clone();
    if !may_edit(loaded.app.status) {
        // A second click after the first went through: the same application, once.
        return Ok(redirect(&format!("/cabinet/applications/{number}/receipt")));
    }
    let service = state
        .catalog
        .find(&loaded.app.service_code)
        .ok_or(AppError::NotFound)?;
    let uploaded: Vec<&str> = loaded.documents.iter().map(|d| d.field.as_str()).collect();
    let today = local_date(Utc::now());
    let has_provider = loaded.organization.is_some();
    if !ready_to_submit(
        service,
        &loaded.app.answers(),
        &uploaded,
        has_provider,
        today,
    ) {
        session::set_flash(&session, MsgId("error-application-incomplete"));
        return Ok(redirect(&format!(
            "/services/{}/apply?draft={number}",
            service.code
        )));
    }
    let consent_error = (form.consent != "on").then_some(MsgId("error-consent-required"));
    let hash = loaded.user.password_hash.clone();
    let password = form.password.clone();
    let signed = web::block(move || password::verify_stored(&password, hash.as_deref())).await?;
    let password_error = (!signed).then_some(MsgId("error-signature-password"));
    if consent_error.is_some() || password_error.is_some() {
        return review_page(
            ctx,
            &state,
            loaded,
            consent_error,
            password_error,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let path = service
        .path(Channel::Portal)
        .ok_or(AppError::NotFound)?
        .clone();
    // No date is promised from a term the regulation does not give.
    let term = service
        .term(Channel::Portal)
        .filter(|t| t.gives_deadline())
        .cloned();
    let hours = state.config.working_hours;
    let lang = ctx.lang.code();
    let version = form.version.trim().parse().ok();
    let n = number.clone();
    let result = state
        .act(move |conn| {
            let calendar = crate::repo::calendar::load(conn, hours)?;
            let now = Utc::now();
            let planned = application::plan(&path, now, &calendar);
            let input = SubmitInput {
                number: &n,
                version,
                deadline: term.map(|t| calendar.deadline(now, t.duration(), t.counting)),
                planned: &planned,
                lang,
            };
            apps::submit(conn, citizen.actor(), input, now)
        })
        .await?;
    match result {
        // A second click that raced the first lands on the same receipt.
        Ok(app) => Ok(redirect(&format!(
            "/cabinet/applications/{}/receipt",
            app.number
        ))),
        Err(SubmitRefusal::AlreadySubmitted(n)) => {
            Ok(redirect(&format!("/cabinet/applications/{n}/receipt")))
        }
        Err(SubmitRefusal::Stale) => {
            session::set_flash(&session, MsgId("error-stale-form"));
            Ok(redirect(&format!("/cabinet/applications/{number}/review")))
        }
        Err(SubmitRefusal::NotFound) => Err(AppError::NotFound),
    }
}
