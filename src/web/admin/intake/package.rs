//! Steps 2 and 3 of the intake: the service chosen, then the documents presented. A complete
//! package is registered; an incomplete one is refused to accept, and the refusal audited.

use actix_session::Session;
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use chrono::Utc;

use super::find::lookup;
use super::package_views::{Package, documents_page, refusal_page};
use super::views::service_page;
use crate::domain::actor::UserId;
use crate::domain::application;
use crate::domain::catalog::{Channel, Document, Service};
use crate::domain::intake::form::{self, Fields};
use crate::domain::intake::{self, Scan};
use crate::domain::{FieldErrors, MsgId};
use crate::repo::applications::{self as apps, IntakeInput, NewDocument, RefusalToAccept};
use crate::repo::organizations::OrganizationRow;
use crate::state::AppState;
use crate::web::admin::StaffMember;
use crate::web::errors::AppError;
use crate::web::multipart;
use crate::web::page::{PageCtx, redirect};
use crate::web::session;

/// Step 2: the service. Then the documents of its list.
pub(super) async fn service(
    ctx: PageCtx,
    member: StaffMember,
    state: &AppState,
    fields: &Fields,
) -> Result<HttpResponse, AppError> {
    let iin = form::hidden_iin(fields).ok_or(AppError::BadRequest)?;
    let (office, person) = lookup(state, member, &iin).await?;
    let user = person.ok_or(AppError::BadRequest)?;
    let chosen =
        intake::service_at_counter(&state.catalog, &office.kind, form::value(fields, "service"));
    let Some(service) = chosen else {
        let error = Some(MsgId("intake-error-service-required"));
        return service_page(
            ctx,
            state,
            &office,
            &user,
            error,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let package = Package {
        person: &user,
        service,
        presented: &[],
        idempotency_key: &session::random_token(),
    };
    documents_page(ctx, &package, &FieldErrors::default(), StatusCode::OK)
}

/// Step 3: the documents presented. Incomplete: the refusal to accept, audited. Complete: the
/// application, registered, and the clerk goes to its page.
pub(super) async fn package(
    ctx: PageCtx,
    member: StaffMember,
    state: &AppState,
    session: &Session,
    fields: &Fields,
    mut files: Vec<multipart::Upload>,
) -> Result<HttpResponse, AppError> {
    let post = form::package_post(fields).ok_or(AppError::BadRequest)?;
    let (office, person) = lookup(state, member, &post.iin).await?;
    let user = person.ok_or(AppError::BadRequest)?;
    let service = intake::service_at_counter(&state.catalog, &office.kind, post.service)
        .ok_or(AppError::BadRequest)?;
    let presented = form::presented(service, fields);
    let package = Package {
        person: &user,
        service,
        presented: &presented,
        idempotency_key: post.idempotency_key,
    };
    let missing = intake::missing(service, &presented);
    if !missing.is_empty() {
        return refuse(ctx, member, state, &office, &package, &missing).await;
    }
    let documents = match scans(service, &presented, &mut files) {
        Ok(documents) => documents,
        Err(errors) => {
            return documents_page(ctx, &package, &errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let taken = register(member, state, &package, documents).await?;
    if taken.created {
        tracing::info!(number = %taken.number, "application taken at the counter");
        session::set_flash(session, MsgId("intake-notice-registered"));
    }
    Ok(redirect(&format!("/admin/applications/{}", taken.number)))
}

/// The refusal to accept an incomplete package: audited, and the receipt to print.
async fn refuse(
    ctx: PageCtx,
    member: StaffMember,
    state: &AppState,
    office: &OrganizationRow,
    package: &Package<'_>,
    missing: &[&Document],
) -> Result<HttpResponse, AppError> {
    let staff = member.0;
    let applicant = UserId(package.person.id);
    let code = package.service.code.clone();
    let presented: Vec<String> = package.presented.iter().map(|d| d.to_string()).collect();
    let missing_ids: Vec<String> = missing.iter().map(|d| d.id.clone()).collect();
    let now = Utc::now();
    state
        .db(move |conn| {
            let refusal = RefusalToAccept {
                service_code: &code,
                applicant,
                presented: &presented,
                missing: &missing_ids,
            };
            apps::refuse_to_accept(conn, staff, &refusal, now)
        })
        .await?;
    refusal_page(ctx, office, package, missing, now)
}

/// The scans of the package (file inputs `scan_<document id>`), checked and ready to store;
/// their bytes are moved out of the uploads.
fn scans(
    service: &Service,
    presented: &[&str],
    files: &mut [multipart::Upload],
) -> Result<Vec<NewDocument>, FieldErrors> {
    let (uploads, scans): (Vec<usize>, Vec<Scan>) = files
        .iter()
        .enumerate()
        .filter_map(|(i, u)| {
            let scan = Scan {
                document: form::scan_of(&u.field)?,
                bytes: &u.bytes,
                too_large: u.too_large,
            };
            Some((i, scan))
        })
        .unzip();
    let accepted = intake::check_scans(service, presented, &scans)?;
    Ok(accepted
        .into_iter()
        .map(|a| {
            let upload = &mut files[uploads[a.index]];
            NewDocument {
                field: a.document.clone(),
                document_id: a.document,
                file_name: std::mem::take(&mut upload.file_name),
                content_type: a.kind.content_type(),
                content: std::mem::take(&mut upload.bytes),
            }
        })
        .collect())
}

/// Registers a complete package: its steps planned from now on the working calendar, its legal
/// deadline from the provider channel's term when the regulation gives one.
async fn register(
    member: StaffMember,
    state: &AppState,
    package: &Package<'_>,
    documents: Vec<NewDocument>,
) -> Result<apps::Taken, AppError> {
    let service = package.service;
    let path = service
        .path(Channel::Provider)
        .ok_or(AppError::NotFound)?
        .clone();
    // No date is promised from a term the regulation does not give.
    let term = service
        .term(Channel::Provider)
        .filter(|t| t.gives_deadline())
        .cloned();
    let hours = state.config.working_hours;
    let staff = member.0;
    let organization = member.organization().ok_or(AppError::Forbidden)?;
    let applicant = UserId(package.person.id);
    let service_code = service.code.clone();
    let presented: Vec<String> = package.presented.iter().map(|d| d.to_string()).collect();
    let key = package.idempotency_key.to_string();
    state
        .db(move |conn| {
            let calendar = crate::repo::calendar::load(conn, hours)?;
            let now = Utc::now();
            let planned = application::plan(&path, now, &calendar);
            let input = IntakeInput {
                service_code: &service_code,
                applicant,
                organization,
                idempotency_key: &key,
                presented: &presented,
                documents,
                planned: &planned,
                deadline: term.map(|t| calendar.deadline(now, t.duration(), t.counting)),
            };
            apps::take(conn, staff, input, now)
        })
        .await
}
