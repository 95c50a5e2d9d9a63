//! The deadline watch's queries. Each batch is one short transaction: it claims the current
//! open steps of open applications (`FOR UPDATE … SKIP LOCKED`, so a watcher on another node
//! takes other rows), decides with the calendar what each needs, sets the step's mark and
//! writes the staff notifications — all before the commit. A step is marked once, whoever
//! watches; a failed transaction writes neither mark nor notice.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Integer, Nullable, Text, Timestamptz};

use crate::db::schema::{application_steps, staff, staff_notifications};
use crate::domain::actor::StaffRole;
use crate::domain::application::Status;
use crate::domain::calendar::{WorkingCalendar, local};
use crate::domain::catalog::Role;
use crate::domain::deadline_watch::{
    Mark, Recipients, Verdict, one_working_day, recipients, verdict,
};
use crate::repo::Loads;

/// Steps claimed per transaction.
pub const BATCH: i64 = 50;

/// How far ahead the warning scan looks, in calendar time: more than any one working day can
/// stretch over weekends and holidays (the calendar then decides exactly).
const LOOK_AHEAD: TimeDelta = TimeDelta::days(14);

/// What one run of the watch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WatchCounts {
    /// Steps warned (one working day left).
    pub warned: usize,
    /// Steps flagged overdue.
    pub overdue: usize,
    /// Staff notifications written.
    pub notified: usize,
}

#[derive(Debug, QueryableByName)]
struct OpenStep {
    #[diesel(sql_type = BigInt)]
    application_id: i64,
    #[diesel(sql_type = Integer)]
    position: i32,
    #[diesel(sql_type = Text)]
    role: String,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    warned_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    overdue_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Text)]
    number: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    organization_id: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    assigned_to: Option<i64>,
    /// The current step's due instant, as the application keeps it (the engine writes it with
    /// the step's `due_at`): the scan's order.
    #[diesel(sql_type = Timestamptz)]
    step_due: DateTime<Utc>,
}

/// The two scans: steps already due and not yet flagged, and steps still to come and not yet
/// warned. Both walk the open applications by their current step's due instant (the partial
/// index `applications_current_step_due`), so closed applications are never read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    Due,
    Coming,
}

/// Staff roles whose steps are watched (the applicant's, couriers' and systems' are not).
const WATCHED_ROLES: [Role; 4] = [Role::Clerk, Role::Head, Role::Executor, Role::Operator];

/// A claimed step's place in the scan: (due instant, application).
type Cursor = (DateTime<Utc>, i64);

/// Claims the next batch after `after`, in the scan's order, locking the steps and their
/// applications; rows another watcher (or a move of the engine) holds are skipped. The coming
/// steps are claimed among the applications of one window (`coming_window`); the due ones are
/// few between two runs and are claimed straight from the index.
fn claim(
    conn: &mut PgConnection,
    calendar: &WorkingCalendar,
    scan: Scan,
    now: DateTime<Utc>,
    after: Option<Cursor>,
    window: &[i64],
) -> QueryResult<Vec<OpenStep>> {
    claim_query(calendar, scan, now, after, window).load(conn)
}

/// The watch's queries as a run starts them (the due steps' claim, the coming steps' window
/// and claim), for a test to EXPLAIN.
pub fn claim_queries(
    calendar: &WorkingCalendar,
    now: DateTime<Utc>,
) -> (
    [impl QueryFragment<Pg> + QueryId + use<>; 2],
    impl QueryFragment<Pg> + QueryId + use<>,
) {
    (
        [Scan::Due, Scan::Coming].map(|scan| claim_query(calendar, scan, now, None, &[1, 2])),
        coming_window_query(now, None),
    )
}

#[derive(Debug, QueryableByName)]
struct WindowEntry {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Timestamptz)]
    step_due: DateTime<Utc>,
}

/// The next `BATCH` open applications after `after` whose current step falls due within the
/// look-ahead, in the scan's order, straight from the index. The claim then takes the steps
/// still to warn among them, and the scan goes on after the window's last one — so each run
/// reads every coming step once, however many of them are already warned. (With the claim's
/// filters in the same query, PostgreSQL expects few rows and sorts all of the window up to
/// the look-ahead for every batch.)
fn coming_window(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    after: Option<Cursor>,
) -> QueryResult<Vec<Cursor>> {
    let window: Vec<WindowEntry> = coming_window_query(now, after).load(conn)?;
    Ok(window.into_iter().map(|w| (w.step_due, w.id)).collect())
}

