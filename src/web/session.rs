//! The session: who is signed in, the CSRF token, one-time notices, the idle timeout, and the
//! session generation that lets a password change end the citizen's other sessions.
//!
//! The session lives in a private (encrypted and signed) cookie, or in Redis. Its keys are read
//! and written only here.

use actix_session::{Session, SessionExt};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use actix_web::{FromRequest, HttpMessage, HttpRequest, ResponseError};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures_util::future::LocalBoxFuture;
use rand::RngCore;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::rc::Rc;
use subtle::ConstantTimeEq;

use super::errors::AppError;
use crate::domain::MsgId;
use crate::domain::input::is_clean_field;
use crate::repo::users;
use crate::state::AppState;

const USER: &str = "user";
const STAFF: &str = "staff";
const CSRF: &str = "csrf";
const FLASH: &str = "flash";
const LAST_SEEN: &str = "seen";

pub const CSRF_FIELD: &str = "csrf_token";

/// The signed-in citizen as the session remembers them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: i64,
    pub name: String,
    /// `users.session_generation` when this session started (sessions from before the column
    /// existed read as 0, its default).
    #[serde(default)]
    pub generation: i32,
}

pub fn user(session: &Session) -> Option<SessionUser> {
    session.get(USER).ok().flatten()
}

/// A signed-in staff member as the session remembers them. A session holds a citizen or a
/// staff member, never both.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionStaff {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub organization: Option<i64>,
    /// `staff.session_generation` when this session started.
    pub generation: i32,
}

pub fn staff(session: &Session) -> Option<SessionStaff> {
    session.get(STAFF).ok().flatten()
}

/// Starts a fresh session for a staff member (as `sign_in` does for a citizen).
pub fn sign_in_staff(session: &Session, staff: SessionStaff) -> Result<(), AppError> {
    reset(session);
    session.insert(STAFF, staff).map_err(AppError::internal)?;
    session
        .insert(CSRF, random_token())
        .map_err(AppError::internal)?;
    session
        .insert(LAST_SEEN, chrono::Utc::now().timestamp())
        .map_err(AppError::internal)?;
    Ok(())
}

