//! Steps 1 and 1b of the intake: the citizen found by IIN, or a record kept for a person
//! without one; and the look-ups every later step repeats.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use chrono::Utc;

use super::views::{find_page, person_page, service_page};
use crate::domain::iin::Iin;
use crate::domain::intake::form::{self, Fields};
use crate::domain::intake::{self, Desk, PersonInput};
use crate::domain::{FieldErrors, local_date};
use crate::repo::applications as apps;
use crate::repo::organizations::{self, OrganizationRow};
use crate::repo::users::{self, User};
use crate::state::AppState;
use crate::web::admin::StaffMember;
use crate::web::errors::AppError;
use crate::web::page::PageCtx;

use super::Counter;

/// Step 1: the IIN. A known person goes on to the service; an unknown one to the person form.
pub(super) async fn find(
    ctx: PageCtx,
    member: StaffMember,
    desk: Desk,
    state: &AppState,
    fields: &Fields,
) -> Result<HttpResponse, AppError> {
    let raw = form::value(fields, "iin");
    let iin = match intake::check_iin(raw, local_date(Utc::now())) {
        Ok(iin) => iin,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("iin", message);
            return find_page(ctx, desk, raw, &errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let (counter, person) = lookup(state, member, desk, &iin).await?;
    match person {
        Some(user) => service_page(ctx, state, &counter, &user, None, StatusCode::OK),
        None => {
            let input = PersonInput {
                iin: iin.as_str().to_string(),
                ..PersonInput::default()
            };
            person_page(ctx, desk, &input, &FieldErrors::default(), StatusCode::OK)
        }
    }
}

/// Step 1b: the name and phone of a person without a record; the record is kept.
pub(super) async fn person(
    ctx: PageCtx,
    member: StaffMember,
    desk: Desk,
    state: &AppState,
    fields: &Fields,
) -> Result<HttpResponse, AppError> {
    form::hidden_iin(fields).ok_or(AppError::BadRequest)?;
    let input = form::person_input(fields);
    let new = match intake::check_person(&input, local_date(Utc::now())) {
        Ok(new) => new,
        Err(errors) => {
            return person_page(ctx, desk, &input, &errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let staff = member.0;
    let organization = member.organization();
    let (office, user) = state
        .db(move |conn| {
            let office = match (desk, organization) {
                (Desk::Office, Some(id)) => organizations::find(conn, id.0)?,
                _ => None,
            };
            Ok((office, apps::create_person(conn, staff, &new, Utc::now())?))
        })
        .await?;
    let counter = counter(desk, office)?;
    service_page(ctx, state, &counter, &user, None, StatusCode::OK)
}

/// The counter of a desk: a clerk's own office (a clerk without one is refused), or the front
/// office.
fn counter(desk: Desk, office: Option<OrganizationRow>) -> Result<Counter, AppError> {
    match desk {
        Desk::Office => office
            .map(|o| Counter::Office(Box::new(o)))
            .ok_or(AppError::Forbidden),
        Desk::FrontOffice => Ok(Counter::FrontOffice),
    }
}

/// The member's counter and the person with this IIN, if there is a record of them.
pub(super) async fn lookup(
    state: &AppState,
    member: StaffMember,
    desk: Desk,
    iin: &Iin,
) -> Result<(Counter, Option<User>), AppError> {
    let organization = member.organization();
    let iin = iin.clone();
    let (office, person) = state
        .db(move |conn| {
            let office = match (desk, organization) {
                (Desk::Office, Some(id)) => organizations::find(conn, id.0)?,
                _ => None,
            };
            Ok((office, users::find_by_iin(conn, &iin)?))
        })
        .await?;
    Ok((counter(desk, office)?, person))
}
