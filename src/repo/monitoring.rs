//! The figures of the monitoring page (staff) and of the public statistics, computed in SQL
//! (`sql/monitoring.sql`, `sql/statistics.sql`): the handlers only format them.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Int4, Nullable, Text, Timestamptz};

use crate::db::schema::organizations;
use crate::domain::actor::{Staff, StaffRole};
use crate::repo::Loads;
use crate::repo::organizations::OrganizationRow;

/// One step of one service in one organization (and channel): how it has been handled.
#[derive(Debug, Clone, QueryableByName)]
pub struct StepFigures {
    #[diesel(sql_type = Text)]
    pub service_code: String,
    #[diesel(sql_type = Text)]
    pub service_name_kk: String,
    #[diesel(sql_type = Text)]
    pub service_name_ru: String,
    #[diesel(sql_type = BigInt)]
    pub organization_id: i64,
    #[diesel(sql_type = Text)]
    pub organization_code: String,
    #[diesel(sql_type = Text)]
    pub organization_name_kk: String,
    #[diesel(sql_type = Text)]
    pub organization_name_ru: String,
    #[diesel(sql_type = Text)]
    pub channel: String,
    #[diesel(sql_type = Int4)]
    pub position: i32,
    #[diesel(sql_type = Text)]
    pub role: String,
    #[diesel(sql_type = Text)]
    pub action_kk: String,
    #[diesel(sql_type = Text)]
    pub action_ru: String,
    /// The regulation's norm for the step: `amount` `unit`.
    #[diesel(sql_type = Int4)]
    pub amount: i32,
    #[diesel(sql_type = Text)]
    pub unit: String,
    /// Closed steps.
    #[diesel(sql_type = BigInt)]
    pub handled: i64,
    /// Closed by their due instant.
    #[diesel(sql_type = BigInt)]
    pub on_time: i64,
    /// `on_time / handled` in percent, one decimal; none when nothing was handled.
    #[diesel(sql_type = Nullable<Double>)]
    pub on_time_percent: Option<f64>,
    /// Elapsed seconds of the closed steps: the mean and the 90th percentile.
    #[diesel(sql_type = Nullable<Double>)]
    pub mean_seconds: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    pub p90_seconds: Option<f64>,
    /// Open current steps past their due instant.
    #[diesel(sql_type = BigInt)]
    pub overdue_now: i64,
}

/// What to narrow the figures to.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only the sysadmin chooses; everyone else sees their own organization.
    pub organization: Option<i64>,
    pub service: Option<String>,
}

/// The monitoring figures last computed per scope (organization and service), with the
/// activity they were computed at, kept by the server (`AppState`): over a million applications
/// the query takes seconds. Figures are served again while no application moved (no new trace
/// event or audit entry: every move writes both) and for at most `MONITORING_FRESH_FOR` — the
/// public statistics' rule — after which "overdue now" is counted afresh: figures that only
/// aged (`aged`) are served while one request counts them again in the background, so that
/// nobody waits for that; after a move the next view waits for the new figures.
#[derive(Default)]
pub struct MonitoringCache {
    kept: std::sync::Mutex<std::collections::HashMap<Scope, CachedSteps>>,
    /// Set while figures are computed: one computation at a time.
    computing: std::sync::atomic::AtomicBool,
}

/// The right to compute figures, given back when dropped (also when the request is dropped).
pub struct Computing<'a>(&'a std::sync::atomic::AtomicBool);

impl Drop for Computing<'_> {
    fn drop(&mut self) {
        self.0.store(false, std::sync::atomic::Ordering::Release);
    }
}

/// Whose figures: an organization (none: all of them) and a service (none: every one).
type Scope = (Option<i64>, Option<String>);
type CachedSteps = (
    std::time::Instant,
    Activity,
    std::sync::Arc<Vec<StepFigures>>,
);

/// How long kept monitoring figures are served at most.
pub const MONITORING_FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(300);

impl MonitoringCache {
    /// The figures `viewer` reads with `filter`, if kept at `activity` and not too old.
    pub fn fresh(
        &self,
        viewer: Staff,
        filter: &Filter,
        activity: Activity,
    ) -> Option<std::sync::Arc<Vec<StepFigures>>> {
        let (at, rows) = self.kept_at(viewer, filter, activity)?;
        (at.elapsed() < MONITORING_FRESH_FOR).then_some(rows)
    }

    /// The figures `viewer` reads with `filter`, kept at `activity` however long ago: still
    /// right but for "overdue now", which moves with the time only.
    pub fn aged(
        &self,
        viewer: Staff,
        filter: &Filter,
        activity: Activity,
    ) -> Option<std::sync::Arc<Vec<StepFigures>>> {
        self.kept_at(viewer, filter, activity).map(|(_, rows)| rows)
    }

    /// The figures kept for the scope at `activity`, with when they were counted.
    fn kept_at(
        &self,
        viewer: Staff,
        filter: &Filter,
        activity: Activity,
    ) -> Option<(std::time::Instant, std::sync::Arc<Vec<StepFigures>>)> {
        let scope = (scope(viewer, filter).ok()?, filter.service.clone());
        let kept = self.kept.lock().ok()?;
        let (at, seen, rows) = kept.get(&scope)?;
        (*seen == activity).then(|| (*at, rows.clone()))
    }

    /// The right to compute figures, unless another request holds it.
    pub fn start(&self) -> Option<Computing<'_>> {
        use std::sync::atomic::Ordering;
        self.computing
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .ok()
            .map(|_| Computing(&self.computing))
    }

    pub fn keep(
        &self,
        viewer: Staff,
        filter: &Filter,
        activity: Activity,
        rows: std::sync::Arc<Vec<StepFigures>>,
    ) {
        let Ok(organization) = scope(viewer, filter) else {
            return;
        };
        if let Ok(mut kept) = self.kept.lock() {
            kept.insert(
                (organization, filter.service.clone()),
                (std::time::Instant::now(), activity, rows),
            );
        }
    }
}

