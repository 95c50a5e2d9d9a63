//! The citizen's notifications (message id + arguments, rendered in the reader's language),
//! and the outbox rows that send them.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{applications, notifications, outbox, users};
use crate::domain::MsgId;
use crate::domain::actor::{ApplicationId, UserId};

/// Writes a notification and, for each contact the citizen has, an outbox row to send it.
/// Runs inside the caller's transaction, so a notice exists exactly when its change does.
pub fn notify(
    conn: &mut PgConnection,
    user: UserId,
    application: ApplicationId,
    message: MsgId,
    args: serde_json::Value,
    lang: &str,
) -> QueryResult<()> {
    let notification_id: i64 = diesel::insert_into(notifications::table)
        .values((
            notifications::user_id.eq(user.0),
            notifications::application_id.eq(application.0),
            notifications::message_id.eq(message.id()),
            notifications::args.eq(&args),
        ))
        .returning(notifications::id)
        .get_result(conn)?;
    let (phone, email): (String, Option<String>) = users::table
        .find(user.0)
        .select((users::phone, users::email))
        .first(conn)?;
    let mut contacts = vec![("sms", phone)];
    contacts.extend(email.map(|e| ("email", e)));
    for (channel, recipient) in contacts {
        diesel::insert_into(outbox::table)
            .values((
                outbox::notification_id.eq(notification_id),
                outbox::channel.eq(channel),
                outbox::recipient.eq(recipient),
                outbox::lang.eq(lang),
            ))
            .execute(conn)?;
    }
    Ok(())
}

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
