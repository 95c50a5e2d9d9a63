//! `GET /cabinet/applications/{number}`: one application with its timeline, answers,
//! documents, signed result and complaints.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use crate::domain::application::Status;
use crate::domain::catalog::{Duration, Service};
use crate::domain::workflow::{StepTimes, is_overdue, may_withdraw, step_states};
use crate::repo::applications::{self as apps, ApplicationRow, citizen};
use crate::state::AppState;
use crate::web::complaints::{self, ComplaintForm, ComplaintsView};
use crate::web::errors::AppError;
use crate::web::formatted::Formatted;
use crate::web::guard::Citizen;
use crate::web::page::{PageCtx, render_with_status};
use crate::web::services::role_message;
use crate::web::views::{
    AnswerView, DocumentView, answer_views, document_views, expected_label, organization_label,
    standing_label,
};

/// What the application page shows that depends neither on the time nor on a complaint form:
/// formatted once per kept page (`citizen::Page`) and language (`web::formatted`), not on every
/// view (dates, answers, documents, the result's verification code).
pub struct Sheet {
    service_name: String,
    service_code: String,
    status_label: String,
    organization: String,
    submitted: String,
    expected: String,
    /// The signed result's document number and verification code, once there is one.
    result: Option<(String, String)>,
    answers: Vec<AnswerView>,
    documents: Vec<DocumentView>,
    steps: Vec<StepText>,
}

/// A step of the timeline in words.
struct StepText {
    number: i32,
    role: String,
    action: String,
    due: String,
    done: Option<String>,
}

/// The kept pages' sheets (`web::formatted`).
pub type FormattedSheets = Formatted<citizen::Page, Sheet>;

/// How many formatted sheets a server keeps (as many as pages are kept).
pub const SHEETS_KEPT: usize = 512;

/// One regulated step on the citizen's timeline: its words and where it stands now.
pub struct TimelineStep<'a> {
    text: &'a StepText,
    late: bool,
    current: bool,
    /// For the current step: working time left, or how long it is overdue.
    standing: Option<String>,
}

#[derive(Template)]
#[template(path = "cabinet/application.html")]
struct ApplicationPage<'a> {
    ctx: PageCtx,
    app: &'a ApplicationRow,
    sheet: &'a Sheet,
    status: Status,
    overdue: bool,
    may_withdraw: bool,
    timeline: Vec<TimelineStep<'a>>,
    /// The application's complaints and the form to make one (`web::complaints`).
    complaints: ComplaintsView,
    /// The complaint form's errors, for the summary at the top.
    errors: Vec<(&'static str, String)>,
}

pub async fn show(
    ctx: PageCtx,
    citizen: Citizen,
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    page(
        ctx,
        citizen,
        &state,
        number.into_inner(),
        ComplaintForm::default(),
        StatusCode::OK,
    )
    .await
}

/// The application page; with a complaint form sent back with errors, at `status` (422).
pub async fn page(
    ctx: PageCtx,
    citizen: Citizen,
    state: &web::Data<AppState>,
    number: String,
    form: ComplaintForm,
    http_status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut ctx = ctx;
    // One round trip while the citizen's applications have not changed (`citizen::application`).
    let shared = state.clone();
    let found = state
        .db(move |conn| citizen::application(conn, shared.citizen_pages(), citizen.id, &number))
        .await?;
    ctx.confirm_session(found.as_ref().map(|(head, ..)| head.session()))?;
    let (page, calendar) = match found {
        Some((_, Some(page), calendar)) => (page, calendar),
        _ => return Err(AppError::NotFound),
    };
    let service = state
        .catalog
        .find(&page.loaded.app.service_code)
        .ok_or(AppError::NotFound)?;
    let sheet = state
        .application_sheets
        .get_or_make(ctx.lang, &page, || sheet(&ctx, state, service, &page));
    let app = &page.loaded.app;
    let status = app.status;
    let now = Utc::now();
    let times: Vec<StepTimes> = page
        .steps
        .iter()
        .map(|s| StepTimes {
            due_at: s.due_at,
            done_at: s.done_at,
        })
        .collect();
    let timeline = sheet
        .steps
        .iter()
        .zip(step_states(status, &times, now, &calendar))
        .map(|(text, state)| TimelineStep {
            text,
            late: state.late,
            current: state.current,
            standing: state.standing.map(|st| standing_label(&ctx, st)),
        })
        .collect();
    let errors = complaints::summary(&ctx, &form);
    let complaints = complaints::view(&ctx, &page.complaints, status, &form, now);
    render_with_status(
        http_status,
        &ApplicationPage {
            complaints,
            errors,
            sheet: &sheet,
            status,
            overdue: is_overdue(status, app.expected_at, now, &calendar),
            may_withdraw: may_withdraw(status),
            app,
            timeline,
            ctx,
        },
    )
}

/// The page's words that do not change with the time (`Sheet`).
fn sheet(ctx: &PageCtx, state: &AppState, service: &Service, page: &citizen::Page) -> Sheet {
    let apps::Loaded {
        app,
        organization,
        documents,
    } = &page.loaded;
    Sheet {
        service_name: ctx.tr(&service.name).to_string(),
        service_code: service.code.clone(),
        status_label: ctx.text(app.status.message().id()).into_owned(),
        organization: organization
            .as_ref()
            .map(|o| organization_label(ctx, o))
            .unwrap_or_default(),
        submitted: app
            .submitted_at
            .map(|t| ctx.date_time(&t))
            .unwrap_or_default(),
        expected: expected_label(ctx, app.expected_at),
        result: page.document_number.as_ref().map(|n| {
            let code = crate::domain::signature::verification_code(&state.config.result_key, n);
            (n.clone(), code)
        }),
        answers: answer_views(ctx, service, &app.answers()),
        documents: document_views(ctx, service, documents),
        steps: page
            .steps
            .iter()
            .map(|s| StepText {
                number: s.position,
                role: ctx.text(role_message(s.role).id()).into_owned(),
                action: ctx.pick(&s.action_kk, &s.action_ru).to_string(),
                due: step_due(ctx, s),
                done: s.done_at.map(|t| ctx.date_time(&t)),
            })
            .collect(),
    }
}

/// "15 минут · 2026 жылғы 23 қараша, 10:15": the step's time limit and its due instant.
fn step_due(ctx: &PageCtx, s: &apps::StepRow) -> String {
    let limit = ctx.duration(&Duration {
        amount: s.amount.max(0) as u32,
        unit: s.unit,
    });
    format!("{limit} · {}", ctx.date_time(&s.due_at))
}
