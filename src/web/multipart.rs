//! Reads a `multipart/form-data` form into memory with limits. The CSRF token is checked the
//! moment its part arrives — the form sends it first — and a file part that comes before a
//! valid token is refused unread: a forged upload is neither buffered nor stored.

use std::collections::BTreeMap;

use actix_multipart::Multipart;
use actix_session::Session;
use futures_util::StreamExt;

use super::errors::AppError;
use super::session::{CSRF_FIELD, csrf_matches};
use crate::domain::application::{MAX_APPLICATION_BYTES, MAX_FILE_BYTES};
use crate::domain::input::is_clean_field;

/// A file as sent. `too_large` is set (and the bytes dropped) past the per-file limit.
pub struct Upload {
    pub field: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub too_large: bool,
}

#[derive(Default)]
pub struct FormData {
    pub fields: BTreeMap<String, String>,
    pub files: Vec<Upload>,
}

const MAX_TEXT_BYTES: usize = 64 * 1024;
const MAX_PARTS: usize = 64;
/// Room for the text fields and the multipart framing on top of the documents.
const MAX_BODY_BYTES: usize = MAX_APPLICATION_BYTES + 2 * 1024 * 1024;

pub async fn read(mut payload: Multipart, session: &Session) -> Result<FormData, actix_web::Error> {
    let mut form = FormData::default();
    let mut body = 0usize;
    let mut parts = 0usize;
    let mut token_ok = false;
    while let Some(item) = payload.next().await {
        let mut field = item.map_err(|_| AppError::BadRequest)?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(AppError::BadRequest.into());
        }
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(sanitize_file_name);
        if file_name.is_some() && !token_ok {
            return Err(refused());
        }
        let limit = if file_name.is_some() {
            MAX_FILE_BYTES
        } else {
            MAX_TEXT_BYTES
        };
        // Each chunk is copied once, into the buffer that is then moved out as the upload.
        let mut bytes = Vec::new();
        let mut too_large = false;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| AppError::BadRequest)?;
            body += chunk.len();
            if body > MAX_BODY_BYTES {
                return Err(actix_web::error::ErrorPayloadTooLarge("request too large"));
            }
            if too_large {
                continue;
            }
            if bytes.len() + chunk.len() > limit {
                too_large = true;
                bytes = Vec::new();
            } else {
                bytes.extend_from_slice(&chunk);
            }
        }
        match file_name {
            // A file input left empty arrives as a part with an empty file name and no bytes.
            Some(f) if f.is_empty() && bytes.is_empty() && !too_large => {}
            Some(file_name) => form.files.push(Upload {
                field: name,
                file_name,
                bytes,
                too_large,
            }),
            None if too_large => return Err(AppError::BadRequest.into()),
            None => {
                let value = String::from_utf8(bytes)
                    .ok()
                    .filter(|v| is_clean_field(v) && is_clean_field(&name))
                    .ok_or(AppError::BadRequest)?;
                if name == CSRF_FIELD {
                    if !csrf_matches(session, &value) {
                        return Err(refused());
                    }
                    token_ok = true;
                }
                form.fields.insert(name, value);
            }
        }
    }
    if !token_ok {
        return Err(refused());
    }
    Ok(form)
}

fn refused() -> actix_web::Error {
    tracing::warn!("multipart POST refused: missing or invalid CSRF token");
    AppError::Csrf.into()
}

/// Keeps the last path segment and drops control characters and quotes, so the name is safe
/// in a `Content-Disposition` header later; at most 200 characters.
fn sanitize_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    base.chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\'))
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::sanitize_file_name;

    #[test]
    fn file_names_lose_paths_and_quotes() {
        assert_eq!(sanitize_file_name("C:\\Users\\a\\скан.pdf"), "скан.pdf");
        assert_eq!(sanitize_file_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_file_name("a\"b\r\n.pdf"), "ab.pdf");
    }
}
