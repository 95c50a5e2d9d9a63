//! `GET,POST /admin/calendar` (the sysadmin only): a year's holidays and transfers, a date
//! added or removed. Fields: `csrf_token`, `action` (`add` | `remove`), `date` (YYYY-MM-DD),
//! and for `add` also `kind` (holiday | day_off_moved_here | working_day_moved_here),
//! `name_kk`, `name_ru`. Each change is audited in its own transaction (`repo::calendar_edits`);
//! a refused one writes nothing.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{Datelike, NaiveDate, Utc, Weekday};
use serde::Deserialize;

use super::StaffMember;
use crate::domain::actor::StaffRole;
use crate::domain::calendar::DayKind;
use crate::domain::{FieldErrors, MsgId, local_date};
use crate::repo::audit::Who;
use crate::repo::calendar::{self, CalendarEditError};
use crate::repo::calendar_edits::{self, NewDay};
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::page::{
    FieldView, FormFields, PageCtx, error_summary, redirect, render_with_status,
};
use crate::web::session::{self, CsrfForm};
use crate::web::statistics::coded_label;

/// The years the page lists and accepts dates in.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;
/// Longest holiday name.
const NAME_MAX_CHARS: usize = 200;

/// A date of the year, for the list.
pub struct DayLine {
    pub iso: String,
    pub date: String,
    pub weekday: String,
    pub kind: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "admin/calendar.html")]
