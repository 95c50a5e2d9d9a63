//! The deadline watch's rules (pure): what an open step needs now — a warning one working day
//! before its due instant, an overdue flag at it — and who is told.

use chrono::{DateTime, TimeDelta, Utc};

use super::MsgId;
use super::calendar::{Standing, WorkingCalendar};
use super::catalog::Role;

/// What the watch does to a step now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// At most one working day of working time is left: the acting staff are told.
    Warn,
    /// The due instant has come: the step is flagged and the heads are told.
    Overdue,
}

impl Mark {
    pub fn message(self) -> MsgId {
        match self {
            Mark::Warn => MsgId("staff-notice-step-due-soon"),
            Mark::Overdue => MsgId("staff-notice-step-overdue"),
        }
    }
}

/// How a step stands for the watch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Mark it now.
    Mark(Mark),
    /// Nothing to do yet, and nothing for any step due later (more than a working day left).
    Later,
    /// Nothing to do (already marked, or no working time left before a due instant still to
    /// come), but a step due later may need something.
    Nothing,
}

/// The working time that makes "one working day" (the configured working hours of one day).
pub fn one_working_day(calendar: &WorkingCalendar) -> TimeDelta {
    calendar.hours.per_day()
}

/// What an open step due at `due` needs at `now`, given its marks.
pub fn verdict(
    calendar: &WorkingCalendar,
    now: DateTime<Utc>,
    due: DateTime<Utc>,
    warned: bool,
    flagged_overdue: bool,
) -> Verdict {
    if now >= due {
        return if flagged_overdue {
            Verdict::Nothing
        } else {
            Verdict::Mark(Mark::Overdue)
        };
    }
    match calendar.standing(now, due) {
        Standing::Left(left) if left > one_working_day(calendar) => Verdict::Later,
        Standing::Left(left) if left > TimeDelta::zero() && !warned && !flagged_overdue => {
            Verdict::Mark(Mark::Warn)
        }
        _ => Verdict::Nothing,
    }
}

/// Who acts on a step, as the watch finds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipients {
    /// The one assigned executor.
    Assigned(i64),
    /// Every active staff member of the organization with this role.
    OrganizationRole(i64, Role),
    /// Every active State Corporation operator.
    Operators,
    /// Every head of the organization.
    Heads(i64),
    /// Nobody (the applicant's, a courier's or an information system's step).
    Nobody,
}

/// Who is told of `mark` on a step of `role`. A warning goes to whoever acts on the step (the
/// assigned executor, or everyone of the organization with the step's role); an overdue flag to
/// the organization's heads. The State Corporation has no head: its operators are told both.
pub fn recipients(
    mark: Mark,
    role: Role,
    organization: Option<i64>,
    assigned_to: Option<i64>,
) -> Recipients {
    match (role, mark) {
        (Role::Applicant | Role::Courier | Role::System, _) => Recipients::Nobody,
        (Role::Operator, _) => Recipients::Operators,
        (_, Mark::Overdue) => organization.map_or(Recipients::Nobody, Recipients::Heads),
        (Role::Executor, Mark::Warn) if assigned_to.is_some() => {
            Recipients::Assigned(assigned_to.unwrap_or_default())
        }
        (role, Mark::Warn) => organization.map_or(Recipients::Nobody, |org| {
            Recipients::OrganizationRole(org, role)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::tests::kz_calendar;
    use crate::domain::calendar::utc;
    use chrono::NaiveDateTime;

    fn at(s: &str) -> DateTime<Utc> {
        utc(NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap())
    }

    #[test]
    fn a_step_is_warned_one_working_day_before_and_flagged_at_its_due_instant() {
        let cal = kz_calendar();
        // Due Friday 4 December 2026 at 18:30.
        let due = at("2026-12-04T18:30");
        let v = |now: &str, warned, flagged| verdict(&cal, at(now), due, warned, flagged);
        assert_eq!(v("2026-12-03T10:00", false, false), Verdict::Later);
        assert_eq!(v("2026-12-03T18:29", false, false), Verdict::Later);
        assert_eq!(
            v("2026-12-03T18:30", false, false),
            Verdict::Mark(Mark::Warn),
            "exactly one working day left"
        );
        assert_eq!(
            v("2026-12-04T12:00", false, false),
            Verdict::Mark(Mark::Warn)
        );
        assert_eq!(v("2026-12-04T12:00", true, false), Verdict::Nothing);
        assert_eq!(
            v("2026-12-04T18:30", true, false),
            Verdict::Mark(Mark::Overdue)
        );
        assert_eq!(
            v("2026-12-07T09:00", false, false),
            Verdict::Mark(Mark::Overdue),
            "never warned: flagged all the same"
        );
        assert_eq!(v("2026-12-07T09:00", true, true), Verdict::Nothing);
    }

    #[test]
    fn one_working_day_skips_weekends_and_holidays() {
        let cal = kz_calendar();
        // Due Monday 7 December at 18:30: Friday after closing is one working day before.
        let due = at("2026-12-07T18:30");
        assert_eq!(
            verdict(&cal, at("2026-12-04T17:00"), due, false, false),
            Verdict::Later
        );
        assert_eq!(
            verdict(&cal, at("2026-12-05T11:00"), due, false, false),
            Verdict::Mark(Mark::Warn)
        );
        // Due Thursday 17 December 2026 at 18:30; the 16th is a holiday: on Tuesday the 15th
        // after closing one working day is left.
        let due = at("2026-12-17T18:30");
        assert_eq!(
            verdict(&cal, at("2026-12-15T12:00"), due, false, false),
            Verdict::Later
        );
        assert_eq!(
            verdict(&cal, at("2026-12-15T19:00"), due, false, false),
            Verdict::Mark(Mark::Warn)
        );
    }

    #[test]
    fn the_acting_staff_are_warned_and_the_heads_told_of_an_overdue_step() {
        use Recipients::*;
        assert_eq!(
            recipients(Mark::Warn, Role::Executor, Some(1), Some(7)),
            Assigned(7)
        );
        assert_eq!(
            recipients(Mark::Warn, Role::Executor, Some(1), None),
            OrganizationRole(1, Role::Executor)
        );
        assert_eq!(
            recipients(Mark::Warn, Role::Clerk, Some(1), Some(7)),
            OrganizationRole(1, Role::Clerk)
        );
        assert_eq!(
            recipients(Mark::Overdue, Role::Executor, Some(1), Some(7)),
            Heads(1)
        );
        assert_eq!(
            recipients(Mark::Warn, Role::Operator, Some(1), None),
            Operators
        );
        assert_eq!(
            recipients(Mark::Overdue, Role::Operator, Some(1), None),
            Operators
        );
        for role in [Role::Applicant, Role::Courier, Role::System] {
            assert_eq!(recipients(Mark::Overdue, role, Some(1), None), Nobody);
            assert_eq!(recipients(Mark::Warn, role, Some(1), None), Nobody);
        }
    }
}
