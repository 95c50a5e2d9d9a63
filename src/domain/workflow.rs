//! The workflow rules that the citizen's cabinet and the staff queue share: what may happen to
//! an application now, whether it is ready to submit, and how each step stands against its due
//! instant in working time.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::application::{Status, validate_answers};
use super::calendar::{Standing, WorkingCalendar};
use super::catalog::{FieldType, Path, Role, Service};

/// The applicant may change (and submit) the application only while it is a draft.
pub fn may_edit(status: Status) -> bool {
    status == Status::Draft
}

/// The applicant may withdraw until the provider registers the application.
pub fn may_withdraw(status: Status) -> bool {
    status.can_withdraw()
}

/// Everything the regulation asks is there: valid answers on `today`, every upload the answers
/// make required, and a chosen provider.
pub fn ready_to_submit(
    service: &Service,
    answers: &BTreeMap<String, String>,
    uploaded_fields: &[&str],
    has_provider: bool,
    today: NaiveDate,
) -> bool {
    let answers_ok = validate_answers(service, answers, today).is_ok();
    let files_ok = service
        .fields
        .iter()
        .filter(|f| f.field_type == FieldType::File && service.file_required(f, answers))
        .all(|f| uploaded_fields.contains(&f.name.as_str()));
    answers_ok && files_ok && has_provider
}

/// When a step was due and when it was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepTimes {
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
}

/// How one step stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepState {
    /// The first step not done, while the application is open.
    pub current: bool,
    /// Done after its due instant, or not done and already past it.
    pub late: bool,
    /// For the current step: working time left, or how long it is overdue.
    pub standing: Option<Standing>,
}

pub fn step_states(
    status: Status,
    steps: &[StepTimes],
    now: DateTime<Utc>,
    calendar: &WorkingCalendar,
) -> Vec<StepState> {
    let current = steps
        .iter()
        .position(|s| s.done_at.is_none())
        .filter(|_| !status.is_closed());
    steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let standing = calendar.standing(now, s.due_at);
            StepState {
                current: current == Some(i),
                late: match s.done_at {
                    Some(done) => done > s.due_at,
                    None => !status.is_closed() && matches!(standing, Standing::Overdue(_)),
                },
                standing: (current == Some(i)).then_some(standing),
            }
        })
        .collect()
}

