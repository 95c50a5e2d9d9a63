//! `GET /admin/monitoring` and `GET /admin/monitoring.csv`: per service, organization and step,
//! the steps handled, the share on time, the mean and 90th-percentile durations against the
//! regulation's norm, and the steps overdue now. Heads and organization administrators read
//! their organization's figures, the sysadmin everyone's (with a filter); others get 403. The
//! figures come from SQL (`repo::monitoring`); this file only formats them.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::StaffMember;
use std::sync::Arc;

use crate::domain::actor::{Staff, StaffRole};
use crate::domain::catalog::{Duration, DurationUnit};
use crate::repo::monitoring::{self, Filter, StepFigures};
use crate::repo::organizations::OrganizationRow;
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::formatted::{self, Formatted};
use crate::web::page::{PageCtx, encode_path_param, render};
use crate::web::statistics::{coded_label, percent};

#[derive(Deserialize)]
pub struct MonitoringQuery {
    service: Option<String>,
    organization: Option<String>,
}

/// A `<select>` option: value, label, selected.
type Choice = (String, String, bool);

/// One step's figures, formatted for the page.
pub struct StepLine {
    pub position: i32,
    pub role: String,
    pub action: String,
    pub channel: String,
    pub norm: String,
    pub handled: i64,
    pub on_time: String,
    pub mean: String,
    pub p90: String,
    pub overdue_now: i64,
}

/// A service at one organization: one table.
pub struct FiguresTable {
    /// "Service — Organization".
    pub caption: String,
    pub steps: Vec<StepLine>,
}

#[derive(Template)]
#[template(path = "admin/monitoring.html")]
struct MonitoringPage {
    ctx: PageCtx,
    services: Vec<Choice>,
    /// The organization filter: the sysadmin's only.
    organizations: Option<Vec<Choice>>,
    /// The figures' tables' markup (`admin/monitoring_tables.html`).
    tables: Arc<Box<str>>,
    csv_href: String,
    /// Open, overdue and late-answered complaints, in the same scope.
    complaints: crate::repo::complaints::Figures,
}

/// What both the page and the CSV show: the figures, the filter applied and, for the sysadmin,
/// the organizations to choose from; and the complaints' figures, read in the same round trip
/// as the session check.
struct Figures {
    rows: Arc<Vec<StepFigures>>,
    filter: Filter,
    organizations: Option<Vec<OrganizationRow>>,
    complaints: Option<crate::repo::complaints::Figures>,
}

/// The figures the member may read with the filter of the query; 403 for a role without them.
/// The session is checked (`PageCtx::confirm_session`) before any figure is computed.
async fn load(
    ctx: &mut PageCtx,
    member: StaffMember,
    state: &web::Data<AppState>,
    query: &MonitoringQuery,
) -> Result<Figures, AppError> {
    if !member.role().sees_monitoring() {
        return Err(AppError::Forbidden);
    }
    let service = query
        .service
        .as_deref()
        .filter(|code| state.catalog.services.iter().any(|s| s.code == *code))
        .map(str::to_string);
    let sysadmin = member.role() == StaffRole::Sysadmin;
    let wanted = query.organization.clone().unwrap_or_default();
    let code = wanted.clone();
    let viewer = member.0;
    let (head, organizations, activity, complaints) = state
        .db(move |conn| {
            let head = crate::repo::staff::head(conn, viewer.id)?;
            let organizations = if sysadmin {
                Some(monitoring::organizations(conn)?)
            } else {
                None
            };
            let organization = chosen(organizations.as_deref(), &code);
            let complaints =
                crate::repo::complaints::figures(conn, viewer, organization, Utc::now())?;
            Ok((head, organizations, monitoring::activity(conn)?, complaints))
        })
        .await?;
    ctx.confirm_session(head.map(|h| h.session))?;
    let organization = chosen(organizations.as_deref(), &wanted);
    let filter = Filter {
        organization,
        service,
    };
    let rows = if let Some(rows) = state.monitoring.fresh(viewer, &filter, activity) {
        rows
    } else if let Some(rows) = state.monitoring.aged(viewer, &filter, activity) {
        refresh(state, viewer, filter.clone(), activity);
        rows
    } else {
        compute(state, viewer, filter.clone(), activity).await?
    };
    Ok(Figures {
        rows,
        filter,
        organizations,
        complaints,
    })
}

/// The organization the sysadmin chose by its code, if any.
fn chosen(organizations: Option<&[OrganizationRow]>, code: &str) -> Option<i64> {
    organizations
        .into_iter()
        .flatten()
        .find(|o| o.code == code)
        .map(|o| o.id)
}