/// This session's CSRF token, created on first use.
pub fn csrf_token(session: &Session) -> String {
    if let Ok(Some(token)) = session.get::<String>(CSRF) {
        return token;
    }
    let token = random_token();
    let _ = session.insert(CSRF, &token);
    token
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `sent` is this session's CSRF token (compared in constant time).
pub fn csrf_matches(session: &Session, sent: &str) -> bool {
    match session.get::<String>(CSRF).ok().flatten() {
        Some(expected) => {
            !sent.is_empty() && bool::from(sent.as_bytes().ct_eq(expected.as_bytes()))
        }
        None => false,
    }
}

/// Leaves a notice (a message id) for the next page shown.
pub fn set_flash(session: &Session, message: MsgId) {
    let _ = session.insert(FLASH, message.id());
}

pub fn take_flash(session: &Session) -> Option<String> {
    // Removing marks the session changed (a new cookie, a write to Redis) even when nothing
    // was there: look first.
    session.contains_key(FLASH).then_some(())?;
    session.remove_as::<String>(FLASH).and_then(Result::ok)
}

/// Starts a fresh session for `user`: a new session state and a new CSRF token, so nothing
/// from before sign-in (fixation) carries over.
pub fn sign_in(session: &Session, user: SessionUser) -> Result<(), AppError> {
    reset(session);
    session.insert(USER, user).map_err(AppError::internal)?;
    session
        .insert(CSRF, random_token())
        .map_err(AppError::internal)?;
    session
        .insert(LAST_SEEN, chrono::Utc::now().timestamp())
        .map_err(AppError::internal)?;
    Ok(())
}

pub fn sign_out(session: &Session) {
    reset(session);
}

/// After a password change: this session goes on under a new key and a new CSRF token, in the
/// account's new `generation` (every other session of the citizen is now stale).
pub fn renew(session: &Session, generation: i32) -> Result<(), AppError> {
    let Some(mut user) = user(session) else {
        return Ok(());
    };
    user.generation = generation;
    session.renew();
    session.insert(USER, user).map_err(AppError::internal)?;
    session
        .insert(CSRF, random_token())
        .map_err(AppError::internal)?;
    Ok(())
}

/// Empties the session under a new cookie. (`purge` would also drop anything inserted
/// afterwards, such as the notice that says why the user was signed out.)
fn reset(session: &Session) {
    session.clear();
    session.renew();
}

/// Who the session says is signed in, with the generation it was started in.
enum Signed {
    Citizen(SessionUser),
    Staff(SessionStaff),
}

fn signed_in(session: &Session) -> Option<Signed> {
    user(session)
        .map(Signed::Citizen)
        .or_else(|| staff(session).map(Signed::Staff))
}

/// How long the last-seen time may lag behind the last request, at most: the session is
/// written again (a new cookie, or a write to Redis) only when the time it holds is older, not
/// on every response. The idle timeout can so end a session up to this much early, never late;
/// a short timeout (tests) gets a thirtieth of itself.
const SEEN_PRECISION_SECS: i64 = 60;

/// Ends a signed-in session (a citizen's or a staff member's) that has been idle too long, or
/// that was started before the account's password last changed (or the account was disabled);
/// otherwise notes this request's time. The pages that read the check with their own query
/// (`web::FOLDED_CHECK_PAGES`) get it as a `FoldedCheck` to confirm instead; one that answers
/// with a page without confirming it is refused here.
pub async fn idle_timeout(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let session = req.get_session();
    let state = req.app_data::<Data<AppState>>().cloned();
    let mut folded = None;
    if let Some(signed) = signed_in(&session) {
        let idle_limit = state
            .as_ref()
            .map(|s| s.config.session_idle)
            .unwrap_or(std::time::Duration::from_secs(30 * 60));
        let now = chrono::Utc::now().timestamp();
        let seen = session.get::<i64>(LAST_SEEN).ok().flatten().unwrap_or(0);
        if now.saturating_sub(seen) > idle_limit.as_secs() as i64 {
            reset(&session);
            set_flash(&session, MsgId("notice-session-expired"));
        } else {
            let current = match state {
                // Static files say nothing about the account; they need no query.
                Some(_) if req.path().starts_with("/static/") => None,
                Some(_) if super::folds_session_check(req.method(), req.path()) => {
                    let check = FoldedCheck {
                        generation: signed.generation(),
                        confirmed: Rc::new(Cell::new(false)),
                    };
                    folded = Some(check.confirmed.clone());
                    req.extensions_mut().insert(check);
                    None
                }
                Some(state) => Some(current_session(&state, &signed).await),
                None => None,
            };
            match current {
                Some(Ok(None)) => end_stale(&session),
                other => {
                    match other {
                        // Not known to be current: the guards fail this request with the error
                        // page rather than let a revoked session through.
                        Some(Err(e)) => {
                            tracing::error!(error = %e, "session generation not checked");
                            req.extensions_mut().insert(Unchecked);
                        }
                        // Read in the same query, for the page header (`PageCtx`).
                        Some(Ok(Some(unread))) => {
                            req.extensions_mut().insert(Unread(unread));
                        }
                        _ => {}
                    }
                    let precision = (idle_limit.as_secs() as i64 / 30).min(SEEN_PRECISION_SECS);
                    if now - seen >= precision {
                        let _ = session.insert(LAST_SEEN, now);
                    }
                }
            }
        }
    }
    let res = next.call(req).await?;
    match folded {
        Some(confirmed) if !confirmed.get() && res.status().is_success() => {
            tracing::error!(path = %res.request().path(), "page answered before its session check");
            let refused = AppError::internal(anyhow::anyhow!("session check not confirmed"));
            Ok(res
                .into_response(refused.error_response())
                .map_into_right_body())
        }
        _ => Ok(res.map_into_left_body()),
    }
}

/// Ends a session whose account moved on (password changed, disabled, deleted).
fn end_stale(session: &Session) {
    reset(session);
    set_flash(session, MsgId("notice-session-ended-elsewhere"));
}

/// The session check of a page that reads it with its own query (`PageCtx::confirm_session`).
#[derive(Clone)]
pub struct FoldedCheck {
    generation: i32,
    confirmed: Rc<Cell<bool>>,
}

impl FoldedCheck {
    /// Whether the account's state as the page's query read it (`None`: no such account, or a
    /// disabled one) is of this session's generation; either way the check is done. A stale
    /// session is ended here.
    pub fn confirm(&self, session: &Session, found: Option<i32>) -> bool {
        self.confirmed.set(true);
        let current = found == Some(self.generation);
        if !current {
            end_stale(session);
        }
        current
    }
}

/// Marks a request whose session generation could not be read.
#[derive(Clone, Copy)]
struct Unchecked;

/// The signed-in account's unread notifications, as read with its session generation.
#[derive(Clone, Copy)]
pub struct Unread(pub i64);

impl Signed {
    fn generation(&self) -> i32 {
        match self {
            Signed::Citizen(user) => user.generation,
            Signed::Staff(staff) => staff.generation,
        }
    }
}

/// The unread notifications when the session is of the account's current generation (and the
/// account still exists and, for staff, is not disabled); `None` when the session is stale.
/// One query: every page shows the count in its header, so it is read here with the check
/// instead of in a second round trip (`PageCtx`).
async fn current_session(state: &AppState, signed: &Signed) -> Result<Option<i64>, AppError> {
    let (found, started) = match signed {
        Signed::Citizen(user) => {
            let id = user.id;
            let found = state.db(move |conn| users::session_state(conn, id)).await?;
            (found, user.generation)
        }
        Signed::Staff(staff) => {
            let id = crate::domain::actor::StaffId(staff.id);
            let found = state
                .db(move |conn| crate::repo::staff::session_state(conn, id))
                .await?;
            (found, staff.generation)
        }
    };
    Ok(found
        .filter(|(generation, _)| *generation == started)
        .map(|(_, unread)| unread))
}

/// Whether this request's session could be checked against the account's generation (when
/// it could not, a signed-in area refuses the request rather than let a revoked session in).
pub fn generation_checked(req: &HttpRequest) -> bool {
    !req.extensions().contains::<Unchecked>()
}

/// A url-encoded form whose `csrf_token` matched the session's. Anything else is refused with
/// 403 before the handler runs, so a forged POST changes nothing.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<CsrfForm<T>, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = Bytes::from_request(&req, payload);
        Box::pin(async move {
            let body = body.await?;
            let pairs: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadRequest)?;
            let sent = pairs
                .iter()
                .find(|(k, _)| k == CSRF_FIELD)
                .map_or("", |(_, v)| v.as_str());
            if !csrf_matches(&req.get_session(), sent) {
                tracing::warn!(path = %req.path(), "POST refused: missing or invalid CSRF token");
                return Err(AppError::Csrf.into());
            }
            if !pairs
                .iter()
                .all(|(k, v)| is_clean_field(k) && is_clean_field(v))
            {
                return Err(AppError::BadRequest.into());
            }
            let form = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadRequest)?;
            Ok(CsrfForm(form))
        })
    }
}
