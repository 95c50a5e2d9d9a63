//! The application form: built from the service's fields, the provider choice, uploads, drafts.

use std::collections::BTreeMap;

use actix_multipart::Multipart;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::views::organization_label;
use crate::app::AppState;
use crate::domain::application::{self, FileKind, Status, check_upload, validate_answers};
use crate::domain::catalog::{Field, FieldType, Service};
use crate::domain::{FieldErrors, MsgId, local_date};
use crate::repo::applications::{
    self as apps, ApplicationRow, DocumentInfo, DraftError, DraftInput, NewDocument,
};
use crate::repo::organizations::{self, OrganizationRow};
use crate::repo::users::{self, User};
use crate::web::errors::AppError;
use crate::web::multipart::{self, FormData};
use crate::web::page::{PageCtx, redirect, render_with_status};
use crate::web::session::{self, CurrentUser};

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
}

#[derive(Deserialize, Default)]
pub struct ApplyQuery {
    draft: Option<String>,
    region: Option<String>,
    district: Option<String>,
}

/// What the form shows: typed values, the chosen provider, files already stored.
struct FormState {
    values: BTreeMap<String, String>,
    organization_id: Option<i64>,
    stored: Vec<DocumentInfo>,
    idempotency_key: String,
}

fn online_service<'a>(state: &'a AppState, code: &str) -> Result<&'a Service, AppError> {
    state
        .catalog
        .find(code)
        .filter(|s| s.is_online())
        .ok_or(AppError::NotFound)
}

fn kinds(service: &Service) -> Vec<&'static str> {
    service.provider_kinds.iter().map(|k| k.as_str()).collect()
}

pub async fn form(
    ctx: PageCtx,
    CurrentUser(me): CurrentUser,
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: web::Query<ApplyQuery>,
) -> Result<HttpResponse, AppError> {
    let service = online_service(&state, &code)?;
    let query = query.into_inner();
    let draft_number = query.draft.clone();
    let service_code = service.code.clone();
    let draft = state
        .db(move |conn| {
            let Some(number) = draft_number else {
                return Ok(None);
            };
            let Some(app) = apps::find_own(conn, me.id, &number)? else {
                return Ok(None);
            };
            if app.status() != Status::Draft || app.service_code != service_code {
                return Ok(None);
            }
            let docs = apps::documents(conn, app.id)?;
            Ok(Some((app, docs)))
        })
        .await?;
    if query.draft.is_some() && draft.is_none() {
        return Err(AppError::NotFound);
    }
    let form = match draft {
        Some((app, stored)) => FormState {
            values: app.answers(),
            organization_id: app.organization_id,
            stored,
            idempotency_key: draft_key(&app),
        },
        None => FormState {
            values: BTreeMap::new(),
            organization_id: None,
            stored: vec![],
            idempotency_key: session::random_token(),
        },
    };
    render_form(
        ctx,
        &state,
        me.id,
        service,
        &query,
        &form,
        &FieldErrors::default(),
        None,
        StatusCode::OK,
    )
    .await
}

/// The key of an existing draft, so that saving it again updates it.
fn draft_key(app: &ApplicationRow) -> String {
    app.idempotency_key.clone()
}

