//! `GET /admin`: my tasks — the applications whose current step is mine, by due instant, with
//! the working time left or overdue; filters by service, status and channel; 50 per page.

use std::borrow::Cow;

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::StaffMember;
use crate::domain::application::Status;
use crate::domain::calendar::Standing;
use crate::i18n::Html;
use crate::repo::applications::queue::{self, QUEUE_PAGE, QueueFilter};
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::formatted::{self, Formatted};
use crate::web::page::{PageCtx, render};
use crate::web::views::{expected_label, service_name, standing_label};

/// A line of the queue as formatted once for a kept page (`web::formatted`): its markup up to
/// the step's standing (`admin/queue_line.html`) and from there to the row's end
/// (`admin/queue_line_end.html`), escaped once, not on every view; how its step stands now is
/// worked out on each view.
pub struct QueueLine {
    start: Box<str>,
    end: Box<str>,
    step_due: Option<DateTime<Utc>>,
}

#[derive(Template)]
#[template(path = "admin/queue_line.html")]
struct LineMarkup<'a> {
    ctx: &'a PageCtx,
    number: &'a str,
    service: String,
    applicant: String,
    channel: String,
    status: Status,
    status_label: Cow<'static, str>,
    unassigned: bool,
    /// The step's due instant, when it has one.
    due: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/queue_line_end.html")]
struct LineEnd {
    deadline: String,
}

/// A line as shown: the formatted line, its due instant and how the step stands now.
pub struct QueueItem<'a> {
    pub line: &'a QueueLine,
    /// For a step without a due instant: now.
    pub due_now: Option<String>,
    pub standing: String,
    pub overdue: bool,
}

/// The queue pages' lines formatted (`web::formatted`).
pub type FormattedLines = Formatted<queue::QueuePage, Vec<QueueLine>>;

/// How many formatted queue pages a server keeps (about 20 KB each).
pub const LINES_KEPT: usize = 64;

#[derive(Template)]
#[template(path = "admin/queue.html")]
struct QueuePage<'a> {
    ctx: PageCtx,
    items: Vec<QueueItem<'a>>,
    total: i64,
    counts: Vec<(String, i64)>,
    services: Vec<(&'a str, &'a str, bool)>,
    statuses: Vec<(&'static str, Html, bool)>,
    channels: Vec<(&'static str, Html, bool)>,
    page: i64,
    pages: i64,
    query: String,
}

#[derive(Deserialize)]
pub struct QueueQuery {
    service: Option<String>,
    status: Option<String>,
    channel: Option<String>,
    page: Option<i64>,
}

const CHANNELS: [(&str, &str); 3] = [
    ("portal", "channel-portal"),
    ("provider", "channel-provider"),
    ("state_corporation", "channel-state-corporation"),
];

pub async fn show(
    mut ctx: PageCtx,
    me: StaffMember,
    state: web::Data<AppState>,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, AppError> {
    // The State Corporation's operators work at their own desk.
    if me.role() == crate::domain::actor::StaffRole::Operator {
        return Ok(crate::web::page::redirect(me.home()));
    }
    let known = |s: &Option<String>| s.clone().filter(|v| !v.is_empty());
    let filter = QueueFilter {
        service: known(&query.service).filter(|s| state.catalog.find(s).is_some()),
        status: query.status.as_deref().and_then(Status::parse),
        channel: known(&query.channel).filter(|c| CHANNELS.iter().any(|(v, _)| v == c)),
    };
    let page = query.page.unwrap_or(1).clamp(1, 10_000);
    // One round trip while the organization's applications have not changed (`queue::queue`).
    let f = filter.clone();
    let shared = state.clone();
    let found = state
        .db(move |conn| queue::queue(conn, shared.queues(), me.0, &f, page))
        .await?;
    ctx.confirm_session(found.as_ref().map(|(head, ..)| head.session))?;
    let Some((_, listed, calendar)) = found else {
        return Err(AppError::StaffSignInRequired {
            next: ctx.here.clone(),
        });
    };
    let queue::QueuePage {
        rows,
        total,
        counts,
    } = &*listed;
    let lines = state
        .queue_lines
        .get_or_make(ctx.lang, &listed, || queue_lines(&ctx, &state, rows));
    let now = Utc::now();
    let items = lines
        .iter()
        .map(|line| {
            let due = line.step_due.unwrap_or(now);
            let standing = calendar.standing(now, due);
            QueueItem {
                due_now: line.step_due.is_none().then(|| ctx.date_time(&now)),
                overdue: matches!(standing, Standing::Overdue(_)),
                standing: standing_label(&ctx, standing),
                line,
            }
        })
        .collect();
    let counts = counts
        .iter()
        .map(|(s, n)| {
            let label = Status::parse(s)
                .map_or_else(|| s.clone(), |st| ctx.text(st.message().id()).into_owned());
            (label, *n)
        })
        .collect();
    let services = state
        .catalog
        .services
        .iter()
        .map(|s| {
            (
                s.code.as_str(),
                ctx.tr(&s.name),
                filter.service.as_deref() == Some(s.code.as_str()),
            )
        })
        .collect();
    let statuses = Status::ALL
        .iter()
        .filter(|s| **s != Status::Draft)
        .map(|s| {
            (
                s.as_str(),
                ctx.t(s.message().id()),
                filter.status == Some(*s),
            )
        })
        .collect();
    let channels = CHANNELS
        .iter()
        .map(|(v, id)| (*v, ctx.t(id), filter.channel.as_deref() == Some(*v)))
        .collect();
    let query_string = serde_urlencoded::to_string([
        ("service", filter.service.clone().unwrap_or_default()),
        (
            "status",
            filter
                .status
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
        ),
        ("channel", filter.channel.clone().unwrap_or_default()),
    ])
    .unwrap_or_default();
    render(&QueuePage {
        items,
        total: *total,
        counts,
        services,
        statuses,
        channels,
        page,
        pages: ((*total + QUEUE_PAGE - 1) / QUEUE_PAGE).max(1),
        query: query_string,
        ctx,
    })
}

/// The lines of a queue page in the page's language, but for how each step stands now.
fn queue_lines(ctx: &PageCtx, state: &AppState, rows: &[queue::QueueRow]) -> Vec<QueueLine> {
    rows.iter()
        .map(|r| {
            let markup = LineMarkup {
                ctx,
                number: &r.number,
                service: service_name(ctx, &state.catalog, &r.service_code),
                applicant: format!("{} {}", r.last_name, r.first_name),
                channel: CHANNELS
                    .iter()
                    .find(|(v, _)| *v == r.channel)
                    .map(|(_, id)| ctx.text(id).into_owned())
                    .unwrap_or_default(),
                status: r.status,
                status_label: ctx.text(r.status.message().id()),
                unassigned: r.assigned_to.is_none(),
                due: r.step_due.map(|due| ctx.date_time(&due)),
            };
            let end = LineEnd {
                deadline: expected_label(ctx, r.expected_at),
            };
            QueueLine {
                start: formatted::markup(&markup),
                end: formatted::markup(&end),
                step_due: r.step_due,
            }
        })
        .collect()
}
