//! What staff are told (the deadline watch's warnings and overdue flags): message id +
//! arguments, rendered in the reader's language. Every query takes the reader: a staff member
//! reads and marks only their own.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{applications, staff_notifications};
use crate::domain::actor::StaffId;

#[derive(Debug, Clone, Queryable)]
pub struct StaffNotificationRow {
    pub id: i64,
    pub message_id: String,
    pub args: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    pub application_number: Option<String>,
}

/// The reader's newest notifications (at most `limit`).
pub fn list(
    conn: &mut PgConnection,
    reader: StaffId,
    limit: i64,
) -> QueryResult<Vec<StaffNotificationRow>> {
    staff_notifications::table
        .left_join(applications::table)
        .filter(staff_notifications::staff_id.eq(reader.0))
        .order((
            staff_notifications::created_at.desc(),
            staff_notifications::id.desc(),
        ))
        .limit(limit)
        .select((
            staff_notifications::id,
            staff_notifications::message_id,
            staff_notifications::args,
            staff_notifications::created_at,
            staff_notifications::read_at,
            applications::number.nullable(),
        ))
        .load(conn)
}

pub fn unread_count(conn: &mut PgConnection, reader: StaffId) -> QueryResult<i64> {
    staff_notifications::table
        .filter(staff_notifications::staff_id.eq(reader.0))
        .filter(staff_notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

pub fn mark_all_read(
    conn: &mut PgConnection,
    reader: StaffId,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(
        staff_notifications::table
            .filter(staff_notifications::staff_id.eq(reader.0))
            .filter(staff_notifications::read_at.is_null()),
    )
    .set(staff_notifications::read_at.eq(now))
    .execute(conn)
}
