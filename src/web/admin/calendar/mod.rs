//! `GET,POST /admin/calendar` (the sysadmin only): a year's holidays and transfers, a date
//! added or removed. Fields: `csrf_token`, `action` (`add` | `remove`), `date` (YYYY-MM-DD),
//! and for `add` also `kind` (holiday | day_off_moved_here | working_day_moved_here),
//! `name_kk`, `name_ru`. The form is checked by `domain::calendar_edit`; each change is audited
//! in its own transaction (`repo::calendar_edits`); a refused one writes nothing. The page is
//! built in `views`.

mod views;

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{Datelike, Utc};
use serde::Deserialize;

use super::StaffMember;
use crate::domain::actor::StaffRole;
use crate::domain::calendar_edit::{self, DayInput, parse_date};
use crate::domain::{FieldErrors, MsgId, local_date};
use crate::repo::audit::Who;
use crate::repo::calendar::CalendarEditError;
use crate::repo::calendar_edits::{self, NewDay};
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::page::{PageCtx, redirect};
use crate::web::session::{self, CsrfForm};
use views::{View, page};

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

impl CalendarForm {
    fn day(&self) -> DayInput<'_> {
        DayInput {
            date: &self.date,
            kind: &self.kind,
            name_kk: &self.name_kk,
            name_ru: &self.name_ru,
        }
    }
}

/// The year asked for, or this year when none (or nonsense) is asked.
fn year_of(query: Option<&str>) -> i32 {
    calendar_edit::year_of(query, local_date(Utc::now()).year())
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

async fn add(
    ctx: PageCtx,
    state: &AppState,
    session: &Session,
    who: Who,
    form: &CalendarForm,
) -> Result<HttpResponse, AppError> {
    let year = parse_date(&form.date).map_or_else(|| year_of(None), |d| d.year());
    let (date, kind) = match calendar_edit::check_day(&form.day()) {
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
        // `check_day` said the same in the page's language; a rule it does not know yet lands here.
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
