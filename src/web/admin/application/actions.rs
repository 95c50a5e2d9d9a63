//! `POST /admin/applications/{number}/actions`: one move of the engine, or the head's
//! reassignment.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::Deserialize;

use crate::domain::MsgId;
use crate::domain::actor::StaffId;
use crate::domain::password;
use crate::domain::workflow::{Action, decision_is_final};
use crate::repo::applications as apps;
use crate::repo::applications::engine::{self, MoveInput, MoveRefusal};
use crate::repo::staff::{self};
use crate::state::AppState;
use crate::web::admin::StaffMember;
use crate::web::errors::AppError;
use crate::web::page::{PageCtx, redirect};
use crate::web::session::{self, CsrfForm};

#[derive(Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    executor: String,
    #[serde(default)]
    resolution: String,
    #[serde(default)]
    result: String,
    #[serde(default)]
    ground: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    identity_checked: String,
    #[serde(default)]
    reason: String,
}

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.chars().take(4000).collect())
}

/// `POST /admin/applications/{number}/actions`: one move. A forbidden move answers 403 or 404
/// and changes nothing; a stale form or a missing field comes back with a message.
pub async fn act(
    ctx: PageCtx,
    me: StaffMember,
    state: web::Data<AppState>,
    session: Session,
    number: web::Path<String>,
    CsrfForm(form): CsrfForm<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let number = number.into_inner();
    let back = format!("/admin/applications/{number}");
    if form.action == "reassign" {
        return reassign(me, &state, &session, &number, &form).await;
    }
    let action = Action::parse(&form.action).ok_or(AppError::NotFound)?;
    let version: i32 = form
        .version
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest)?;
    if action == Action::Sign {
        // The head signs by entering the password again (an imitated EDS).
        let id = me.0.id;
        let stored = state
            .db(move |conn| Ok(staff::find(conn, id)?.map(|s| s.password_hash)))
            .await?;
        let password = form.password.clone();
        let ok = web::block(move || password::verify_stored(&password, stored.as_deref())).await?;
        if !ok {
            session::set_flash(&session, MsgId("admin-error-signature"));
            return Ok(redirect(&back));
        }
    }
    let service_code = state
        .db({
            let (actor, n) = (me.actor(), number.clone());
            move |conn| Ok(apps::find(conn, actor, &n)?.map(|a| a.service_code))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let service = state
        .catalog
        .find(&service_code)
        .ok_or(AppError::NotFound)?
        .clone();
    let input = MoveInput {
        number: number.clone(),
        version,
        comment: optional(&form.comment),
        executor: form.executor.trim().parse().ok().map(StaffId),
        resolution: optional(&form.resolution),
        result: optional(&form.result),
        ground: form.ground.trim().parse().ok(),
        identity_checked: form.identity_checked == "on",
    };
    let hours = state.config.working_hours;
    let lang = ctx.lang.code();
    let (sealing, public_url) = (
        state.config.result_key.clone(),
        state.config.public_url.clone(),
    );
    let position = state
        .db({
            let (actor, n) = (me.actor(), number.clone());
            move |conn| Ok(apps::find(conn, actor, &n)?.and_then(|a| a.step_position))
        })
        .await?;
    let result = state
        .act(move |conn| {
            crate::repo::tx(conn, |conn| {
                let calendar = crate::repo::calendar::load(conn, hours)?;
                let now = Utc::now();
                let moved =
                    engine::act(conn, me.0, &service, action, &input, &calendar, now, lang)?;
                // The signed document is made when the head signs — or at the decision itself
                // where the regulation has no head's signature after it.
                let decided = matches!(action, Action::PrepareResult | Action::Refuse);
                let final_decision = decided
                    && service
                        .path(engine::channel(&moved))
                        .zip(position)
                        .is_some_and(|(path, p)| decision_is_final(path, p));
                if action == Action::Sign || final_decision {
                    crate::web::admin::signing::sign_document(
                        conn,
                        &moved,
                        &service,
                        me.0,
                        &sealing,
                        &public_url,
                        now,
                    )?;
                }
                Ok(moved)
            })
        })
        .await?;
    // Still mine (the taker decides next): stay on the page; otherwise back to the queue.
    let mine = result
        .as_ref()
        .is_ok_and(|app| app.step_role.as_deref() == Some(me.role().as_str()));
    answer(
        result.map(|_| ()),
        &session,
        &back,
        if mine { &back } else { me.home() },
    )
}

/// The head gives the executor's step to another executor, with a reason.
async fn reassign(
    me: StaffMember,
    state: &AppState,
    session: &Session,
    number: &str,
    form: &ActionForm,
) -> Result<HttpResponse, AppError> {
    let back = format!("/admin/applications/{number}");
    let version: i32 = form
        .version
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest)?;
    let Some(executor) = form.executor.trim().parse().ok().map(StaffId) else {
        session::set_flash(session, MsgId("admin-error-executor"));
        return Ok(redirect(&back));
    };
    let (reason, n) = (optional(&form.reason), number.to_string());
    let result = state
        .act(move |conn| engine::reassign(conn, me.0, &n, version, executor, reason, Utc::now()))
        .await?;
    answer(result.map(|_| ()), session, &back, &back)
}

/// The answer to a move: where to go next, or why nothing changed.
fn answer(
    result: Result<(), MoveRefusal>,
    session: &Session,
    back: &str,
    next: &str,
) -> Result<HttpResponse, AppError> {
    match result {
        Ok(()) => {
            session::set_flash(session, MsgId("admin-notice-done"));
            Ok(redirect(next))
        }
        Err(MoveRefusal::NotFound) => Err(AppError::NotFound),
        Err(MoveRefusal::Forbidden) => Err(AppError::Forbidden),
        Err(MoveRefusal::Stale) => {
            session::set_flash(session, MsgId("admin-error-stale"));
            Ok(redirect(back))
        }
        Err(MoveRefusal::Missing(field)) => {
            session::set_flash(session, missing_message(field));
            Ok(redirect(back))
        }
    }
}

/// How a closed step ended, in words.
pub(super) fn outcome_message(outcome: &str) -> MsgId {
    match Action::parse(outcome) {
        Some(Action::Register) => MsgId("admin-outcome-register"),
        Some(Action::Take) => MsgId("admin-outcome-take"),
        Some(Action::Assign) => MsgId("admin-outcome-assign"),
        Some(Action::PrepareResult) => MsgId("admin-outcome-prepare-result"),
        Some(Action::Refuse) => MsgId("admin-outcome-refuse"),
        Some(Action::Sign) => MsgId("admin-outcome-sign"),
        Some(Action::Return) => MsgId("admin-outcome-return"),
        Some(Action::Issue) => MsgId("admin-outcome-issue"),
        Some(Action::Dispatch) => MsgId("admin-outcome-dispatch"),
        Some(Action::SendBack) => MsgId("admin-outcome-send-back"),
        Some(Action::Complete) | None => MsgId("admin-outcome-complete"),
    }
}

fn missing_message(field: &str) -> MsgId {
    match field {
        "executor" => MsgId("admin-error-executor"),
        "resolution" => MsgId("admin-error-resolution"),
        "ground" => MsgId("admin-error-ground"),
        "identity" => MsgId("admin-error-identity"),
        "reason" => MsgId("admin-error-reason"),
        "comment" => MsgId("admin-error-comment"),
        _ => MsgId("admin-error-result"),
    }
}
