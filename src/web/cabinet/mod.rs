//! The citizen's personal cabinet: my applications, a document's download, withdrawal, the
//! signed result (one application's page is in `application`, notifications in
//! `notifications`).

mod application;

pub use application::{FormattedSheets, SHEETS_KEPT, page, show};

use actix_session::Session;
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::errors::AppError;
use super::guard::Citizen;
use super::page::{PageCtx, redirect, render};
use super::session::{self, CsrfForm};
use super::views::{expected_label, service_name};
use crate::domain::MsgId;
use crate::domain::actor::DocumentId;
use crate::domain::application::Status;
use crate::domain::workflow::is_overdue;
use crate::i18n::Html;
use crate::repo::applications::{self as apps, ListRow, PAGE_SIZE, WithdrawRefusal, citizen};
use crate::repo::users::Account;
use crate::state::AppState;
use crate::web::formatted::{self, Formatted};

/// One line of "my applications" as formatted once for a kept list (`web::formatted`): its
/// markup up to the last cell's text (`cabinet/line.html`), escaped once, not on every view.
pub struct ListLine {
    start: Box<str>,
    status: Status,
    expected_at: Option<chrono::DateTime<Utc>>,
}

#[derive(Template)]
#[template(path = "cabinet/line.html")]
struct LineMarkup<'a> {
    number: &'a str,
    service: String,
    provider: &'a str,
    submitted: String,
    status: Status,
    status_label: String,
    expected: String,
}

/// A line as shown: whether it is overdue is worked out on each view.
pub struct ListItem<'a> {
    pub line: &'a ListLine,
    pub overdue: bool,
}

/// The kept lists' lines formatted (`web::formatted`).
pub type FormattedLines = Formatted<citizen::CabinetList, Vec<ListLine>>;

/// How many formatted lists a server keeps (as many as lists are kept).
pub const LINES_KEPT: usize = 2048;

#[derive(Template)]
#[template(path = "cabinet/index.html")]
struct CabinetPage<'a> {
    ctx: PageCtx,
    user: &'a Account,
    items: Vec<ListItem<'a>>,
    statuses: Vec<(&'static str, Html, bool)>,
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
    mut ctx: PageCtx,
    citizen: Citizen,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let status = query.status.as_deref().and_then(Status::parse);
    let page = query.page.unwrap_or(1).clamp(1, 10_000);
    // One round trip: the session check, the account, the count and the page of the list.
    let shared = state.clone();
    let cabinet = state
        .db(move |conn| citizen::cabinet(conn, shared.citizen_pages(), citizen.id, status, page))
        .await?;
    ctx.confirm_session(cabinet.as_ref().map(|c| c.head.session()))?;
    // The account is gone (deleted while signed in): treat as signed out.
    let citizen::Cabinet { list, calendar, .. } = cabinet.ok_or(AppError::SignInRequired {
        next: "/cabinet".into(),
    })?;
    let total = list.total;
    let lines = state
        .cabinet_lines
        .get_or_make(ctx.lang, &list, || list_lines(&ctx, &state, &list.rows));
    let now = Utc::now();
    let items = lines
        .iter()
        .map(|line| ListItem {
            overdue: is_overdue(line.status, line.expected_at, now, &calendar),
            line,
        })
        .collect();
    let statuses = Status::ALL
        .iter()
        .map(|s| (s.as_str(), ctx.t(s.message().id()), Some(*s) == status))
        .collect();
    render(&CabinetPage {
        user: &list.account,
        items,
        statuses,
        status: status.map(|s| s.as_str().to_string()).unwrap_or_default(),
        page,
        pages: (total + PAGE_SIZE - 1) / PAGE_SIZE,
        ctx,
    })
}

/// The lines of a kept list in the page's language, but for whether each is overdue now.
fn list_lines(ctx: &PageCtx, state: &AppState, rows: &[ListRow]) -> Vec<ListLine> {
    rows.iter()
        .map(|r| {
            let status = r.status;
            let markup = LineMarkup {
                number: &r.number,
                service: service_name(ctx, &state.catalog, &r.service_code),
                provider: ctx.pick(
                    r.organization_kk.as_deref().unwrap_or_default(),
                    r.organization_ru.as_deref().unwrap_or_default(),
                ),
                submitted: r
                    .submitted_at
                    .map(|t| ctx.date_time(&t))
                    .unwrap_or_default(),
                status,
                status_label: ctx.text(status.message().id()).into_owned(),
                expected: if status == Status::Draft {
                    String::new()
                } else {
                    expected_label(ctx, r.expected_at)
                },
            };
            ListLine {
                start: formatted::markup(&markup),
                status,
                expected_at: r.expected_at,
            }
        })
        .collect()
}

impl CabinetPage<'_> {
    /// The list's link for another page, keeping the status filter.
    fn page_href(&self, page: i64) -> String {
        if self.status.is_empty() {
            format!("/cabinet?page={page}")
        } else {
            format!("/cabinet?status={}&page={page}", self.status)
        }
    }
}

/// `GET /cabinet/applications/{number}/documents/{id}`: the owner downloads a document.
pub async fn document(
    citizen: Citizen,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (number, id) = path.into_inner();
    let (info, content) = state
        .db(move |conn| apps::document(conn, citizen.actor(), &number, DocumentId(id)))
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

#[derive(Deserialize)]
pub struct WithdrawForm {
    /// The version the page was rendered with.
    #[serde(default)]
    version: String,
}

/// `POST /cabinet/applications/{number}/withdraw`.
pub async fn withdraw(
    ctx: PageCtx,
    citizen: Citizen,
    state: web::Data<AppState>,
    session: Session,
    number: web::Path<String>,
    CsrfForm(form): CsrfForm<WithdrawForm>,
) -> Result<HttpResponse, AppError> {
    let number = number.into_inner();
    let lang = ctx.lang.code();
    let version = form.version.trim().parse().ok();
    let n = number.clone();
    let result = state
        .act(move |conn| apps::withdraw(conn, citizen.actor(), &n, version, Utc::now(), lang))
        .await?;
    let notice = match result {
        Ok(_) => MsgId("notice-application-withdrawn-now"),
        Err(WithdrawRefusal::NotFound) => return Err(AppError::NotFound),
        Err(WithdrawRefusal::NotWithdrawable) => MsgId("error-cannot-withdraw"),
        Err(WithdrawRefusal::Stale) => MsgId("error-stale-form"),
    };
    session::set_flash(&session, notice);
    Ok(redirect(&format!("/cabinet/applications/{number}")))
}

/// `GET /cabinet/applications/{number}/result.pdf`: the signed result, for its owner only.
pub async fn result_pdf(
    citizen: Citizen,
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let number = number.into_inner();
    let held = state
        .db(move |conn| crate::repo::results::of_application(conn, citizen.actor(), &number))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.pdf\"", held.document_number),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(held.pdf))
}
