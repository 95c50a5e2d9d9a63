//! The citizen's complaints: `POST /cabinet/applications/{number}/complaints` (multipart:
//! `csrf_token`, `text`, optional `file`), and what the application page shows of them. Bad
//! input comes back on the application page (422) and writes nothing.

use actix_multipart::Multipart;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};

use super::errors::AppError;
use super::guard::Citizen;
use super::multipart::{self, FormData};
use super::page::{PageCtx, redirect};
use super::session;
use crate::domain::application::{Status, check_upload};
use crate::domain::complaint::{MAX_TEXT_CHARS, Standing, check_text, may_complain};
use crate::domain::{FieldErrors, MsgId};
use crate::repo::complaints::{self, ComplaintRefusal, ComplaintRow, NewComplaint, NewFile};
use crate::state::AppState;

/// The complaint form as sent, when it comes back with errors.
#[derive(Default)]
pub struct ComplaintForm {
    pub text: String,
    pub errors: FieldErrors,
}

/// One complaint on the application page.
pub struct ComplaintLine {
    pub registered: String,
    pub due: String,
    pub status: String,
    pub late: bool,
    pub text: String,
    pub file_name: Option<String>,
    pub answer: Option<String>,
    pub answered: Option<String>,
}

/// The complaints section of the application page.
pub struct ComplaintsView {
    pub items: Vec<ComplaintLine>,
    pub may_complain: bool,
    pub text: String,
    pub text_error: Option<String>,
    pub file_error: Option<String>,
    pub max_chars: usize,
}

fn error_text(ctx: &PageCtx, errors: &FieldErrors, field: &str) -> Option<String> {
    errors.find(field).map(|e| {
        let args: Vec<(&str, &str)> = e.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        crate::i18n::t(ctx.lang, e.message.id(), &args)
    })
}

/// The form's errors for the summary at the top of the page, in form order.
pub fn summary(ctx: &PageCtx, form: &ComplaintForm) -> Vec<(&'static str, String)> {
    ["complaint_text", "complaint_file"]
        .into_iter()
        .filter_map(|f| error_text(ctx, &form.errors, f).map(|e| (f, e)))
        .collect()
}

pub fn view(
    ctx: &PageCtx,
    rows: &[ComplaintRow],
    status: Status,
    form: &ComplaintForm,
    now: DateTime<Utc>,
) -> ComplaintsView {
    let items = rows
        .iter()
        .map(|c| {
            let standing = Standing::of(c.due_at, c.answered_at, now);
            ComplaintLine {
                registered: ctx.date_time(&c.registered_at),
                due: ctx.date_time(&c.due_at),
                status: ctx.text(standing.message().id()).into_owned(),
                late: standing.is_late(),
                text: c.text.clone(),
                file_name: c.file_name.clone(),
                answer: c.answer.clone(),
                answered: c.answered_at.map(|t| ctx.date_time(&t)),
            }
        })
        .collect();
    ComplaintsView {
        items,
        may_complain: may_complain(status),
        text: form.text.clone(),
        text_error: error_text(ctx, &form.errors, "complaint_text"),
        file_error: error_text(ctx, &form.errors, "complaint_file"),
        max_chars: MAX_TEXT_CHARS,
    }
}

/// `POST /cabinet/applications/{number}/complaints`.
pub async fn complain(
    ctx: PageCtx,
    citizen: Citizen,
    state: web::Data<AppState>,
    session: Session,
    number: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, actix_web::Error> {
    let number = number.into_inner();
    let FormData { fields, mut files } = multipart::read(payload, &session).await?;
    let raw = fields.get("text").cloned().unwrap_or_default();
    let mut errors = FieldErrors::default();
    let text = check_text(&raw)
        .map_err(|m| {
            errors.add_with(
                "complaint_text",
                m,
                vec![("max", MAX_TEXT_CHARS.to_string())],
            )
        })
        .ok();
    let file = match files.iter_mut().find(|f| f.field == "file") {
        None => None,
        Some(upload) if upload.too_large => {
            errors.add("complaint_file", MsgId("error-file-too-large"));
            None
        }
        Some(upload) => match check_upload(&upload.bytes) {
            Ok(kind) => Some(NewFile {
                file_name: std::mem::take(&mut upload.file_name),
                content_type: kind.content_type(),
                content: std::mem::take(&mut upload.bytes),
            }),
            Err(message) => {
                errors.add("complaint_file", message);
                None
            }
        },
    };
    let Some(text) = text.filter(|_| errors.is_empty()) else {
        let form = ComplaintForm { text: raw, errors };
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(super::cabinet::page(ctx, citizen, &state, number, form, status).await?);
    };
    let hours = state.config.working_hours;
    let lang = ctx.lang.code();
    let n = number.clone();
    let result = state
        .act(move |conn| {
            let calendar = crate::repo::calendar::load(conn, hours)?;
            let input = NewComplaint { text, file };
            complaints::register(conn, citizen.id, &n, input, &calendar, Utc::now(), lang)
        })
        .await?;
    let notice = match result {
        Ok(_) => MsgId("notice-complaint-registered-now"),
        Err(ComplaintRefusal::NotFound) => return Err(AppError::NotFound.into()),
        Err(ComplaintRefusal::NotAllowed) => MsgId("complaint-error-not-allowed"),
    };
    session::set_flash(&session, notice);
    Ok(redirect(&format!("/cabinet/applications/{number}")))
}
