//! Steps 2 and 3 of the intake: the service chosen, then the documents presented. A complete
//! package is registered; an incomplete one is refused to accept, and the refusal audited.

use actix_session::Session;
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use chrono::Utc;

use super::Counter;
use super::find::lookup;
use super::package_views::{Package, documents_page, refusal_page};
use super::views::service_page;
use crate::domain::actor::{OrganizationId, UserId};
use crate::domain::application;
use crate::domain::catalog::{Channel, Document, Service};
use crate::domain::intake::form::{self, Fields};
use crate::domain::intake::{self, Desk, Scan};
use crate::domain::{FieldErrors, MsgId};
use crate::repo::applications::{self as apps, IntakeInput, NewDocument, RefusalToAccept};
use crate::repo::organizations::{self, OrganizationRow};
use crate::state::AppState;
use crate::web::admin::StaffMember;
use crate::web::errors::AppError;
use crate::web::multipart;
use crate::web::page::{PageCtx, redirect};
use crate::web::session;

/// Step 2: the service. Then the documents of its list (and, at the front office, the
/// providers that give it).
pub(super) async fn service(
    ctx: PageCtx,
    member: StaffMember,
    desk: Desk,
    state: &AppState,
    fields: &Fields,
) -> Result<HttpResponse, AppError> {
    let iin = form::hidden_iin(fields).ok_or(AppError::BadRequest)?;
    let (counter, person) = lookup(state, member, desk, &iin).await?;
    let user = person.ok_or(AppError::BadRequest)?;
    let Some(service) = counter.service(&state.catalog, form::value(fields, "service")) else {
        let error = Some(MsgId("intake-error-service-required"));
        return service_page(
            ctx,
            state,
            &counter,
            &user,
            error,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let providers = providers_of(state, desk, service).await?;
    let package = Package {
        desk,
        person: &user,
        service,
        presented: &[],
        idempotency_key: &session::random_token(),
        providers: &providers,
        provider: "",
        consent: false,
    };
    documents_page(ctx, &package, &FieldErrors::default(), StatusCode::OK)
}

/// The organizations the front office may send a service's package to: those of the kinds
/// that give it. None at a provider's own office.
async fn providers_of(
    state: &AppState,
    desk: Desk,
    service: &Service,
) -> Result<Vec<OrganizationRow>, AppError> {
    if desk == Desk::Office {
        return Ok(vec![]);
    }
    let kinds: Vec<&'static str> = service.provider_kinds.iter().map(|k| k.as_str()).collect();
    state
        .db(move |conn| organizations::of_kinds(conn, &kinds, None, None))
        .await
}

/// Step 3: the documents presented. Incomplete: the refusal to accept, audited. Complete: the
/// application, registered, and the clerk or operator goes to its page.
pub(super) async fn package(
    ctx: PageCtx,
    member: StaffMember,
    desk: Desk,
    state: &AppState,
    session: &Session,
    fields: &Fields,
    mut files: Vec<multipart::Upload>,
) -> Result<HttpResponse, AppError> {
    let post = form::package_post(fields).ok_or(AppError::BadRequest)?;
    let (counter, person) = lookup(state, member, desk, &post.iin).await?;
    let user = person.ok_or(AppError::BadRequest)?;
    let service = counter
        .service(&state.catalog, post.service)
        .ok_or(AppError::BadRequest)?;
    let channel = desk.channel();
    let presented = form::presented(service, channel, fields);
    let providers = providers_of(state, desk, service).await?;
    let package = Package {
        desk,
        person: &user,
        service,
        presented: &presented,
        idempotency_key: post.idempotency_key,
        providers: &providers,
        provider: form::value(fields, "provider"),
        consent: form::value(fields, "consent") == "on",
    };
    let missing = intake::missing(service, channel, &presented);
    if !missing.is_empty() {
        return refuse(ctx, member, state, &counter, &package, &missing).await;
    }
    let documents = scans(service, channel, &presented, &mut files);
    let organization = match &counter {
        Counter::Office(office) => Some(office.id),
        Counter::FrontOffice => providers
            .iter()
            .find(|o| o.code == package.provider)
            .map(|o| o.id),
    };
    let mut errors = documents.as_ref().err().cloned().unwrap_or_default();
    if organization.is_none() {
        errors.add("provider", MsgId("front-office-error-provider"));
    }
    if desk == Desk::FrontOffice && !package.consent {
        errors.add("consent", MsgId("front-office-error-consent"));
    }
    let (Ok(documents), Some(organization), true) = (documents, organization, errors.is_empty())
    else {
        return documents_page(ctx, &package, &errors, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let taken = register(
        member,
        state,
        &package,
        OrganizationId(organization),
        documents,
    )
    .await?;
    if taken.created {
        tracing::info!(number = %taken.number, channel = channel.as_str(), "application taken at a counter");
        session::set_flash(session, MsgId("intake-notice-registered"));
    }
    Ok(redirect(&format!("/admin/applications/{}", taken.number)))
}

/// The refusal to accept an incomplete package: audited, and the receipt to print.
async fn refuse(
    ctx: PageCtx,
    member: StaffMember,
    state: &AppState,
    counter: &Counter,
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
    refusal_page(ctx, counter, package, missing, now)
}

/// The scans of the package (file inputs `scan_<document id>`), checked and ready to store;
/// their bytes are moved out of the uploads.
fn scans(
    service: &Service,
    channel: Channel,
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
    let accepted = intake::check_scans(service, channel, presented, &scans)?;
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

/// Registers a complete package with the desk's channel: its steps planned from now on the
/// working calendar, its legal deadline from the channel's term when the regulation gives one.
async fn register(
    member: StaffMember,
    state: &AppState,
    package: &Package<'_>,
    organization: OrganizationId,
    documents: Vec<NewDocument>,
) -> Result<apps::Taken, AppError> {
    let service = package.service;
    let channel = package.desk.channel();
    let path = service.path(channel).ok_or(AppError::NotFound)?.clone();
    // No date is promised from a term the regulation does not give.
    let term = service
        .term(channel)
        .filter(|t| t.gives_deadline())
        .cloned();
    let hours = state.config.working_hours;
    let staff = member.0;
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
                channel,
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
