//! The workflow engine: one staff move on the current step of an application, in one
//! transaction. It locks the application through the actor's visibility, checks the version the
//! form was rendered with, the step, the role, the assignment and the action, then closes the
//! step (who, when, outcome, comment), opens the next with its due instant counted from now,
//! completes the information systems' steps on its way, and writes the event, the audit row and
//! the citizen's notification. The legal deadline (`expected_at`) stays as fixed at receipt.

use chrono::{DateTime, Datelike, Utc};
use diesel::prelude::*;

use super::{ApplicationRow, lock, steps};
use crate::db::schema::{application_events, application_steps, applications, journals, staff};
use crate::domain::actor::{Actor, ApplicationId, Staff, StaffId, StaffRole};
use crate::domain::application::Status;
use crate::domain::calendar::WorkingCalendar;
use crate::domain::catalog::{Channel, Duration, Role, Service};
use crate::domain::workflow::{self, Action, Asker, Duty};
use crate::domain::{MsgId, TIME_ZONE};
use crate::repo::audit::{self, Entry, Who};
use crate::repo::notifications::notify;
use crate::repo::{Refusal, refuse, tx};

/// Why a move was not made (nothing changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveRefusal {
    /// No such application for this actor (another organization's, or unknown).
    NotFound,
    /// Not this actor's to do: another role's step, another executor's application, or an
    /// action the step does not allow.
    Forbidden,
    /// The page was rendered from an older version (someone acted in between).
    Stale,
    /// A field the action needs is missing or wrong (the field's name).
    Missing(&'static str),
}

/// What the action form sent besides the action.
#[derive(Debug, Default, Clone)]
pub struct MoveInput {
    pub number: String,
    pub version: i32,
    pub comment: Option<String>,
    /// Assign: the executor and the resolution.
    pub executor: Option<StaffId>,
    pub resolution: Option<String>,
    /// Prepare result: the result's text. Refuse: the ground (its index in the service's list)
    /// and the motivation.
    pub result: Option<String>,
    pub ground: Option<usize>,
    /// Issue at an office: the recipient's identity document was checked.
    pub identity_checked: bool,
}

/// The path's steps and duties, and who is asking, for an application's current step.
fn asker(staff: Staff, app: &ApplicationRow) -> Option<Asker> {
    let role = match staff.role {
        StaffRole::Clerk => Role::Clerk,
        StaffRole::Head => Role::Head,
        StaffRole::Executor => Role::Executor,
        StaffRole::Operator => Role::Operator,
        _ => return None,
    };
    Some(Asker {
        role,
        assigned_to_me: app.assigned_to == Some(staff.id.0),
        unassigned: app.assigned_to.is_none(),
    })
}

/// The actions the staff member may take now on this application (for the page's form).
pub fn actions_for(staff: Staff, app: &ApplicationRow, service: &Service) -> Vec<Action> {
    let Some(path) = service.path(channel(app)) else {
        return vec![];
    };
    let (Some(position), Some(asker)) = (app.step_position, asker(staff, app)) else {
        return vec![];
    };
    let index = (position - 1) as usize;
    let (Some(step), Some(duty)) = (
        path.steps.get(index),
        workflow::duties(path).get(index).copied(),
    ) else {
        return vec![];
    };
    workflow::allowed_actions(duty, step.role, asker, !service.refusal_grounds.is_empty())
}

/// The channel whose steps an application runs.
pub fn channel(app: &ApplicationRow) -> Channel {
    match app.channel.as_str() {
        "provider" => Channel::Provider,
        "state_corporation" => Channel::StateCorporation,
        _ => Channel::Portal,
    }
}

