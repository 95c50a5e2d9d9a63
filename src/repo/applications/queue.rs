//! A staff member's queue: the applications of their organization whose current step is their
//! role's (an executor: those assigned to them, and unassigned ones they may take), by due
//! instant. One index scan (`applications_queue`) even with many open applications. A page is
//! kept in memory (`KeptQueues`) under the organization's queue revision, which the database
//! raises with every change to its applications (migration `…000016`): read with the session
//! check, a view of an unchanged queue is one round trip.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{applications, users};
use crate::domain::actor::{Staff, StaffRole};
use crate::domain::application::Status;
use crate::domain::calendar::WorkingCalendar;
use crate::repo::Loads;
use crate::repo::calendar::CalendarCache;
use crate::repo::kept::Kept;
use crate::repo::staff::{self as staff_repo, StaffHead};

pub const QUEUE_PAGE: i64 = 50;

/// How many queue pages a server keeps (about 15 KB each).
const PAGES_KEPT: usize = 512;

/// The queue pages kept, by staff member, filter and page, under the organization's queue
/// revision and the reference revision.
pub struct KeptQueues(Kept<(i64, QueueFilter, i64), (i64, i64), QueuePage>);

impl Default for KeptQueues {
    fn default() -> Self {
        KeptQueues(Kept::new(PAGES_KEPT))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct QueueFilter {
    pub service: Option<String>,
    pub status: Option<Status>,
    pub channel: Option<String>,
}

#[derive(Debug, Clone, Queryable)]
pub struct QueueRow {
    pub number: String,
    pub service_code: String,
    pub channel: String,
    #[diesel(deserialize_as = String)]
    pub status: Status,
    pub step_position: Option<i32>,
    pub step_due: Option<DateTime<Utc>>,
    pub expected_at: Option<DateTime<Utc>>,
    pub assigned_to: Option<i64>,
    pub last_name: String,
    pub first_name: String,
}

/// One page of a queue, with the total and how many of the whole queue are in each status.
#[derive(Debug, Default)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    pub total: i64,
    pub counts: Vec<(String, i64)>,
}

/// The queue page as read: the session check (`StaffHead`), the page and the calendar.
pub type Queue = (StaffHead, Arc<QueuePage>, Arc<WorkingCalendar>);

/// One page of the queue with the session check and the calendar, `None` when the account is
/// gone or disabled: one query while the organization's applications have not changed since
/// the page was last read, four when they have.
pub fn queue(
    conn: &mut PgConnection,
    (kept, calendars): (&KeptQueues, &CalendarCache),
    staff: Staff,
    filter: &QueueFilter,
    page: i64,
) -> QueryResult<Option<Queue>> {
    let Some(head) = staff_repo::head(conn, staff.id)? else {
        return Ok(None);
    };
    let key = (staff.id.0, filter.clone(), page);
    let listed = match kept.0.get(&key, head.revisions) {
        Some(listed) => listed,
        // Read after the head: the page is at least as new as the revision it is kept under.
        None => kept
            .0
            .keep(key, head.revisions, read(conn, staff, filter, page)?),
    };
    let calendar = calendars.at(conn, head.revisions.1)?;
    Ok(Some((head, listed, calendar)))
}

/// Reads a page of the queue: the counts by status, the total, the page.
fn read(
    conn: &mut PgConnection,
    staff: Staff,
    filter: &QueueFilter,
    page: i64,
) -> QueryResult<QueuePage> {
    let Some(queries) = queries(staff, filter, page) else {
        return Ok(QueuePage::default());
    };
    Ok(QueuePage {
        counts: queries.counts.load(conn)?,
        total: queries.total.get_result(conn)?,
        rows: queries.rows.load(conn)?,
    })
}

/// The three queries of a queue page, none for a member without a queue (public so that a test
/// can EXPLAIN them).
pub struct Queries<C, T, R> {
    pub counts: C,
    pub total: T,
    pub rows: R,
}

// Three query types, each named by the rows it loads: nothing simpler names them.
#[allow(clippy::type_complexity)]
pub fn queries(
    staff: Staff,
    filter: &QueueFilter,
    page: i64,
) -> Option<Queries<impl Loads<(String, i64)>, impl Loads<i64>, impl Loads<QueueRow>>> {
    let org = staff
        .organization
        .filter(|_| staff.role.in_organization())?;
    // The queue's rows, narrowed by the filter, from any query over `applications` (the total
    // reads the table alone, the page joins the applicants).
    macro_rules! filtered {
        ($from:expr) => {{
            let mut q = $from
                .filter(applications::organization_id.eq(org.0))
                .filter(applications::step_role.eq(staff.role.as_str()))
                .into_boxed();
            if staff.role == StaffRole::Executor {
                q = q.filter(
                    applications::assigned_to
                        .eq(staff.id.0)
                        .or(applications::assigned_to.is_null()),
                );
            }
            if let Some(s) = &filter.service {
                q = q.filter(applications::service_code.eq(s.clone()));
            }
            if let Some(s) = filter.status {
                q = q.filter(applications::status.eq(s.as_str()));
            }
            if let Some(c) = &filter.channel {
                q = q.filter(applications::channel.eq(c.clone()));
            }
            q
        }};
    }
    // Not boxed: a boxed query cannot be grouped. (A bound value, not SQL text, so that the
    // statement is prepared once.)
    let everyone = staff.role != StaffRole::Executor;
    let counts = applications::table
        .filter(applications::organization_id.eq(org.0))
        .filter(applications::step_role.eq(staff.role.as_str()))
        .filter(
            applications::assigned_to
                .eq(staff.id.0)
                .or(applications::assigned_to.is_null())
                .or(everyone.into_sql::<diesel::sql_types::Bool>()),
        )
        .group_by(applications::status)
        .select((applications::status, diesel::dsl::count_star()));
    let total = filtered!(applications::table).count();
    // The page's rows by the queue index's order; the applicant's name by primary key, for
    // these rows only.
    let rows = filtered!(applications::table.inner_join(users::table))
        .order((applications::step_due.asc(), applications::id.asc()))
        .limit(QUEUE_PAGE)
        .offset((page.max(1) - 1) * QUEUE_PAGE)
        .select((
            applications::number,
            applications::service_code,
            applications::channel,
            applications::status,
            applications::step_position,
            applications::step_due,
            applications::expected_at,
            applications::assigned_to,
            users::last_name,
            users::first_name,
        ));
    Some(Queries {
        counts,
        total,
        rows,
    })
}