/// An open application past its legal deadline (none without a deadline).
pub fn is_overdue(
    status: Status,
    deadline: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    calendar: &WorkingCalendar,
) -> bool {
    !status.is_closed()
        && deadline.is_some_and(|d| matches!(calendar.standing(now, d), Standing::Overdue(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::WorkingHours;
    use chrono::TimeDelta;

    fn at(s: &str) -> DateTime<Utc> {
        crate::domain::calendar::utc(
            chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap(),
        )
    }

    #[test]
    fn only_a_draft_is_edited_and_only_a_submitted_one_withdrawn() {
        for s in Status::ALL {
            assert_eq!(may_edit(s), s == Status::Draft, "{s:?}");
            assert_eq!(may_withdraw(s), s == Status::Submitted, "{s:?}");
        }
    }

    #[test]
    fn steps_stand_in_working_time() {
        let cal = WorkingCalendar::new([], WorkingHours::default());
        // Monday 23 November 2026, 11:00.
        let now = at("2026-11-23T11:00");
        let steps = [
            StepTimes {
                due_at: at("2026-11-23T10:00"),
                done_at: Some(at("2026-11-23T10:30")),
            },
            StepTimes {
                due_at: at("2026-11-23T12:00"),
                done_at: None,
            },
            StepTimes {
                due_at: at("2026-11-23T10:59"),
                done_at: None,
            },
        ];
        let states = step_states(Status::Registered, &steps, now, &cal);
        assert_eq!(
            states
                .iter()
                .map(|s| (s.current, s.late))
                .collect::<Vec<_>>(),
            [(false, true), (true, false), (false, true)]
        );
        assert_eq!(
            states[1].standing,
            Some(Standing::Left(TimeDelta::hours(1)))
        );
        // A closed application has no current step and nothing waiting is late.
        let closed = step_states(Status::Withdrawn, &steps, now, &cal);
        assert!(closed.iter().all(|s| !s.current));
        assert!(!closed[2].late);
    }

    #[test]
    fn an_open_application_past_its_deadline_is_overdue() {
        let cal = WorkingCalendar::new([], WorkingHours::default());
        let now = at("2026-11-24T09:00");
        let due = Some(at("2026-11-23T18:30"));
        assert!(is_overdue(Status::Submitted, due, now, &cal));
        assert!(!is_overdue(Status::Issued, due, now, &cal));
        assert!(!is_overdue(Status::Submitted, None, now, &cal));
        assert!(!is_overdue(
            Status::Submitted,
            Some(at("2026-11-24T18:30")),
            now,
            &cal
        ));
    }
}

/// What a staff step of a regulation is for, read from the path (the regulations name who acts
/// in which order; the duty follows from that): the first staff step registers; a head before
/// the decision assigns the executor; the first executor step after registration decides (or the
/// only staff step, when it is an executor's); a head after the decision signs; anyone after it
/// issues.
///
/// A State Corporation path (one with operator steps) adds the front office around the
/// provider's chain: what comes before the provider's first step happens at the counter while
/// the citizen is there, except that, where the State Corporation has more than one step there,
/// its last one is sending the package on (seed 003 p.8 pp.5, seed 000 p.9, seed 001 p.9); the
/// provider's staff steps after the decision send the result back instead of issuing it; the
/// last operator step hands the result to the citizen. Steps of the applicant, information
/// systems and couriers are `Auto` (complete when reached) unless they fall at the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    Register,
    Assign,
    Decide,
    Sign,
    Issue,
    /// A staff step between registration and the decision that only passes the file on.
    PassOn,
    /// Done at the State Corporation's counter when the application is taken.
    Counter,
    /// The State Corporation sends the package to the provider.
    Dispatch,
    /// The provider sends the result back to the State Corporation.
    SendBack,
    /// The State Corporation hands the result to the citizen.
    HandOut,
    /// Completes on its own when reached (the applicant's, an information system's, a courier's).
    Auto,
}

fn is_provider_staff(role: Role) -> bool {
    matches!(role, Role::Clerk | Role::Head | Role::Executor)
}

/// Roles whose steps a staff member closes by hand.
fn acts_by_hand(role: Role) -> bool {
    is_provider_staff(role) || role == Role::Operator
}

/// The duty of each step of a path, in order.
pub fn duties(path: &Path) -> Vec<Duty> {
    let roles: Vec<Role> = path.steps.iter().map(|s| s.role).collect();
    let staff: Vec<usize> = (0..roles.len())
        .filter(|&i| is_provider_staff(roles[i]))
        .collect();
    let first = staff.first().copied();
    let decision = staff
        .iter()
        .copied()
        .skip(1)
        .find(|&i| roles[i] == Role::Executor)
        .or(first.filter(|&i| roles[i] == Role::Executor));
    let mut duties: Vec<Duty> = (0..roles.len())
        .map(|i| {
            let role = roles[i];
            if !is_provider_staff(role) {
                Duty::Auto
            } else if Some(i) == decision {
                Duty::Decide
            } else if Some(i) == first {
                Duty::Register
            } else if decision.is_none_or(|d| i < d) {
                if role == Role::Head {
                    Duty::Assign
                } else {
                    Duty::PassOn
                }
            } else if role == Role::Head {
                Duty::Sign
            } else {
                Duty::Issue
            }
        })
        .collect();
    if let (Some(first), Some(&last)) = (first, staff.last())
        && roles.contains(&Role::Operator)
    {
        front_office(&roles, first, last, &mut duties);
    }
    duties
}

/// The State Corporation's duties around the provider's chain (`first..=last`).
fn front_office(roles: &[Role], first: usize, last: usize, duties: &mut [Duty]) {
    let operator_before: Vec<usize> = (0..first).filter(|&i| roles[i] == Role::Operator).collect();
    let dispatch = (operator_before.len() > 1)
        .then(|| operator_before.last().copied())
        .flatten();
    for i in 0..first {
        duties[i] = match dispatch {
            Some(d) if i == d => Duty::Dispatch,
            Some(d) if i > d => Duty::Auto,
            _ if roles[i] == Role::Courier => Duty::Auto,
            _ => Duty::Counter,
        };
    }
    let hand_out = (last + 1..roles.len())
        .rev()
        .find(|&i| roles[i] == Role::Operator);
    for i in last + 1..roles.len() {
        if Some(i) == hand_out {
            duties[i] = Duty::HandOut;
        } else if roles[i] == Role::Operator {
            duties[i] = Duty::PassOn;
        }
    }
    if hand_out.is_some() {
        for duty in &mut duties[first..=last] {
            if *duty == Duty::Issue {
                *duty = Duty::SendBack;
            }
        }
    }
}

/// The position (1-based) of the provider's last staff step: when it closes on a State
/// Corporation path, the result is back at the State Corporation.
pub fn provider_last_step(path: &Path) -> Option<i32> {
    path.steps
        .iter()
        .rposition(|s| is_provider_staff(s.role))
        .map(|i| i as i32 + 1)
}

/// Whether the decision taken at `position` (1-based) is signed right away: when no head signs
/// after it in the regulation, the executor's decision is the organization's final word.
pub fn decision_is_final(path: &Path, position: i32) -> bool {
    let after = usize::try_from(position).unwrap_or(0);
    !duties(path).iter().skip(after).any(|d| *d == Duty::Sign)
}

/// A staff action on the current step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Registers the application in the organization's journal.
    Register,
    /// An executor takes an unassigned application (where no head assigns).
    Take,
    /// The head assigns an executor with a resolution.
    Assign,
    /// The executor prepares the result.
    PrepareResult,
    /// The executor prepares a motivated refusal on a ground of the service's list.
    Refuse,
    /// The head signs the result or the refusal.
    Sign,
    /// The head sends the result back to the executor to be prepared again.
    Return,
    /// Hands the result over (in the cabinet, or at the office).
    Issue,
    /// Passes the file on to the next step.
    Complete,
    /// The State Corporation sends the package to the provider.
    Dispatch,
    /// The provider sends the result back to the State Corporation.
    SendBack,
}

impl Action {
    pub const ALL: [Action; 11] = [
        Action::Register,
        Action::Take,
        Action::Assign,
        Action::PrepareResult,
        Action::Refuse,
        Action::Sign,
        Action::Return,
        Action::Issue,
        Action::Complete,
        Action::Dispatch,
        Action::SendBack,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Register => "register",
            Action::Take => "take",
            Action::Assign => "assign",
            Action::PrepareResult => "prepare_result",
            Action::Refuse => "refuse",
            Action::Sign => "sign",
            Action::Return => "return",
            Action::Issue => "issue",
            Action::Complete => "complete",
            Action::Dispatch => "dispatch",
            Action::SendBack => "send_back",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Whether the action closes the current step and opens the next (taking does not: the
    /// taker then decides; returning reopens the decision instead).
    pub fn closes_step(self) -> bool {
        !matches!(self, Action::Take | Action::Return)
    }
}

/// Who is asking, as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asker {
    pub role: Role,
    /// The application is assigned to the asker.
    pub assigned_to_me: bool,
    /// The application is assigned to nobody.
    pub unassigned: bool,
}

/// The actions the asker may take on a step of this duty and role, given the service can
/// refuse (it names at least one ground). Empty: nothing for them to do here.
pub fn allowed_actions(duty: Duty, step_role: Role, asker: Asker, can_refuse: bool) -> Vec<Action> {
    if asker.role != step_role || !acts_by_hand(step_role) {
        return vec![];
    }
    if step_role == Role::Executor && !asker.assigned_to_me {
        // An executor acts on what is assigned to them; an unassigned one can be taken.
        return if asker.unassigned {
            vec![Action::Take]
        } else {
            vec![]
        };
    }
    match duty {
        Duty::Register => vec![Action::Register],
        Duty::Assign => vec![Action::Assign],
        Duty::Decide if can_refuse => vec![Action::PrepareResult, Action::Refuse],
        Duty::Decide => vec![Action::PrepareResult],
        Duty::Sign => vec![Action::Sign, Action::Return],
        Duty::Issue => vec![Action::Issue],
        Duty::PassOn => vec![Action::Complete],
        Duty::Dispatch => vec![Action::Dispatch],
        Duty::SendBack => vec![Action::SendBack],
        Duty::HandOut => vec![Action::Issue],
        Duty::Counter | Duty::Auto => vec![],
    }
}

/// The status after a step closes with `action`, when steps remain (`None` keeps it).
pub fn status_after(action: Action, decided: bool) -> Option<Status> {
    match action {
        Action::Register => Some(Status::Registered),
        Action::Take | Action::Assign | Action::Return => Some(Status::InProgress),
        Action::Complete if decided => Some(Status::ResultReady),
        Action::Complete => Some(Status::InProgress),
        Action::Dispatch => None,
        Action::PrepareResult | Action::Refuse => Some(Status::ResultReady),
        Action::Sign | Action::Issue | Action::SendBack => decided.then_some(Status::ResultReady),
    }
}

/// The final status when no step remains: issued, or refused when the decision was a refusal.
pub fn final_status(refused: bool) -> Status {
    if refused {
        Status::Refused
    } else {
        Status::Issued
    }
}

#[cfg(test)]
mod front_office_tests {
    use super::*;
    use crate::domain::catalog::Channel;
    use Duty::*;

    fn duties_of(code: &str) -> Vec<Duty> {
        let catalog = crate::catalog::embedded().expect("the service files are valid");
        let service = catalog.find(code).expect("the service exists");
        duties(
            service
                .path(Channel::StateCorporation)
                .expect("a State Corporation path"),
        )
    }

    #[test]
    fn the_front_office_takes_sends_on_and_hands_out_around_the_providers_chain() {
        // Seed 003 p.8: check, register, consent at the counter; sending is the fourth step.
        assert_eq!(
            duties_of("EDU-TVET-DUPLICATE"),
            [Counter, Counter, Counter, Dispatch, Decide, HandOut]
        );
        // Seed 000 p.9: the applicant and three operator steps at the counter, the package
        // prepared for the courier, the courier; the clerk sends the result back by courier.
        assert_eq!(
            duties_of("EDU-TVET-STATE-ORDER-COMPETITION"),
            [
                Counter, Counter, Counter, Counter, Dispatch, Auto, Register, Assign, Decide,
                SendBack, Auto, HandOut
            ]
        );
        // One operator step before the provider: the acceptance itself, done at the counter.
        assert_eq!(
            duties_of("EDU-SCHOOL-DUPLICATE"),
            [Counter, Auto, Decide, HandOut]
        );
    }

    #[test]
    fn operators_act_only_on_their_duties_and_staff_never_at_the_counter() {
        let operator = Asker {
            role: Role::Operator,
            assigned_to_me: false,
            unassigned: true,
        };
        assert_eq!(
            allowed_actions(Dispatch, Role::Operator, operator, true),
            [Action::Dispatch]
        );
        assert_eq!(
            allowed_actions(HandOut, Role::Operator, operator, true),
            [Action::Issue]
        );
        assert!(allowed_actions(Counter, Role::Operator, operator, true).is_empty());
        let clerk = Asker {
            role: Role::Clerk,
            ..operator
        };
        assert!(allowed_actions(HandOut, Role::Operator, clerk, true).is_empty());
        assert_eq!(
            allowed_actions(SendBack, Role::Clerk, clerk, true),
            [Action::SendBack]
        );
    }
}

/// How long before the legal deadline a provider must deliver the result to the State
/// Corporation: "no later than one day" (бір тәуліктен кешіктірмей — a day of 24 hours) before
/// the term runs out (Law No 88-V "On state services", duties of providers, seed 004).
pub const RETURN_BEFORE_DEADLINE: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// Whether the provider delivered the result to the State Corporation later than the law
/// allows. Without a legal deadline (the regulation gives no term) nothing is late.
pub fn returned_late(returned_at: DateTime<Utc>, deadline: Option<DateTime<Utc>>) -> bool {
    deadline.is_some_and(|d| returned_at > d - RETURN_BEFORE_DEADLINE)
}

#[cfg(test)]
mod return_tests {
    use super::*;

    #[test]
    fn a_result_back_less_than_a_day_before_the_deadline_is_late() {
        let deadline = crate::domain::calendar::utc(
            chrono::NaiveDate::from_ymd_opt(2026, 12, 18)
                .unwrap()
                .and_hms_opt(18, 30, 0)
                .unwrap(),
        );
        let day = chrono::TimeDelta::hours(24);
        assert!(!returned_late(deadline - day, Some(deadline)));
        assert!(!returned_late(
            deadline - day - chrono::TimeDelta::minutes(1),
            Some(deadline)
        ));
        assert!(returned_late(
            deadline - day + chrono::TimeDelta::minutes(1),
            Some(deadline)
        ));
        assert!(returned_late(deadline, Some(deadline)));
        assert!(!returned_late(deadline, None));
    }
}