/// Computes the figures (over a million applications this takes seconds) and keeps them. One
/// computation at a time: requests that arrive meanwhile wait asleep — holding neither a thread
/// nor a connection — and then find the figures kept, instead of each running the same query.
async fn compute(
    state: &web::Data<AppState>,
    viewer: Staff,
    filter: Filter,
    activity: monitoring::Activity,
) -> Result<Arc<Vec<StepFigures>>, AppError> {
    let computing = loop {
        if let Some(computing) = state.monitoring.start() {
            break computing;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
        if let Some(rows) = state.monitoring.fresh(viewer, &filter, activity) {
            return Ok(rows);
        }
    };
    if let Some(rows) = state.monitoring.fresh(viewer, &filter, activity) {
        return Ok(rows);
    }
    let f = filter.clone();
    let rows = Arc::new(
        state
            .db(move |conn| monitoring::figures(conn, viewer, &f, Utc::now()))
            .await?,
    );
    state
        .monitoring
        .keep(viewer, &filter, activity, rows.clone());
    drop(computing);
    Ok(rows)
}

/// Counts aged figures again in the background (unless a computation is under way), while
/// the views meanwhile are served the aged ones (`MonitoringCache::aged`).
fn refresh(
    state: &web::Data<AppState>,
    viewer: Staff,
    filter: Filter,
    activity: monitoring::Activity,
) {
    let state = state.clone();
    actix_web::rt::spawn(async move {
        let Some(_computing) = state.monitoring.start() else {
            return;
        };
        let f = filter.clone();
        match state
            .db(move |conn| monitoring::figures(conn, viewer, &f, Utc::now()))
            .await
        {
            Ok(rows) => state
                .monitoring
                .keep(viewer, &filter, activity, Arc::new(rows)),
            Err(e) => tracing::warn!(error = %e, "monitoring figures not counted again"),
        }
    });
}

pub async fn page(
    mut ctx: PageCtx,
    member: StaffMember,
    state: web::Data<AppState>,
    query: web::Query<MonitoringQuery>,
) -> Result<HttpResponse, AppError> {
    let Figures {
        rows,
        filter,
        organizations,
        complaints,
    } = load(&mut ctx, member, &state, &query).await?;
    let complaints = complaints.unwrap_or_default();
    let services = state
        .catalog
        .services
        .iter()
        .map(|s| {
            let selected = filter.service.as_deref() == Some(s.code.as_str());
            (s.code.clone(), ctx.tr(&s.name).to_string(), selected)
        })
        .collect();
    let organizations = organizations.map(|all| {
        all.into_iter()
            .map(|o| {
                let label = format!("{} ({})", ctx.pick(&o.name_kk, &o.name_ru), o.code);
                (o.code, label, filter.organization == Some(o.id))
            })
            .collect()
    });
    let mut csv_href = "/admin/monitoring.csv".to_string();
    let mut separator = '?';
    for (name, value) in [
        ("service", query.service.as_deref()),
        ("organization", query.organization.as_deref()),
    ] {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            csv_href.push_str(&format!("{separator}{name}={}", encode_path_param(value)));
            separator = '&';
        }
    }
    let tables = state.monitoring_tables.get_or_make(ctx.lang, &rows, || {
        formatted::markup(&TablesMarkup {
            ctx: &ctx,
            tables: tables(&ctx, &rows),
        })
    });
    render(&MonitoringPage {
        ctx,
        services,
        organizations,
        tables,
        csv_href,
        complaints,
    })
}

/// How many formatted sets of tables a server keeps (the sysadmin's are about 300 KB).
pub const TABLES_KEPT: usize = 4;

/// The figures' tables formatted for the page (`web::formatted`): about 300 KB of markup for
/// the sysadmin, escaped once rather than on every view.
pub type FormattedTables = Formatted<Vec<StepFigures>, Box<str>>;

#[derive(Template)]
#[template(path = "admin/monitoring_tables.html")]
struct TablesMarkup<'a> {
    ctx: &'a PageCtx,
    tables: Vec<FiguresTable>,
}

/// The figures as one table per service and organization, in the page's language.
fn tables(ctx: &PageCtx, rows: &[StepFigures]) -> Vec<FiguresTable> {
    let mut tables: Vec<FiguresTable> = vec![];
    let mut current: Option<(String, i64)> = None;
    for row in rows {
        let key = (row.service_code.clone(), row.organization_id);
        let line = step_line(ctx, row);
        match tables.last_mut() {
            Some(table) if current.as_ref() == Some(&key) => table.steps.push(line),
            _ => {
                let service = ctx.pick(&row.service_name_kk, &row.service_name_ru);
                let organization = ctx.pick(&row.organization_name_kk, &row.organization_name_ru);
                tables.push(FiguresTable {
                    caption: crate::i18n::t(
                        ctx.lang,
                        "monitoring-caption",
                        &[("service", service), ("organization", organization)],
                    ),
                    steps: vec![line],
                });
                current = Some(key);
            }
        }
    }
    tables
}

