//! One-time signing codes: six digits, valid five minutes, three attempts, stored only as a
//! hash bound to the application (a code for one application signs no other).

use chrono::{DateTime, TimeDelta, Utc};
use rand::Rng;
use sha2::{Digest, Sha256};

pub const VALID_FOR: TimeDelta = TimeDelta::minutes(5);
pub const MAX_ATTEMPTS: i32 = 3;
/// At most this many codes per citizen in `RATE_WINDOW`.
pub const MAX_PER_WINDOW: i64 = 3;
pub const RATE_WINDOW: TimeDelta = TimeDelta::minutes(15);

pub fn new_code(rng: &mut impl Rng) -> String {
    format!("{:06}", rng.gen_range(0..1_000_000))
}

/// The stored form of a code for an application.
pub fn hash(code: &str, application_id: i64) -> String {
    let digest = Sha256::digest(format!(
        "egov-signing-code\0{application_id}\0{}",
        code.trim()
    ));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a typed code amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    Accepted,
    Wrong,
    Expired,
    /// Three wrong attempts: ask for a new code.
    Exhausted,
    /// No code was asked for this application.
    Missing,
}

/// Judges a typed code against the latest one issued (its hash, expiry and attempts so far).
pub fn judge(
    typed: &str,
    application_id: i64,
    issued: Option<(&str, DateTime<Utc>, i32)>,
    now: DateTime<Utc>,
) -> CodeCheck {
    let Some((stored, expires_at, attempts)) = issued else {
        return CodeCheck::Missing;
    };
    if attempts >= MAX_ATTEMPTS {
        CodeCheck::Exhausted
    } else if now > expires_at {
        CodeCheck::Expired
    } else if hash(typed, application_id) == stored {
        CodeCheck::Accepted
    } else {
        CodeCheck::Wrong
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_judged_by_value_time_and_attempts() {
        let now: DateTime<Utc> = "2026-12-03T10:00:00Z".parse().unwrap();
        let code = new_code(&mut rand::thread_rng());
        assert_eq!(code.len(), 6);
        let stored = hash(&code, 7);
        let issued = Some((stored.as_str(), now + VALID_FOR, 0));
        assert_eq!(judge(&code, 7, issued, now), CodeCheck::Accepted);
        assert_eq!(
            judge(&code, 8, issued, now),
            CodeCheck::Wrong,
            "another application"
        );
        assert_eq!(judge("000000x", 7, issued, now), CodeCheck::Wrong);
        let later = now + VALID_FOR + TimeDelta::seconds(1);
        assert_eq!(judge(&code, 7, issued, later), CodeCheck::Expired);
        let tried = Some((stored.as_str(), now + VALID_FOR, MAX_ATTEMPTS));
        assert_eq!(judge(&code, 7, tried, now), CodeCheck::Exhausted);
        assert_eq!(judge(&code, 7, None, now), CodeCheck::Missing);
    }
}
