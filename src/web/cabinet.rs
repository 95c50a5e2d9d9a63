//! The citizen's personal cabinet: my applications, one application with its timeline and
//! documents, withdrawal.

use actix_session::Session;
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::apply::{
    AnswerView, DocumentView, answer_views, document_views, expected_label, organization_label,
};
use super::errors::AppError;
use super::page::{PageCtx, redirect, render};
use super::session::{self, CsrfForm, CurrentUser};
use crate::app::AppState;
use crate::domain::MsgId;
use crate::domain::application::Status;
use crate::domain::catalog::{Duration, DurationUnit};
use crate::repo::applications::{self as apps, ApplicationRow, ListRow, PAGE_SIZE};
use crate::repo::users::{self, User};

/// One line of "my applications".
pub struct ListItem {
    pub number: String,
    pub service: String,
    pub provider: String,
    pub submitted: String,
    pub status: Status,
    pub status_label: String,
    pub expected: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "cabinet/index.html")]
struct CabinetPage {
    ctx: PageCtx,
    user: User,
    items: Vec<ListItem>,
    statuses: Vec<(&'static str, String, bool)>,
    status: String,
    page: i64,
    pages: i64,
}

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    page: Option<i64>,
}

pub async fn index(
    ctx: PageCtx,
    CurrentUser(me): CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let status = query.status.as_deref().and_then(Status::parse);
    let page = query.page.unwrap_or(1).clamp(1, 10_000);
    let (user, (rows, total)) = state
        .db(move |conn| {
            let user = users::find(conn, me.id)?;
            let list = apps::list_own(conn, me.id, status, page)?;
            Ok((user, list))
        })
        .await?;
    // The account is gone (deleted while signed in): treat as signed out.
    let user = user.ok_or(AppError::SignInRequired {
        next: "/cabinet".into(),
    })?;
    let items = rows.iter().map(|r| list_item(&ctx, &state, r)).collect();
    let statuses = Status::ALL
        .iter()
        .map(|s| (s.as_str(), ctx.t(s.message().id()), Some(*s) == status))
        .collect();
    render(&CabinetPage {
        user,
        items,
        statuses,
        status: status.map(|s| s.as_str().to_string()).unwrap_or_default(),
        page,
        pages: (total + PAGE_SIZE - 1) / PAGE_SIZE,
        ctx,
    })
}

fn list_item(ctx: &PageCtx, state: &AppState, r: &ListRow) -> ListItem {
    let status = Status::parse(&r.status).unwrap_or(Status::Draft);
    let service = state
        .catalog
        .find(&r.service_code)
        .map(|s| ctx.tr(&s.name).to_string())
        .unwrap_or_else(|| r.service_code.clone());
    let provider = match ctx.lang {
        crate::i18n::Lang::Kk => r.organization_kk.clone(),
        crate::i18n::Lang::Ru => r.organization_ru.clone(),
    }
    .unwrap_or_default();
    ListItem {
        number: r.number.clone(),
        service,
        provider,
        submitted: r
            .submitted_at
            .map(|t| ctx.date_time(&t))
            .unwrap_or_default(),
        status,
        status_label: ctx.t(status.message().id()),
        expected: if status == Status::Draft {
            String::new()
        } else {
            expected_label(ctx, r.expected_at)
        },
        overdue: !status.is_closed() && r.expected_at.is_some_and(|e| e < Utc::now()),
    }
}

impl CabinetPage {
    /// The list's link for another page, keeping the status filter.
    fn page_href(&self, page: i64) -> String {
        if self.status.is_empty() {
            format!("/cabinet?page={page}")
        } else {
            format!("/cabinet?status={}&page={page}", self.status)
        }
    }
}

/// One regulated step on the citizen's timeline.
pub struct TimelineStep {
    pub number: i32,
    pub role: String,
    pub action: String,
    pub due: String,
    pub done: Option<String>,
    pub late: bool,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "cabinet/application.html")]
struct ApplicationPage {
    ctx: PageCtx,
    app: ApplicationRow,
    service_name: String,
    service_code: String,
    status: Status,
    status_label: String,
    organization: String,
    submitted: String,
    expected: String,
    overdue: bool,
    answers: Vec<AnswerView>,
    documents: Vec<DocumentView>,
    timeline: Vec<TimelineStep>,
}

