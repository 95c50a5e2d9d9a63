//! Sign-in attempts and lock-outs: after too many failures in a window, an IIN (or an IP
//! address) is refused for a while, whatever password it brings.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;

use crate::db::schema::{sign_in_attempts, sign_in_lockouts};
use crate::domain::iin::Iin;
use crate::repo::users::{self, User};

/// The throttling rules. The defaults are the portal's policy: 5 failures for one IIN or 20
/// from one address within 15 minutes lock it for 15 minutes.
#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    pub window: TimeDelta,
    pub lock_for: TimeDelta,
    pub max_failures_per_iin: i64,
    pub max_failures_per_ip: i64,
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle {
            window: TimeDelta::minutes(15),
            lock_for: TimeDelta::minutes(15),
            max_failures_per_iin: 5,
            max_failures_per_ip: 20,
        }
    }
}

fn iin_subject(iin: &str) -> String {
    format!("iin:{iin}")
}

fn ip_subject(ip: &str) -> String {
    format!("ip:{ip}")
}

/// What a sign-in attempt finds before the password is checked.
pub enum Attempt {
    /// The IIN or the address is locked until then, whatever the password.
    Locked(DateTime<Utc>),
    /// The account of the IIN, if there is one.
    Open(Option<Box<User>>),
}

/// Reads what the attempt needs; the password is then checked away from the connection.
pub fn begin(
    conn: &mut PgConnection,
    iin: &Iin,
    ip: &str,
    now: DateTime<Utc>,
) -> QueryResult<Attempt> {
    Ok(match locked_until(conn, iin.as_str(), ip, now)? {
        Some(until) => Attempt::Locked(until),
        None => Attempt::Open(users::find_by_iin(conn, iin)?.map(Box::new)),
    })
}

/// Records the attempt, in one transaction with — when the citizen `signed_in` — the language
/// they signed in with (a sign-in is their next POST, see `GET /lang`).
pub fn finish(
    conn: &mut PgConnection,
    rules: &Throttle,
    iin: &Iin,
    ip: &str,
    signed_in: Option<(i64, &str)>,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    conn.transaction(|conn| {
        record(conn, rules, iin.as_str(), ip, signed_in.is_some(), now)?;
        if let Some((id, lang)) = signed_in {
            users::set_lang(conn, id, lang)?;
            crate::repo::audit::record(
                conn,
                &crate::repo::audit::Entry {
                    who: crate::repo::audit::Who::Citizen(id),
                    action: "sign_in",
                    object: None,
                    details: serde_json::json!({ "ip": ip }),
                },
                now,
            )?;
        }
        Ok(())
    })
}

/// When the IIN or the address is locked, the moment the lock ends (the later of the two).
pub fn locked_until(
    conn: &mut PgConnection,
    iin: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> QueryResult<Option<DateTime<Utc>>> {
    sign_in_lockouts::table
        .filter(sign_in_lockouts::subject.eq_any([iin_subject(iin), ip_subject(ip)]))
        .filter(sign_in_lockouts::locked_until.gt(now))
        .select(diesel::dsl::max(sign_in_lockouts::locked_until))
        .first(conn)
}

/// Records an attempt. A failure that reaches a limit locks its subject; a success clears the
/// IIN's lock and restarts its count.
pub fn record(
    conn: &mut PgConnection,
    rules: &Throttle,
    iin: &str,
    ip: &str,
    succeeded: bool,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    conn.transaction(|conn| {
        diesel::insert_into(sign_in_attempts::table)
            .values((
                sign_in_attempts::iin.eq(iin),
                sign_in_attempts::ip.eq(ip),
                sign_in_attempts::succeeded.eq(succeeded),
                sign_in_attempts::attempted_at.eq(now),
            ))
            .execute(conn)?;
        if succeeded {
            return Ok(());
        }
        let since = now - rules.window;
        // Failures since the window opened, and since this IIN last signed in successfully.
        let last_success: Option<DateTime<Utc>> = sign_in_attempts::table
            .filter(sign_in_attempts::iin.eq(iin))
            .filter(sign_in_attempts::succeeded.eq(true))
            .select(diesel::dsl::max(sign_in_attempts::attempted_at))
            .first(conn)?;
        let iin_since = last_success.map_or(since, |s| s.max(since));
        let iin_failures: i64 = sign_in_attempts::table
            .filter(sign_in_attempts::iin.eq(iin))
            .filter(sign_in_attempts::succeeded.eq(false))
            .filter(sign_in_attempts::attempted_at.gt(iin_since))
            .count()
            .get_result(conn)?;
        let ip_failures: i64 = sign_in_attempts::table
            .filter(sign_in_attempts::ip.eq(ip))
            .filter(sign_in_attempts::succeeded.eq(false))
            .filter(sign_in_attempts::attempted_at.gt(since))
            .count()
            .get_result(conn)?;
        let until = now + rules.lock_for;
        if iin_failures >= rules.max_failures_per_iin {
            lock(conn, &iin_subject(iin), until)?;
        }
        if ip_failures >= rules.max_failures_per_ip {
            lock(conn, &ip_subject(ip), until)?;
        }
        Ok(())
    })
}

fn lock(conn: &mut PgConnection, subject: &str, until: DateTime<Utc>) -> QueryResult<()> {
    diesel::insert_into(sign_in_lockouts::table)
        .values((
            sign_in_lockouts::subject.eq(subject),
            sign_in_lockouts::locked_until.eq(until),
        ))
        .on_conflict(sign_in_lockouts::subject)
        .do_update()
        .set(sign_in_lockouts::locked_until.eq(until))
        .execute(conn)?;
    Ok(())
}
