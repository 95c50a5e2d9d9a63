//! The provider's complaints: `GET /admin/complaints` (the organization's queue, open ones first
//! by due instant), `GET /admin/complaints/{id}` (one complaint and the answer form),
//! `GET /admin/complaints/{id}/file` (the attachment, audited) and
//! `POST /admin/complaints/{id}/answer` (the head answers). Heads answer; organization
//! administrators read. Access is decided in the queries (`repo::complaints`): another
//! organization's complaint is not found.

use actix_session::Session;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::StaffMember;
use crate::domain::actor::StaffRole;
use crate::domain::complaint::{MAX_TEXT_CHARS, Standing, check_text};
use crate::domain::{FieldErrors, MsgId};
use crate::repo::complaints::{self, AnswerRefusal, Detail};
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::page::{PageCtx, redirect, render, render_with_status};
use crate::web::session::{self, CsrfForm};
use crate::web::views::standing_label;

/// One line of the queue.
pub struct QueueLine {
    pub id: i64,
    pub number: String,
    pub service: String,
    pub registered: String,
    pub due: String,
    pub status: String,
    /// Working time left or overdue, for an open complaint.
    pub standing: Option<String>,
    pub late: bool,
}

#[derive(Template)]
#[template(path = "admin/complaints.html")]
struct QueuePage {
    ctx: PageCtx,
    items: Vec<QueueLine>,
    open: usize,
    overdue: usize,
}

/// Heads and organization administrators of an organization; everyone else 403.
fn allowed(me: StaffMember) -> Result<(), AppError> {
    if complaints::sees_complaints(me.0) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn queue(
    ctx: PageCtx,
    me: StaffMember,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    allowed(me)?;
    let hours = state.config.working_hours;
    let (rows, calendar) = state
        .db(move |conn| {
            Ok((
                complaints::queue(conn, me.0)?,
                crate::repo::calendar::load(conn, hours)?,
            ))
        })
        .await?;
    let now = Utc::now();
    let items: Vec<QueueLine> = rows
        .iter()
        .map(|(c, number, service_code)| {
            let standing = Standing::of(c.due_at, c.answered_at, now);
            QueueLine {
                id: c.id,
                number: number.clone(),
                service: state
                    .catalog
                    .find(service_code)
                    .map_or_else(|| service_code.clone(), |s| ctx.tr(&s.name).to_string()),
                registered: ctx.date_time(&c.registered_at),
                due: ctx.date_time(&c.due_at),
                status: ctx.text(standing.message().id()).into_owned(),
                standing: standing
                    .is_open()
                    .then(|| standing_label(&ctx, calendar.standing(now, c.due_at))),
                late: standing.is_late(),
            }
        })
        .collect();
    let open = rows
        .iter()
        .filter(|(c, _, _)| c.answered_at.is_none())
        .count();
    let overdue = rows
        .iter()
        .filter(|(c, _, _)| c.answered_at.is_none() && c.due_at < now)
        .count();
    render(&QueuePage {
        ctx,
        items,
        open,
        overdue,
    })
}

#[derive(Template)]
#[template(path = "admin/complaint.html")]
struct ComplaintPage {
    ctx: PageCtx,
    detail: Detail,
    service: String,
    registered: String,
    due: String,
    status: String,
    standing: Option<String>,
    late: bool,
    answered: Option<String>,
    file_size: Option<String>,
    may_answer: bool,
    answer_text: String,
    answer_error: Option<String>,
    errors: Vec<(&'static str, String)>,
    max_chars: usize,
}

pub async fn show(
    ctx: PageCtx,
    me: StaffMember,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    page(
        ctx,
        me,
        &state,
        id.into_inner(),
        (String::new(), FieldErrors::default()),
        StatusCode::OK,
    )
    .await
}

/// The complaint page; with an answer sent back with its error, at `status` (422).
async fn page(
    ctx: PageCtx,
    me: StaffMember,
    state: &AppState,
    id: i64,
    (answer_text, errors): (String, FieldErrors),
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    allowed(me)?;
    let hours = state.config.working_hours;
    let (detail, calendar) = state
        .db(move |conn| {
            let Some(detail) = complaints::find(conn, me.0, id)? else {
                return Ok(None);
            };
            Ok(Some((detail, crate::repo::calendar::load(conn, hours)?)))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let c = &detail.complaint;
    let standing = Standing::of(c.due_at, c.answered_at, now);
    let answer_error = errors.find("answer").map(|e| {
        let args: Vec<(&str, &str)> = e.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        crate::i18n::t(ctx.lang, e.message.id(), &args)
    });
    render_with_status(
        status,
        &ComplaintPage {
            service: state.catalog.find(&detail.service_code).map_or_else(
                || detail.service_code.clone(),
                |s| ctx.tr(&s.name).to_string(),
            ),
            registered: ctx.date_time(&c.registered_at),
            due: ctx.date_time(&c.due_at),
            status: ctx.text(standing.message().id()).into_owned(),
            standing: standing
                .is_open()
                .then(|| standing_label(&ctx, calendar.standing(now, c.due_at))),
            late: standing.is_late(),
            answered: c.answered_at.map(|t| ctx.date_time(&t)),
            file_size: c.file_size.map(|n| ctx.file_size(i64::from(n))),
            may_answer: me.role() == StaffRole::Head && standing.is_open(),
            answer_text,
            errors: answer_error
                .clone()
                .map(|e| ("answer", e))
                .into_iter()
                .collect(),
            answer_error,
            max_chars: MAX_TEXT_CHARS,
            detail,
            ctx,
        },
    )
}

/// `GET /admin/complaints/{id}/file`: the complaint's attachment; every download audited.
pub async fn file(
    me: StaffMember,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    allowed(me)?;
    let id = id.into_inner();
    let (_, content_type, content) = state
        .db(move |conn| complaints::file(conn, me.0, id, Utc::now()))
        .await?
        .ok_or(AppError::NotFound)?;
    let extension = match content_type.as_str() {
        "application/pdf" => "pdf",
        "image/png" => "png",
        _ => "jpg",
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type.as_str())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"complaint-{id}.{extension}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(content))
}

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    answer: String,
}

/// `POST /admin/complaints/{id}/answer`: `answer`, `version`, `csrf_token`.
pub async fn answer(
    ctx: PageCtx,
    me: StaffMember,
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    allowed(me)?;
    let id = id.into_inner();
    let back = format!("/admin/complaints/{id}");
    let version: i32 = form
        .version
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest)?;
    let text = match check_text(&form.answer) {
        Ok(text) => text,
        Err(message) => {
            // The rules are a complaint's; an empty answer is asked for as an answer.
            let message = match message.id() {
                "complaint-error-text-required" => MsgId("complaint-error-answer-required"),
                _ => message,
            };
            let mut errors = FieldErrors::default();
            errors.add_with("answer", message, vec![("max", MAX_TEXT_CHARS.to_string())]);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return page(ctx, me, &state, id, (form.answer, errors), status).await;
        }
    };
    let result = state
        .act(move |conn| complaints::answer(conn, me.0, id, version, &text, Utc::now()))
        .await?;
    match result {
        Ok(_) => session::set_flash(&session, MsgId("complaint-notice-answered")),
        Err(AnswerRefusal::NotFound) => return Err(AppError::NotFound),
        Err(AnswerRefusal::Forbidden) => return Err(AppError::Forbidden),
        Err(AnswerRefusal::Stale) => session::set_flash(&session, MsgId("complaint-error-stale")),
    }
    Ok(redirect(&back))
}
