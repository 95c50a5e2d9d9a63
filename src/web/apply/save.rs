//! `POST /services/{code}/apply`: "save draft" keeps what was typed; "continue" checks
//! everything first, then goes on to "check your answers". A bad field or file stores nothing
//! of the request; a form rendered from an older version of the draft is refused.

use std::collections::BTreeMap;

use actix_multipart::Multipart;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::form::{ApplyQuery, FormRender, FormState, kinds, online_service, render_form};
use crate::domain::actor::OrganizationId;
use crate::domain::application::{Received, check_form, is_idempotency_key};
use crate::domain::workflow::may_edit;
use crate::domain::{MsgId, local_date};
use crate::repo::applications::{self as apps, DraftInput, DraftRefusal, NewDocument};
use crate::repo::organizations;
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::guard::Citizen;
use crate::web::multipart::{self, FormData};
use crate::web::page::{PageCtx, redirect};
use crate::web::session;

/// The form's own fields besides the answers.
struct Posted {
    key: String,
    finishing: bool,
    organization: Option<i64>,
    version: Option<i32>,
}

impl Posted {
    fn read(fields: &BTreeMap<String, String>) -> Result<Posted, AppError> {
        let key = fields.get("idempotency_key").cloned().unwrap_or_default();
        if !is_idempotency_key(&key) {
            return Err(AppError::BadRequest);
        }
        let number = |name: &str| fields.get(name).and_then(|v| v.trim().parse().ok());
        Ok(Posted {
            key,
            finishing: fields.get("action").map(String::as_str) == Some("continue"),
            organization: number("organization_id"),
            version: number("version").and_then(|v: i64| i32::try_from(v).ok()),
        })
    }
}

pub async fn save(
    ctx: PageCtx,
    citizen: Citizen,
    state: web::Data<AppState>,
    code: web::Path<String>,
    session: Session,
    payload: Multipart,
) -> Result<HttpResponse, actix_web::Error> {
    let service = online_service(&state, &code)?;
    let FormData { fields, mut files } = multipart::read(payload, &session).await?;
    let posted = Posted::read(&fields)?;
    let kinds: Vec<String> = kinds(service).into_iter().map(String::from).collect();
    let (wanted, key) = (posted.organization, posted.key.clone());
    let (allowed_org, existing) = state
        .db(move |conn| {
            let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
            let allowed = match wanted {
                Some(id) => organizations::of_kinds(conn, &kinds, None, None)?
                    .into_iter()
                    .find(|o| o.id == id)
                    .map(|o| o.id),
                None => None,
            };
            Ok((allowed, apps::find_by_key(conn, citizen.actor(), &key)?))
        })
        .await?;
    if let Some(existing) = &existing {
        if existing.app.service_code != service.code {
            // A key belongs to one form of one service; reusing it elsewhere is no browser's doing.
            return Err(AppError::BadRequest.into());
        }
        if !may_edit(existing.app.status) {
            // The same form sent again after submission: show what was submitted.
            let number = &existing.app.number;
            return Ok(redirect(&format!("/cabinet/applications/{number}")));
        }
    }

    let draft_number = existing.as_ref().map(|e| e.app.number.clone());
    let stored = existing.map(|e| e.documents).unwrap_or_default();
    let received: Vec<Received> = files
        .iter()
        .map(|u| Received {
            field: &u.field,
            bytes: &u.bytes,
            too_large: u.too_large,
        })
        .collect();
    let stored_fields: Vec<&str> = stored.iter().map(|d| d.field.as_str()).collect();
    let today = local_date(Utc::now());
    let mut checked = check_form(
        service,
        &fields,
        &received,
        &stored_fields,
        posted.finishing,
        today,
    );
    if posted.organization.is_some() && allowed_org.is_none() {
        checked
            .errors
            .add("organization_id", MsgId("error-organization-invalid"));
    } else if posted.finishing && allowed_org.is_none() {
        checked
            .errors
            .add("organization_id", MsgId("error-organization-required"));
    }
    let form = FormState {
        values: fields.clone(),
        organization_id: posted.organization,
        stored,
        idempotency_key: posted.key.clone(),
        version: posted.version,
    };
    let no_query = ApplyQuery::default();
    let again = |general_error| FormRender {
        service,
        applicant: citizen.id,
        query: &no_query,
        form: &form,
        errors: &checked.errors,
        general_error,
        status: StatusCode::UNPROCESSABLE_ENTITY,
    };
    if !checked.errors.is_empty() {
        return Ok(render_form(ctx, &state, again(None)).await?);
    }

    let documents: Vec<NewDocument> = checked
        .uploads
        .iter()
        .map(|u| NewDocument {
            field: u.field.clone(),
            document_id: u.document.clone(),
            file_name: std::mem::take(&mut files[u.received].file_name),
            content_type: u.kind.content_type(),
            content: std::mem::take(&mut files[u.received].bytes),
        })
        .collect();
    let (service_code, answers) = (service.code.clone(), checked.answers.clone());
    let (key, version) = (posted.key.clone(), posted.version);
    let saved = state
        .act(move |conn| {
            let input = DraftInput {
                service_code: &service_code,
                idempotency_key: &key,
                version,
                organization_id: allowed_org.map(OrganizationId),
                answers: &answers,
                documents,
            };
            apps::save_draft(conn, citizen.id, input, Utc::now())
        })
        .await?;
    match saved {
        Ok(app) if posted.finishing => Ok(redirect(&format!(
            "/cabinet/applications/{}/review",
            app.number
        ))),
        Ok(app) => {
            session::set_flash(&session, MsgId("notice-draft-saved"));
            Ok(redirect(&format!("/cabinet/applications/{}", app.number)))
        }
        Err(DraftRefusal::TooLarge) => Ok(render_form(
            ctx,
            &state,
            again(Some(MsgId("error-files-total-too-large"))),
        )
        .await?),
        Err(DraftRefusal::Stale) => {
            // Changed in another window since this form was shown: show the newest version.
            session::set_flash(&session, MsgId("error-stale-form"));
            let number = draft_number.unwrap_or_default();
            Ok(redirect(&format!(
                "/services/{}/apply?draft={number}",
                service.code
            )))
        }
        Err(DraftRefusal::NotDraft) => Err(AppError::NotFound.into()),
    }
}
