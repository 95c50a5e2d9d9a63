//! One-time signing codes: issued (rate-limited per citizen) and checked (every attempt counts).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::signing_codes;
use crate::domain::actor::{ApplicationId, UserId};
use crate::domain::one_time_code::{self, CodeCheck, MAX_PER_WINDOW, RATE_WINDOW, VALID_FOR};

/// Stores a new code's hash. False: too many codes asked lately (nothing stored).
pub fn issue(
    conn: &mut PgConnection,
    user: UserId,
    application: ApplicationId,
    code_hash: &str,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    conn.transaction(|conn| {
        let recent: i64 = signing_codes::table
            .filter(signing_codes::user_id.eq(user.0))
            .filter(signing_codes::created_at.gt(now - RATE_WINDOW))
            .count()
            .get_result(conn)?;
        if recent >= MAX_PER_WINDOW {
            return Ok(false);
        }
        diesel::insert_into(signing_codes::table)
            .values((
                signing_codes::user_id.eq(user.0),
                signing_codes::application_id.eq(application.0),
                signing_codes::code_hash.eq(code_hash),
                signing_codes::created_at.eq(now),
                signing_codes::expires_at.eq(now + VALID_FOR),
            ))
            .execute(conn)?;
        Ok(true)
    })
}

/// Checks a typed code against the latest unused one of the application; a wrong one counts as
/// an attempt, an accepted one is used up. Commits either way (attempts must stick).
pub fn check(
    conn: &mut PgConnection,
    user: UserId,
    application: ApplicationId,
    typed: &str,
    now: DateTime<Utc>,
) -> QueryResult<CodeCheck> {
    conn.transaction(|conn| {
        let latest: Option<(i64, String, DateTime<Utc>, i32)> = signing_codes::table
            .filter(signing_codes::user_id.eq(user.0))
            .filter(signing_codes::application_id.eq(application.0))
            .filter(signing_codes::used_at.is_null())
            .order(signing_codes::id.desc())
            .select((
                signing_codes::id,
                signing_codes::code_hash,
                signing_codes::expires_at,
                signing_codes::attempts,
            ))
            .for_update()
            .first(conn)
            .optional()?;
        let verdict = one_time_code::judge(
            typed,
            application.0,
            latest.as_ref().map(|(_, h, e, a)| (h.as_str(), *e, *a)),
            now,
        );
        if let Some((id, ..)) = latest {
            let row = signing_codes::table.find(id);
            match verdict {
                CodeCheck::Accepted => {
                    diesel::update(row)
                        .set(signing_codes::used_at.eq(now))
                        .execute(conn)?;
                }
                CodeCheck::Wrong => {
                    diesel::update(row)
                        .set(signing_codes::attempts.eq(signing_codes::attempts + 1))
                        .execute(conn)?;
                }
                _ => {}
            }
        }
        Ok(verdict)
    })
}
