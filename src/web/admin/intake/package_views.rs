//! The intake's package pages: the documents form (tick boxes and scan inputs) and the
//! printable refusal to accept.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use chrono::Utc;

use super::Counter;
use super::views::PersonView;
use crate::domain::FieldErrors;
use crate::domain::catalog::{Document, DocumentKind, Service};
use crate::domain::intake::{self, Desk, form};
use crate::repo::organizations::OrganizationRow;
use crate::repo::users::User;
use crate::web::errors::AppError;
use crate::web::page::{PageCtx, render_with_status};
use crate::web::views::organization_label;

/// The package as the documents form shows it.
pub(super) struct Package<'a> {
    pub(super) desk: Desk,
    pub(super) person: &'a User,
    pub(super) service: &'a Service,
    pub(super) presented: &'a [&'a str],
    pub(super) idempotency_key: &'a str,
    /// At the front office: the providers to send the package to, the one chosen, and whether
    /// the citizen's written consent was recorded.
    pub(super) providers: &'a [OrganizationRow],
    pub(super) provider: &'a str,
    pub(super) consent: bool,
}

/// A provider the front office may choose: its code, its label, whether it is chosen.
struct ProviderOption {
    code: String,
    label: String,
    chosen: bool,
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
    form_path: &'static str,
    front_office: bool,
    providers: Vec<ProviderOption>,
    provider_error: Option<String>,
    consent: bool,
    consent_error: Option<String>,
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
    form_path: &'static str,
    person: PersonView,
    service_name: String,
    organization: String,
    clerk: String,
    at: String,
    presented: Vec<String>,
    missing: Vec<String>,
    grounds: Vec<GroundView>,
}

fn document_hint(ctx: &PageCtx, d: &Document) -> String {
    let how = match d.kind {
        DocumentKind::ShownReturned => ctx.text("intake-doc-shown").into_owned(),
        _ => ctx.text("intake-doc-kept").into_owned(),
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

pub(super) fn documents_page(
    ctx: PageCtx,
    package: &Package<'_>,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let message = |e: &crate::domain::FieldError| {
        let args: Vec<(&str, &str)> = e.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        crate::i18n::t(ctx.lang, e.message.id(), &args)
    };
    let documents: Vec<DocumentTick> =
        intake::asked_documents(package.service, package.desk.channel())
            .into_iter()
            .map(|d| {
                let name = ctx.tr(&d.name).to_string();
                let label = if intake::is_required(d) {
                    name.clone()
                } else {
                    ctx.t1("intake-doc-if-applies", "document", &name)
                };
                DocumentTick {
                    tick: form::tick_field(&d.id),
                    scan: form::scan_field(&d.id),
                    label,
                    hint: document_hint(&ctx, d),
                    scan_label: ctx.t1("intake-scan-label", "document", &name),
                    checked: package.presented.contains(&d.id.as_str()),
                    error: errors.find(&d.id).map(message),
                }
            })
            .collect();
    let provider_error = errors.find("provider").map(message);
    let consent_error = errors.find("consent").map(message);
    let summary = documents
        .iter()
        .filter_map(|d| d.error.clone().map(|e| (d.scan.clone(), e)))
        .chain(provider_error.clone().map(|e| ("provider".to_string(), e)))
        .chain(consent_error.clone().map(|e| ("consent".to_string(), e)))
        .collect();
    let general_error = errors.find("").map(message);
    let providers = package
        .providers
        .iter()
        .map(|o| ProviderOption {
            code: o.code.clone(),
            label: organization_label(&ctx, o),
            chosen: o.code == package.provider,
        })
        .collect();
    render_with_status(
        status,
        &DocumentsPage {
            form_path: package.desk.form_path(),
            front_office: package.desk == Desk::FrontOffice,
            providers,
            provider_error,
            consent: package.consent,
            consent_error,
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

pub(super) fn refusal_page(
    ctx: PageCtx,
    counter: &Counter,
    package: &Package<'_>,
    missing: &[&Document],
    at: chrono::DateTime<Utc>,
) -> Result<HttpResponse, AppError> {
    let service = package.service;
    let channel = package.desk.channel();
    let grounds = intake::refusals_at_counter(service, channel)
        .into_iter()
        .map(|r| GroundView {
            text: ctx.tr(&r.text).to_string(),
            receipt: r.receipt.as_ref().map(|t| ctx.tr(t).to_string()),
            source: ctx.source(&r.source),
        })
        .collect();
    let presented = intake::asked_documents(service, channel)
        .into_iter()
        .filter(|d| package.presented.contains(&d.id.as_str()))
        .map(|d| ctx.tr(&d.name).to_string())
        .collect();
    render_with_status(
        StatusCode::OK,
        &RefusalPage {
            form_path: package.desk.form_path(),
            person: PersonView::new(&ctx, package.person),
            service_name: ctx.tr(&service.name).to_string(),
            organization: counter.label(&ctx),
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