pub async fn show(
    ctx: PageCtx,
    CurrentUser(me): CurrentUser,
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let number = number.into_inner();
    let (app, organization, documents, steps) = state
        .db(move |conn| {
            let Some(apps::OwnApplication {
                app,
                organization,
                documents,
            }) = apps::load_own(conn, me.id, &number)?
            else {
                return Ok(None);
            };
            let steps = apps::steps(conn, app.id)?;
            Ok(Some((app, organization, documents, steps)))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let service = state
        .catalog
        .find(&app.service_code)
        .ok_or(AppError::NotFound)?;
    let status = app.status();
    let current = steps
        .iter()
        .position(|s| s.done_at.is_none())
        .filter(|_| !status.is_closed());
    let timeline = steps
        .iter()
        .enumerate()
        .map(|(i, s)| TimelineStep {
            number: s.position,
            role: ctx.t(role_message(&s.role)),
            action: match ctx.lang {
                crate::i18n::Lang::Kk => s.action_kk.clone(),
                crate::i18n::Lang::Ru => s.action_ru.clone(),
            },
            due: step_due(&ctx, s.amount, &s.unit, &s.due_at),
            done: s.done_at.map(|t| ctx.date_time(&t)),
            late: match s.done_at {
                Some(done) => done > s.due_at,
                None => !status.is_closed() && s.due_at < Utc::now(),
            },
            current: current == Some(i),
        })
        .collect();
    render(&ApplicationPage {
        service_name: ctx.tr(&service.name).to_string(),
        service_code: service.code.clone(),
        status,
        status_label: ctx.t(status.message().id()),
        organization: organization
            .as_ref()
            .map(|o| organization_label(&ctx, o))
            .unwrap_or_default(),
        submitted: app
            .submitted_at
            .map(|t| ctx.date_time(&t))
            .unwrap_or_default(),
        expected: expected_label(&ctx, app.expected_at),
        overdue: !status.is_closed() && app.expected_at.is_some_and(|e| e < Utc::now()),
        answers: answer_views(&ctx, service, &app.answers()),
        documents: document_views(&ctx, service, &documents),
        app,
        timeline,
        ctx,
    })
}

/// "15 минут · 2026 жылғы 23 қараша, 10:15", or only the date for a step without a time limit.
fn step_due(ctx: &PageCtx, amount: i32, unit: &str, due: &chrono::DateTime<Utc>) -> String {
    let unit = DurationUnit::parse(unit).unwrap_or(DurationUnit::Minutes);
    let limit = ctx.duration(&Duration {
        amount: amount.max(0) as u32,
        unit,
    });
    format!("{limit} · {}", ctx.date_time(due))
}

fn role_message(role: &str) -> &'static str {
    let msg = match role {
        "applicant" => MsgId("role-applicant"),
        "operator" => MsgId("role-operator"),
        "courier" => MsgId("role-courier"),
        "clerk" => MsgId("role-clerk"),
        "head" => MsgId("role-head"),
        "executor" => MsgId("role-executor"),
        _ => MsgId("role-system"),
    };
    msg.id()
}

/// `GET /cabinet/applications/{number}/documents/{id}`: the owner downloads a document.
pub async fn document(
    CurrentUser(me): CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (number, id) = path.into_inner();
    let (info, content) = state
        .db(move |conn| apps::own_document(conn, me.id, &number, id))
        .await?
        .ok_or(AppError::NotFound)?;
    let ascii: String = info
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let utf8 = super::page::encode_path_param(&info.file_name).replace('/', "%2F");
    Ok(HttpResponse::Ok()
        .content_type(info.content_type.as_str())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{utf8}"),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(content))
}

#[derive(Deserialize)]
pub struct NoFields {}

/// `POST /cabinet/applications/{number}/withdraw`.
pub async fn withdraw(
    ctx: PageCtx,
    CurrentUser(me): CurrentUser,
    state: web::Data<AppState>,
    session: Session,
    number: web::Path<String>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let number = number.into_inner();
    let lang = ctx.lang.code();
    let n = number.clone();
    let (exists, done) = state
        .db(move |conn| {
            let exists = apps::find_own(conn, me.id, &n)?.is_some();
            let done = exists && apps::withdraw(conn, me.id, &n, Utc::now(), lang)?;
            Ok((exists, done))
        })
        .await?;
    if !exists {
        return Err(AppError::NotFound);
    }
    session::set_flash(
        &session,
        if done {
            MsgId("notice-application-withdrawn-now")
        } else {
            MsgId("error-cannot-withdraw")
        },
    );
    Ok(redirect(&format!("/cabinet/applications/{number}")))
}

pub struct NotificationView {
    pub text: String,
    pub at: String,
    pub unread: bool,
    pub number: Option<String>,
}

#[derive(Template)]
#[template(path = "cabinet/notifications.html")]
struct NotificationsPage {
    ctx: PageCtx,
    items: Vec<NotificationView>,
}

/// How many notifications the page lists.
const NOTIFICATIONS_SHOWN: i64 = 100;

pub async fn notifications(
    ctx: PageCtx,
    CurrentUser(me): CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let rows = state
        .db(move |conn| crate::repo::notifications::list(conn, me.id, NOTIFICATIONS_SHOWN))
        .await?;
    let items = rows
        .into_iter()
        .map(|n| NotificationView {
            text: crate::i18n::render_notification(ctx.lang, &n.message_id, &n.args),
            at: ctx.date_time(&n.created_at),
            unread: n.read_at.is_none(),
            number: n.application_number,
        })
        .collect();
    render(&NotificationsPage { ctx, items })
}

/// `POST /cabinet/notifications/read`: marks every notification read.
pub async fn mark_notifications_read(
    CurrentUser(me): CurrentUser,
    state: web::Data<AppState>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    state
        .db(move |conn| crate::repo::notifications::mark_all_read(conn, me.id, Utc::now()))
        .await?;
    Ok(redirect("/cabinet/notifications"))
}
