//! Complaints: Law No 88-V "On state services" gives a service recipient the right to complain,
//! and the provider the duty to consider the complaint in the term the Law sets. Pure rules:
//! the term, what a complaint's (or an answer's) text may be, who may complain, and how a
//! complaint stands.

use chrono::{DateTime, Utc};

use super::MsgId;
use super::application::Status;
use super::calendar::WorkingCalendar;
use super::catalog::{Duration, DurationUnit};

/// The term in which the provider considers a complaint: five working days from its
/// registration (the day of registration not counted, due at the close of the fifth working
/// day after it).
///
/// Taken from Law No 88-V, art. 25 p.2 (not in the seeds): the seed's handout on the Law
/// (seed 004) gives the right to complain and the provider's duty to consider complaints "in
/// the terms this Law sets", but does not reproduce the term itself.
pub const ANSWER_TERM: Duration = Duration {
    amount: 5,
    unit: DurationUnit::WorkingDays,
};

/// The longest complaint or answer, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// When a complaint registered at `registered` must be answered.
pub fn due_at(calendar: &WorkingCalendar, registered: DateTime<Utc>) -> DateTime<Utc> {
    calendar.due(registered, ANSWER_TERM)
}

/// A citizen may complain about any application of theirs that is no longer a draft (a draft
/// has not reached the provider).
pub fn may_complain(status: Status) -> bool {
    status != Status::Draft
}

/// A text as sent: trimmed, with line ends as `\n`. Refused when empty, longer than
/// `MAX_TEXT_CHARS`, or holding control characters other than line breaks and tabs.
pub fn check_text(raw: &str) -> Result<String, MsgId> {
    let text = raw.trim().replace("\r\n", "\n");
    if text.is_empty() {
        return Err(MsgId("complaint-error-text-required"));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return Err(MsgId("complaint-error-text-control"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(MsgId("complaint-error-text-too-long"));
    }
    Ok(text)
}

/// How a complaint stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Waiting for an answer, still within the term.
    Open,
    /// Waiting for an answer past its due instant.
    Overdue,
    /// Answered by its due instant.
    Answered,
    /// Answered after its due instant.
    AnsweredLate,
}

impl Standing {
    pub fn of(due: DateTime<Utc>, answered: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Standing {
        match answered {
            Some(at) if at <= due => Standing::Answered,
            Some(_) => Standing::AnsweredLate,
            None if now <= due => Standing::Open,
            None => Standing::Overdue,
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, Standing::Open | Standing::Overdue)
    }

    pub fn is_late(self) -> bool {
        matches!(self, Standing::Overdue | Standing::AnsweredLate)
    }

    pub fn message(self) -> MsgId {
        match self {
            Standing::Open => MsgId("complaint-status-open"),
            Standing::Overdue => MsgId("complaint-status-overdue"),
            Standing::Answered => MsgId("complaint-status-answered"),
            Standing::AnsweredLate => MsgId("complaint-status-answered-late"),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::domain::calendar::{DayKind, WorkingHours};

    fn almaty(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        crate::domain::TIME_ZONE
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn calendar() -> WorkingCalendar {
        WorkingCalendar::new(
            [(
                NaiveDate::from_ymd_opt(2026, 12, 16).unwrap(),
                DayKind::Holiday,
            )],
            WorkingHours::default(),
        )
    }

    #[test]
    fn the_term_is_five_working_days_skipping_weekends_and_holidays() {
        // Friday 11 December 2026, not counted: Mon 14, Tue 15, (Wed 16 Independence Day),
        // Thu 17, Fri 18, Mon 21 — due at the close of Monday 21 December.
        let registered = almaty(2026, 12, 11, 10, 0);
        assert_eq!(
            due_at(&calendar(), registered),
            almaty(2026, 12, 21, 18, 30)
        );
        // Without the holiday it would be Friday 18.
        let plain = WorkingCalendar::new([], WorkingHours::default());
        assert_eq!(due_at(&plain, registered), almaty(2026, 12, 18, 18, 30));
        // Registered on a Saturday: counted from Monday, the day of registration not counted.
        let saturday = almaty(2026, 12, 5, 12, 0);
        assert_eq!(due_at(&plain, saturday), almaty(2026, 12, 14, 18, 30));
    }

    #[test]
    fn texts_are_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(
            check_text("  Жауап жоқ.\r\nКүттім.  "),
            Ok("Жауап жоқ.\nКүттім.".into())
        );
        assert_eq!(
            check_text(" \n\t "),
            Err(MsgId("complaint-error-text-required"))
        );
        assert_eq!(
            check_text("a\0b"),
            Err(MsgId("complaint-error-text-control"))
        );
        assert_eq!(
            check_text("a\u{1b}[31m"),
            Err(MsgId("complaint-error-text-control"))
        );
        let long = "ә".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            check_text(&long),
            Err(MsgId("complaint-error-text-too-long"))
        );
        assert!(check_text(&"ә".repeat(MAX_TEXT_CHARS)).is_ok());
    }

    #[test]
    fn only_drafts_cannot_be_complained_about() {
        for status in Status::ALL {
            assert_eq!(may_complain(status), status != Status::Draft, "{status:?}");
        }
    }

    #[test]
    fn a_complaint_stands_open_overdue_answered_or_late() {
        let due = almaty(2026, 12, 18, 18, 30);
        let before = almaty(2026, 12, 17, 10, 0);
        let after = almaty(2026, 12, 21, 10, 0);
        assert_eq!(Standing::of(due, None, before), Standing::Open);
        assert_eq!(Standing::of(due, None, after), Standing::Overdue);
        assert_eq!(Standing::of(due, Some(before), after), Standing::Answered);
        assert_eq!(
            Standing::of(due, Some(after), after),
            Standing::AnsweredLate
        );
        assert!(Standing::Overdue.is_open() && Standing::Overdue.is_late());
        assert!(!Standing::Answered.is_open() && !Standing::Answered.is_late());
    }
}
