//! The applicant's form: creating and updating a draft with its uploads.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::ApplicationRow;
use crate::db::schema::{application_documents, applications};
use crate::domain::TIME_ZONE;
use crate::domain::actor::{ApplicationId, OrganizationId, UserId};
use crate::domain::application::{MAX_APPLICATION_BYTES, format_number};
use crate::domain::workflow::may_edit;
use crate::repo::{Refusal, refuse, tx};

/// A checked upload, ready to store.
pub struct NewDocument {
    pub field: String,
    pub document_id: String,
    pub file_name: String,
    pub content_type: &'static str,
    pub content: Vec<u8>,
}

/// Why a draft was not saved (nothing of the request is kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftRefusal {
    /// The documents of one application exceed the total size limit.
    TooLarge,
    /// The application is no longer a draft.
    NotDraft,
    /// The form was rendered from an older version of the draft (changed since, elsewhere).
    Stale,
}

pub struct DraftInput<'a> {
    pub service_code: &'a str,
    pub idempotency_key: &'a str,
    /// The draft's version the form was rendered with; `None` for a form rendered before the
    /// draft existed (its first "continue", or the same form sent twice).
    pub version: Option<i32>,
    pub organization_id: Option<OrganizationId>,
    pub answers: &'a BTreeMap<String, String>,
    pub documents: Vec<NewDocument>,
}

/// Creates the citizen's draft for this idempotency key, or updates it when the same form comes again
/// (a double click, a "save draft" then "continue"): one transaction, one application.
pub fn save_draft(
    conn: &mut PgConnection,
    applicant: UserId,
    input: DraftInput<'_>,
    now: DateTime<Utc>,
) -> Result<ApplicationRow, Refusal<DraftRefusal>> {
    tx(conn, |conn| {
        let answers = serde_json::to_value(input.answers)
            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
        let existing: Option<ApplicationRow> = applications::table
            .filter(applications::applicant_id.eq(applicant.0))
            .filter(applications::idempotency_key.eq(input.idempotency_key))
            .select(ApplicationRow::as_select())
            .for_update()
            .first(conn)
            .optional()?;
        let organization = input.organization_id.map(|o| o.0);
        let app = match existing {
            Some(app) if !may_edit(app.status) => return refuse(DraftRefusal::NotDraft),
            Some(app) if input.version.is_some_and(|v| v != app.version) => {
                return refuse(DraftRefusal::Stale);
            }
            Some(app) => diesel::update(applications::table.find(app.id.0))
                .set((
                    applications::organization_id.eq(organization),
                    applications::answers.eq(&answers),
                    applications::updated_at.eq(now),
                    applications::version.eq(applications::version + 1),
                ))
                .returning(ApplicationRow::as_returning())
                .get_result(conn)?,
            None => {
                let seq: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
                    "nextval('application_number_seq')",
                ))
                .get_result(conn)?;
                let year = now.with_timezone(&TIME_ZONE).year();
                diesel::insert_into(applications::table)
                    .values((
                        applications::number.eq(format_number(year, seq)),
                        applications::service_code.eq(input.service_code),
                        applications::applicant_id.eq(applicant.0),
                        applications::organization_id.eq(organization),
                        applications::answers.eq(&answers),
                        applications::idempotency_key.eq(input.idempotency_key),
                        applications::created_at.eq(now),
                        applications::updated_at.eq(now),
                    ))
                    .returning(ApplicationRow::as_returning())
                    .get_result(conn)?
            }
        };
        for doc in &input.documents {
            store_document(conn, app.id, doc, now)?;
        }
        let total: Option<i64> = application_documents::table
            .filter(application_documents::application_id.eq(app.id.0))
            .select(diesel::dsl::sum(application_documents::size_bytes))
            .first(conn)?;
        if total.unwrap_or(0) as usize > MAX_APPLICATION_BYTES {
            // Rolls the whole transaction back: nothing of this request is kept.
            return refuse(DraftRefusal::TooLarge);
        }
        Ok(app)
    })
}

pub(super) fn store_document(
    conn: &mut PgConnection,
    application: ApplicationId,
    doc: &NewDocument,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    let sha256 = format!("{:x}", Sha256::digest(&doc.content));
    let values = (
        application_documents::application_id.eq(application.0),
        application_documents::field.eq(&doc.field),
        application_documents::document_id.eq(&doc.document_id),
        application_documents::file_name.eq(&doc.file_name),
        application_documents::content_type.eq(doc.content_type),
        application_documents::size_bytes.eq(doc.content.len() as i32),
        application_documents::sha256.eq(&sha256),
        application_documents::content.eq(&doc.content),
        application_documents::uploaded_at.eq(now),
    );
    diesel::insert_into(application_documents::table)
        .values(values)
        .on_conflict((
            application_documents::application_id,
            application_documents::field,
        ))
        .do_update()
        .set(values)
        .execute(conn)?;
    Ok(())
}
