//! Working time and deadlines (principle 2 of DESIGN.md: time is law).
//!
//! Rules, from the Law "On state services" and the regulations:
//! - minutes and hours count working time only (working days, within working hours, outside
//!   the break);
//! - working days: the day of receipt is not counted; the step is due at the close of working
//!   hours of the N-th working day after it;
//! - calendar days: the day of receipt is not counted; due at the close of working hours of the
//!   N-th day after it, or of the next working day when that day is not one;
//! - an application received after working hours or on a day off counts as received at the
//!   start of the next working day (one received before opening, at the opening; one received
//!   during the break, at its end).
//!
//! Those are the rules for steps. A service's legal deadline follows its term's counting rule,
//! which is data in the service file ("from the moment" or "the day of acceptance not counted",
//! see `WorkingCalendar::deadline`).
//!
//! All in Kazakhstan's time (Asia/Almaty, UTC+5). The calendar is data passed in: no I/O here.

use std::collections::BTreeMap;

use chrono::{
    DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc, Weekday,
};

use super::TIME_ZONE;
use super::catalog::{Counting, Duration, DurationUnit};

/// What a calendar entry says about its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// A public holiday (or a day off by law, such as 7 January or Kurban Ait).
    Holiday,
    /// A working day made a day off: a holiday carried from a weekend, or a decreed transfer.
    DayOffMovedHere,
    /// A weekend day made a working day by a decreed transfer.
    WorkingDayMovedHere,
}

impl DayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::DayOffMovedHere => "day_off_moved_here",
            DayKind::WorkingDayMovedHere => "working_day_moved_here",
        }
    }

    pub fn parse(s: &str) -> Option<DayKind> {
        match s {
            "holiday" => Some(DayKind::Holiday),
            "day_off_moved_here" => Some(DayKind::DayOffMovedHere),
            "working_day_moved_here" => Some(DayKind::WorkingDayMovedHere),
            _ => None,
        }
    }
}

/// The working day's hours with one break, in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingHours {
    pub start: NaiveTime,
    pub break_start: NaiveTime,
    pub break_end: NaiveTime,
    pub end: NaiveTime,
}

impl Default for WorkingHours {
    /// 09:00–18:30 with a break 13:00–14:30 (8 working hours).
    fn default() -> Self {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid constant time");
        WorkingHours {
            start: t(9, 0),
            break_start: t(13, 0),
            break_end: t(14, 30),
            end: t(18, 30),
        }
    }
}

impl WorkingHours {
    /// Checks the order start < break start ≤ break end < end.
    pub fn new(
        start: NaiveTime,
        break_start: NaiveTime,
        break_end: NaiveTime,
        end: NaiveTime,
    ) -> Option<WorkingHours> {
        (start < break_start && break_start <= break_end && break_end < end).then_some(
            WorkingHours {
                start,
                break_start,
                break_end,
                end,
            },
        )
    }

    /// The two working intervals of a day.
    fn intervals(&self) -> [(NaiveTime, NaiveTime); 2] {
        [(self.start, self.break_start), (self.break_end, self.end)]
    }

    pub fn per_day(&self) -> TimeDelta {
        self.intervals().iter().map(|(a, b)| *b - *a).sum()
    }
}

/// Days that differ from the ordinary Monday–Friday week, plus working hours.
#[derive(Debug, Clone, Default)]
pub struct WorkingCalendar {
    days: BTreeMap<NaiveDate, DayKind>,
    pub hours: WorkingHours,
}

/// How a due instant stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Working time left until it is due.
    Left(TimeDelta),
    /// Working time since it fell due.
    Overdue(TimeDelta),
}

/// Far enough to cover any regulated term; stops a loop over a calendar without working days.
const MAX_DAYS_SEARCHED: i64 = 3660;

