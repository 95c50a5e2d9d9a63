//! The e-mail outbox. A sender claims a batch in one short transaction and sends after it has
//! committed; each message is then marked sent (or its error kept) on its own. So no SMTP call
//! runs while rows are locked, and a failed commit can never send a batch twice.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{notifications, outbox};

/// Attempts before a row is left alone (its `last_error` says why).
pub const MAX_ATTEMPTS: i32 = 5;

/// An e-mail claimed for sending, with what is needed to write it.
#[derive(Debug, Queryable)]
pub struct PendingEmail {
    pub id: i64,
    pub recipient: String,
    pub lang: String,
    pub message_id: String,
    pub args: serde_json::Value,
}

/// Claims up to `limit` e-mails that nobody is sending: unsent, under the attempt limit, and
/// unclaimed or claimed before `stale_before` (that sender died before it could mark them).
/// Claiming counts as an attempt. Rows another sender is claiming right now are skipped.
pub fn claim(
    conn: &mut PgConnection,
    sender: &str,
    now: DateTime<Utc>,
    stale_before: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<PendingEmail>> {
    conn.transaction(|conn| {
        let ids: Vec<i64> = outbox::table
            .filter(outbox::channel.eq("email"))
            .filter(outbox::sent_at.is_null())
            .filter(outbox::attempts.lt(MAX_ATTEMPTS))
            .filter(
                outbox::claimed_at
                    .is_null()
                    .or(outbox::claimed_at.lt(stale_before)),
            )
            .order(outbox::id)
            .limit(limit)
            .select(outbox::id)
            .for_update()
            .skip_locked()
            .load(conn)?;
        if ids.is_empty() {
            return Ok(vec![]);
        }
        diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
            .set((
                outbox::claimed_at.eq(now),
                outbox::claimed_by.eq(sender),
                outbox::attempts.eq(outbox::attempts + 1),
            ))
            .execute(conn)?;
        outbox::table
            .inner_join(notifications::table)
            .filter(outbox::id.eq_any(&ids))
            .order(outbox::id)
            .select((
                outbox::id,
                outbox::recipient,
                outbox::lang,
                notifications::message_id,
                notifications::args,
            ))
            .load(conn)
    })
}

/// The message went out. One statement, so its own transaction.
pub fn mark_sent(conn: &mut PgConnection, id: i64, at: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::sent_at.eq(at),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// The message could not be sent: keeps why and releases the claim, so a later run retries it
/// (until `MAX_ATTEMPTS`).
pub fn mark_failed(conn: &mut PgConnection, id: i64, error: &str) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::last_error.eq(error),
            outbox::claimed_at.eq(None::<DateTime<Utc>>),
        ))
        .execute(conn)?;
    Ok(())
}