fn step_line(ctx: &PageCtx, row: &StepFigures) -> StepLine {
    StepLine {
        position: row.position,
        role: coded_label(ctx, "role-", &row.role),
        action: ctx.pick(&row.action_kk, &row.action_ru).to_string(),
        channel: coded_label(ctx, "channel-", &row.channel),
        norm: norm(ctx, row),
        handled: row.handled,
        on_time: percent(row.on_time_percent),
        mean: elapsed(ctx, row.mean_seconds),
        p90: elapsed(ctx, row.p90_seconds),
        overdue_now: row.overdue_now,
    }
}

/// The regulation's time limit for the step, in words.
fn norm(ctx: &PageCtx, row: &StepFigures) -> String {
    match (u32::try_from(row.amount), DurationUnit::parse(&row.unit)) {
        (Ok(amount), Some(unit)) => ctx.duration(&Duration { amount, unit }),
        _ => format!("{} {}", row.amount, row.unit),
    }
}

/// Elapsed time in days and hours, hours and minutes, or minutes; a dash when nothing closed.
fn elapsed(ctx: &PageCtx, seconds: Option<f64>) -> String {
    let Some(seconds) = seconds else {
        return "—".to_string();
    };
    let minutes = (seconds / 60.0).round() as i64;
    let (days, hours, minutes) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let args = [
        ("days", days.to_string()),
        ("hours", hours.to_string()),
        ("minutes", minutes.to_string()),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let id = if days > 0 {
        "monitoring-elapsed-days"
    } else if hours > 0 {
        "monitoring-elapsed-hours"
    } else {
        "monitoring-elapsed-minutes"
    };
    crate::i18n::t(ctx.lang, id, &args)
}

/// The CSV's columns: stable English keys, whatever the page's language (names of services
/// and organizations are in the page's language).
const CSV_COLUMNS: [&str; 16] = [
    "service_code",
    "service_name",
    "organization_code",
    "organization_name",
    "channel",
    "step_position",
    "step_role",
    "step_action",
    "norm_amount",
    "norm_unit",
    "handled",
    "on_time",
    "on_time_percent",
    "mean_hours",
    "p90_hours",
    "overdue_now",
];

pub async fn csv(
    mut ctx: PageCtx,
    member: StaffMember,
    state: web::Data<AppState>,
    query: web::Query<MonitoringQuery>,
) -> Result<HttpResponse, AppError> {
    let rows = load(&mut ctx, member, &state, &query).await?.rows;
    let mut out = csv_line(CSV_COLUMNS.iter().map(|c| c.to_string()));
    let hours = |s: Option<f64>| s.map_or(String::new(), |s| format!("{:.2}", s / 3600.0));
    for r in rows.iter() {
        out.push_str(&csv_line([
            r.service_code.clone(),
            ctx.pick(&r.service_name_kk, &r.service_name_ru).to_string(),
            r.organization_code.clone(),
            ctx.pick(&r.organization_name_kk, &r.organization_name_ru)
                .to_string(),
            r.channel.clone(),
            r.position.to_string(),
            r.role.clone(),
            ctx.pick(&r.action_kk, &r.action_ru).to_string(),
            r.amount.to_string(),
            r.unit.clone(),
            r.handled.to_string(),
            r.on_time.to_string(),
            r.on_time_percent
                .map_or(String::new(), |p| format!("{p:.1}")),
            hours(r.mean_seconds),
            hours(r.p90_seconds),
            r.overdue_now.to_string(),
        ]));
    }
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"monitoring.csv\"",
        ))
        .body(out))
}

/// One CSV line (RFC 4180): fields with a comma, quote or line break are quoted. A text
/// starting like a formula is prefixed with `'`, so a spreadsheet shows it rather than runs it.
fn csv_line(fields: impl IntoIterator<Item = String>) -> String {
    let fields: Vec<String> = fields
        .into_iter()
        .map(|f| {
            let f = if f.starts_with(['=', '+', '-', '@']) {
                format!("'{f}")
            } else {
                f
            };
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f
            }
        })
        .collect();
    format!("{}\r\n", fields.join(","))
}

#[cfg(test)]
mod tests {
    use super::csv_line;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(
            csv_line(["a".into(), "b, c".into(), "say \"hi\"".into()]),
            "a,\"b, c\",\"say \"\"hi\"\"\"\r\n"
        );
        assert_eq!(csv_line(["=1+1".into(), "-".into()]), "'=1+1,'-\r\n");
    }
}