fn coming_window_query(
    now: DateTime<Utc>,
    after: Option<Cursor>,
) -> impl Loads<WindowEntry> + use<> {
    diesel::sql_query(format!(
        "SELECT a.id, a.step_due FROM applications a
         WHERE a.step_role IS NOT NULL AND a.step_due > $1 AND a.step_due <= $2
           AND (a.step_due, a.id) > (COALESCE($3, $1), COALESCE($4, 0))
         ORDER BY a.step_due, a.id
         LIMIT {BATCH}"
    ))
    .bind::<Timestamptz, _>(now)
    .bind::<Timestamptz, _>(now + LOOK_AHEAD)
    .bind::<Nullable<Timestamptz>, _>(after.map(|a| a.0))
    .bind::<Nullable<BigInt>, _>(after.map(|a| a.1))
}

fn claim_query(
    calendar: &WorkingCalendar,
    scan: Scan,
    now: DateTime<Utc>,
    after: Option<Cursor>,
    window: &[i64],
) -> impl Loads<OpenStep> + use<> {
    let (scope, cursor) = match scan {
        Scan::Due => (
            "a.step_due <= $1 AND s.overdue_at IS NULL AND $8::bigint[] IS NOT NULL",
            "AND (a.step_due, a.id) > (COALESCE($5, '-infinity'), COALESCE($6, 0))",
        ),
        // Only a step given more than a working day is warned: one given less is "due within
        // a day" from the moment it opens, and its staff knew that then.
        Scan::Coming => (
            "a.id = ANY($8) AND a.step_due > $1 AND a.step_due <= $2
             AND s.warned_at IS NULL AND s.overdue_at IS NULL
             AND CASE s.unit WHEN 'minutes' THEN s.amount > $7
                             WHEN 'hours' THEN s.amount * 60 > $7
                             ELSE s.amount > 1 END",
            "AND $5::timestamptz IS NULL AND $6::bigint IS NULL",
        ),
    };
    let sql = format!(
        "SELECT s.application_id, s.position, s.role, s.warned_at, s.overdue_at,
                a.number, a.organization_id, a.assigned_to, a.step_due
         FROM applications a
         JOIN application_steps s ON s.application_id = a.id AND s.position = a.step_position
         WHERE a.step_role IS NOT NULL AND {scope}
           AND s.done_at IS NULL AND s.role = a.step_role
           AND a.step_role = ANY($3) AND a.status <> ALL($4)
           {cursor}
         ORDER BY a.step_due, a.id
         LIMIT {BATCH}
         FOR UPDATE OF s, a SKIP LOCKED"
    );
    let roles: Vec<&str> = WATCHED_ROLES.iter().map(|r| r.as_str()).collect();
    let closed: Vec<&str> = Status::ALL
        .iter()
        .filter(|s| s.is_closed() || **s == Status::Draft)
        .map(|s| s.as_str())
        .collect();
    diesel::sql_query(sql)
        .bind::<Timestamptz, _>(now)
        .bind::<Timestamptz, _>(now + LOOK_AHEAD)
        .bind::<Array<Text>, _>(roles)
        .bind::<Array<Text>, _>(closed)
        .bind::<Nullable<Timestamptz>, _>(after.map(|a| a.0))
        .bind::<Nullable<BigInt>, _>(after.map(|a| a.1))
        .bind::<BigInt, _>(one_working_day(calendar).num_minutes())
        .bind::<Array<BigInt>, _>(window.to_vec())
}

/// Runs the watch at `now`: flags the due steps, then warns the coming ones, batch by batch.
pub fn run(
    conn: &mut PgConnection,
    calendar: &WorkingCalendar,
    now: DateTime<Utc>,
) -> QueryResult<WatchCounts> {
    let mut counts = WatchCounts::default();
    for scan in [Scan::Due, Scan::Coming] {
        let mut after = None;
        loop {
            let (read, last, stop) =
                conn.transaction(|conn| batch(conn, calendar, scan, now, after, &mut counts))?;
            after = last;
            if stop || read < BATCH as usize {
                break;
            }
        }
    }
    Ok(counts)
}

