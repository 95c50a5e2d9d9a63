//! Status changes. Each is one transaction that locks the application, checks the rule and the
//! version the form was rendered with, changes the row, and writes the trace event (with its
//! actor), the notification and its outbox rows.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::{ApplicationRow, lock};
use crate::db::schema::{application_events, application_steps, applications};
use crate::domain::actor::{Actor, ApplicationId};
use crate::domain::application::{PlannedStep, Status};
use crate::domain::workflow::{may_edit, may_withdraw};
use crate::domain::{MsgId, local_date};
use crate::repo::notifications::notify;
use crate::repo::{Refusal, refuse, tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitRefusal {
    NotFound,
    /// Submitted before (a double click): the number, to show its receipt.
    AlreadySubmitted(String),
    /// The page was rendered from an older version of the application.
    Stale,
}

pub struct SubmitInput<'a> {
    pub number: &'a str,
    /// The version the review page was rendered with (`None`: not sent, checked by status).
    pub version: Option<i32>,
    pub planned: &'a [PlannedStep],
    /// The legal deadline; none when the regulation gives no term for the portal.
    pub deadline: Option<DateTime<Utc>>,
    pub lang: &'a str,
    /// `password` or `sms_code`: how the citizen signed.
    pub signed_with: &'a str,
}

/// Submits a draft: status, consent and signature times, the planned steps, the legal deadline,
/// a trace event, a notification and its outbox rows.
pub fn submit(
    conn: &mut PgConnection,
    actor: Actor,
    input: SubmitInput<'_>,
    now: DateTime<Utc>,
) -> Result<ApplicationRow, Refusal<SubmitRefusal>> {
    tx(conn, |conn| {
        let Some(app) = lock(conn, actor, input.number)? else {
            return refuse(SubmitRefusal::NotFound);
        };
        if !may_edit(app.status) {
            return refuse(SubmitRefusal::AlreadySubmitted(app.number));
        }
        if input.version.is_some_and(|v| v != app.version) {
            return refuse(SubmitRefusal::Stale);
        }
        let app: ApplicationRow = diesel::update(applications::table.find(app.id.0))
            .filter(applications::version.eq(app.version))
            .set((
                applications::status.eq(Status::Submitted.as_str()),
                applications::consent_at.eq(now),
                applications::signed_at.eq(now),
                applications::submitted_at.eq(now),
                applications::expected_at.eq(input.deadline),
                applications::signed_with.eq(input.signed_with),
                applications::updated_at.eq(now),
                applications::version.eq(applications::version + 1),
            ))
            .returning(ApplicationRow::as_returning())
            .get_result(conn)?;
        start_steps(conn, actor, app.id, input.planned)?;
        record_event(
            conn,
            &Event {
                application: app.id,
                at: now,
                actor,
                action: "submit",
                from: Status::Draft,
                to: Status::Submitted,
                due_at: input.deadline,
            },
        )?;
        let (message, args) = match input.deadline {
            Some(d) => (
                MsgId("notice-application-submitted"),
                serde_json::json!({ "number": app.number, "date": local_date(d).to_string() }),
            ),
            None => (
                MsgId("notice-application-submitted-no-term"),
                serde_json::json!({ "number": app.number }),
            ),
        };
        notify(conn, app.applicant_id, app.id, message, args, input.lang)?;
        Ok(app)
    })
}

/// Writes an application's planned steps (those already over marked done by `actor`) and
/// points the application at its current step: the first one not done. Used when an
/// application is submitted on the portal or taken at a counter.
pub fn start_steps(
    conn: &mut PgConnection,
    actor: Actor,
    application: ApplicationId,
    planned: &[PlannedStep],
) -> QueryResult<()> {
    insert_steps(conn, actor, application, planned)?;
    let current = planned.iter().find(|p| p.done_at.is_none());
    diesel::update(applications::table.find(application.0))
        .set((
            applications::step_position.eq(current.map(|p| p.position)),
            applications::step_role.eq(current.map(|p| p.step.role.as_str())),
            applications::step_due.eq(current.map(|p| p.due_at)),
        ))
        .execute(conn)?;
    Ok(())
}

