//! The application form (`GET /services/{code}/apply`): built from the service's fields, with
//! the provider choice and a draft's answers and files. `save` handles what it posts.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::actor::UserId;
use crate::domain::catalog::{Field, FieldType, Service};
use crate::domain::workflow::may_edit;
use crate::domain::{FieldErrors, MsgId};
use crate::repo::applications::{self as apps, ApplicationRow, DocumentInfo};
use crate::repo::organizations::{self, OrganizationRow};
use crate::repo::users::{self, User};
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::guard::Citizen;
use crate::web::page::{PageCtx, render_with_status};
use crate::web::session;
use crate::web::views::organization_label;

/// One input of the application form, with its text in the page's language.
pub struct InputView {
    pub name: String,
    pub kind: &'static str,
    pub label: String,
    pub help: Option<String>,
    pub error: Option<String>,
    pub required: bool,
    pub value: String,
    pub checked: bool,
    pub maxlength: Option<u32>,
    pub options: Vec<(String, String, bool)>,
    /// For a file input: the file already stored in the draft.
    pub stored_file: Option<String>,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "apply/form.html")]
struct ApplyPage<'a> {
    ctx: PageCtx,
    service: &'a Service,
    user: User,
    regions: Vec<Choice>,
    districts: Vec<Choice>,
    organizations: Vec<Choice>,
    organization_error: Option<String>,
    inputs: Vec<InputView>,
    errors: Vec<(String, String)>,
    general_error: Option<String>,
    idempotency_key: String,
    version: Option<i32>,
}

#[derive(Deserialize, Default)]
pub struct ApplyQuery {
    draft: Option<String>,
    region: Option<String>,
    district: Option<String>,
}

/// What the form shows: typed values, the chosen provider, files already stored, and which
/// draft (key and version) it saves to.
pub(super) struct FormState {
    pub values: BTreeMap<String, String>,
    pub organization_id: Option<i64>,
    pub stored: Vec<DocumentInfo>,
    pub idempotency_key: String,
    pub version: Option<i32>,
}

/// Everything `render_form` needs besides the request's context and state.
pub(super) struct FormRender<'a> {
    pub service: &'a Service,
    pub applicant: UserId,
    pub query: &'a ApplyQuery,
    pub form: &'a FormState,
    pub errors: &'a FieldErrors,
    pub general_error: Option<MsgId>,
    pub status: StatusCode,
}

pub(super) fn online_service<'a>(state: &'a AppState, code: &str) -> Result<&'a Service, AppError> {
    state
        .catalog
        .find(code)
        .filter(|s| s.is_online())
        .ok_or(AppError::NotFound)
}

pub(super) fn kinds(service: &Service) -> Vec<&'static str> {
    service.provider_kinds.iter().map(|k| k.as_str()).collect()
}

pub async fn form(
    ctx: PageCtx,
    citizen: Citizen,
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: web::Query<ApplyQuery>,
) -> Result<HttpResponse, AppError> {
    let service = online_service(&state, &code)?;
    let query = query.into_inner();
    let draft = match query.draft.clone() {
        None => None,
        Some(number) => {
            // Only the citizen's own draft of this very service opens here.
            let loaded = state
                .db(move |conn| apps::load(conn, citizen.actor(), &number))
                .await?
                .filter(|l| may_edit(l.app.status) && l.app.service_code == service.code);
            Some(loaded.ok_or(AppError::NotFound)?)
        }
    };
    let form = match draft {
        Some(apps::Loaded { app, documents, .. }) => FormState {
            values: app.answers(),
            organization_id: app.organization_id,
            stored: documents,
            idempotency_key: draft_key(&app),
            version: Some(app.version),
        },
        None => FormState {
            values: BTreeMap::new(),
            organization_id: None,
            stored: vec![],
            idempotency_key: session::random_token(),
            version: None,
        },
    };
    render_form(
        ctx,
        &state,
        FormRender {
            service,
            applicant: citizen.id,
            query: &query,
            form: &form,
            errors: &FieldErrors::default(),
            general_error: None,
            status: StatusCode::OK,
        },
    )
    .await
}

/// The key of an existing draft, so that saving it again updates it.
fn draft_key(app: &ApplicationRow) -> String {
    app.idempotency_key.clone()
}

