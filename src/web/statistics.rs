//! `GET /statistics`: how punctually each provider delivers each service, for anyone to read.
//! Only counts and shares: no application, applicant or staff member is named. Also the number
//! formats the monitoring page shares.

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::{HttpResponse, web};
use askama::Template;

use super::errors::AppError;
use super::page::{PageCtx, render};
use crate::i18n;
use crate::repo::monitoring::{self, ProviderFigures};
use crate::state::AppState;

/// One provider's figures for one service, formatted.
pub struct ProviderLine {
    pub provider: String,
    pub steps_handled: i64,
    pub steps_on_time: String,
    pub completed: i64,
    pub completed_within_term: String,
}

/// A service and its providers.
pub struct ServiceStatistics {
    pub name: String,
    pub providers: Vec<ProviderLine>,
}

#[derive(Template)]
#[template(path = "statistics.html")]
struct StatisticsPage {
    ctx: PageCtx,
    services: Vec<ServiceStatistics>,
}

/// The longest computed figures are served again. The page is open to anyone and its query
/// reads every application, so it is recomputed only when something happened (a new trace event
/// or audit entry: every move writes both) or after this long.
const FRESH_FOR: Duration = Duration::from_secs(300);

async fn figures(state: &AppState) -> Result<Arc<Vec<ProviderFigures>>, AppError> {
    let activity = state.db(monitoring::activity).await?;
    let cached = state
        .statistics
        .0
        .lock()
        .ok()
        .and_then(|c| c.clone())
        .filter(|(at, seen, _)| at.elapsed() < FRESH_FOR && *seen == activity);
    if let Some((_, _, rows)) = cached {
        return Ok(rows);
    }
    let rows = Arc::new(state.db(monitoring::public_statistics).await?);
    if let Ok(mut cache) = state.statistics.0.lock() {
        *cache = Some((Instant::now(), activity, rows.clone()));
    }
    Ok(rows)
}

pub async fn index(ctx: PageCtx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let rows = figures(&state).await?;
    // Rows come ordered by service: consecutive rows of one service make one table.
    let mut services: Vec<(String, ServiceStatistics)> = vec![];
    for row in rows.iter() {
        let line = ProviderLine {
            provider: ctx
                .pick(&row.organization_name_kk, &row.organization_name_ru)
                .to_string(),
            steps_handled: row.steps_handled,
            steps_on_time: percent(row.steps_on_time_percent),
            completed: row.completed,
            completed_within_term: percent(row.completed_within_term_percent),
        };
        match services.last_mut() {
            Some((code, s)) if *code == row.service_code => s.providers.push(line),
            _ => services.push((
                row.service_code.clone(),
                ServiceStatistics {
                    name: ctx
                        .pick(&row.service_name_kk, &row.service_name_ru)
                        .to_string(),
                    providers: vec![line],
                },
            )),
        }
    }
    let services = services.into_iter().map(|(_, s)| s).collect();
    render(&StatisticsPage { ctx, services })
}

/// A share as both languages write it: "66,7 %", "100 %"; a dash when there is nothing to
/// count.
pub fn percent(value: Option<f64>) -> String {
    match value {
        None => "—".to_string(),
        Some(v) if v.fract() == 0.0 => format!("{v:.0}\u{a0}%"),
        Some(v) => format!("{v:.1}\u{a0}%").replace('.', ","),
    }
}

/// The message for a stored code (`role-` + `clerk`, `channel-` + `state_corporation`), or the
/// code itself when there is none.
pub fn coded_label(ctx: &PageCtx, prefix: &str, code: &str) -> String {
    let id = format!("{prefix}{}", code.replace('_', "-"));
    if i18n::has_message(ctx.lang, &id) {
        ctx.text(&id).into_owned()
    } else {
        code.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn shares_are_written_with_a_decimal_comma() {
        assert_eq!(percent(Some(66.7)), "66,7\u{a0}%");
        assert_eq!(percent(Some(100.0)), "100\u{a0}%");
        assert_eq!(percent(Some(0.0)), "0\u{a0}%");
        assert_eq!(percent(None), "—");
    }
}
