//! The outbox: e-mails and text messages waiting to be sent. A sender claims a batch in one
//! short transaction and sends after it has committed; each message is then marked sent (or its
//! error kept and its next attempt put off) on its own. So no SMTP or SMS call runs while rows
//! are locked, and a failed commit can never send a batch twice.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;

use crate::db::schema::{notifications, outbox};

/// Attempts before a row is left alone (its `last_error` says why).
pub const MAX_ATTEMPTS: i32 = 5;

/// The longest a failed message waits before its next attempt.
pub const MAX_BACKOFF: TimeDelta = TimeDelta::hours(1);

/// How long a message waits after its `attempts`-th attempt failed: a minute, then twice as
/// long after each failure, at most `MAX_BACKOFF`.
pub fn backoff(attempts: i32) -> TimeDelta {
    let doublings = attempts.clamp(1, 31) - 1;
    TimeDelta::minutes(1)
        .checked_mul(1 << doublings.min(16))
        .map_or(MAX_BACKOFF, |d| d.min(MAX_BACKOFF))
}

/// A message claimed for sending, with what is needed to write it.
#[derive(Debug, Queryable)]
pub struct PendingMessage {
    pub id: i64,
    /// `email` or `sms`.
    pub channel: String,
    pub recipient: String,
    pub lang: String,
    /// Attempts so far, this one included.
    pub attempts: i32,
    pub message_id: String,
    pub args: serde_json::Value,
}

/// Claims up to `limit` messages of `channels` that nobody is sending: unsent, under the
/// attempt limit, due for an attempt (`next_attempt_at` reached), and unclaimed or claimed
/// before `stale_before` (that sender died before it could mark them). Claiming counts as an
/// attempt. Rows another sender is claiming right now are skipped.
pub fn claim(
    conn: &mut PgConnection,
    sender: &str,
    channels: &[&str],
    now: DateTime<Utc>,
    stale_before: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<PendingMessage>> {
    if channels.is_empty() {
        return Ok(vec![]);
    }
    conn.transaction(|conn| {
        let ids: Vec<i64> = outbox::table
            .filter(outbox::channel.eq_any(channels))
            .filter(outbox::sent_at.is_null())
            .filter(outbox::attempts.lt(MAX_ATTEMPTS))
            .filter(outbox::next_attempt_at.le(now))
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
                outbox::channel,
                outbox::recipient,
                outbox::lang,
                outbox::attempts,
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

/// The message could not be sent: keeps why, releases the claim and puts the next attempt off
/// until `retry_at` (a later run retries it then, until `MAX_ATTEMPTS`).
pub fn mark_failed(
    conn: &mut PgConnection,
    id: i64,
    error: &str,
    retry_at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::last_error.eq(error),
            outbox::claimed_at.eq(None::<DateTime<Utc>>),
            outbox::next_attempt_at.eq(retry_at),
        ))
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_doubles_the_wait_up_to_an_hour() {
        let minutes: Vec<i64> = (1..=9).map(|n| backoff(n).num_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(backoff(0), TimeDelta::minutes(1));
        assert_eq!(backoff(i32::MAX), MAX_BACKOFF);
    }
}
