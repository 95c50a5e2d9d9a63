//! The working calendar's edit form, checked before anything is written: a date of the years
//! the page accepts, a kind of day, and its names in both languages. The rules on weekends are
//! those `repo::calendar::add` enforces, here said as field errors in the page's language.

use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate, Weekday};

use super::calendar::DayKind;
use super::{FieldErrors, MsgId};

/// The years the page lists and accepts dates in.
pub const YEARS: RangeInclusive<i32> = 2000..=2100;
/// Longest holiday name.
pub const NAME_MAX_CHARS: usize = 200;

/// The add form as typed (field names).
#[derive(Debug, Clone, Copy)]
pub struct DayInput<'a> {
    pub date: &'a str,
    pub kind: &'a str,
    pub name_kk: &'a str,
    pub name_ru: &'a str,
}

/// The year asked for, or `this_year` when none (or nonsense) is asked.
pub fn year_of(query: Option<&str>, this_year: i32) -> i32 {
    query
        .and_then(|y| y.trim().parse().ok())
        .filter(|y| YEARS.contains(y))
        .unwrap_or(this_year)
}

/// A date typed as YYYY-MM-DD, within `YEARS`.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| YEARS.contains(&d.year()))
}

/// The add form checked: the date and kind, or the errors to show beside the fields.
pub fn check_day(input: &DayInput<'_>) -> Result<(NaiveDate, DayKind), FieldErrors> {
    let mut errors = FieldErrors::default();
    let date = parse_date(input.date);
    if date.is_none() {
        errors.add("date", MsgId("calendar-error-date"));
    }
    let kind = DayKind::parse(input.kind.trim());
    if kind.is_none() {
        errors.add("kind", MsgId("calendar-error-kind"));
    }
    for (field, value) in [("name_kk", input.name_kk), ("name_ru", input.name_ru)] {
        let value = value.trim();
        if value.is_empty() {
            errors.add(field, MsgId("calendar-error-name-required"));
        } else if value.chars().count() > NAME_MAX_CHARS || value.chars().any(char::is_control) {
            errors.add_with(
                field,
                MsgId("calendar-error-name-too-long"),
                vec![("max", NAME_MAX_CHARS.to_string())],
            );
        }
    }
    // The same rules as `repo::calendar::add`, said in the page's language.
    if let (Some(date), Some(kind)) = (date, kind) {
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        if kind == DayKind::WorkingDayMovedHere && !weekend {
            errors.add("date", MsgId("calendar-error-working-day-on-weekday"));
        }
        if kind == DayKind::DayOffMovedHere && weekend {
            errors.add("date", MsgId("calendar-error-day-off-on-weekend"));
        }
    }
    match (date, kind) {
        (Some(date), Some(kind)) if errors.is_empty() => Ok((date, kind)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day<'a>(date: &'a str, kind: &'a str) -> DayInput<'a> {
        DayInput {
            date,
            kind,
            name_kk: "Мереке",
            name_ru: "Праздник",
        }
    }

    #[test]
    fn the_add_form_is_checked_before_anything_is_written() {
        let date = NaiveDate::from_ymd_opt(2027, 6, 1).unwrap();
        assert_eq!(
            check_day(&day(" 2027-06-01 ", " holiday ")),
            Ok((date, DayKind::Holiday))
        );
        let bad_date = check_day(&day("2027-02-30", "holiday")).unwrap_err();
        assert_eq!(bad_date.get("date"), Some("calendar-error-date"));
        let bad_kind = check_day(&day("2027-06-01", "festival")).unwrap_err();
        assert_eq!(bad_kind.get("kind"), Some("calendar-error-kind"));
        assert_eq!(bad_kind.get("date"), None);
        // 1 June 2027 is a Tuesday, 5 June a Saturday.
        let weekday = check_day(&day("2027-06-01", "working_day_moved_here")).unwrap_err();
        assert_eq!(
            weekday.get("date"),
            Some("calendar-error-working-day-on-weekday")
        );
        let weekend = check_day(&day("2027-06-05", "day_off_moved_here")).unwrap_err();
        assert_eq!(
            weekend.get("date"),
            Some("calendar-error-day-off-on-weekend")
        );
        assert!(check_day(&day("2027-06-05", "working_day_moved_here")).is_ok());
        assert!(check_day(&day("2027-06-01", "day_off_moved_here")).is_ok());
    }

    #[test]
    fn both_names_are_needed_and_bounded() {
        let unnamed = DayInput {
            name_ru: "  ",
            ..day("2027-06-01", "holiday")
        };
        assert_eq!(
            check_day(&unnamed).unwrap_err().get("name_ru"),
            Some("calendar-error-name-required")
        );
        let long = "а".repeat(NAME_MAX_CHARS + 1);
        let too_long = DayInput {
            name_kk: &long,
            ..day("2027-06-01", "holiday")
        };
        let e = check_day(&too_long).unwrap_err();
        assert_eq!(e.get("name_kk"), Some("calendar-error-name-too-long"));
        assert_eq!(
            e.find("name_kk").unwrap().args,
            [("max", "200".to_string())]
        );
        let exact = "а".repeat(NAME_MAX_CHARS);
        let at_limit = DayInput {
            name_kk: &exact,
            ..day("2027-06-01", "holiday")
        };
        assert!(check_day(&at_limit).is_ok());
        let control = DayInput {
            name_ru: "Пра\u{7}здник",
            ..day("2027-06-01", "holiday")
        };
        assert_eq!(
            check_day(&control).unwrap_err().get("name_ru"),
            Some("calendar-error-name-too-long")
        );
    }

    #[test]
    fn dates_and_years_outside_the_pages_range_are_refused() {
        assert_eq!(year_of(Some("2027"), 2026), 2027);
        assert_eq!(year_of(Some(" 2100 "), 2026), 2100);
        assert_eq!(year_of(Some("99999"), 2026), 2026);
        assert_eq!(year_of(Some("1999"), 2026), 2026);
        assert_eq!(year_of(Some("next"), 2026), 2026);
        assert_eq!(year_of(None, 2026), 2026);
        assert_eq!(parse_date("1999-12-31"), None);
        assert_eq!(parse_date("2101-01-01"), None);
        assert_eq!(parse_date("01.06.2027"), None);
        assert_eq!(
            parse_date(" 2000-01-01 "),
            NaiveDate::from_ymd_opt(2000, 1, 1)
        );
    }
}
