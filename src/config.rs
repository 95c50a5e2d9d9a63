//! Settings from the environment (and an optional `.env` file), with defaults that run on a
//! developer's machine as they are.

use std::time::Duration;

use actix_web::cookie::Key;
use chrono::NaiveTime;

use sha2::{Digest, Sha256};

use crate::domain::calendar::WorkingHours;
use crate::domain::signature::SealingKey;

pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/egov_portal";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_SMTP_FROM: &str = "noreply@edu-portal.kz";
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: String,
    /// Signs and encrypts the session cookie. `None`: a random key for this run only.
    pub session_key: Option<Key>,
    /// Adds `Secure` to cookies; set when the portal is served over HTTPS.
    pub cookie_secure: bool,
    /// A signed-in session ends after this long without a request.
    pub session_idle: Duration,
    pub db_pool_size: u32,
    /// Working hours for deadline computations (the days come from the calendar table).
    pub working_hours: WorkingHours,
    /// `smtp://host:25`, `smtps://user:pass@host:465` or `smtp://…:587?tls=required`: e-mail
    /// is sent from the outbox. Unset: outbox rows wait for a later sender.
    pub smtp_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (for sign-in throttling by address).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Sessions in Redis (for several nodes) instead of in the cookie.
    pub redis_url: Option<String>,
    pub smtp_from: String,
    /// Where the portal is reached from outside (`PUBLIC_URL`): the QR codes of results lead
    /// to `{public_url}/verify`.
    pub public_url: String,
    /// Seals the organizations' signing keys (`RESULT_KEY`). Unset: a development key, the same
    /// on every run — fine on a laptop, never in production (`serve` warns).
    pub result_key: SealingKey,
    pub result_key_is_development: bool,
    /// How often each node runs the deadline watch and the outbox sender (`WATCH_INTERVAL_SECS`).
    pub watch_interval: Duration,
    /// `BENCH_CEILING=1`: also route `/bench/ceiling/{number}` (one indexed query, one template),
    /// the yardstick `scripts/bench` compares the real pages with. Never set in production.
    pub bench_ceiling: bool,
}

/// The development result key: a fixed, public value (see `Config::result_key`).
fn development_result_key() -> SealingKey {
    SealingKey(Sha256::digest(b"egov-portal development result key").into())
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("SESSION_KEY must be at least 64 bytes long (e.g. `openssl rand -hex 64`)")]
    SessionKeyTooShort,
    #[error("RESULT_KEY must be at least 32 bytes long (e.g. `openssl rand -hex 32`)")]
    ResultKeyTooShort,
    #[error("{0} must be a whole number, got {1:?}")]
    NotANumber(&'static str, String),
    #[error("TRUSTED_PROXIES must list IP addresses separated by commas; {0:?} is not one")]
    NotAnAddress(String),
    #[error("{0} must be a time like 09:00, got {1:?}")]
    NotATime(&'static str, String),
    #[error(
        "working hours must run WORK_DAY_START < WORK_BREAK_START <= WORK_BREAK_END < WORK_DAY_END"
    )]
    WorkingHoursOrder,
}

impl Config {
    /// Reads `.env` (if present) and the environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        let _ = dotenvy::dotenv();
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let number = |name: &'static str, default: u64| -> Result<u64, ConfigError> {
            match var(name) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse()
                    .map_err(|_| ConfigError::NotANumber(name, v)),
            }
        };
        let (result_key, result_key_is_development) = match var("RESULT_KEY") {
            None => (development_result_key(), true),
            Some(k) if k.len() < 32 => return Err(ConfigError::ResultKeyTooShort),
            Some(k) => (SealingKey(Sha256::digest(k.as_bytes()).into()), false),
        };
        let session_key = match var("SESSION_KEY") {
            None => None,
            Some(k) if k.len() < 64 => return Err(ConfigError::SessionKeyTooShort),
            Some(k) => Some(Key::derive_from(k.as_bytes())),
        };
        let defaults = WorkingHours::default();
        let time = |name: &'static str, default: NaiveTime| -> Result<NaiveTime, ConfigError> {
            match var(name) {
                None => Ok(default),
                Some(v) => NaiveTime::parse_from_str(v.trim(), "%H:%M")
                    .map_err(|_| ConfigError::NotATime(name, v)),
            }
        };
        let working_hours = WorkingHours::new(
            time("WORK_DAY_START", defaults.start)?,
            time("WORK_BREAK_START", defaults.break_start)?,
            time("WORK_BREAK_END", defaults.break_end)?,
            time("WORK_DAY_END", defaults.end)?,
        )
        .ok_or(ConfigError::WorkingHoursOrder)?;
        Ok(Config {
            working_hours,
            smtp_url: var("SMTP_URL"),
            redis_url: var("REDIS_URL"),
            trusted_proxies: match var("TRUSTED_PROXIES") {
                None => vec![],
                Some(list) => list
                    .split(',')
                    .map(|ip| {
                        ip.trim()
                            .parse()
                            .map_err(|_| ConfigError::NotAnAddress(ip.trim().to_string()))
                    })
                    .collect::<Result<_, _>>()?,
            },
            smtp_from: var("SMTP_FROM").unwrap_or_else(|| DEFAULT_SMTP_FROM.into()),
            public_url: var("PUBLIC_URL")
                .map(|u| u.trim_end_matches('/').to_string())
                .unwrap_or_else(|| DEFAULT_PUBLIC_URL.into()),
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            bind: var("BIND").unwrap_or_else(|| DEFAULT_BIND.into()),
            session_key,
            result_key,
            result_key_is_development,
            cookie_secure: matches!(var("COOKIE_SECURE").as_deref(), Some("1" | "true")),
            session_idle: Duration::from_secs(60 * number("SESSION_IDLE_MINUTES", 30)?),
            db_pool_size: number("DB_POOL_SIZE", 10)? as u32,
            watch_interval: Duration::from_secs(number("WATCH_INTERVAL_SECS", 60)?.max(1)),
            bench_ceiling: matches!(var("BENCH_CEILING").as_deref(), Some("1" | "true")),
        })
    }

    /// Settings for tests: the given database, a fixed key, a small pool.
    pub fn for_tests(database_url: &str) -> Config {
        Config {
            database_url: database_url.into(),
            bind: "127.0.0.1:0".into(),
            session_key: Some(Key::derive_from(&[7u8; 64])),
            cookie_secure: false,
            session_idle: Duration::from_secs(30 * 60),
            db_pool_size: 3,
            working_hours: WorkingHours::default(),
            smtp_url: None,
            redis_url: None,
            trusted_proxies: vec![],
            smtp_from: DEFAULT_SMTP_FROM.into(),
            public_url: DEFAULT_PUBLIC_URL.into(),
            result_key: development_result_key(),
            result_key_is_development: true,
            watch_interval: Duration::from_secs(60),
            bench_ceiling: false,
        }
    }
}
