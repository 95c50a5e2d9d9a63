//! The working calendar table: read it for deadline computations, list and edit it.

use std::sync::{Arc, RwLock};

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{Array, Date, Nullable, Text};

use crate::db::schema::calendar;
use crate::domain::calendar::{DayKind, WorkingCalendar, WorkingHours};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = calendar, check_for_backend(diesel::pg::Pg))]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: String,
    pub name_kk: String,
    pub name_ru: String,
}

/// The whole calendar as one row: the dates and their kinds as two arrays in date order. Pages
/// select it with their own first query (one round trip instead of two); `calendar_of` makes it
/// a `WorkingCalendar`.
pub type DaysSql = (Dates, Kinds);

/// What `DaysSql` reads.
pub type Days = (Option<Vec<NaiveDate>>, Option<Vec<String>>);

pub fn days() -> DaysSql {
    (Dates, Kinds)
}

constant_subquery!(
    Dates,
    Nullable<Array<Date>>,
    "(SELECT array_agg(date ORDER BY date) FROM calendar)"
);
constant_subquery!(
    Kinds,
    Nullable<Array<Text>>,
    "(SELECT array_agg(kind::text ORDER BY date) FROM calendar)"
);

constant_subquery!(
    ReferenceRevision,
    diesel::sql_types::BigInt,
    "(SELECT revision FROM reference_revision)"
);

/// The revision of the reference data (the calendar, the organizations), raised by every
/// change (migration `…000014_reference_revision`): a page reads it with its own query and
/// takes the calendar from `CalendarCache`.
pub fn reference_revision() -> ReferenceRevision {
    ReferenceRevision
}

/// The working calendar kept in memory under the reference revision it was read at. A page
/// reads the revision with its own query (`reference_revision`) and gets the calendar from
/// here, read again only when the revision moved, on whichever node it was changed.
pub struct CalendarCache {
    hours: WorkingHours,
    kept: RwLock<Option<(i64, Arc<WorkingCalendar>)>>,
}

impl CalendarCache {
    pub fn new(hours: WorkingHours) -> Self {
        CalendarCache {
            hours,
            kept: RwLock::new(None),
        }
    }

    /// The calendar of `revision` (as the caller's query read it): the kept one, or read now
    /// together with its revision.
    pub fn at(&self, conn: &mut PgConnection, revision: i64) -> QueryResult<Arc<WorkingCalendar>> {
        let kept = self
            .kept
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((kept_revision, calendar)) = kept.as_ref()
            && *kept_revision == revision
        {
            return Ok(calendar.clone());
        }
        drop(kept);
        let (revision, dates, kinds) =
            diesel::select((ReferenceRevision, Dates, Kinds)).get_result(conn)?;
        let calendar = Arc::new(calendar_of((dates, kinds), self.hours));
        *self
            .kept
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some((revision, calendar.clone()));
        Ok(calendar)
    }
}

/// The calendar read by `days`, with the given working hours.
pub fn calendar_of((dates, kinds): Days, hours: WorkingHours) -> WorkingCalendar {
    WorkingCalendar::new(
        // The table's CHECK constraint keeps kinds valid; an unknown one is skipped, not fatal.
        dates
            .unwrap_or_default()
            .into_iter()
            .zip(kinds.unwrap_or_default())
            .filter_map(|(date, kind)| DayKind::parse(&kind).map(|k| (date, k))),
        hours,
    )
}

/// The whole calendar with the given working hours, ready for deadline computations.
pub fn load(conn: &mut PgConnection, hours: WorkingHours) -> QueryResult<WorkingCalendar> {
    let days: Days = diesel::select(days()).get_result(conn)?;
    Ok(calendar_of(days, hours))
}

pub fn list_year(conn: &mut PgConnection, year: i32) -> QueryResult<Vec<CalendarDay>> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(vec![]);
    };
    calendar::table
        .filter(calendar::date.between(first, last))
        .order(calendar::date)
        .select(CalendarDay::as_select())
        .load(conn)
}

#[derive(Debug, thiserror::Error)]
pub enum CalendarEditError {
    #[error("{0} is already in the calendar; remove it first to change it")]
    AlreadyThere(NaiveDate),
    #[error("{0} is not in the calendar")]
    NotThere(NaiveDate),
    #[error("{0}")]
    Invalid(&'static str),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

/// Adds one date. Rejects a duplicate date, empty names, and a "working day moved here" that is
/// not a Saturday or Sunday (only a day off can be made a working day).
pub fn add(
    conn: &mut PgConnection,
    date: NaiveDate,
    kind: DayKind,
    name_kk: &str,
    name_ru: &str,
) -> Result<(), CalendarEditError> {
    let (name_kk, name_ru) = (name_kk.trim(), name_ru.trim());
    if name_kk.is_empty() || name_ru.is_empty() {
        return Err(CalendarEditError::Invalid(
            "both names (Kazakh and Russian) are required",
        ));
    }
    let weekend = matches!(date.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
    if kind == DayKind::WorkingDayMovedHere && !weekend {
        return Err(CalendarEditError::Invalid(
            "a working day can only be moved to a Saturday or a Sunday",
        ));
    }
    if kind == DayKind::DayOffMovedHere && weekend {
        return Err(CalendarEditError::Invalid(
            "a day off can only be moved to a Monday–Friday",
        ));
    }
    let inserted = diesel::insert_into(calendar::table)
        .values((
            calendar::date.eq(date),
            calendar::kind.eq(kind.as_str()),
            calendar::name_kk.eq(name_kk),
            calendar::name_ru.eq(name_ru),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    if inserted == 0 {
        return Err(CalendarEditError::AlreadyThere(date));
    }
    Ok(())
}

pub fn remove(conn: &mut PgConnection, date: NaiveDate) -> Result<(), CalendarEditError> {
    let deleted = diesel::delete(calendar::table.find(date)).execute(conn)?;
    if deleted == 0 {
        return Err(CalendarEditError::NotThere(date));
    }
    Ok(())
}
