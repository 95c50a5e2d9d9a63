//! Counter intake, at a provider's office (`GET,POST /admin/applications/new`, clerks) and at the
//! State Corporation's front office (`GET,POST /operator/applications/new`, operators): one
//! intake, two desks. The clerk or operator finds the citizen by IIN (or keeps a person record
//! for one without a portal account), chooses one of the services the desk takes, and ticks the
//! documents presented, with optional scans; the operator also chooses the provider and records
//! the citizen's written consent. A complete package is registered with the desk's channel
//! ("provider" or "state_corporation") and runs that channel's steps; an incomplete one gets a
//! printable refusal to accept, and nothing is registered or sent on.
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
use crate::domain::catalog::{Catalog, Service};
use crate::domain::intake::form::{self, Stage};
use crate::domain::intake::{self, Desk};
use crate::repo::organizations::OrganizationRow;
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::multipart::{self, FormData};
use crate::web::page::PageCtx;
use crate::web::views::organization_label;

/// Where the staff member takes applications: their provider's office, or the State
/// Corporation's front office.
pub(super) enum Counter {
    Office(Box<OrganizationRow>),
    FrontOffice,
}

impl Counter {
    pub(super) fn desk(&self) -> Desk {
        match self {
            Counter::Office(_) => Desk::Office,
            Counter::FrontOffice => Desk::FrontOffice,
        }
    }

    /// The services taken at this counter.
    pub(super) fn services<'a>(&self, catalog: &'a Catalog) -> Vec<&'a Service> {
        match self {
            Counter::Office(office) => intake::services_at_counter(catalog, &office.kind),
            Counter::FrontOffice => intake::services_at_front_office(catalog),
        }
    }

    /// The service with this code if it is taken here: the only ones that may be chosen,
    /// whatever the form posts.
    pub(super) fn service<'a>(&self, catalog: &'a Catalog, code: &str) -> Option<&'a Service> {
        self.services(catalog).into_iter().find(|s| s.code == code)
    }

    /// Who took (or refused) the package, as a receipt names it.
    pub(super) fn label(&self, ctx: &PageCtx) -> String {
        match self {
            Counter::Office(office) => organization_label(ctx, office),
            Counter::FrontOffice => ctx.text("front-office-name").into_owned(),
        }
    }
}

/// The desk of the signed-in member on this route; anyone else is refused before the body is
/// read, so nothing of a stranger's upload is buffered.
fn desk_of(member: StaffMember, desk: Desk) -> Result<Desk, AppError> {
    member.require(match desk {
        Desk::Office => &[StaffRole::Clerk],
        Desk::FrontOffice => &[StaffRole::Operator],
    })?;
    Ok(desk)
}

/// `GET /admin/applications/new`: the first step at a provider's office, the citizen's IIN.
pub async fn new_form(ctx: PageCtx, member: StaffMember) -> Result<HttpResponse, AppError> {
    let desk = desk_of(member, Desk::Office)?;
    views::find_page(ctx, desk, "", &FieldErrors::default(), StatusCode::OK)
}

/// `GET /operator/applications/new`: the same first step at the State Corporation.
pub async fn front_office_form(
    ctx: PageCtx,
    member: StaffMember,
) -> Result<HttpResponse, AppError> {
    let desk = desk_of(member, Desk::FrontOffice)?;
    views::find_page(ctx, desk, "", &FieldErrors::default(), StatusCode::OK)
}

/// `POST /admin/applications/new`: one step of the intake at a provider's office.
pub async fn step(
    ctx: PageCtx,
    member: StaffMember,
    state: web::Data<AppState>,
    session: Session,
    payload: Multipart,
) -> Result<HttpResponse, actix_web::Error> {
    let desk = desk_of(member, Desk::Office)?;
    take_step(ctx, member, desk, state, session, payload).await
}

/// `POST /operator/applications/new`: one step of the intake at the State Corporation.
pub async fn front_office_step(
    ctx: PageCtx,
    member: StaffMember,
    state: web::Data<AppState>,
    session: Session,
    payload: Multipart,
) -> Result<HttpResponse, actix_web::Error> {
    let desk = desk_of(member, Desk::FrontOffice)?;
    take_step(ctx, member, desk, state, session, payload).await
}

/// One step of the intake, as the form's `stage` says.
async fn take_step(
    ctx: PageCtx,
    member: StaffMember,
    desk: Desk,
    state: web::Data<AppState>,
    session: Session,
    payload: Multipart,
) -> Result<HttpResponse, actix_web::Error> {
    let FormData { fields, files } = multipart::read(payload, &session).await?;
    let response = match Stage::parse(form::value(&fields, "stage")) {
        Some(Stage::Find) => find::find(ctx, member, desk, &state, &fields).await,
        Some(Stage::Person) => find::person(ctx, member, desk, &state, &fields).await,
        Some(Stage::Service) => package::service(ctx, member, desk, &state, &fields).await,
        Some(Stage::Package) => {
            package::package(ctx, member, desk, &state, &session, &fields, files).await
        }
        None => Err(AppError::BadRequest),
    };
    Ok(response?)
}