impl WorkingCalendar {
    pub fn new(
        entries: impl IntoIterator<Item = (NaiveDate, DayKind)>,
        hours: WorkingHours,
    ) -> Self {
        WorkingCalendar {
            days: entries.into_iter().collect(),
            hours,
        }
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some(DayKind::Holiday | DayKind::DayOffMovedHere) => false,
            Some(DayKind::WorkingDayMovedHere) => true,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The first working day after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        for _ in 0..MAX_DAYS_SEARCHED {
            d = d.succ_opt().expect("dates in range");
            if self.is_working_day(d) {
                return d;
            }
        }
        d
    }

    /// The moment an application received at `at` (local time) starts to count.
    fn counted_from(&self, at: NaiveDateTime) -> NaiveDateTime {
        let (date, time) = (at.date(), at.time());
        let h = &self.hours;
        if !self.is_working_day(date) || time >= h.end {
            return self.next_working_day(date).and_time(h.start);
        }
        if time < h.start {
            date.and_time(h.start)
        } else if time >= h.break_start && time < h.break_end {
            date.and_time(h.break_end)
        } else {
            at
        }
    }

    /// When a step of `duration` that starts at `start` is due.
    pub fn due(&self, start: DateTime<Utc>, duration: Duration) -> DateTime<Utc> {
        // A step the regulation gives no time takes none, even after hours.
        if duration.amount == 0 {
            return start;
        }
        let from = self.counted_from(local(start));
        let amount = i64::from(duration.amount);
        let due_local = match duration.unit {
            DurationUnit::Minutes => self.add_working_time(from, TimeDelta::minutes(amount)),
            DurationUnit::Hours => self.add_working_time(from, TimeDelta::hours(amount)),
            DurationUnit::WorkingDays => {
                let mut d = from.date();
                for _ in 0..amount {
                    d = self.next_working_day(d);
                }
                d.and_time(self.hours.end)
            }
            DurationUnit::CalendarDays => {
                let d = from.date() + TimeDelta::days(amount);
                let d = if self.is_working_day(d) {
                    d
                } else {
                    self.next_working_day(d)
                };
                d.and_time(self.hours.end)
            }
        };
        utc(due_local)
    }

    /// The legal deadline of an application received at `received`, by the term's counting rule.
    ///
    /// - From the moment: minutes and hours are working time from receipt (after hours, from the
    ///   next opening); N working days end at the same working moment N working days later;
    ///   N calendar days end N days later at the close of work (or of the next working day).
    /// - The day of acceptance not counted: counting starts with the next working day after the
    ///   day of acceptance, so N working days end at the close of the Nth working day after it.
    pub fn deadline(
        &self,
        received: DateTime<Utc>,
        duration: Duration,
        counting: Counting,
    ) -> DateTime<Utc> {
        match counting {
            Counting::FromMoment => match duration.unit {
                DurationUnit::WorkingDays => {
                    let from = self.counted_from(local(received));
                    let days = i32::try_from(duration.amount).unwrap_or(i32::MAX);
                    utc(self.add_working_time(from, self.hours.per_day() * days))
                }
                _ => self.due(received, duration),
            },
            Counting::AcceptanceDayNotCounted => {
                let day = local(received).date();
                let accepted = if self.is_working_day(day) {
                    day
                } else {
                    self.next_working_day(day)
                };
                let first = self.next_working_day(accepted).and_time(self.hours.start);
                match duration.unit {
                    DurationUnit::WorkingDays => {
                        let mut d = accepted;
                        for _ in 0..duration.amount {
                            d = self.next_working_day(d);
                        }
                        utc(d.and_time(self.hours.end))
                    }
                    _ => self.due(utc(first), duration),
                }
            }
        }
    }

    /// Walks forward through working intervals until `amount` of working time is used up.
    fn add_working_time(&self, from: NaiveDateTime, amount: TimeDelta) -> NaiveDateTime {
        let mut left = amount;
        let mut day = from.date();
        let mut at = from.time();
        for _ in 0..MAX_DAYS_SEARCHED {
            if self.is_working_day(day) {
                for (a, b) in self.hours.intervals() {
                    let begin = at.max(a);
                    if begin >= b {
                        continue;
                    }
                    let available = b - begin;
                    if left <= available {
                        return day.and_time(begin) + left;
                    }
                    left -= available;
                }
            }
            day = day.succ_opt().expect("dates in range");
            at = NaiveTime::MIN;
        }
        day.and_time(at)
    }