#[allow(clippy::too_many_arguments)]
async fn render_form(
    ctx: PageCtx,
    state: &AppState,
    applicant_id: i64,
    service: &Service,
    query: &ApplyQuery,
    form: &FormState,
    errors: &FieldErrors,
    general_error: Option<MsgId>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let kinds: Vec<String> = kinds(service).into_iter().map(String::from).collect();
    let region = query.region.clone().filter(|r| !r.is_empty());
    let district = query.district.clone().filter(|d| !d.is_empty());
    let (r, d) = (region.clone(), district.clone());
    let (user, all, shown) = state
        .db(move |conn| {
            let user = users::find(conn, applicant_id)?.ok_or(diesel::result::Error::NotFound)?;
            let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
            let all = organizations::of_kinds(conn, &kinds, None, None)?;
            let shown = organizations::of_kinds(conn, &kinds, r.as_deref(), d.as_deref())?;
            Ok((user, all, shown))
        })
        .await?;
    let lang = ctx.lang;
    let pick = |kk: &str, ru: &str| {
        if lang == crate::i18n::Lang::Kk {
            kk.to_string()
        } else {
            ru.to_string()
        }
    };
    let mut regions: Vec<Choice> = vec![];
    for o in &all {
        if !regions.iter().any(|c| c.value == o.region) {
            regions.push(Choice {
                value: o.region.clone(),
                label: pick(&o.region_kk, &o.region_ru),
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
                label: pick(&o.district_kk, &o.district_ru),
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
    let general_error = general_error.map(|m| ctx.t(m.id()));
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

fn valid_key(key: &str) -> bool {
    (16..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `POST /services/{code}/apply`: "save draft" keeps what was typed; "continue" checks
/// everything first. A bad field or file stores nothing of this request.
pub async fn save(
    ctx: PageCtx,
    CurrentUser(me): CurrentUser,
    state: web::Data<AppState>,
    code: web::Path<String>,
    session: Session,
    payload: Multipart,
) -> Result<HttpResponse, actix_web::Error> {
    let service = online_service(&state, &code)?;
    let FormData { fields, mut files } = multipart::read(payload, &session).await?;
    let key = fields.get("idempotency_key").cloned().unwrap_or_default();
    if !valid_key(&key) {
        return Err(AppError::BadRequest.into());
    }
    let finishing = fields.get("action").map(String::as_str) == Some("continue");
    let mut errors = FieldErrors::default();

    let kinds: Vec<String> = kinds(service).into_iter().map(String::from).collect();
    let wanted_org = fields
        .get("organization_id")
        .and_then(|v| v.trim().parse::<i64>().ok());
    let key2 = key.clone();
    let (allowed_org, existing) = state
        .db(move |conn| {
            let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
            let allowed = match wanted_org {
                Some(id) => organizations::of_kinds(conn, &kinds, None, None)?
                    .into_iter()
                    .find(|o| o.id == id)
                    .map(|o| o.id),
                None => None,
            };
            let existing = match apps::find_by_key(conn, me.id, &key2)? {
                Some(app) => {
                    let docs = apps::documents(conn, app.id)?;
                    Some((app, docs))
                }
                None => None,
            };
            Ok((allowed, existing))
        })
        .await?;
    if let Some((app, _)) = &existing
        && app.service_code != service.code
    {
        // A key belongs to one form of one service; reusing it elsewhere is not a browser's doing.
        return Err(AppError::BadRequest.into());
    }
    if let Some((app, _)) = &existing
        && app.status() != Status::Draft
    {
        // The same form sent again after submission: show what was submitted.
        return Ok(redirect(&format!("/cabinet/applications/{}", app.number)));
    }
    if wanted_org.is_some() && allowed_org.is_none() {
        errors.add("organization_id", MsgId("error-organization-invalid"));
    } else if finishing && allowed_org.is_none() {
        errors.add("organization_id", MsgId("error-organization-required"));
    }

    let answers = if finishing {
        match validate_answers(service, &fields, local_date(Utc::now())) {
            Ok(a) => a,
            Err(e) => {
                errors.extend(e);
                BTreeMap::new()
            }
        }
    } else {
        service
            .fields
            .iter()
            .filter(|f| f.field_type != FieldType::File)
            .filter_map(|f| {
                fields.get(&f.name).map(|v| {
                    (
                        f.name.clone(),
                        v.trim()
                            .chars()
                            .take(application::TEXTAREA_MAX_CHARS)
                            .collect(),
                    )
                })
            })
            .collect()
    };

    let stored: Vec<DocumentInfo> = existing
        .as_ref()
        .map(|(_, d)| d.clone())
        .unwrap_or_default();
    let mut documents = vec![];
    for f in service
        .fields
        .iter()
        .filter(|f| f.field_type == FieldType::File)
    {
        // Taken out of the list, so its bytes move into the document uncopied.
        let upload = files
            .iter()
            .position(|u| u.field == f.name)
            .map(|i| files.swap_remove(i));
        match upload {
            Some(u) if u.too_large => errors.add(&f.name, MsgId("error-file-too-large")),
            Some(u) => match check_upload(&u.bytes) {
                Ok(kind) => documents.push(new_document(
                    f.name.clone(),
                    f.document.clone().unwrap_or_default(),
                    u.file_name,
                    kind,
                    u.bytes,
                )),
                Err(m) => errors.add(&f.name, m),
            },
            None if finishing
                && service.file_required(f, &answers)
                && !stored.iter().any(|d| d.field == f.name) =>
            {
                errors.add(&f.name, MsgId("error-file-required"))
            }
            None => {}
        }
    }

    let form = FormState {
        values: fields.clone(),
        organization_id: wanted_org,
        stored,
        idempotency_key: key.clone(),
    };
    if !errors.is_empty() {
        return Ok(render_form(
            ctx,
            &state,
            me.id,
            service,
            &ApplyQuery::default(),
            &form,
            &errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await?);
    }

    let service_code = service.code.clone();
    let saved = state
        .db(move |conn| {
            let input = DraftInput {
                applicant_id: me.id,
                service_code: &service_code,
                idempotency_key: &key,
                organization_id: allowed_org,
                answers: &answers,
                documents,
            };
            match apps::save_draft(conn, input, Utc::now()) {
                Ok(app) => Ok(Ok(app)),
                Err(DraftError::Db(e)) => Err(e),
                Err(other) => Ok(Err(other)),
            }
        })
        .await?;
    match saved {
        Ok(app) if finishing => Ok(redirect(&format!(
            "/cabinet/applications/{}/review",
            app.number
        ))),
        Ok(app) => {
            session::set_flash(&session, MsgId("notice-draft-saved"));
            Ok(redirect(&format!("/cabinet/applications/{}", app.number)))
        }
        Err(DraftError::TooLarge) => Ok(render_form(
            ctx,
            &state,
            me.id,
            service,
            &ApplyQuery::default(),
            &form,
            &errors,
            Some(MsgId("error-files-total-too-large")),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await?),
        Err(_) => Err(AppError::NotFound.into()),
    }
}

fn new_document(
    field: String,
    document_id: String,
    file_name: String,
    kind: FileKind,
    content: Vec<u8>,
) -> NewDocument {
    NewDocument {
        field,
        document_id,
        file_name,
        content_type: kind.content_type(),
        content,
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
            d.validity
                .as_ref()
                .map(|v| format!("{}: {}", ctx.t("service-document-validity"), ctx.tr(v)))
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}