/// The organization whose figures `viewer` reads: `Ok(None)` is all of them (the sysadmin),
/// `Err(())` none (a role without monitoring).
fn scope(viewer: Staff, filter: &Filter) -> Result<Option<i64>, ()> {
    match viewer.role {
        StaffRole::Sysadmin => Ok(filter.organization),
        role if role.sees_monitoring() => viewer.organization.map(|o| Some(o.0)).ok_or(()),
        _ => Err(()),
    }
}

/// The monitoring figures `viewer` may read, per service, organization, channel and step.
pub fn figures(
    conn: &mut PgConnection,
    viewer: Staff,
    filter: &Filter,
    now: DateTime<Utc>,
) -> QueryResult<Vec<StepFigures>> {
    match figures_query(viewer, filter, now) {
        Some(query) => query.load(conn),
        None => Ok(vec![]),
    }
}

/// The query `figures` runs, none for a viewer without monitoring (public so that a test can
/// EXPLAIN it).
pub fn figures_query(
    viewer: Staff,
    filter: &Filter,
    now: DateTime<Utc>,
) -> Option<impl Loads<StepFigures> + use<>> {
    let organization = scope(viewer, filter).ok()?;
    Some(
        diesel::sql_query(include_str!("sql/monitoring.sql"))
            .bind::<Timestamptz, _>(now)
            .bind::<Nullable<BigInt>, _>(organization)
            .bind::<Nullable<Text>, _>(filter.service.clone()),
    )
}

/// On-time figures of one service at one provider, for anyone to read.
#[derive(Debug, Clone, QueryableByName)]
pub struct ProviderFigures {
    #[diesel(sql_type = Text)]
    pub service_code: String,
    #[diesel(sql_type = Text)]
    pub service_name_kk: String,
    #[diesel(sql_type = Text)]
    pub service_name_ru: String,
    #[diesel(sql_type = Text)]
    pub organization_name_kk: String,
    #[diesel(sql_type = Text)]
    pub organization_name_ru: String,
    /// Steps of the provider's staff closed, and the share closed by their due instant.
    #[diesel(sql_type = BigInt)]
    pub steps_handled: i64,
    #[diesel(sql_type = Nullable<Double>)]
    pub steps_on_time_percent: Option<f64>,
    /// Applications completed (issued or refused), and the share completed by the legal
    /// deadline (of those that have one).
    #[diesel(sql_type = BigInt)]
    pub completed: i64,
    #[diesel(sql_type = Nullable<Double>)]
    pub completed_within_term_percent: Option<f64>,
}

/// The newest trace event and audit entry: when neither changed, no application moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Activity {
    event: Option<i64>,
    audit: Option<i64>,
}

constant_subquery!(
    LastEvent,
    Nullable<BigInt>,
    "(SELECT max(id) FROM application_events)"
);
constant_subquery!(
    LastAudit,
    Nullable<BigInt>,
    "(SELECT max(id) FROM audit_log)"
);

/// Two index lookups, cheap enough for every visit of the public page (a prepared statement).
pub fn activity(conn: &mut PgConnection) -> QueryResult<Activity> {
    let (event, audit) = diesel::select((LastEvent, LastAudit)).get_result(conn)?;
    Ok(Activity { event, audit })
}

pub fn public_statistics(conn: &mut PgConnection) -> QueryResult<Vec<ProviderFigures>> {
    diesel::sql_query(include_str!("sql/statistics.sql")).load(conn)
}

/// Every organization, by code, for the sysadmin's filter.
pub fn organizations(conn: &mut PgConnection) -> QueryResult<Vec<OrganizationRow>> {
    organizations::table
        .order(organizations::code)
        .select(OrganizationRow::as_select())
        .load(conn)
}

/// Public figures as computed at an instant, with the activity they reflect.
pub type CachedFigures = (
    std::time::Instant,
    Activity,
    std::sync::Arc<Vec<ProviderFigures>>,
);

/// The public statistics last computed and the activity they were computed at, kept by the
/// server (`AppState`) so the open page does not read every application on every visit.
#[derive(Default)]
pub struct StatisticsCache(pub std::sync::Mutex<Option<CachedFigures>>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::actor::{OrganizationId, StaffId};

    #[test]
    fn aged_figures_are_served_only_at_the_activity_they_were_counted_at() {
        let cache = MonitoringCache::default();
        let head = Staff {
            id: StaffId(1),
            role: StaffRole::Head,
            organization: Some(OrganizationId(7)),
        };
        let filter = Filter::default();
        let quiet = Activity {
            event: Some(10),
            audit: Some(20),
        };
        let moved = Activity {
            event: Some(11),
            ..quiet
        };
        assert!(
            cache.aged(head, &filter, quiet).is_none(),
            "nothing kept yet"
        );
        cache.keep(head, &filter, quiet, std::sync::Arc::new(vec![]));
        assert!(cache.fresh(head, &filter, quiet).is_some());
        assert!(cache.aged(head, &filter, quiet).is_some());
        assert!(
            cache.aged(head, &filter, moved).is_none(),
            "after a move the figures are counted again before they are shown"
        );
        let other = Staff {
            organization: Some(OrganizationId(8)),
            ..head
        };
        assert!(
            cache.aged(other, &filter, quiet).is_none(),
            "another organization's figures are its own"
        );
    }
}