/// Makes one move. `signed` says the head's password was checked (the imitated signature).
#[allow(clippy::too_many_arguments)]
pub fn act(
    conn: &mut PgConnection,
    staff: Staff,
    service: &Service,
    action: Action,
    input: &MoveInput,
    calendar: &WorkingCalendar,
    now: DateTime<Utc>,
    lang: &str,
) -> Result<ApplicationRow, Refusal<MoveRefusal>> {
    tx(conn, |conn| {
        let Some(app) = lock(conn, Actor::Staff(staff), &input.number)? else {
            return refuse(MoveRefusal::NotFound);
        };
        if app.version != input.version {
            return refuse(MoveRefusal::Stale);
        }
        if !actions_for(staff, &app, service).contains(&action) {
            return refuse(MoveRefusal::Forbidden);
        }
        let path = service
            .path(channel(&app))
            .ok_or(Refusal::Rule(MoveRefusal::Forbidden))?;
        let duties = workflow::duties(path);
        let position = app.step_position.unwrap_or(0);
        let changes = changes_for(conn, staff, service, &app, action, input, now)?;

        let rows = steps(conn, app.id)?;
        let mut status =
            workflow::status_after(action, app.decision.is_some() || changes.decision.is_some())
                .unwrap_or(app.status);
        let mut next: Option<(i32, Role, DateTime<Utc>)> = Some((
            position,
            path.steps[(position - 1) as usize].role,
            app.step_due.unwrap_or(now),
        ));
        if action.closes_step() {
            close_step(
                conn,
                app.id,
                position,
                "staff",
                staff.id.0,
                action.as_str(),
                input,
                now,
            )?;
            next = open_next(conn, app.id, &rows, &duties, position, calendar, now)?;
        }
        if action == Action::Return {
            next = Some(reopen_decision(
                conn, &app, &rows, &duties, position, calendar, now,
            )?);
        }
        let returned = action == Action::Return;
        // The provider's last step closing on a State Corporation path puts the result back at
        // the front office (its lateness is judged against the legal deadline).
        let back_at_front_office = channel(&app) == Channel::StateCorporation
            && action.closes_step()
            && workflow::provider_last_step(path) == Some(position);
        let refused = changes.decision.as_deref().or(app.decision.as_deref()) == Some("refusal");
        if next.is_none() {
            status = workflow::final_status(refused);
        }
        let updated: ApplicationRow = diesel::update(applications::table.find(app.id.0))
            .filter(applications::version.eq(app.version))
            .set((
                applications::status.eq(status.as_str()),
                applications::step_position.eq(next.map(|n| n.0)),
                applications::step_role.eq(next.map(|n| n.1.as_str())),
                applications::step_due.eq(next.map(|n| n.2)),
                applications::assigned_to.eq(changes.assigned_to.unwrap_or(app.assigned_to)),
                applications::resolution.eq(changes.resolution.clone().or(app.resolution.clone())),
                applications::journal_number.eq(changes
                    .journal_number
                    .clone()
                    .or(app.journal_number.clone())),
                // A returned result is prepared again from scratch.
                applications::decision.eq(if returned {
                    None
                } else {
                    changes.decision.clone().or(app.decision.clone())
                }),
                applications::refusal_ground.eq(if returned {
                    None
                } else {
                    changes
                        .refusal_ground
                        .clone()
                        .or(app.refusal_ground.clone())
                }),
                applications::decision_note.eq(if returned {
                    None
                } else {
                    changes.decision_note.clone().or(app.decision_note.clone())
                }),
                applications::returned_at.eq(if back_at_front_office {
                    Some(now)
                } else {
                    app.returned_at
                }),
                applications::updated_at.eq(now),
                applications::version.eq(applications::version + 1),
            ))
            .returning(ApplicationRow::as_returning())
            .get_result(conn)?;
        diesel::insert_into(application_events::table)
            .values((
                application_events::application_id.eq(app.id.0),
                application_events::at.eq(now),
                application_events::actor_kind.eq("staff"),
                application_events::actor_id.eq(staff.id.0),
                application_events::action.eq(action.as_str()),
                application_events::from_status.eq(app.status.as_str()),
                application_events::to_status.eq(status.as_str()),
                application_events::step_position.eq(position),
                application_events::due_at.eq(next.map(|n| n.2)),
                application_events::comment.eq(input.comment.as_deref()),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            &Entry {
                who: Who::Staff {
                    id: staff.id.0,
                    organization: staff.organization.map(|o| o.0),
                },
                action: action.as_str(),
                object: Some(&app.number),
                details: serde_json::json!({
                    "step": position,
                    "from": app.status.as_str(),
                    "to": status.as_str(),
                }),
            },
            now,
        )?;
        if status != app.status {
            notify(
                conn,
                app.applicant_id,
                app.id,
                status_notice(status),
                serde_json::json!({ "number": app.number }),
                lang,
            )?;
        }
        Ok(updated)
    })
}

/// What an action changes on the application besides the step.
#[derive(Default)]
struct Changes {
    assigned_to: Option<Option<i64>>,
    resolution: Option<String>,
    journal_number: Option<String>,
    decision: Option<String>,
    refusal_ground: Option<String>,
    decision_note: Option<String>,
}

fn text(value: &Option<String>, field: &'static str) -> Result<String, Refusal<MoveRefusal>> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .ok_or(Refusal::Rule(MoveRefusal::Missing(field)))
}

fn changes_for(
    conn: &mut PgConnection,
    staff: Staff,
    service: &Service,
    app: &ApplicationRow,
    action: Action,
    input: &MoveInput,
    now: DateTime<Utc>,
) -> Result<Changes, Refusal<MoveRefusal>> {
    let mut c = Changes::default();
    match action {
        Action::Register => c.journal_number = Some(next_journal_number(conn, app, now)?),
        Action::Take => c.assigned_to = Some(Some(staff.id.0)),
        Action::Assign => {
            let executor = input
                .executor
                .ok_or(Refusal::Rule(MoveRefusal::Missing("executor")))?;
            let eligible: bool = diesel::select(diesel::dsl::exists(
                staff::table
                    .find(executor.0)
                    .filter(staff::organization_id.eq(staff.organization.map(|o| o.0)))
                    .filter(staff::role.eq(StaffRole::Executor.as_str()))
                    .filter(staff::disabled.eq(false))
                    .filter(staff::absent.eq(false)),
            ))
            .get_result(conn)?;
            if !eligible {
                return refuse(MoveRefusal::Missing("executor"));
            }
            c.resolution = Some(text(&input.resolution, "resolution")?);
            c.assigned_to = Some(Some(executor.0));
        }
        Action::PrepareResult => {
            c.decision = Some("result".into());
            c.decision_note = Some(text(&input.result, "result")?);
        }
        Action::Refuse => {
            let ground = input
                .ground
                .and_then(|i| service.refusal_grounds.get(i))
                .ok_or(Refusal::Rule(MoveRefusal::Missing("ground")))?;
            c.decision = Some("refusal".into());
            c.refusal_ground = Some(serde_json::to_string(&ground.text).unwrap_or_default());
            c.decision_note = Some(text(&input.result, "result")?);
        }
        Action::Issue if app.channel != "portal" && !input.identity_checked => {
            // Handing a paper result over records that the recipient was identified.
            return refuse(MoveRefusal::Missing("identity"));
        }
        Action::Return => {
            // The head says what to redo.
            text(&input.comment, "comment")?;
        }
        Action::Sign | Action::Issue | Action::Complete | Action::Dispatch | Action::SendBack => {}
    }
    Ok(c)
}

/// The organization's next journal number this year: "2026/17".
fn next_journal_number(
    conn: &mut PgConnection,
    app: &ApplicationRow,
    now: DateTime<Utc>,
) -> Result<String, Refusal<MoveRefusal>> {
    let organization = app
        .organization_id
        .ok_or(Refusal::Rule(MoveRefusal::Forbidden))?;
    let year = now.with_timezone(&TIME_ZONE).year();
    let number: i32 = diesel::insert_into(journals::table)
        .values((
            journals::organization_id.eq(organization),
            journals::year.eq(year),
            journals::last_number.eq(1),
        ))
        .on_conflict((journals::organization_id, journals::year))
        .do_update()
        .set(journals::last_number.eq(journals::last_number + 1))
        .returning(journals::last_number)
        .get_result(conn)?;
    Ok(format!("{year}/{number}"))
}

#[allow(clippy::too_many_arguments)]
fn close_step(
    conn: &mut PgConnection,
    application: ApplicationId,
    position: i32,
    kind: &str,
    by: i64,
    outcome: &str,
    input: &MoveInput,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(
        application_steps::table
            .filter(application_steps::application_id.eq(application.0))
            .filter(application_steps::position.eq(position)),
    )
    .set((
        application_steps::done_at.eq(now),
        application_steps::done_by.eq(by),
        application_steps::done_by_kind.eq(kind),
        application_steps::outcome.eq(outcome),
        application_steps::comment.eq(input.comment.as_deref()),
        application_steps::identity_checked
            .eq(outcome == Action::Issue.as_str() && input.identity_checked),
    ))
    .execute(conn)?;
    Ok(())
}

/// Opens the step after `position`: due its regulated time from now. Steps that complete on
/// their own are closed at once. Returns the step now open, if any.
fn open_next(
    conn: &mut PgConnection,
    application: ApplicationId,
    rows: &[super::StepRow],
    duties: &[Duty],
    position: i32,
    calendar: &WorkingCalendar,
    now: DateTime<Utc>,
) -> QueryResult<Option<(i32, Role, DateTime<Utc>)>> {
    let mut at = now;
    for row in rows.iter().filter(|r| r.position > position) {
        let due = calendar.due(
            at,
            Duration {
                amount: row.amount.max(0) as u32,
                unit: row.unit,
            },
        );
        let duty = duties
            .get((row.position - 1) as usize)
            .copied()
            .unwrap_or(Duty::Auto);
        let target = application_steps::table
            .filter(application_steps::application_id.eq(application.0))
            .filter(application_steps::position.eq(row.position));
        if duty == Duty::Auto {
            diesel::update(target)
                .set((
                    application_steps::due_at.eq(due),
                    application_steps::done_at.eq(due),
                    application_steps::done_by_kind.eq("system"),
                    application_steps::outcome.eq("complete"),
                ))
                .execute(conn)?;
            at = due;
            continue;
        }
        diesel::update(target)
            .set(application_steps::due_at.eq(due))
            .execute(conn)?;
        return Ok(Some((row.position, row.role, due)));
    }
    Ok(None)
}

/// Sends the application back from the head's signature to the executor's decision: the steps
/// from the decision up to this one are open again, the decision due its time from now.
fn reopen_decision(
    conn: &mut PgConnection,
    app: &ApplicationRow,
    rows: &[super::StepRow],
    duties: &[Duty],
    position: i32,
    calendar: &WorkingCalendar,
    now: DateTime<Utc>,
) -> Result<(i32, Role, DateTime<Utc>), Refusal<MoveRefusal>> {
    let decision = duties
        .iter()
        .position(|d| *d == Duty::Decide)
        .map(|i| i as i32 + 1)
        .ok_or(Refusal::Rule(MoveRefusal::Forbidden))?;
    let row = rows
        .iter()
        .find(|r| r.position == decision)
        .ok_or(Refusal::Rule(MoveRefusal::Forbidden))?;
    let due = calendar.due(
        now,
        Duration {
            amount: row.amount.max(0) as u32,
            unit: row.unit,
        },
    );
    let steps_of =
        || application_steps::table.filter(application_steps::application_id.eq(app.id.0));
    diesel::update(steps_of().filter(application_steps::position.between(decision, position)))
        .set((
            application_steps::done_at.eq(None::<DateTime<Utc>>),
            application_steps::done_by.eq(None::<i64>),
            application_steps::done_by_kind.eq(None::<String>),
            application_steps::outcome.eq(None::<String>),
        ))
        .execute(conn)?;
    diesel::update(steps_of().filter(application_steps::position.eq(decision)))
        .set(application_steps::due_at.eq(due))
        .execute(conn)?;
    Ok((decision, row.role, due))
}

fn status_notice(status: Status) -> MsgId {
    match status {
        Status::Registered => MsgId("notice-application-registered"),
        Status::InProgress => MsgId("notice-application-in-progress"),
        Status::ResultReady => MsgId("notice-application-result-ready"),
        Status::Issued => MsgId("notice-application-issued"),
        Status::Refused => MsgId("notice-application-refused"),
        _ => MsgId("notice-application-status-changed"),
    }
}

/// The head gives an application's executor step to another executor, with a reason (audited).
/// Only while the executor's step is current and the application is assigned.
#[allow(clippy::too_many_arguments)]
pub fn reassign(
    conn: &mut PgConnection,
    head: Staff,
    number: &str,
    version: i32,
    executor: StaffId,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<ApplicationRow, Refusal<MoveRefusal>> {
    tx(conn, |conn| {
        let Some(app) = lock(conn, Actor::Staff(head), number)? else {
            return refuse(MoveRefusal::NotFound);
        };
        if head.role != StaffRole::Head
            || app.step_role.as_deref() != Some(Role::Executor.as_str())
            || app.assigned_to.is_none()
        {
            return refuse(MoveRefusal::Forbidden);
        }
        if app.version != version {
            return refuse(MoveRefusal::Stale);
        }
        let reason = text(&reason, "reason")?;
        let eligible: bool = diesel::select(diesel::dsl::exists(
            staff::table
                .find(executor.0)
                .filter(staff::organization_id.eq(head.organization.map(|o| o.0)))
                .filter(staff::role.eq(StaffRole::Executor.as_str()))
                .filter(staff::disabled.eq(false))
                .filter(staff::absent.eq(false)),
        ))
        .get_result(conn)?;
        if !eligible {
            return refuse(MoveRefusal::Missing("executor"));
        }
        let updated: ApplicationRow = diesel::update(applications::table.find(app.id.0))
            .set((
                applications::assigned_to.eq(executor.0),
                applications::updated_at.eq(now),
                applications::version.eq(applications::version + 1),
            ))
            .returning(ApplicationRow::as_returning())
            .get_result(conn)?;
        diesel::insert_into(application_events::table)
            .values((
                application_events::application_id.eq(app.id.0),
                application_events::at.eq(now),
                application_events::actor_kind.eq("staff"),
                application_events::actor_id.eq(head.id.0),
                application_events::action.eq("reassign"),
                application_events::from_status.eq(app.status.as_str()),
                application_events::to_status.eq(app.status.as_str()),
                application_events::step_position.eq(app.step_position),
                application_events::comment.eq(&reason),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            &Entry {
                who: Who::Staff {
                    id: head.id.0,
                    organization: head.organization.map(|o| o.0),
                },
                action: "reassign",
                object: Some(&app.number),
                details: serde_json::json!({
                    "from": app.assigned_to,
                    "to": executor.0,
                    "reason": reason,
                }),
            },
            now,
        )?;
        Ok(updated)
    })
}
