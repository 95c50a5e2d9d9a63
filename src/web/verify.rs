//! `GET /verify?number=…&code=…` (anyone, no sign-in; the QR code of a result leads here): is the
//! document authentic, who signed it and when, and its status — nothing of the holder beyond
//! initials. Wrong codes from one address are slowed down by the sign-in throttle's rules.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::auth::client_ip;
use super::errors::AppError;
use super::page::{PageCtx, render_with_status};
use crate::domain::MsgId;
use crate::domain::application::{FileKind, Status, check_upload};
use crate::domain::signature;
use crate::repo::{results, sign_in};
use crate::state::AppState;

/// What the page found.
pub struct Finding {
    pub document_number: String,
    pub authentic: bool,
    pub refusal: bool,
    pub signed_at: String,
    pub signer: String,
    pub organization: String,
    pub status: String,
    pub holder: String,
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    ctx: PageCtx,
    number: String,
    code: String,
    asked: bool,
    finding: Option<Finding>,
    locked: bool,
    /// After an upload: whether the file is byte for byte the signed document.
    upload_matches: Option<bool>,
    /// Why the uploaded file was not compared (not a PDF, too large).
    upload_error: Option<MsgId>,
}

#[derive(Deserialize)]
pub struct VerifyQuery {
    number: Option<String>,
    code: Option<String>,
}

pub async fn page(
    ctx: PageCtx,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<VerifyQuery>,
) -> Result<HttpResponse, AppError> {
    let clip = |v: &Option<String>| -> String {
        v.as_deref().unwrap_or("").trim().chars().take(40).collect()
    };
    let (number, code) = (clip(&query.number), clip(&query.code));
    let asked = !number.is_empty() || !code.is_empty();
    let page = VerifyPage {
        ctx,
        number: number.clone(),
        code: code.clone(),
        asked,
        finding: None,
        locked: false,
        upload_matches: None,
        upload_error: None,
    };
    if !asked {
        return render_with_status(StatusCode::OK, &page);
    }
    check(page, &req, &state, None).await
}

/// `POST /verify` (multipart: `csrf_token`, `number`, `code`, `document`): the same check, and
/// whether the uploaded file is byte for byte the signed document.
pub async fn upload(
    ctx: PageCtx,
    req: HttpRequest,
    state: web::Data<AppState>,
    session: actix_session::Session,
    payload: actix_multipart::Multipart,
) -> Result<HttpResponse, actix_web::Error> {
    let form = super::multipart::read(payload, &session).await?;
    let field = |name: &str| -> String {
        form.fields
            .get(name)
            .map(|v| v.trim().chars().take(40).collect())
            .unwrap_or_default()
    };
    let uploaded = form.files.into_iter().find(|f| f.field == "document");
    let mut page = VerifyPage {
        ctx,
        number: field("number"),
        code: field("code"),
        asked: true,
        finding: None,
        locked: false,
        upload_matches: None,
        upload_error: None,
    };
    // Only a PDF (recognised by its content, not its name) is compared; anything else is
    // refused before the lookup, so it neither counts against the address nor is kept.
    let uploaded = match uploaded {
        Some(file) if file.too_large => Err(MsgId("error-file-too-large")),
        Some(file) => match check_upload(&file.bytes) {
            Ok(FileKind::Pdf) => Ok(Some(file.bytes)),
            Ok(_) => Err(MsgId("verify-upload-not-pdf")),
            Err(MsgId("error-file-type")) => Err(MsgId("verify-upload-not-pdf")),
            Err(message) => Err(message),
        },
        None => Ok(None),
    };
    match uploaded {
        Ok(bytes) => Ok(check(page, &req, &state, bytes).await?),
        Err(message) => {
            page.upload_error = Some(message);
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?)
        }
    }
}

/// Looks the document up by number and code (throttled by address) and, given a file, compares
/// it with the signed bytes.
async fn check(
    mut page: VerifyPage,
    req: &HttpRequest,
    state: &AppState,
    uploaded: Option<Vec<u8>>,
) -> Result<HttpResponse, AppError> {
    let (number, code) = (page.number.clone(), page.code.clone());
    let ip = client_ip(req, &state.config.trusted_proxies);
    let subject = format!("verify:{ip}");
    let now = Utc::now();
    let (rules, sealing) = (state.throttle, state.config.result_key.clone());
    let (locked, found) = state
        .db(move |conn| {
            if sign_in::locked_until(conn, &subject, &ip, now)?.is_some() {
                return Ok((true, None));
            }
            let found = results::for_verification(conn, &number)?
                .filter(|v| signature::code_matches(&sealing, &v.document_number, &code));
            sign_in::record(conn, &rules, &subject, &ip, found.is_some(), now)?;
            Ok((false, found))
        })
        .await?;
    page.locked = locked;
    page.upload_matches = match (&found, uploaded) {
        (Some(v), Some(bytes)) => Some(
            bytes == v.pdf && {
                let public: [u8; 32] = v.public_key.clone().try_into().unwrap_or([0; 32]);
                let sig: [u8; 64] = v.signature.clone().try_into().unwrap_or([0; 64]);
                signature::verify(&public, &bytes, &sig)
            },
        ),
        _ => None,
    };
    page.finding = found.map(|v| {
        let ctx = &page.ctx;
        let public: [u8; 32] = v.public_key.clone().try_into().unwrap_or([0; 32]);
        let sig: [u8; 64] = v.signature.clone().try_into().unwrap_or([0; 64]);
        Finding {
            authentic: signature::verify(&public, &v.pdf, &sig),
            refusal: v.kind == "refusal",
            signed_at: ctx.date_time(&v.signed_at),
            signer: v.signer_name,
            organization: ctx.pick(&v.organization_kk, &v.organization_ru).to_string(),
            status: Status::parse(&v.status)
                .map(|s| ctx.text(s.message().id()).into_owned())
                .unwrap_or_default(),
            holder: v.applicant_initials,
            document_number: v.document_number,
        }
    });
    let status = if page.locked {
        StatusCode::TOO_MANY_REQUESTS
    } else if page.finding.is_none() {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    render_with_status(status, &page)
}
