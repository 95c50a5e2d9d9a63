//! Changes to the working calendar made from the admin area: each one and its audit row in one
//! transaction (`repo::calendar` does the change, `repo::audit` records it).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::db::schema::calendar;
use crate::domain::calendar::DayKind;
use crate::repo::audit::{self, Entry, Who};
use crate::repo::calendar::{self as days, CalendarDay, CalendarEditError};

/// A date to add, already parsed and checked by the form.
pub struct NewDay<'a> {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name_kk: &'a str,
    pub name_ru: &'a str,
}

/// Adds the date and records `calendar_add`; nothing is written when the date is refused.
pub fn add(
    conn: &mut PgConnection,
    who: Who,
    day: &NewDay<'_>,
    now: DateTime<Utc>,
) -> Result<(), CalendarEditError> {
    conn.transaction(|conn| {
        days::add(conn, day.date, day.kind, day.name_kk, day.name_ru)?;
        let object = day.date.to_string();
        let entry = Entry {
            who,
            action: "calendar_add",
            object: Some(&object),
            details: serde_json::json!({
                "kind": day.kind.as_str(),
                "name_kk": day.name_kk.trim(),
                "name_ru": day.name_ru.trim(),
            }),
        };
        audit::record(conn, &entry, now)?;
        Ok(())
    })
}

/// Removes the date and records `calendar_remove` with what the date was.
pub fn remove(
    conn: &mut PgConnection,
    who: Who,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), CalendarEditError> {
    conn.transaction(|conn| {
        let removed: Option<CalendarDay> = calendar::table
            .find(date)
            .select(CalendarDay::as_select())
            .for_update()
            .first(conn)
            .optional()?;
        let Some(removed) = removed else {
            return Err(CalendarEditError::NotThere(date));
        };
        days::remove(conn, date)?;
        let object = date.to_string();
        let entry = Entry {
            who,
            action: "calendar_remove",
            object: Some(&object),
            details: serde_json::json!({
                "kind": removed.kind,
                "name_kk": removed.name_kk,
                "name_ru": removed.name_ru,
            }),
        };
        audit::record(conn, &entry, now)?;
        Ok(())
    })
}