fn insert_steps(
    conn: &mut PgConnection,
    actor: Actor,
    application: ApplicationId,
    planned: &[PlannedStep],
) -> QueryResult<()> {
    let rows: Vec<_> = planned
        .iter()
        .map(|p| {
            (
                application_steps::application_id.eq(application.0),
                application_steps::position.eq(p.position),
                application_steps::role.eq(p.step.role.as_str()),
                application_steps::action_kk.eq(&p.step.action.kk),
                application_steps::action_ru.eq(&p.step.action.ru),
                application_steps::amount.eq(p.step.duration.amount as i32),
                application_steps::unit.eq(p.step.duration.unit.as_str()),
                application_steps::clause.eq(p.step.source.to_column()),
                application_steps::due_at.eq(p.due_at),
                application_steps::done_at.eq(p.done_at),
                application_steps::done_by.eq(p.done_at.map(|_| actor.account_id())),
                application_steps::done_by_kind.eq(p.done_at.map(|_| actor.kind())),
            )
        })
        .collect();
    diesel::insert_into(application_steps::table)
        .values(&rows)
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WithdrawRefusal {
    NotFound,
    /// The provider has registered it (or it is closed): too late to withdraw.
    NotWithdrawable,
    /// The page was rendered from an older version of the application.
    Stale,
}

/// Withdraws an application while the provider has not registered it.
pub fn withdraw(
    conn: &mut PgConnection,
    actor: Actor,
    number: &str,
    version: Option<i32>,
    now: DateTime<Utc>,
    lang: &str,
) -> Result<ApplicationRow, Refusal<WithdrawRefusal>> {
    tx(conn, |conn| {
        let Some(app) = lock(conn, actor, number)? else {
            return refuse(WithdrawRefusal::NotFound);
        };
        if !may_withdraw(app.status) {
            return refuse(WithdrawRefusal::NotWithdrawable);
        }
        if version.is_some_and(|v| v != app.version) {
            return refuse(WithdrawRefusal::Stale);
        }
        let withdrawn: ApplicationRow = diesel::update(applications::table.find(app.id.0))
            .filter(applications::version.eq(app.version))
            .set((
                applications::status.eq(Status::Withdrawn.as_str()),
                // Nothing more to do on it: off every queue.
                applications::step_position.eq(None::<i32>),
                applications::step_role.eq(None::<String>),
                applications::step_due.eq(None::<DateTime<Utc>>),
                applications::updated_at.eq(now),
                applications::version.eq(applications::version + 1),
            ))
            .returning(ApplicationRow::as_returning())
            .get_result(conn)?;
        record_event(
            conn,
            &Event {
                application: app.id,
                at: now,
                actor,
                action: "withdraw",
                from: app.status,
                to: Status::Withdrawn,
                due_at: None,
            },
        )?;
        notify(
            conn,
            app.applicant_id,
            app.id,
            MsgId("notice-application-withdrawn"),
            serde_json::json!({ "number": app.number }),
            lang,
        )?;
        Ok(withdrawn)
    })
}

/// A transition, for the append-only trace.
struct Event {
    application: ApplicationId,
    at: DateTime<Utc>,
    actor: Actor,
    action: &'static str,
    from: Status,
    to: Status,
    due_at: Option<DateTime<Utc>>,
}

fn record_event(conn: &mut PgConnection, e: &Event) -> QueryResult<()> {
    diesel::insert_into(application_events::table)
        .values((
            application_events::application_id.eq(e.application.0),
            application_events::at.eq(e.at),
            application_events::actor_kind.eq(e.actor.kind()),
            application_events::actor_id.eq(e.actor.account_id()),
            application_events::action.eq(e.action),
            application_events::from_status.eq(e.from.as_str()),
            application_events::to_status.eq(e.to.as_str()),
            application_events::due_at.eq(e.due_at),
        ))
        .execute(conn)?;
    Ok(())
}