/// One batch in the caller's transaction: how many steps (due) or applications (coming) it
/// read, where the next batch starts, and whether the scan can stop (a step more than a working
/// day away: later ones are too).
fn batch(
    conn: &mut PgConnection,
    calendar: &WorkingCalendar,
    scan: Scan,
    now: DateTime<Utc>,
    after: Option<Cursor>,
    counts: &mut WatchCounts,
) -> QueryResult<(usize, Option<Cursor>, bool)> {
    let (steps, read, last, mut stop) = match scan {
        Scan::Due => {
            let steps = claim(conn, calendar, scan, now, after, &[])?;
            let (read, last) = (
                steps.len(),
                steps.last().map(|s| (s.step_due, s.application_id)),
            );
            (steps, read, last, false)
        }
        Scan::Coming => {
            let window = coming_window(conn, now, after)?;
            let ids: Vec<i64> = window.iter().map(|(_, id)| *id).collect();
            let steps = claim(conn, calendar, scan, now, None, &ids)?;
            let last = window.last().copied();
            // The window reached past the next working day: later ones are further still.
            let beyond = last.is_some_and(|(due, _)| {
                matches!(verdict(calendar, now, due, false, false), Verdict::Later)
            });
            (steps, window.len(), last, beyond)
        }
    };
    let last = last.or(after);
    for step in &steps {
        let mark = match verdict(
            calendar,
            now,
            step.step_due,
            step.warned_at.is_some(),
            step.overdue_at.is_some(),
        ) {
            Verdict::Mark(mark) => mark,
            Verdict::Later => {
                stop = true;
                break;
            }
            Verdict::Nothing => continue,
        };
        if !set_mark(conn, step, mark, now)? {
            continue;
        }
        match mark {
            Mark::Warn => counts.warned += 1,
            Mark::Overdue => counts.overdue += 1,
        }
        counts.notified += notify(conn, step, mark)?;
    }
    Ok((read, last, stop))
}

/// Sets the mark unless it is set already (the claim's lock makes that impossible; the
/// condition keeps it so even without). True when this call set it.
fn set_mark(
    conn: &mut PgConnection,
    step: &OpenStep,
    mark: Mark,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let target = application_steps::table
        .filter(application_steps::application_id.eq(step.application_id))
        .filter(application_steps::position.eq(step.position))
        .filter(application_steps::done_at.is_null());
    let changed = match mark {
        Mark::Warn => diesel::update(target.filter(application_steps::warned_at.is_null()))
            .set(application_steps::warned_at.eq(now))
            .execute(conn)?,
        Mark::Overdue => diesel::update(target.filter(application_steps::overdue_at.is_null()))
            .set(application_steps::overdue_at.eq(now))
            .execute(conn)?,
    };
    Ok(changed == 1)
}

/// Writes the mark's notice to each of its recipients; returns how many.
fn notify(conn: &mut PgConnection, step: &OpenStep, mark: Mark) -> QueryResult<usize> {
    let Some(role) = WATCHED_ROLES.into_iter().find(|r| r.as_str() == step.role) else {
        return Ok(0);
    };
    let people = staff_to_tell(
        conn,
        recipients(mark, role, step.organization_id, step.assigned_to),
    )?;
    if people.is_empty() {
        return Ok(0);
    }
    let due = local(step.step_due);
    let args = serde_json::json!({
        "number": step.number,
        "date": due.date().format("%Y-%m-%d").to_string(),
        "time": due.format("%H:%M").to_string(),
    });
    let rows: Vec<_> = people
        .iter()
        .map(|id| {
            (
                staff_notifications::staff_id.eq(id),
                staff_notifications::application_id.eq(step.application_id),
                staff_notifications::message_id.eq(mark.message().id()),
                staff_notifications::args.eq(&args),
            )
        })
        .collect();
    diesel::insert_into(staff_notifications::table)
        .values(&rows)
        .execute(conn)
}

/// The accounts behind `recipients`. Disabled accounts are never told; absent ones are not
/// told of work to do (someone present is), but a head is told of an overdue step even while
/// away, as nobody else would be.
fn staff_to_tell(conn: &mut PgConnection, recipients: Recipients) -> QueryResult<Vec<i64>> {
    let enabled = staff::table
        .filter(staff::disabled.eq(false))
        .order(staff::id)
        .select(staff::id);
    match recipients {
        Recipients::Nobody => Ok(vec![]),
        Recipients::Assigned(id) => enabled.filter(staff::id.eq(id)).load(conn),
        Recipients::OrganizationRole(organization, role) => enabled
            .filter(staff::organization_id.eq(organization))
            .filter(staff::role.eq(role.as_str()))
            .filter(staff::absent.eq(false))
            .load(conn),
        Recipients::Operators => enabled
            .filter(staff::role.eq(StaffRole::Operator.as_str()))
            .filter(staff::absent.eq(false))
            .load(conn),
        Recipients::Heads(organization) => enabled
            .filter(staff::organization_id.eq(organization))
            .filter(staff::role.eq(StaffRole::Head.as_str()))
            .load(conn),
    }
}
