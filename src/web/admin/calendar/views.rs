//! The working calendar page: the year's dates, and the add form as typed with its errors.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use chrono::{Datelike, Weekday};

use super::CalendarForm;
use crate::domain::calendar::DayKind;
use crate::domain::calendar_edit::NAME_MAX_CHARS;
use crate::domain::{FieldErrors, MsgId};
use crate::repo::calendar;
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::page::{FieldView, FormFields, PageCtx, error_summary, render_with_status};
use crate::web::statistics::coded_label;

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

/// What the page shows besides the year's list: the add form as typed, its errors, a failure.
pub(super) struct View<'a> {
    pub(super) year: i32,
    pub(super) form: &'a CalendarForm,
    pub(super) errors: &'a FieldErrors,
    pub(super) failure: Option<MsgId>,
}

pub(super) async fn page(
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
            weekday: ctx
                .text(weekday_message(d.date.weekday()).id())
                .into_owned(),
            kind: coded_label(&ctx, "calendar-kind-", &d.kind),
            name: ctx.pick(&d.name_kk, &d.name_ru).to_string(),
        })
        .collect();
    let f = FormFields::new(ctx.lang, view.errors);
    let date_field = f
        .field("date", MsgId("calendar-field-date"), &view.form.date)
        .kind("date", "off")
        .hint(MsgId("calendar-field-date-hint"));
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
    let failure = view.failure.map(|m| ctx.text(m.id()).into_owned());
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
