//! One application as staff work it: `GET /admin/applications/{number}` (the applicant, answers,
//! documents, the timeline, the legal deadline, and the action form when the current step is
//! mine); its moves (`actions`) and its audited downloads (`files`).

mod actions;
mod files;

pub use actions::act;
use actions::outcome_message;
pub use files::{document, result_pdf};

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use crate::domain::catalog::{Duration, Service};
use crate::domain::workflow::{Action, StepTimes, step_states};
use crate::repo::applications::engine;
use crate::repo::applications::{self as apps, ApplicationRow};
use crate::repo::staff::{self, ExecutorLoad};
use crate::repo::users::{self, User};
use crate::state::AppState;
use crate::web::admin::StaffMember;
use crate::web::errors::AppError;
use crate::web::page::{PageCtx, render};
use crate::web::services::role_message;
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
            role: ctx.text(role_message(s.role).id()).into_owned(),
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
                let outcome = ctx.text(outcome_message(o).id()).into_owned();
                if s.identity_checked {
                    format!(
                        "{outcome} ({})",
                        ctx.text("admin-outcome-identity-checked").into_owned()
                    )
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
        Some("refusal") => Some(ctx.text("admin-decision-refusal").into_owned()),
        Some(_) => Some(ctx.text("admin-decision-result").into_owned()),
        None => None,
    };
    render(&ApplicationPage {
        home: me.home(),
        returned: app.returned_at.map(|t| ctx.date_time(&t)),
        returned_late: app
            .returned_at
            .is_some_and(|t| crate::domain::workflow::returned_late(t, app.expected_at)),
        status_label: ctx.text(app.status.message().id()).into_owned(),
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
