//! The citizen's notifications (message id + arguments, rendered in the reader's language).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{applications, notifications};

#[derive(Debug, Clone, Queryable)]
pub struct NotificationRow {
    pub id: i64,
    pub message_id: String,
    pub args: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    pub application_number: Option<String>,
}

/// The newest notifications of one user (at most `limit`).
pub fn list(
    conn: &mut PgConnection,
    user_id: i64,
    limit: i64,
) -> QueryResult<Vec<NotificationRow>> {
    notifications::table
        .left_join(applications::table)
        .filter(notifications::user_id.eq(user_id))
        .order((notifications::created_at.desc(), notifications::id.desc()))
        .limit(limit)
        .select((
            notifications::id,
            notifications::message_id,
            notifications::args,
            notifications::created_at,
            notifications::read_at,
            applications::number.nullable(),
        ))
        .load(conn)
}

pub fn unread_count(conn: &mut PgConnection, user_id: i64) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

pub fn mark_all_read(
    conn: &mut PgConnection,
    user_id: i64,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(now))
    .execute(conn)
}