struct CalendarPage {
    ctx: PageCtx,
    year: i32,
    days: Vec<DayLine>,
    date_field: FieldView,
    name_fields: Vec<FieldView>,
    kinds: Vec<(&'static str, String, bool)>,
    kind_error: Option<String>,
    errors: Vec<(&'static str, String)>,
    /// A refused removal, shown at the top.
    failure: Option<String>,
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CalendarForm {
    action: String,
    date: String,
    kind: String,
    name_kk: String,
    name_ru: String,
}

/// The year asked for, or this year when none (or nonsense) is asked.
fn year_of(query: Option<&str>) -> i32 {
    query
        .and_then(|y| y.trim().parse().ok())
        .filter(|y| YEARS.contains(y))
        .unwrap_or_else(|| local_date(Utc::now()).year())
}

fn parse_date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| YEARS.contains(&d.year()))
}

pub async fn show(
    ctx: PageCtx,
    member: StaffMember,
    state: web::Data<AppState>,
    query: web::Query<YearQuery>,
) -> Result<HttpResponse, AppError> {
    member.require(&[StaffRole::Sysadmin])?;
    let year = year_of(query.year.as_deref());
    let form = CalendarForm::default();
    let view = View {
        year,
        form: &form,
        errors: &FieldErrors::default(),
        failure: None,
    };
    page(ctx, &state, view, StatusCode::OK).await
}

/// `POST /admin/calendar`: add or remove a date.
pub async fn change(
    ctx: PageCtx,
    member: StaffMember,
    state: web::Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<CalendarForm>,
) -> Result<HttpResponse, AppError> {
    member.require(&[StaffRole::Sysadmin])?;
    let who = Who::Staff {
        id: member.0.id.0,
        organization: None,
    };
    match form.action.as_str() {
        "add" => add(ctx, &state, &session, who, &form).await,
        "remove" => remove(ctx, &state, &session, who, &form).await,
        _ => Err(AppError::BadRequest),
    }
}

/// The add form checked: the date, kind and names, or the errors to show beside them.
fn check(form: &CalendarForm) -> Result<(NaiveDate, DayKind), FieldErrors> {
    let mut errors = FieldErrors::default();
    let date = parse_date(&form.date);
    if date.is_none() {
        errors.add("date", MsgId("calendar-error-date"));
    }
    let kind = DayKind::parse(form.kind.trim());
    if kind.is_none() {
        errors.add("kind", MsgId("calendar-error-kind"));
    }
    for (field, value) in [("name_kk", &form.name_kk), ("name_ru", &form.name_ru)] {
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

async fn add(
    ctx: PageCtx,
    state: &AppState,
    session: &Session,
    who: Who,
    form: &CalendarForm,
) -> Result<HttpResponse, AppError> {
    let year = parse_date(&form.date).map_or_else(|| year_of(None), |d| d.year());
    let (date, kind) = match check(form) {
        Ok(checked) => checked,
        Err(errors) => {
            let view = View {
                year,
                form,
                errors: &errors,
                failure: None,
            };
            return page(ctx, state, view, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let (name_kk, name_ru) = (form.name_kk.clone(), form.name_ru.clone());
    let result = state
        .db(move |conn| {
            let day = NewDay {
                date,
                kind,
                name_kk: &name_kk,
                name_ru: &name_ru,
            };
            Ok(calendar_edits::add(conn, who, &day, Utc::now()))
        })
        .await?;
    let mut errors = FieldErrors::default();
    let status = match result {
        Ok(()) => {
            session::set_flash(session, MsgId("calendar-notice-added"));
            return Ok(redirect(&format!("/admin/calendar?year={year}")));
        }
        Err(CalendarEditError::AlreadyThere(_)) => {
            errors.add("date", MsgId("calendar-error-already-there"));
            StatusCode::CONFLICT
        }
        // `check` said the same in the page's language; a rule it does not know yet lands here.
        Err(CalendarEditError::Invalid(_) | CalendarEditError::NotThere(_)) => {
            errors.add("date", MsgId("calendar-error-refused"));
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(CalendarEditError::Db(e)) => return Err(e.into()),
    };
    let view = View {
        year,
        form,
        errors: &errors,
        failure: None,
    };
    page(ctx, state, view, status).await
}

async fn remove(
    ctx: PageCtx,
    state: &AppState,
    session: &Session,
    who: Who,
    form: &CalendarForm,
) -> Result<HttpResponse, AppError> {
    let empty = CalendarForm::default();
    let Some(date) = parse_date(&form.date) else {
        let view = View {
            year: year_of(None),
            form: &empty,
            errors: &FieldErrors::default(),
            failure: Some(MsgId("calendar-error-date")),
        };
        return page(ctx, state, view, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let result = state
        .db(move |conn| Ok(calendar_edits::remove(conn, who, date, Utc::now())))
        .await?;
    match result {
        Ok(()) => {
            session::set_flash(session, MsgId("calendar-notice-removed"));
            Ok(redirect(&format!("/admin/calendar?year={}", date.year())))
        }
        Err(CalendarEditError::Db(e)) => Err(e.into()),
        Err(_) => {
            let view = View {
                year: date.year(),
                form: &empty,
                errors: &FieldErrors::default(),
                failure: Some(MsgId("calendar-error-not-there")),
            };
            page(ctx, state, view, StatusCode::CONFLICT).await
        }
    }
}

/// What the page shows besides the year's list: the add form as typed, its errors, a failure.
struct View<'a> {
    year: i32,
    form: &'a CalendarForm,
    errors: &'a FieldErrors,
    failure: Option<MsgId>,
}

async fn page(
    ctx: PageCtx,
    state: &AppState,
    view: View<'_>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let year = view.year;
    let rows = state
        .db(move |conn| calendar::list_year(conn, year))
        .await?;
    let days = rows
        .iter()
        .map(|d| DayLine {
            iso: d.date.to_string(),
            date: ctx.date(&d.date),
            weekday: ctx.t(weekday_message(d.date.weekday()).id()),
            kind: coded_label(&ctx, "calendar-kind-", &d.kind),
            name: ctx.pick(&d.name_kk, &d.name_ru).to_string(),
        })
        .collect();
    let f = FormFields::new(ctx.lang, view.errors);
    let date_field = f
        .field("date", MsgId("calendar-field-date"), &view.form.date)
        .kind("date", "off")
        .hint(MsgId("calendar-field-date-hint"))
        .max(10);
    let name_fields = vec![
        f.field(
            "name_kk",
            MsgId("calendar-field-name-kk"),
            &view.form.name_kk,
        )
        .max(NAME_MAX_CHARS),
        f.field(
            "name_ru",
            MsgId("calendar-field-name-ru"),
            &view.form.name_ru,
        )
        .max(NAME_MAX_CHARS),
    ];
    let kind_error = view
        .errors
        .get("kind")
        .map(|id| crate::i18n::t(ctx.lang, id, &[]));
    // In form order: date, kind, names.
    let mut errors = error_summary(std::slice::from_ref(&date_field));
    errors.extend(kind_error.clone().map(|e| ("kind", e)));
    errors.extend(error_summary(&name_fields));
    let kinds = [
        DayKind::Holiday,
        DayKind::DayOffMovedHere,
        DayKind::WorkingDayMovedHere,
    ]
    .into_iter()
    .map(|k| {
        (
            k.as_str(),
            coded_label(&ctx, "calendar-kind-", k.as_str()),
            view.form.kind == k.as_str(),
        )
    })
    .collect();
    let failure = view.failure.map(|m| ctx.t(m.id()));
    render_with_status(
        status,
        &CalendarPage {
            ctx,
            year,
            days,
            date_field,
            name_fields,
            kinds,
            kind_error,
            errors,
            failure,
        },
    )
}

fn weekday_message(day: Weekday) -> MsgId {
    match day {
        Weekday::Mon => MsgId("calendar-weekday-mon"),
        Weekday::Tue => MsgId("calendar-weekday-tue"),
        Weekday::Wed => MsgId("calendar-weekday-wed"),
        Weekday::Thu => MsgId("calendar-weekday-thu"),
        Weekday::Fri => MsgId("calendar-weekday-fri"),
        Weekday::Sat => MsgId("calendar-weekday-sat"),
        Weekday::Sun => MsgId("calendar-weekday-sun"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(date: &str, kind: &str) -> CalendarForm {
        CalendarForm {
            action: "add".into(),
            date: date.into(),
            kind: kind.into(),
            name_kk: "Мереке".into(),
            name_ru: "Праздник".into(),
        }
    }

    #[test]
    fn the_add_form_is_checked_before_anything_is_written() {
        assert!(check(&form("2027-06-01", "holiday")).is_ok());
        let bad_date = check(&form("2027-02-30", "holiday")).unwrap_err();
        assert_eq!(bad_date.get("date"), Some("calendar-error-date"));
        let bad_kind = check(&form("2027-06-01", "festival")).unwrap_err();
        assert_eq!(bad_kind.get("kind"), Some("calendar-error-kind"));
        // 1 June 2027 is a Tuesday, 5 June a Saturday.
        let weekday = check(&form("2027-06-01", "working_day_moved_here")).unwrap_err();
        assert_eq!(
            weekday.get("date"),
            Some("calendar-error-working-day-on-weekday")
        );
        let weekend = check(&form("2027-06-05", "day_off_moved_here")).unwrap_err();
        assert_eq!(
            weekend.get("date"),
            Some("calendar-error-day-off-on-weekend")
        );
        let mut unnamed = form("2027-06-01", "holiday");
        unnamed.name_ru = "  ".into();
        assert_eq!(
            check(&unnamed).unwrap_err().get("name_ru"),
            Some("calendar-error-name-required")
        );
        assert_eq!(year_of(Some("2027")), 2027);
        assert_eq!(year_of(Some("99999")), year_of(None));
    }
}
