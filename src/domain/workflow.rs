//! The workflow rules that the citizen's cabinet and the staff queue share: what may happen to
//! an application now, whether it is ready to submit, and how each step stands against its due
//! instant in working time.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::application::{Status, validate_answers};
use super::calendar::{Standing, WorkingCalendar};
use super::catalog::{FieldType, Service};

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
