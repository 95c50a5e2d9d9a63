//! Counter intake at the provider (`GET,POST /admin/applications/new`, clerks only). The clerk
//! finds the citizen by IIN (or keeps a person record for one without a portal account), chooses
//! one of the services the office takes, and ticks the documents presented, with optional scans.
//! A complete package is registered with channel "provider"; an incomplete one gets a printable
//! refusal to accept, and nothing is registered.
//!
//! Every step posts the same multipart form (field `stage`: find, person, service, package), so
//! the CSRF check and the upload limits are those of `multipart::read` throughout. The IIN and
//! the service travel as hidden fields and are checked again at every step.

use std::collections::BTreeMap;

use actix_multipart::Multipart;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use super::StaffMember;
use crate::domain::actor::{StaffRole, UserId};
use crate::domain::application;
use crate::domain::catalog::{Channel, Document, DocumentKind, Service};
use crate::domain::iin::Iin;
use crate::domain::intake::{self, PersonInput, Scan};
use crate::domain::registration::NAME_MAX_CHARS;
use crate::domain::{FieldErrors, MsgId, local_date};
use crate::repo::applications::{self as apps, IntakeInput, NewDocument, RefusalToAccept};
use crate::repo::organizations::{self, OrganizationRow};
use crate::repo::users::{self, User};
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::multipart::{self, FormData};
use crate::web::page::{
    FieldView, FormFields, PageCtx, error_summary, redirect, render_with_status,
};
use crate::web::session;
use crate::web::views::organization_label;

const TICK: &str = "doc_";
const SCAN: &str = "scan_";

/// The person the application is for, as every step after the first shows them.
struct PersonView {
    iin: String,
    full_name: String,
    birth_date: String,
    sex: String,
    phone: String,
    has_account: bool,
}

