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
use crate::domain::one_time_code::{self, CodeCheck};
use crate::domain::workflow::{may_edit, ready_to_submit};
use crate::domain::{MsgId, local_date, password};
use crate::repo::applications::{self as apps, ApplicationRow, SubmitInput, SubmitRefusal};
use crate::repo::signing_codes;
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
    code_error: Option<String>,
    errors: Vec<(String, String)>,
}

/// What went wrong with a signature attempt, by field.
#[derive(Default)]
struct SignErrors {
    consent: Option<MsgId>,
    password: Option<MsgId>,
    code: Option<MsgId>,
}

impl SignErrors {
    fn any(&self) -> bool {
        self.consent.is_some() || self.password.is_some() || self.code.is_some()
    }
}

async fn review_page(
    ctx: PageCtx,
    state: &AppState,
    loaded: Mine,
    sign_errors: SignErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let service = state
        .catalog
        .find(&loaded.app.service_code)
        .ok_or(AppError::NotFound)?;
    let consent_error = sign_errors.consent.map(|m| ctx.text(m.id()).into_owned());
    let password_error = sign_errors.password.map(|m| ctx.text(m.id()).into_owned());
    let code_error = sign_errors.code.map(|m| ctx.text(m.id()).into_owned());
    let mut errors = vec![];
    for (field, error) in [
        ("consent", &consent_error),
        ("password", &password_error),
        ("code", &code_error),
    ] {
        if let Some(e) = error {
            errors.push((field.to_string(), e.clone()));
        }
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
            code_error,
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
    review_page(ctx, &state, loaded, SignErrors::default(), StatusCode::OK).await
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
    /// `password` (the default) or `sms_code`.
    #[serde(default)]
    method: String,
    #[serde(default)]
    code: String,
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
    let by_code = form.method == "sms_code";
    let mut errors = SignErrors {
        consent: (form.consent != "on").then_some(MsgId("error-consent-required")),
        ..SignErrors::default()
    };
    // The code is tried only with consent given: a missing tick must not use up an attempt.
    if errors.consent.is_none() && by_code {
        let (app_id, code) = (loaded.app.id, form.code.clone());
        let verdict = state
            .db(move |conn| signing_codes::check(conn, citizen.id, app_id, &code, Utc::now()))
            .await?;
        errors.code = code_message(verdict);
    } else if !by_code {
        let hash = loaded.user.password_hash.clone();
        let password = form.password.clone();
        let signed =
            web::block(move || password::verify_stored(&password, hash.as_deref())).await?;
        errors.password = (!signed).then_some(MsgId("error-signature-password"));
    }
    if errors.any() {
        return review_page(
            ctx,
            &state,
            loaded,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let signed_with = if by_code { "sms_code" } else { "password" };
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
                signed_with,
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

fn code_message(verdict: CodeCheck) -> Option<MsgId> {
    match verdict {
        CodeCheck::Accepted => None,
        CodeCheck::Wrong => Some(MsgId("error-code-wrong")),
        CodeCheck::Expired => Some(MsgId("error-code-expired")),
        CodeCheck::Exhausted => Some(MsgId("error-code-exhausted")),
        CodeCheck::Missing => Some(MsgId("error-code-missing")),
    }
}

/// `POST /cabinet/applications/{number}/code`: sends a one-time signing code by SMS to the phone
/// in the profile (a few per quarter hour at most).
pub async fn send_code(
    ctx: PageCtx,
    citizen: Citizen,
    state: web::Data<AppState>,
    session: Session,
    number: web::Path<String>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let loaded = load_mine(&state, citizen, number.into_inner()).await?;
    let back = format!("/cabinet/applications/{}/review", loaded.app.number);
    if !may_edit(loaded.app.status) {
        return Ok(redirect(&back));
    }
    let code = one_time_code::new_code(&mut rand::thread_rng());
    let hash = one_time_code::hash(&code, loaded.app.id.0);
    let app_id = loaded.app.id;
    let issued = state
        .db(move |conn| signing_codes::issue(conn, citizen.id, app_id, &hash, Utc::now()))
        .await?;
    if !issued {
        session::set_flash(&session, MsgId("error-code-too-many"));
        return Ok(redirect(&back));
    }
    let text = crate::i18n::t(ctx.lang, "sms-signing-code", &[("code", &code)]);
    let (sms, phone) = (state.sms.clone(), loaded.user.phone.clone());
    web::block(move || sms.send(&phone, &text))
        .await?
        .map_err(AppError::internal)?;
    session::set_flash(&session, MsgId("notice-code-sent"));
    Ok(redirect(&back))
}

#[derive(Deserialize)]
pub struct NoFields {}
