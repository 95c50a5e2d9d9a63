//! Counter intake at the provider (`GET,POST /admin/applications/new`, clerks only). The clerk
//! finds the citizen by IIN (or keeps a person record for one without a portal account), chooses
//! one of the services the office takes, and ticks the documents presented, with optional scans.
//! A complete package is registered with channel "provider"; an incomplete one gets a printable
//! refusal to accept, and nothing is registered.
//!
//! Every step posts the same multipart form (field `stage`: find, person, service, package), so
//! the CSRF check and the upload limits are those of `multipart::read` throughout. The IIN and
//! the service travel as hidden fields and are checked again at every step
//! (`domain::intake::form`). Steps 1 and 1b are in `find`, steps 2 and 3 in `package`; the pages
//! are built in `views` and `package_views`.

mod find;
mod package;
mod package_views;
mod views;

use actix_multipart::Multipart;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::StaffMember;
use crate::domain::FieldErrors;
use crate::domain::actor::StaffRole;
use crate::domain::intake::form::{self, Stage};
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::multipart::{self, FormData};
use crate::web::page::PageCtx;

/// `GET /admin/applications/new`: the first step, the citizen's IIN.
pub async fn new_form(ctx: PageCtx, member: StaffMember) -> Result<HttpResponse, AppError> {
    member.require(&[StaffRole::Clerk])?;
    views::find_page(ctx, "", &FieldErrors::default(), StatusCode::OK)
}

/// `POST /admin/applications/new`: one step of the intake, as the form's `stage` says.
pub async fn step(
    ctx: PageCtx,
    member: StaffMember,
    state: web::Data<AppState>,
    session: Session,
    payload: Multipart,
) -> Result<HttpResponse, actix_web::Error> {
    // Refused before the body is read: nothing of a head's or an executor's upload is buffered.
    member.require(&[StaffRole::Clerk])?;
    let FormData { fields, files } = multipart::read(payload, &session).await?;
    let response = match Stage::parse(form::value(&fields, "stage")) {
        Some(Stage::Find) => find::find(ctx, member, &state, &fields).await,
        Some(Stage::Person) => find::person(ctx, member, &state, &fields).await,
        Some(Stage::Service) => package::service(ctx, member, &state, &fields).await,
        Some(Stage::Package) => {
            package::package(ctx, member, &state, &session, &fields, files).await
        }
        None => Err(AppError::BadRequest),
    };
    Ok(response?)
}
