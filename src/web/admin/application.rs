//! One application as staff work it: `GET /admin/applications/{number}` (the applicant, answers,
//! documents, the timeline, the legal deadline, and the action form when the current step is
//! mine), `POST …/actions` (one move of the engine) and the audited document download.

use actix_session::Session;
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::StaffMember;
use crate::domain::MsgId;
use crate::domain::actor::{DocumentId, StaffId};
use crate::domain::catalog::{Duration, Service};
use crate::domain::password;
use crate::domain::workflow::{Action, StepTimes, decision_is_final, step_states};
use crate::repo::applications::engine::{self, MoveInput, MoveRefusal};
use crate::repo::applications::{self as apps, ApplicationRow};
use crate::repo::audit::{self, Entry, Who};
use crate::repo::staff::{self, ExecutorLoad};
use crate::repo::users::{self, User};
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::page::{PageCtx, redirect, render};
use crate::web::services::role_message;
use crate::web::session::{self, CsrfForm};
use crate::web::views::{
    AnswerView, DocumentView, answer_views, document_views, expected_label, organization_label,
    standing_label,
};

/// One step of the timeline as staff see it.
pub struct StepLine {
    pub number: i32,
    pub role: String,
    pub action: String,
    pub due: String,
    pub done: Option<String>,
    pub outcome: Option<String>,
    pub comment: Option<String>,
    pub late: bool,
    pub current: bool,
    pub standing: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/application.html")]
struct ApplicationPage<'a> {
    ctx: PageCtx,
    app: ApplicationRow,
    service: &'a Service,
    applicant: User,
    status_label: String,
    organization: String,
    deadline: String,
    decision: Option<String>,
    answers: Vec<AnswerView>,
    documents: Vec<DocumentView>,
    steps: Vec<StepLine>,
    actions: Vec<&'static str>,
    /// The head may give the executor's step to another executor.
    may_reassign: bool,
    executors: Vec<ExecutorLoad>,
    grounds: Vec<(usize, String)>,
    calendar: crate::domain::calendar::WorkingCalendar,
    /// The signed result's document number, once there is one.
    result: Option<String>,
    /// Where the member's work starts (the queue, or the operators' desk).
    home: &'static str,
    /// State Corporation path: when the result came back from the provider, and whether that
    /// was later than the law allows.
    returned: Option<String>,
    returned_late: bool,
}

