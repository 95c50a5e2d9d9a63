//! The audited downloads of an application for staff: its signed result and its documents.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::Utc;

use crate::domain::actor::DocumentId;
use crate::repo::applications as apps;
use crate::repo::audit::{self, Entry, Who};
use crate::state::AppState;
use crate::web::admin::StaffMember;
use crate::web::errors::AppError;

/// `GET /admin/applications/{number}/result.pdf`: the signed result, for the clerk to print at
/// the office (audited like every download).
pub async fn result_pdf(
    me: StaffMember,
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let number = number.into_inner();
    let held = state
        .db(move |conn| {
            audited(
                conn,
                me,
                "result_download",
                &number,
                serde_json::json!({}),
                |conn| crate::repo::results::of_application(conn, me.actor(), &number),
            )
        })
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{}.pdf\"", held.document_number),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(held.pdf))
}

/// `GET /admin/applications/{number}/documents/{id}`: a document of an application the staff
/// member may see; every download is audited.
pub async fn document(
    me: StaffMember,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (number, id) = path.into_inner();
    let details = serde_json::json!({ "document": id });
    let (info, content) = state
        .db(move |conn| {
            audited(conn, me, "document_download", &number, details, |conn| {
                apps::document(conn, me.actor(), &number, DocumentId(id))
            })
        })
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(info.content_type.as_str())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"document-{}\"", info.id),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(content))
}

/// Loads what `load` finds for the staff member and, when it found something, records the
/// download in the audit log: both in one transaction.
fn audited<T>(
    conn: &mut diesel::PgConnection,
    me: StaffMember,
    action: &str,
    number: &str,
    details: serde_json::Value,
    load: impl FnOnce(&mut diesel::PgConnection) -> diesel::QueryResult<Option<T>>,
) -> diesel::QueryResult<Option<T>> {
    use diesel::Connection;
    conn.transaction(|conn| {
        let found = load(conn)?;
        if found.is_some() {
            let who = Who::Staff {
                id: me.0.id.0,
                organization: me.organization().map(|o| o.0),
            };
            let entry = Entry {
                who,
                action,
                object: Some(number),
                details,
            };
            audit::record(conn, &entry, Utc::now())?;
        }
        Ok(found)
    })
}