pub(super) async fn render_form(
    ctx: PageCtx,
    state: &AppState,
    r: FormRender<'_>,
) -> Result<HttpResponse, AppError> {
    let FormRender {
        service,
        applicant,
        query,
        form,
        errors,
        general_error,
        status,
    } = r;
    let kinds: Vec<String> = kinds(service).into_iter().map(String::from).collect();
    let region = query.region.clone().filter(|r| !r.is_empty());
    let district = query.district.clone().filter(|d| !d.is_empty());
    let (r, d) = (region.clone(), district.clone());
    let (user, all, shown) = state
        .db(move |conn| {
            let user = users::find(conn, applicant.0)?.ok_or(diesel::result::Error::NotFound)?;
            let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
            let all = organizations::of_kinds(conn, &kinds, None, None)?;
            let shown = organizations::of_kinds(conn, &kinds, r.as_deref(), d.as_deref())?;
            Ok((user, all, shown))
        })
        .await?;
    let lang = ctx.lang;
    let mut regions: Vec<Choice> = vec![];
    for o in &all {
        if !regions.iter().any(|c| c.value == o.region) {
            regions.push(Choice {
                value: o.region.clone(),
                label: ctx.pick(&o.region_kk, &o.region_ru).to_string(),
                selected: region.as_deref() == Some(o.region.as_str()),
            });
        }
    }
    let mut districts: Vec<Choice> = vec![];
    for o in all
        .iter()
        .filter(|o| region.as_deref() == Some(o.region.as_str()))
    {
        if !districts.iter().any(|c| c.value == o.district) {
            districts.push(Choice {
                value: o.district.clone(),
                label: ctx.pick(&o.district_kk, &o.district_ru).to_string(),
                selected: district.as_deref() == Some(o.district.as_str()),
            });
        }
    }
    // The chosen provider stays in the list even when a filter would hide it.
    let mut listed: Vec<&OrganizationRow> = shown.iter().collect();
    if let Some(chosen) = form
        .organization_id
        .and_then(|id| all.iter().find(|o| o.id == id))
        && !listed.iter().any(|o| o.id == chosen.id)
    {
        listed.insert(0, chosen);
    }
    let organizations = listed
        .into_iter()
        .map(|o| Choice {
            value: o.id.to_string(),
            label: organization_label(&ctx, o),
            selected: form.organization_id == Some(o.id),
        })
        .collect();
    let message = |name: &str| {
        errors.find(name).map(|e| {
            let args: Vec<(&str, &str)> = e.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            crate::i18n::t(lang, e.message.id(), &args)
        })
    };
    let inputs: Vec<InputView> = service
        .fields
        .iter()
        .map(|f| {
            let value = form.values.get(&f.name).cloned().unwrap_or_default();
            InputView {
                name: f.name.clone(),
                kind: field_kind(f.field_type),
                label: ctx.tr(&f.label).to_string(),
                help: field_help(&ctx, service, f),
                error: message(&f.name),
                required: f.required,
                checked: value == "true",
                maxlength: f.max_length,
                options: f
                    .options
                    .iter()
                    .map(|o| {
                        (
                            o.value.clone(),
                            ctx.tr(&o.label).to_string(),
                            o.value == value,
                        )
                    })
                    .collect(),
                stored_file: form
                    .stored
                    .iter()
                    .find(|d| d.field == f.name)
                    .map(|d| d.file_name.clone()),
                value,
            }
        })
        .collect();
    let organization_error = message("organization_id");
    let mut summary: Vec<(String, String)> = vec![];
    if let Some(e) = &organization_error {
        summary.push(("organization_id".into(), e.clone()));
    }
    summary.extend(
        inputs
            .iter()
            .filter_map(|i| i.error.clone().map(|e| (i.name.clone(), e))),
    );
    let general_error = general_error.map(|m| ctx.text(m.id()).into_owned());
    render_with_status(
        status,
        &ApplyPage {
            service,
            user,
            regions,
            districts,
            organizations,
            organization_error,
            inputs,
            errors: summary,
            general_error,
            idempotency_key: form.idempotency_key.clone(),
            version: form.version,
            ctx,
        },
    )
}

fn field_kind(t: FieldType) -> &'static str {
    match t {
        FieldType::Text => "text",
        FieldType::Textarea => "textarea",
        FieldType::Date => "date",
        FieldType::Select => "select",
        FieldType::Checkbox => "checkbox",
        FieldType::Number => "number",
        FieldType::File => "file",
    }
}

/// The field's help, and for an upload also when its document is needed and how long it is
/// valid (from the service file, so the form says what the passport says).
fn field_help(ctx: &PageCtx, service: &Service, f: &Field) -> Option<String> {
    let document = f.document.as_deref().and_then(|id| service.document(id));
    let parts: Vec<String> = [
        f.help.as_ref().map(|h| ctx.tr(h).to_string()),
        document.and_then(|d| crate::web::passport::document_condition(ctx, d)),
        document.and_then(|d| {
            d.validity.as_ref().map(|v| {
                format!(
                    "{}: {}",
                    ctx.text("service-document-validity").into_owned(),
                    ctx.tr(v)
                )
            })
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}
