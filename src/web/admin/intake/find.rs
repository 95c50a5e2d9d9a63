//! Steps 1 and 1b of the intake: the citizen found by IIN, or a record kept for a person
//! without one; and the look-ups every later step repeats.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use chrono::Utc;

use super::views::{find_page, person_page, service_page};
use crate::domain::iin::Iin;
use crate::domain::intake::form::{self, Fields};
use crate::domain::intake::{self, PersonInput};
use crate::domain::{FieldErrors, local_date};
use crate::repo::applications as apps;
use crate::repo::organizations::{self, OrganizationRow};
use crate::repo::users::{self, User};
use crate::state::AppState;
use crate::web::admin::StaffMember;
use crate::web::errors::AppError;
use crate::web::page::PageCtx;

/// Step 1: the IIN. A known person goes on to the service; an unknown one to the person form.
pub(super) async fn find(
    ctx: PageCtx,
    member: StaffMember,
    state: &AppState,
    fields: &Fields,
) -> Result<HttpResponse, AppError> {
    let raw = form::value(fields, "iin");
    let iin = match intake::check_iin(raw, local_date(Utc::now())) {
        Ok(iin) => iin,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("iin", message);
            return find_page(ctx, raw, &errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let (office, person) = lookup(state, member, &iin).await?;
    match person {
        Some(user) => service_page(ctx, state, &office, &user, None, StatusCode::OK),
        None => {
            let input = PersonInput {
                iin: iin.as_str().to_string(),
                ..PersonInput::default()
            };
            person_page(ctx, &input, &FieldErrors::default(), StatusCode::OK)
        }
    }
}

/// Step 1b: the name and phone of a person without a record; the record is kept.
pub(super) async fn person(
    ctx: PageCtx,
    member: StaffMember,
    state: &AppState,
    fields: &Fields,
) -> Result<HttpResponse, AppError> {
    form::hidden_iin(fields).ok_or(AppError::BadRequest)?;
    let input = form::person_input(fields);
    let new = match intake::check_person(&input, local_date(Utc::now())) {
        Ok(new) => new,
        Err(errors) => {
            return person_page(ctx, &input, &errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let office = office(state, member).await?;
    let staff = member.0;
    let user = state
        .db(move |conn| apps::create_person(conn, staff, &new, Utc::now()))
        .await?;
    service_page(ctx, state, &office, &user, None, StatusCode::OK)
}

/// The clerk's organization; a clerk without one is refused.
async fn office(state: &AppState, member: StaffMember) -> Result<OrganizationRow, AppError> {
    let id = member.organization().ok_or(AppError::Forbidden)?;
    state
        .db(move |conn| organizations::find(conn, id.0))
        .await?
        .ok_or(AppError::Forbidden)
}

/// The clerk's organization and the person with this IIN, if there is a record of them.
pub(super) async fn lookup(
    state: &AppState,
    member: StaffMember,
    iin: &Iin,
) -> Result<(OrganizationRow, Option<User>), AppError> {
    let id = member.organization().ok_or(AppError::Forbidden)?;
    let iin = iin.clone();
    let (office, person) = state
        .db(move |conn| {
            Ok((
                organizations::find(conn, id.0)?,
                users::find_by_iin(conn, &iin)?,
            ))
        })
        .await?;
    Ok((office.ok_or(AppError::Forbidden)?, person))
}