    /// Working time between two instants (zero when `to` is not after `from`).
    pub fn working_time_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        if to <= from {
            return TimeDelta::zero();
        }
        let (from, to) = (local(from), local(to));
        // The two end days hour by hour; every working day between them is a whole one. (A
        // queue page asks this of fifty steps, some overdue by a year: no walk day by day.)
        let within = |day: NaiveDate| {
            let mut total = TimeDelta::zero();
            if self.is_working_day(day) {
                for (a, b) in self.hours.intervals() {
                    let begin = day.and_time(a).max(from);
                    let end = day.and_time(b).min(to);
                    if end > begin {
                        total += end - begin;
                    }
                }
            }
            total
        };
        if from.date() == to.date() {
            return within(from.date());
        }
        let whole_days = self.working_days_inside(from.date(), to.date());
        within(from.date()) + within(to.date()) + self.hours.per_day() * whole_days as i32
    }

    /// Working days strictly after `from` up to and including `to`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to <= from {
            return 0;
        }
        self.working_days_inside(from, to) + i64::from(self.is_working_day(to))
    }

    /// Working days strictly between two dates, counted without visiting each: whole weeks have
    /// five, and only the calendar's own days differ from the ordinary week.
    fn working_days_inside(&self, first: NaiveDate, last: NaiveDate) -> i64 {
        let (Some(start), Some(end)) = (first.succ_opt(), last.pred_opt()) else {
            return 0;
        };
        if start > end {
            return 0;
        }
        let days = (end - start).num_days() + 1;
        let mut count = days / 7 * 5;
        let weekday = |d: NaiveDate| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let mut d = start + TimeDelta::days(days / 7 * 7);
        while d <= end {
            count += i64::from(weekday(d));
            d = d.succ_opt().expect("dates in range");
        }
        for date in self.days.range(start..=end).map(|(date, _)| *date) {
            count += i64::from(self.is_working_day(date)) - i64::from(weekday(date));
        }
        count
    }

    /// Time left until `due`, or how long it has been overdue, in working time.
    pub fn standing(&self, now: DateTime<Utc>, due: DateTime<Utc>) -> Standing {
        if now <= due {
            Standing::Left(self.working_time_between(now, due))
        } else {
            Standing::Overdue(self.working_time_between(due, now))
        }
    }
}

pub fn local(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&TIME_ZONE).naive_local()
}