impl PersonView {
    fn new(ctx: &PageCtx, user: &User) -> PersonView {
        PersonView {
            iin: user.iin.clone(),
            full_name: user.full_name(),
            birth_date: ctx.date(&user.birth_date),
            sex: ctx.sex(&user.sex),
            phone: user.phone.clone(),
            has_account: user.password_hash.is_some(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/intake_find.html")]
struct FindPage {
    ctx: PageCtx,
    fields: Vec<FieldView>,
    errors: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "admin/intake_person.html")]
struct PersonPage {
    ctx: PageCtx,
    iin: String,
    birth_date: String,
    sex: String,
    fields: Vec<FieldView>,
    errors: Vec<(&'static str, String)>,
}

struct ServiceOption {
    code: String,
    name: String,
}

#[derive(Template)]
#[template(path = "admin/intake_service.html")]
struct ServicePage {
    ctx: PageCtx,
    person: PersonView,
    services: Vec<ServiceOption>,
    error: Option<String>,
    errors: Vec<(String, String)>,
}

/// One document of the package: its tick box and its scan input.
struct DocumentTick {
    tick: String,
    scan: String,
    label: String,
    hint: String,
    scan_label: String,
    checked: bool,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/intake_documents.html")]
struct DocumentsPage {
    ctx: PageCtx,
    person: PersonView,
    service_code: String,
    service_name: String,
    documents: Vec<DocumentTick>,
    idempotency_key: String,
    general_error: Option<String>,
    errors: Vec<(String, String)>,
}

/// What the regulation says about refusing to accept at the counter.
struct GroundView {
    text: String,
    receipt: Option<String>,
    source: String,
}

#[derive(Template)]
#[template(path = "admin/intake_refusal.html")]
struct RefusalPage {
    ctx: PageCtx,
    person: PersonView,
    service_name: String,
    organization: String,
    clerk: String,
    at: String,
    presented: Vec<String>,
    missing: Vec<String>,
    grounds: Vec<GroundView>,
}

/// `GET /admin/applications/new`: the first step, the citizen's IIN.
pub async fn new_form(ctx: PageCtx, member: StaffMember) -> Result<HttpResponse, AppError> {
    member.require(&[StaffRole::Clerk])?;
    find_page(ctx, "", &FieldErrors::default(), StatusCode::OK)
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
    let response = match value(&fields, "stage") {
        "find" => find(ctx, member, &state, &fields).await,
        "person" => person(ctx, member, &state, &fields).await,
        "service" => service(ctx, member, &state, &fields).await,
        "package" => package(ctx, member, &state, &session, &fields, files).await,
        _ => Err(AppError::BadRequest),
    };
    Ok(response?)
}

fn value<'a>(fields: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    fields.get(name).map_or("", String::as_str)
}

/// Step 1: the IIN. A known person goes on to the service; an unknown one to the person form.
async fn find(
    ctx: PageCtx,
    member: StaffMember,
    state: &AppState,
    fields: &BTreeMap<String, String>,
) -> Result<HttpResponse, AppError> {
    let raw = value(fields, "iin");
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
async fn person(
    ctx: PageCtx,
    member: StaffMember,
    state: &AppState,
    fields: &BTreeMap<String, String>,
) -> Result<HttpResponse, AppError> {
    hidden_iin(fields)?;
    let input = PersonInput {
        iin: value(fields, "iin").to_string(),
        last_name: value(fields, "last_name").to_string(),
        first_name: value(fields, "first_name").to_string(),
        middle_name: value(fields, "middle_name").to_string(),
        phone: value(fields, "phone").to_string(),
    };
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

/// Step 2: the service. Then the documents of its list.
async fn service(
    ctx: PageCtx,
    member: StaffMember,
    state: &AppState,
    fields: &BTreeMap<String, String>,
) -> Result<HttpResponse, AppError> {
    let iin = hidden_iin(fields)?;
    let (office, person) = lookup(state, member, &iin).await?;
    let user = person.ok_or(AppError::BadRequest)?;
    let chosen = intake::services_at_counter(&state.catalog, &office.kind)
        .into_iter()
        .find(|s| s.code == value(fields, "service"));
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

/// The package as the documents form shows it.
struct Package<'a> {
    person: &'a User,
    service: &'a Service,
    presented: &'a [&'a str],
    idempotency_key: &'a str,
}

/// Step 3: the documents presented. Incomplete: the refusal to accept, audited. Complete: the
/// application, registered, and the clerk goes to its page.
async fn package(
    ctx: PageCtx,
    member: StaffMember,
    state: &AppState,
    session: &Session,
    fields: &BTreeMap<String, String>,
    mut files: Vec<multipart::Upload>,
) -> Result<HttpResponse, AppError> {
    let iin = hidden_iin(fields)?;
    let key = value(fields, "idempotency_key");
    let key_ok = (16..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !key_ok {
        return Err(AppError::BadRequest);
    }
    let (office, person) = lookup(state, member, &iin).await?;
    let user = person.ok_or(AppError::BadRequest)?;
    let service = intake::services_at_counter(&state.catalog, &office.kind)
        .into_iter()
        .find(|s| s.code == value(fields, "service"))
        .ok_or(AppError::BadRequest)?;
    let presented: Vec<&str> = intake::asked_documents(service)
        .into_iter()
        .filter(|d| value(fields, &format!("{TICK}{}", d.id)) == "on")
        .map(|d| d.id.as_str())
        .collect();
    let package = Package {
        person: &user,
        service,
        presented: &presented,
        idempotency_key: key,
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
                document: u.field.strip_prefix(SCAN)?,
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

/// The IIN a later step carries in a hidden field: a bad one is no browser's doing.
fn hidden_iin(fields: &BTreeMap<String, String>) -> Result<Iin, AppError> {
    Iin::parse(value(fields, "iin")).map_err(|_| AppError::BadRequest)
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
async fn lookup(
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

fn find_page(
    ctx: PageCtx,
    iin: &str,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let f = FormFields::new(ctx.lang, errors);
    let fields = vec![
        f.field("iin", MsgId("field-iin"), iin)
            .hint(MsgId("intake-iin-hint"))
            .digits(12),
    ];
    let errors = error_summary(&fields);
    render_with_status(
        status,
        &FindPage {
            ctx,
            fields,
            errors,
        },
    )
}

fn person_page(
    ctx: PageCtx,
    input: &PersonInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let iin = Iin::parse(&input.iin).map_err(|_| AppError::BadRequest)?;
    let f = FormFields::new(ctx.lang, errors);
    let fields = vec![
        f.field("last_name", MsgId("field-last-name"), &input.last_name)
            .max(NAME_MAX_CHARS),
        f.field("first_name", MsgId("field-first-name"), &input.first_name)
            .max(NAME_MAX_CHARS),
        f.field(
            "middle_name",
            MsgId("field-middle-name"),
            &input.middle_name,
        )
        .max(NAME_MAX_CHARS)
        .optional(),
        f.field("phone", MsgId("field-phone"), &input.phone)
            .kind("tel", "off")
            .hint(MsgId("intake-phone-hint"))
            .max(20),
    ];
    let errors = error_summary(&fields);
    render_with_status(
        status,
        &PersonPage {
            birth_date: ctx.date(&iin.birth_date()),
            sex: ctx.sex(iin.sex().as_str()),
            iin: iin.as_str().to_string(),
            ctx,
            fields,
            errors,
        },
    )
}

fn service_page(
    ctx: PageCtx,
    state: &AppState,
    office: &OrganizationRow,
    user: &User,
    error: Option<MsgId>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let services = intake::services_at_counter(&state.catalog, &office.kind)
        .into_iter()
        .map(|s| ServiceOption {
            code: s.code.clone(),
            name: ctx.tr(&s.name).to_string(),
        })
        .collect();
    let error = error.map(|m| ctx.t(m.id()));
    // The summary links to the first choice, which takes the focus.
    let errors = error
        .iter()
        .map(|e| ("service-1".to_string(), e.clone()))
        .collect();
    render_with_status(
        status,
        &ServicePage {
            person: PersonView::new(&ctx, user),
            services,
            error,
            errors,
            ctx,
        },
    )
}

fn document_hint(ctx: &PageCtx, d: &Document) -> String {
    let how = match d.kind {
        DocumentKind::ShownReturned => ctx.t("intake-doc-shown"),
        _ => ctx.t("intake-doc-kept"),
    };
    let mut hint = vec![how];
    if let Some(condition) = &d.condition {
        hint.push(ctx.t1("intake-doc-condition", "condition", ctx.tr(condition)));
    }
    if let Some(validity) = &d.validity {
        hint.push(ctx.t1("intake-doc-validity", "validity", ctx.tr(validity)));
    }
    hint.join(" ")
}

fn documents_page(
    ctx: PageCtx,
    package: &Package<'_>,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let message = |e: &crate::domain::FieldError| {
        let args: Vec<(&str, &str)> = e.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        crate::i18n::t(ctx.lang, e.message.id(), &args)
    };
    let documents: Vec<DocumentTick> = intake::asked_documents(package.service)
        .into_iter()
        .map(|d| {
            let name = ctx.tr(&d.name).to_string();
            let label = if intake::is_required(d) {
                name.clone()
            } else {
                ctx.t1("intake-doc-if-applies", "document", &name)
            };
            DocumentTick {
                tick: format!("{TICK}{}", d.id),
                scan: format!("{SCAN}{}", d.id),
                label,
                hint: document_hint(&ctx, d),
                scan_label: ctx.t1("intake-scan-label", "document", &name),
                checked: package.presented.contains(&d.id.as_str()),
                error: errors.find(&d.id).map(message),
            }
        })
        .collect();
    let summary = documents
        .iter()
        .filter_map(|d| d.error.clone().map(|e| (d.scan.clone(), e)))
        .collect();
    let general_error = errors.find("").map(message);
    render_with_status(
        status,
        &DocumentsPage {
            person: PersonView::new(&ctx, package.person),
            service_code: package.service.code.clone(),
            service_name: ctx.tr(&package.service.name).to_string(),
            documents,
            idempotency_key: package.idempotency_key.to_string(),
            general_error,
            errors: summary,
            ctx,
        },
    )
}

fn refusal_page(
    ctx: PageCtx,
    office: &OrganizationRow,
    package: &Package<'_>,
    missing: &[&Document],
    at: chrono::DateTime<Utc>,
) -> Result<HttpResponse, AppError> {
    let service = package.service;
    let grounds = intake::refusals_at_counter(service)
        .into_iter()
        .map(|r| GroundView {
            text: ctx.tr(&r.text).to_string(),
            receipt: r.receipt.as_ref().map(|t| ctx.tr(t).to_string()),
            source: ctx.source(&r.source),
        })
        .collect();
    let presented = intake::asked_documents(service)
        .into_iter()
        .filter(|d| package.presented.contains(&d.id.as_str()))
        .map(|d| ctx.tr(&d.name).to_string())
        .collect();
    render_with_status(
        StatusCode::OK,
        &RefusalPage {
            person: PersonView::new(&ctx, package.person),
            service_name: ctx.tr(&service.name).to_string(),
            organization: organization_label(&ctx, office),
            clerk: ctx
                .staff
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            at: ctx.date_time(&at),
            presented,
            missing: missing
                .iter()
                .map(|d| ctx.tr(&d.name).to_string())
                .collect(),
            grounds,
            ctx,
        },
    )
}
