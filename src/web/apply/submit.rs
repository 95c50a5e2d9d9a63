//! "Check your answers", consent and signature, submission, and the receipt.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::views::{
    AnswerView, DocumentView, answer_views, document_views, expected_label, organization_label,
};
use crate::app::AppState;
use crate::domain::application::{self, Status, validate_answers};
use crate::domain::catalog::{Channel, FieldType, Service};
use crate::domain::{MsgId, local_date, password};
use crate::repo::applications::{self as apps, ApplicationRow, DocumentInfo, SubmitError};
use crate::repo::organizations::OrganizationRow;
use crate::repo::users::{self, User};
use crate::web::errors::AppError;
use crate::web::page::{PageCtx, redirect, render, render_with_status};
use crate::web::session::{self, CsrfForm, CurrentUser};

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

struct Loaded {
    app: ApplicationRow,
    user: User,
    organization: Option<OrganizationRow>,
    documents: Vec<DocumentInfo>,
}

async fn load_own(state: &AppState, applicant_id: i64, number: String) -> Result<Loaded, AppError> {
    state
        .db(move |conn| {
            let Some(apps::OwnApplication {
                app,
                organization,
                documents,
            }) = apps::load_own(conn, applicant_id, &number)?
            else {
                return Ok(None);
            };
            let user = users::find(conn, applicant_id)?.ok_or(diesel::result::Error::NotFound)?;
            Ok(Some(Loaded {
                app,
                user,
                organization,
                documents,
            }))
        })
        .await?
        .ok_or(AppError::NotFound)
}

async fn review_page(
    ctx: PageCtx,
    state: &AppState,
    loaded: Loaded,
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
    CurrentUser(me): CurrentUser,
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let loaded = load_own(&state, me.id, number.into_inner()).await?;
    if loaded.app.status() != Status::Draft {
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
}

/// What is still missing before a draft can be submitted, if anything.
fn incomplete(service: &Service, loaded: &Loaded) -> bool {
    let answers = loaded.app.answers();
    let answers_ok = validate_answers(service, &answers, local_date(Utc::now())).is_ok();
    let files_ok = service
        .fields
        .iter()
        .filter(|f| f.field_type == FieldType::File && service.file_required(f, &answers))
        .all(|f| loaded.documents.iter().any(|d| d.field == f.name));
    !(answers_ok && files_ok && loaded.organization.is_some())
}

/// `POST /cabinet/applications/{number}/submit`: consent, signature by password, submission.
pub async fn sign_and_submit(
    ctx: PageCtx,
    CurrentUser(me): CurrentUser,
    state: web::Data<AppState>,
    session: Session,
    number: web::Path<String>,
    CsrfForm(form): CsrfForm<SignForm>,
) -> Result<HttpResponse, AppError> {
    let loaded = load_own(&state, me.id, number.into_inner()).await?;
    let number = loaded.app.number.clone();
    if loaded.app.status() != Status::Draft {
        // A second click after the first went through: the same application, once.
        return Ok(redirect(&format!("/cabinet/applications/{number}/receipt")));
    }
    let service = state
        .catalog
        .find(&loaded.app.service_code)
        .ok_or(AppError::NotFound)?;
    if incomplete(service, &loaded) {
        session::set_flash(&session, MsgId("error-application-incomplete"));
        return Ok(redirect(&format!(
            "/services/{}/apply?draft={number}",
            service.code
        )));
    }
    let consent_error = (form.consent != "on").then_some(MsgId("error-consent-required"));
    let hash = loaded.user.password_hash.clone();
    let password = form.password.clone();
    let signed = web::block(move || password::verify(&password, &hash)).await?;
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
    let result = state
        .db(move |conn| {
            let calendar = crate::repo::calendar::load(conn, hours)?;
            let now = Utc::now();
            let planned = application::plan(&path, now, &calendar);
            let deadline = term.map(|t| calendar.deadline(now, t.duration(), t.counting));
            match apps::submit(conn, me.id, &number, &planned, deadline, now, lang) {
                Ok(app) => Ok(Ok(app.number)),
                Err(SubmitError::Db(e)) => Err(e),
                Err(SubmitError::AlreadySubmitted(n)) => Ok(Ok(n)),
                Err(SubmitError::NotFound) => Ok(Err(())),
            }
        })
        .await?;
    match result {
        Ok(number) => Ok(redirect(&format!("/cabinet/applications/{number}/receipt"))),
        Err(()) => Err(AppError::NotFound),
    }
}

#[derive(Template)]
#[template(path = "apply/receipt.html")]
struct ReceiptPage<'a> {
    ctx: PageCtx,
    service: &'a Service,
    app: ApplicationRow,
    user: User,
    organization: String,
    received: String,
    expected: String,
    signed: String,
}

/// `GET /cabinet/applications/{number}/receipt`: the printable receipt.
pub async fn receipt(
    ctx: PageCtx,
    CurrentUser(me): CurrentUser,
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let loaded = load_own(&state, me.id, number.into_inner()).await?;
    let Some(submitted) = loaded.app.submitted_at else {
        return Err(AppError::NotFound);
    };
    let service = state
        .catalog
        .find(&loaded.app.service_code)
        .ok_or(AppError::NotFound)?;
    render(&ReceiptPage {
        organization: loaded
            .organization
            .as_ref()
            .map(|o| organization_label(&ctx, o))
            .unwrap_or_default(),
        received: ctx.date_time(&submitted),
        expected: expected_label(&ctx, loaded.app.expected_at),
        signed: crate::i18n::t(
            ctx.lang,
            MsgId("receipt-signed-by").id(),
            &[
                ("iin", &loaded.user.iin),
                (
                    "at",
                    &loaded
                        .app
                        .signed_at
                        .map(|t| ctx.date_time(&t))
                        .unwrap_or_default(),
                ),
            ],
        ),
        service,
        app: loaded.app,
        user: loaded.user,
        ctx,
    })
}
