//! A staff member's queue: the applications of their organization whose current step is their
//! role's (an executor: those assigned to them, and unassigned ones they may take), by due
//! instant. One index scan (`applications_queue`) even with many open applications.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{applications, users};
use crate::domain::actor::{Staff, StaffRole};
use crate::domain::application::Status;

pub const QUEUE_PAGE: i64 = 50;

#[derive(Debug, Clone, Default)]
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

pub fn queue(
    conn: &mut PgConnection,
    staff: Staff,
    filter: &QueueFilter,
    page: i64,
) -> QueryResult<QueuePage> {
    let Some(org) = staff.organization.filter(|_| staff.role.in_organization()) else {
        return Ok(QueuePage::default());
    };
    let mine = || {
        let mut q = applications::table
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
        q
    };
    let filtered = || {
        let mut q = mine();
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
    };
    // Not boxed: a boxed query cannot be grouped.
    let everyone = if staff.role == StaffRole::Executor {
        "false"
    } else {
        "true"
    };
    let counts: Vec<(String, i64)> = applications::table
        .filter(applications::organization_id.eq(org.0))
        .filter(applications::step_role.eq(staff.role.as_str()))
        .filter(
            applications::assigned_to
                .eq(staff.id.0)
                .or(applications::assigned_to.is_null())
                .or(diesel::dsl::sql::<diesel::sql_types::Bool>(everyone)),
        )
        .group_by(applications::status)
        .select((applications::status, diesel::dsl::count_star()))
        .load(conn)?;
    let total: i64 = filtered().count().get_result(conn)?;
    let ids: Vec<i64> = filtered()
        .order((applications::step_due.asc(), applications::id.asc()))
        .limit(QUEUE_PAGE)
        .offset((page.max(1) - 1) * QUEUE_PAGE)
        .select(applications::id)
        .load(conn)?;
    let rows = applications::table
        .inner_join(users::table)
        .filter(applications::id.eq_any(&ids))
        .order((applications::step_due.asc(), applications::id.asc()))
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
        ))
        .load(conn)?;
    Ok(QueuePage {
        rows,
        total,
        counts,
    })
}