pub async fn show(
    ctx: PageCtx,
    me: StaffMember,
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let number = number.into_inner();
    let hours = state.config.working_hours;
    let organization = me.organization();
    let (loaded, steps, applicant, executors, calendar, result) = state
        .db(move |conn| {
            let Some((loaded, steps)) = apps::load_with_steps(conn, me.actor(), &number)? else {
                return Ok(None);
            };
            let applicant = users::find(conn, loaded.app.applicant_id.0)?;
            let executors = match organization {
                Some(org) => staff::executors(conn, org)?,
                None => vec![],
            };
            let calendar = crate::repo::calendar::load(conn, hours)?;
            let result = crate::repo::results::document_number_of(conn, loaded.app.id)?;
            Ok(Some((
                loaded, steps, applicant, executors, calendar, result,
            )))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let applicant = applicant.ok_or(AppError::NotFound)?;
    let apps::Loaded {
        app,
        organization,
        documents,
    } = loaded;
    let service = state
        .catalog
        .find(&app.service_code)
        .ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let times: Vec<StepTimes> = steps
        .iter()
        .map(|s| StepTimes {
            due_at: s.due_at,
            done_at: s.done_at,
        })
        .collect();
    let lines = steps
        .iter()
        .zip(step_states(app.status, &times, now, &calendar))
        .map(|(s, st)| StepLine {
            standing: st.standing.map(|x| standing_label(&ctx, x)),
            number: s.position,
            role: ctx.t(role_message(s.role).id()),
            action: ctx.pick(&s.action_kk, &s.action_ru).to_string(),
            due: format!(
                "{} · {}",
                ctx.duration(&Duration {
                    amount: s.amount.max(0) as u32,
                    unit: s.unit
                }),
                ctx.date_time(&s.due_at)
            ),
            done: s.done_at.map(|t| ctx.date_time(&t)),
            outcome: s.outcome.as_deref().map(|o| {
                let outcome = ctx.t(outcome_message(o).id());
                if s.identity_checked {
                    format!("{outcome} ({})", ctx.t("admin-outcome-identity-checked"))
                } else {
                    outcome
                }
            }),
            comment: s.comment.clone(),
            late: st.late,
            current: st.current,
        })
        .collect();
    let actions = engine::actions_for(me.0, &app, service)
        .into_iter()
        .map(Action::as_str)
        .collect();
    let decision = match app.decision.as_deref() {
        Some("refusal") => Some(ctx.t("admin-decision-refusal")),
        Some(_) => Some(ctx.t("admin-decision-result")),
        None => None,
    };
    render(&ApplicationPage {
        home: me.home(),
        returned: app.returned_at.map(|t| ctx.date_time(&t)),
        returned_late: app
            .returned_at
            .is_some_and(|t| crate::domain::workflow::returned_late(t, app.expected_at)),
        status_label: ctx.t(app.status.message().id()),
        organization: organization
            .as_ref()
            .map(|o| organization_label(&ctx, o))
            .unwrap_or_default(),
        deadline: expected_label(&ctx, app.expected_at),
        decision,
        answers: answer_views(&ctx, service, &app.answers()),
        documents: document_views(&ctx, service, &documents),
        steps: lines,
        may_reassign: me.role() == crate::domain::actor::StaffRole::Head
            && app.step_role.as_deref() == Some("executor")
            && app.assigned_to.is_some(),
        actions,
        executors,
        grounds: service
            .refusal_grounds
            .iter()
            .enumerate()
            .map(|(i, g)| (i, ctx.tr(&g.text).to_string()))
            .collect(),
        service,
        applicant,
        app,
        calendar,
        result,
        ctx,
    })
}

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
                    super::signing::sign_document(
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
fn outcome_message(outcome: &str) -> MsgId {
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

/// `GET /admin/applications/{number}/result.pdf`: the signed result, for the clerk to print at
/// the office (audited like every download).
pub async fn result_pdf(
    me: StaffMember,
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let number = number.into_inner();
    let held = state
        .db(move |conn| {
            use diesel::Connection;
            conn.transaction(|conn| {
                let held = crate::repo::results::of_application(conn, me.actor(), &number)?;
                if held.is_some() {
                    audit::record(
                        conn,
                        &Entry {
                            who: Who::Staff {
                                id: me.0.id.0,
                                organization: me.organization().map(|o| o.0),
                            },
                            action: "result_download",
                            object: Some(&number),
                            details: serde_json::json!({}),
                        },
                        Utc::now(),
                    )?;
                }
                Ok(held)
            })
        })
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{}.pdf\"", held.document_number),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(held.pdf))
}

/// `GET /admin/applications/{number}/documents/{id}`: a document of an application the staff
/// member may see; every download is audited.
pub async fn document(
    me: StaffMember,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (number, id) = path.into_inner();
    let (info, content) = state
        .db(move |conn| {
            use diesel::Connection;
            conn.transaction(|conn| {
                let found = apps::document(conn, me.actor(), &number, DocumentId(id))?;
                if found.is_some() {
                    audit::record(
                        conn,
                        &Entry {
                            who: Who::Staff {
                                id: me.0.id.0,
                                organization: me.organization().map(|o| o.0),
                            },
                            action: "document_download",
                            object: Some(&number),
                            details: serde_json::json!({ "document": id }),
                        },
                        Utc::now(),
                    )?;
                }
                Ok(found)
            })
        })
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(info.content_type.as_str())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"document-{}\"", info.id),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(content))
}

impl ApplicationPage<'_> {
    /// How an executor's nearest due instant stands now, in working time (for assigning).
    fn time_left(&self, due: &chrono::DateTime<Utc>) -> String {
        standing_label(&self.ctx, self.calendar.standing(Utc::now(), *due))
    }

    fn is_assigned(&self, staff: &i64) -> bool {
        self.app.assigned_to == Some(*staff)
    }

    /// The channel the application came by.
    fn channel_message(&self) -> &'static str {
        match self.app.channel.as_str() {
            "provider" => "channel-provider",
            "state_corporation" => "channel-state-corporation",
            _ => "channel-portal",
        }
    }

    /// The heading and button of an action's form.
    fn action_title(&self, action: &str) -> &'static str {
        match Action::parse(action) {
            Some(Action::Register) => "admin-action-register",
            Some(Action::Take) => "admin-action-take",
            Some(Action::Assign) => "admin-action-assign",
            Some(Action::PrepareResult) => "admin-action-prepare-result",
            Some(Action::Refuse) => "admin-action-refuse",
            Some(Action::Sign) => "admin-action-sign",
            Some(Action::Return) => "admin-action-return",
            Some(Action::Issue) => "admin-action-issue",
            Some(Action::Dispatch) => "admin-action-dispatch",
            Some(Action::SendBack) => "admin-action-send-back",
            Some(Action::Complete) | None => "admin-action-complete",
        }
    }
}