/// The instant of a local time. Kazakhstan has had no daylight saving time since 2005, so a
/// local time maps to one instant; for an old date in a DST gap, UTC+5 is assumed.
pub fn utc(local: NaiveDateTime) -> DateTime<Utc> {
    match TIME_ZONE.from_local_datetime(&local).earliest() {
        Some(at) => at.with_timezone(&Utc),
        None => Utc.from_utc_datetime(&(local - TimeDelta::hours(5))),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The 2026 table of ../shared/reference/kz-calendar-notes.md ("the table to test against"),
    /// plus the 2025 New Year transfer and the 2024 May transfer.
    pub(crate) fn kz_calendar() -> WorkingCalendar {
        use DayKind::*;
        let rows = [
            ("2024-05-04", WorkingDayMovedHere),
            ("2024-05-07", Holiday),
            ("2024-05-08", DayOffMovedHere),
            ("2024-05-09", Holiday),
            ("2025-12-16", Holiday),
            ("2026-01-01", Holiday),
            ("2026-01-02", Holiday),
            ("2026-01-07", Holiday),
            ("2026-03-08", Holiday),
            ("2026-03-09", DayOffMovedHere),
            ("2026-03-21", Holiday),
            ("2026-03-22", Holiday),
            ("2026-03-23", Holiday),
            ("2026-03-24", DayOffMovedHere),
            ("2026-03-25", DayOffMovedHere),
            ("2026-05-01", Holiday),
            ("2026-05-07", Holiday),
            ("2026-05-09", Holiday),
            ("2026-05-11", DayOffMovedHere),
            ("2026-05-27", Holiday),
            ("2026-07-06", Holiday),
            ("2026-10-25", Holiday),
            ("2026-10-26", DayOffMovedHere),
            ("2026-12-16", Holiday),
            ("2027-01-01", Holiday),
            ("2027-01-02", Holiday),
            ("2027-01-04", DayOffMovedHere),
            ("2027-01-07", Holiday),
        ];
        WorkingCalendar::new(
            rows.into_iter().map(|(d, k)| (d.parse().unwrap(), k)),
            WorkingHours::default(),
        )
    }

    /// Local time "YYYY-MM-DDTHH:MM" → instant.
    fn at(s: &str) -> DateTime<Utc> {
        utc(NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap())
    }

    fn show(t: DateTime<Utc>) -> String {
        local(t).format("%Y-%m-%dT%H:%M").to_string()
    }

    fn d(amount: u32, unit: DurationUnit) -> Duration {
        Duration { amount, unit }
    }

    use DurationUnit::{CalendarDays as Cd, Hours as H, Minutes as M, WorkingDays as Wd};

    #[test]
    fn a_legal_deadline_follows_the_terms_counting_rule() {
        use Counting::{AcceptanceDayNotCounted as NotCounted, FromMoment};
        let cal = kz_calendar();
        let cases = [
            // Supplementary education at the provider: 30 minutes from hand-in (seed 004).
            ("2026-11-23T10:00", d(30, M), FromMoment, "2026-11-23T10:30"),
            ("2026-11-23T18:20", d(30, M), FromMoment, "2026-11-24T09:20"),
            // Preschool on the portal: 1 working day from the moment of receipt (seed 004).
            ("2026-11-23T10:00", d(1, Wd), FromMoment, "2026-11-24T10:00"),
            ("2026-11-27T15:00", d(1, Wd), FromMoment, "2026-11-30T15:00"),
            ("2026-12-15T11:00", d(1, Wd), FromMoment, "2026-12-17T11:00"),
            ("2026-11-21T12:00", d(1, Wd), FromMoment, "2026-11-23T18:30"),
            // Supplementary education at the State Corporation: 1 working day, the day of
            // acceptance not counted (seed 004): all of the next working day.
            ("2026-11-23T10:00", d(1, Wd), NotCounted, "2026-11-24T18:30"),
            ("2026-11-23T18:10", d(1, Wd), NotCounted, "2026-11-24T18:30"),
            ("2026-12-15T11:00", d(1, Wd), NotCounted, "2026-12-17T18:30"),
            ("2026-11-21T12:00", d(1, Wd), NotCounted, "2026-11-24T18:30"),
            ("2026-11-23T10:00", d(30, M), NotCounted, "2026-11-24T09:30"),
        ];
        for (received, duration, counting, want) in cases {
            assert_eq!(
                show(cal.deadline(at(received), duration, counting)),
                want,
                "{received} + {duration:?} {counting:?}"
            );
        }
    }

    #[test]
    fn due_instants_across_holidays_transfers_and_after_hours() {
        let cal = kz_calendar();
        let cases = [
            // Minutes and hours: working time only.
            (
                "2026-11-23T10:00",
                d(15, M),
                "2026-11-23T10:15",
                "within the morning",
            ),
            (
                "2026-11-23T12:50",
                d(15, M),
                "2026-11-23T14:35",
                "across the break",
            ),
            (
                "2026-11-23T17:30",
                d(3, H),
                "2026-11-24T11:00",
                "3 h at 17:30 end next morning",
            ),
            (
                "2026-11-27T17:30",
                d(3, H),
                "2026-11-30T11:00",
                "Friday evening to Monday",
            ),
            (
                "2026-11-23T09:00",
                d(8, H),
                "2026-11-23T18:30",
                "a whole working day",
            ),
            (
                "2026-11-23T13:30",
                d(10, M),
                "2026-11-23T14:40",
                "received in the break",
            ),
            (
                "2026-11-23T07:00",
                d(30, M),
                "2026-11-23T09:30",
                "received before opening",
            ),
            (
                "2026-11-23T19:00",
                d(10, M),
                "2026-11-24T09:10",
                "received after hours",
            ),
            (
                "2026-11-28T11:00",
                d(10, M),
                "2026-11-30T09:10",
                "received on Saturday",
            ),
            (
                "2026-03-20T17:45",
                d(1, H),
                "2026-03-26T09:15",
                "across Nauryz and its carried days",
            ),
            (
                "2026-12-31T18:00",
                d(4, H),
                "2027-01-05T12:30",
                "New Year, 2 Jan carried to 4 Jan",
            ),
            // Working days: the day of receipt is not counted; due at 18:30.
            (
                "2026-11-23T10:00",
                d(1, Wd),
                "2026-11-24T18:30",
                "next working day",
            ),
            (
                "2026-03-20T17:45",
                d(1, Wd),
                "2026-03-26T18:30",
                "Nauryz 21–25 March",
            ),
            (
                "2026-03-20T19:00",
                d(1, Wd),
                "2026-03-27T18:30",
                "after hours: received 26 Mar",
            ),
            (
                "2026-05-06T12:00",
                d(3, Wd),
                "2026-05-13T18:30",
                "7 May and 11 May (carried from 9 May) are off",
            ),
            (
                "2026-11-20T12:00",
                d(5, Wd),
                "2026-11-27T18:30",
                "an ordinary week",
            ),
            (
                "2024-05-03T12:00",
                d(1, Wd),
                "2024-05-04T18:30",
                "Saturday 4 May 2024 was worked",
            ),
            (
                "2024-05-06T12:00",
                d(1, Wd),
                "2024-05-10T18:30",
                "7, 8 (transfer), 9 May 2024 off",
            ),
            (
                "2026-12-15T10:00",
                d(1, Wd),
                "2026-12-17T18:30",
                "16 Dec only; 17 Dec is worked",
            ),
            // Calendar days: the day of receipt is not counted; a day off moves it on.
            (
                "2026-11-23T10:00",
                d(19, Cd),
                "2026-12-14T18:30",
                "19 days, ends on a Saturday",
            ),
            ("2026-11-23T10:00", d(1, Cd), "2026-11-24T18:30", "one day"),
            (
                "2026-03-02T10:00",
                d(19, Cd),
                "2026-03-26T18:30",
                "lands on 21 Mar, moved to 26",
            ),
            (
                "2026-08-28T10:00",
                d(3, Cd),
                "2026-08-31T18:30",
                "31 Aug 2026 is a working day",
            ),
            (
                "2026-11-28T10:00",
                d(1, Cd),
                "2026-12-01T18:30",
                "received Saturday: counts Monday",
            ),
        ];
        for (start, duration, expected, why) in cases {
            let due = cal.due(at(start), duration);
            assert_eq!(show(due), expected, "{why}: {start} + {duration:?}");
        }
    }

    #[test]
    fn the_due_instant_is_in_kazakhstan_time() {
        let due = kz_calendar().due(at("2026-03-20T17:45"), d(1, Wd));
        assert_eq!(
            due.with_timezone(&TIME_ZONE).to_rfc3339(),
            "2026-03-26T18:30:00+05:00"
        );
    }

    #[test]
    fn working_time_and_standing() {
        let cal = kz_calendar();
        let day = cal.working_time_between(at("2026-11-23T00:00"), at("2026-11-24T00:00"));
        assert_eq!(day, TimeDelta::hours(8));
        let weekend = cal.working_time_between(at("2026-11-27T18:00"), at("2026-11-30T09:30"));
        assert_eq!(weekend, TimeDelta::minutes(60));
        assert_eq!(
            cal.working_time_between(at("2026-11-24T00:00"), at("2026-11-23T00:00")),
            TimeDelta::zero()
        );
        let due = at("2026-11-24T18:30");
        assert_eq!(
            cal.standing(at("2026-11-24T17:30"), due),
            Standing::Left(TimeDelta::hours(1))
        );
        assert_eq!(
            cal.standing(at("2026-11-25T10:00"), due),
            Standing::Overdue(TimeDelta::hours(1))
        );
    }

    #[test]
    fn working_days_between_skips_days_off() {
        let cal = kz_calendar();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            cal.working_days_between(d("2026-03-20"), d("2026-03-26")),
            1
        );
        assert_eq!(
            cal.working_days_between(d("2026-11-23"), d("2026-11-30")),
            5
        );
        assert_eq!(
            cal.working_days_between(d("2026-11-30"), d("2026-11-23")),
            0
        );
    }

    #[test]
    fn working_hours_must_be_in_order() {
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        assert!(WorkingHours::new(t(9), t(13), t(14), t(18)).is_some());
        assert!(WorkingHours::new(t(9), t(8), t(14), t(18)).is_none());
        assert!(WorkingHours::new(t(9), t(13), t(19), t(18)).is_none());
        assert_eq!(WorkingHours::default().per_day(), TimeDelta::hours(8));
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        fn any_start() -> impl Strategy<Value = DateTime<Utc>> {
            // Any minute from 2024-01-01 to the end of 2027, Almaty time.
            (0i64..4 * 366 * 24 * 60).prop_map(|m| at("2024-01-01T00:00") + TimeDelta::minutes(m))
        }

        fn any_unit() -> impl Strategy<Value = DurationUnit> {
            prop_oneof![Just(M), Just(H), Just(Wd), Just(Cd)]
        }

        proptest! {
            #[test]
            fn due_is_never_before_start(start in any_start(), amount in 0u32..400, unit in any_unit()) {
                let cal = kz_calendar();
                prop_assert!(cal.due(start, d(amount, unit)) >= start);
            }

            #[test]
            fn more_time_is_never_due_earlier(start in any_start(), a in 0u32..200, extra in 0u32..200, unit in any_unit()) {
                let cal = kz_calendar();
                prop_assert!(cal.due(start, d(a + extra, unit)) >= cal.due(start, d(a, unit)));
            }

            #[test]
            fn n_working_days_later_is_n_working_days_away(start in any_start(), n in 1u32..60) {
                let cal = kz_calendar();
                let received = cal.counted_from(local(start)).date();
                let due = local(cal.due(start, d(n, Wd))).date();
                prop_assert_eq!(cal.working_days_between(received, due), i64::from(n));
            }

            #[test]
            fn a_day_based_due_instant_is_on_a_working_day_at_closing(start in any_start(), n in 1u32..60, unit in prop_oneof![Just(Wd), Just(Cd)]) {
                let cal = kz_calendar();
                let due = local(cal.due(start, d(n, unit)));
                prop_assert!(cal.is_working_day(due.date()));
                prop_assert_eq!(due.time(), cal.hours.end);
            }

            #[test]
            fn working_time_is_what_a_walk_day_by_day_finds(start in any_start(), minutes in 0i64..3 * 366 * 24 * 60) {
                let cal = kz_calendar();
                let end = start + TimeDelta::minutes(minutes);
                let (from, to) = (local(start), local(end));
                let mut walked = TimeDelta::zero();
                let mut day = from.date();
                while day <= to.date() {
                    if cal.is_working_day(day) {
                        for (a, b) in cal.hours.intervals() {
                            let (begin, finish) = (day.and_time(a).max(from), day.and_time(b).min(to));
                            if finish > begin {
                                walked += finish - begin;
                            }
                        }
                    }
                    day = day.succ_opt().unwrap();
                }
                prop_assert_eq!(cal.working_time_between(start, end), walked);
                let mut days = 0;
                let mut d = from.date();
                while d < to.date() {
                    d = d.succ_opt().unwrap();
                    days += i64::from(cal.is_working_day(d));
                }
                prop_assert_eq!(cal.working_days_between(from.date(), to.date()), days);
            }

            #[test]
            fn working_time_added_is_working_time_elapsed(start in any_start(), minutes in 1u32..5000) {
                let cal = kz_calendar();
                let from = utc(cal.counted_from(local(start)));
                let due = cal.due(start, d(minutes, M));
                prop_assert_eq!(cal.working_time_between(from, due), TimeDelta::minutes(i64::from(minutes)));
            }
        }
    }
}
