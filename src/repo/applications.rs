//! Applications: drafts, documents, submission with its planned timeline, the citizen's list.
//! Every query that loads an application takes the applicant, so nobody reaches another's.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::schema::{
    application_documents, application_events, application_steps, applications, notifications,
    outbox, users,
};
use crate::domain::application::{MAX_APPLICATION_BYTES, PlannedStep, Status, format_number};
use crate::domain::{MsgId, TIME_ZONE, local_date};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = applications, check_for_backend(diesel::pg::Pg))]
pub struct ApplicationRow {
    pub id: i64,
    pub number: String,
    pub service_code: String,
    pub applicant_id: i64,
    pub organization_id: Option<i64>,
    pub status: String,
    pub answers: serde_json::Value,
    pub idempotency_key: String,
    pub consent_at: Option<DateTime<Utc>>,
    pub signed_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub expected_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

impl ApplicationRow {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Draft)
    }

    pub fn answers(&self) -> BTreeMap<String, String> {
        serde_json::from_value(self.answers.clone()).unwrap_or_default()
    }
}

/// A checked upload, ready to store.
pub struct NewDocument {
    pub field: String,
    pub document_id: String,
    pub file_name: String,
    pub content_type: &'static str,
    pub content: Vec<u8>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = application_documents, check_for_backend(diesel::pg::Pg))]
pub struct DocumentInfo {
    pub id: i64,
    pub field: String,
    pub document_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i32,
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("the documents of one application exceed the total size limit")]
    TooLarge,
    #[error("the application is no longer a draft")]
    NotDraft,
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

pub struct DraftInput<'a> {
    pub applicant_id: i64,
    pub service_code: &'a str,
    pub idempotency_key: &'a str,
    pub organization_id: Option<i64>,
    pub answers: &'a BTreeMap<String, String>,
    pub documents: Vec<NewDocument>,
}

/// Creates the draft for this idempotency key, or updates it when the same form comes again
/// (a double click, a "save draft" then "continue"): one transaction, one application.
pub fn save_draft(
    conn: &mut PgConnection,
    input: DraftInput<'_>,
    now: DateTime<Utc>,
) -> Result<ApplicationRow, DraftError> {
    conn.transaction(|conn| {
        let answers = serde_json::to_value(input.answers)
            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
        let existing: Option<ApplicationRow> = applications::table
            .filter(applications::applicant_id.eq(input.applicant_id))
            .filter(applications::idempotency_key.eq(input.idempotency_key))
            .select(ApplicationRow::as_select())
            .for_update()
            .first(conn)
            .optional()?;
        let app = match existing {
            Some(app) if app.status() != Status::Draft => return Err(DraftError::NotDraft),
            Some(app) => diesel::update(applications::table.find(app.id))
                .set((
                    applications::organization_id.eq(input.organization_id),
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
                        applications::applicant_id.eq(input.applicant_id),
                        applications::organization_id.eq(input.organization_id),
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
            .filter(application_documents::application_id.eq(app.id))
            .select(diesel::dsl::sum(application_documents::size_bytes))
            .first(conn)?;
        if total.unwrap_or(0) as usize > MAX_APPLICATION_BYTES {
            // Rolls the whole transaction back: nothing of this request is kept.
            return Err(DraftError::TooLarge);
        }
        Ok(app)
    })
}

fn store_document(
    conn: &mut PgConnection,
    application_id: i64,
    doc: &NewDocument,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    let sha256 = format!("{:x}", Sha256::digest(&doc.content));
    let values = (
        application_documents::application_id.eq(application_id),
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

/// The applicant's own application by number; `None` for anyone else's or an unknown number.
pub fn find_own(
    conn: &mut PgConnection,
    applicant_id: i64,
    number: &str,
) -> QueryResult<Option<ApplicationRow>> {
    applications::table
        .filter(applications::number.eq(number))
        .filter(applications::applicant_id.eq(applicant_id))
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()
}

pub fn documents(conn: &mut PgConnection, application_id: i64) -> QueryResult<Vec<DocumentInfo>> {
    application_documents::table
        .filter(application_documents::application_id.eq(application_id))
        .order(application_documents::id)
        .select(DocumentInfo::as_select())
        .load(conn)
}

/// One document's bytes, only for the applicant who owns the application.
pub fn own_document(
    conn: &mut PgConnection,
    applicant_id: i64,
    number: &str,
    document_id: i64,
) -> QueryResult<Option<(DocumentInfo, Vec<u8>)>> {
    application_documents::table
        .inner_join(applications::table)
        .filter(applications::number.eq(number))
        .filter(applications::applicant_id.eq(applicant_id))
        .filter(application_documents::id.eq(document_id))
        .select((DocumentInfo::as_select(), application_documents::content))
        .first(conn)
        .optional()
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error("not found")]
    NotFound,
    #[error("already submitted")]
    AlreadySubmitted(String),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

/// Submits a draft: status, consent and signature times, the planned steps, the legal deadline
/// (none when the regulation gives no term for the portal), a trace event, a notification and
/// its outbox rows — one transaction. Submitting the same application twice (a double click) is
/// not an error: the second call reports the number.
pub fn submit(
    conn: &mut PgConnection,
    applicant_id: i64,
    number: &str,
    planned: &[PlannedStep],
    deadline: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    lang: &str,
) -> Result<ApplicationRow, SubmitError> {
    conn.transaction(|conn| {
        let app = lock_own(conn, applicant_id, number)?.ok_or(SubmitError::NotFound)?;
        if app.status() != Status::Draft {
            return Err(SubmitError::AlreadySubmitted(app.number));
        }
        let app: ApplicationRow = diesel::update(applications::table.find(app.id))
            .set((
                applications::status.eq(Status::Submitted.as_str()),
                applications::consent_at.eq(now),
                applications::signed_at.eq(now),
                applications::submitted_at.eq(now),
                applications::expected_at.eq(deadline),
                applications::updated_at.eq(now),
                applications::version.eq(applications::version + 1),
            ))
            .returning(ApplicationRow::as_returning())
            .get_result(conn)?;
        let rows: Vec<_> = planned
            .iter()
            .map(|p| {
                (
                    application_steps::application_id.eq(app.id),
                    application_steps::position.eq(p.position),
                    application_steps::role.eq(p.step.role.as_str()),
                    application_steps::action_kk.eq(&p.step.action.kk),
                    application_steps::action_ru.eq(&p.step.action.ru),
                    application_steps::amount.eq(p.step.duration.amount as i32),
                    application_steps::unit.eq(p.step.duration.unit.as_str()),
                    application_steps::clause.eq(p.step.source.to_column()),
                    application_steps::due_at.eq(p.due_at),
                    application_steps::done_at.eq(p.done_at),
                    application_steps::done_by.eq(p.done_at.map(|_| applicant_id)),
                )
            })
            .collect();
        diesel::insert_into(application_steps::table)
            .values(&rows)
            .execute(conn)?;
        record_event(
            conn,
            &Event {
                application_id: app.id,
                at: now,
                applicant_id,
                action: "submit",
                from: Status::Draft,
                to: Status::Submitted,
                due_at: deadline,
            },
        )?;
        let (message, args) = match deadline {
            Some(d) => (
                MsgId("notice-application-submitted"),
                serde_json::json!({ "number": app.number, "date": local_date(d).to_string() }),
            ),
            None => (
                MsgId("notice-application-submitted-no-term"),
                serde_json::json!({ "number": app.number }),
            ),
        };
        notify(conn, applicant_id, app.id, message, args, lang)?;
        Ok(app)
    })
}

/// The applicant's own application, locked for this transaction (`FOR UPDATE`), so that two
/// requests acting on it at once run one after the other.
fn lock_own(
    conn: &mut PgConnection,
    applicant_id: i64,
    number: &str,
) -> QueryResult<Option<ApplicationRow>> {
    applications::table
        .filter(applications::number.eq(number))
        .filter(applications::applicant_id.eq(applicant_id))
        .select(ApplicationRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// A transition made by the applicant, for the append-only trace.
struct Event {
    application_id: i64,
    at: DateTime<Utc>,
    applicant_id: i64,
    action: &'static str,
    from: Status,
    to: Status,
    due_at: Option<DateTime<Utc>>,
}

fn record_event(conn: &mut PgConnection, e: &Event) -> QueryResult<()> {
    diesel::insert_into(application_events::table)
        .values((
            application_events::application_id.eq(e.application_id),
            application_events::at.eq(e.at),
            application_events::actor_kind.eq("applicant"),
            application_events::actor_id.eq(e.applicant_id),
            application_events::action.eq(e.action),
            application_events::from_status.eq(e.from.as_str()),
            application_events::to_status.eq(e.to.as_str()),
            application_events::due_at.eq(e.due_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Writes a notification and, for each contact the citizen has, an outbox row to send it.
pub fn notify(
    conn: &mut PgConnection,
    user_id: i64,
    application_id: i64,
    message: MsgId,
    args: serde_json::Value,
    lang: &str,
) -> QueryResult<()> {
    let notification_id: i64 = diesel::insert_into(notifications::table)
        .values((
            notifications::user_id.eq(user_id),
            notifications::application_id.eq(application_id),
            notifications::message_id.eq(message.id()),
            notifications::args.eq(&args),
        ))
        .returning(notifications::id)
        .get_result(conn)?;
    let (phone, email): (String, Option<String>) = users::table
        .find(user_id)
        .select((users::phone, users::email))
        .first(conn)?;
    let mut contacts = vec![("sms", phone)];
    contacts.extend(email.map(|e| ("email", e)));
    for (channel, recipient) in contacts {
        diesel::insert_into(outbox::table)
            .values((
                outbox::notification_id.eq(notification_id),
                outbox::channel.eq(channel),
                outbox::recipient.eq(recipient),
                outbox::lang.eq(lang),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The applicant's application created from the form with this idempotency key, if any.
pub fn find_by_key(
    conn: &mut PgConnection,
    applicant_id: i64,
    idempotency_key: &str,
) -> QueryResult<Option<ApplicationRow>> {
    applications::table
        .filter(applications::applicant_id.eq(applicant_id))
        .filter(applications::idempotency_key.eq(idempotency_key))
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()
}

/// One line of the citizen's list.
#[derive(Debug, Clone, Queryable)]
pub struct ListRow {
    pub number: String,
    pub service_code: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub expected_at: Option<DateTime<Utc>>,
    pub organization_kk: Option<String>,
    pub organization_ru: Option<String>,
}

pub const PAGE_SIZE: i64 = 20;

/// The applicant's applications, newest first, optionally of one status; a page of
/// `PAGE_SIZE` and the total count.
pub fn list_own(
    conn: &mut PgConnection,
    applicant_id: i64,
    status: Option<Status>,
    page: i64,
) -> QueryResult<(Vec<ListRow>, i64)> {
    use crate::db::schema::organizations;
    let filtered = || {
        let mut q = applications::table
            .filter(applications::applicant_id.eq(applicant_id))
            .into_boxed();
        if let Some(s) = status {
            q = q.filter(applications::status.eq(s.as_str()));
        }
        q
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let mut q = applications::table
        .left_join(organizations::table)
        .filter(applications::applicant_id.eq(applicant_id))
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(applications::status.eq(s.as_str()));
    }
    let rows = q
        .order((applications::created_at.desc(), applications::id.desc()))
        .limit(PAGE_SIZE)
        .offset((page.max(1) - 1) * PAGE_SIZE)
        .select((
            applications::number,
            applications::service_code,
            applications::status,
            applications::created_at,
            applications::submitted_at,
            applications::expected_at,
            organizations::name_kk.nullable(),
            organizations::name_ru.nullable(),
        ))
        .load(conn)?;
    Ok((rows, total))
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = application_steps, check_for_backend(diesel::pg::Pg))]
pub struct StepRow {
    pub position: i32,
    pub role: String,
    pub action_kk: String,
    pub action_ru: String,
    pub amount: i32,
    pub unit: String,
    pub clause: String,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
}

pub fn steps(conn: &mut PgConnection, application_id: i64) -> QueryResult<Vec<StepRow>> {
    application_steps::table
        .filter(application_steps::application_id.eq(application_id))
        .order(application_steps::position)
        .select(StepRow::as_select())
        .load(conn)
}

/// Withdraws the applicant's own application while the provider has not registered it.
/// Returns false when it cannot be withdrawn (any other status).
pub fn withdraw(
    conn: &mut PgConnection,
    applicant_id: i64,
    number: &str,
    now: DateTime<Utc>,
    lang: &str,
) -> QueryResult<bool> {
    conn.transaction(|conn| {
        let Some(app) = lock_own(conn, applicant_id, number)? else {
            return Ok(false);
        };
        if !app.status().can_withdraw() {
            return Ok(false);
        }
        diesel::update(applications::table.find(app.id))
            .set((
                applications::status.eq(Status::Withdrawn.as_str()),
                applications::updated_at.eq(now),
                applications::version.eq(applications::version + 1),
            ))
            .execute(conn)?;
        record_event(
            conn,
            &Event {
                application_id: app.id,
                at: now,
                applicant_id,
                action: "withdraw",
                from: app.status(),
                to: Status::Withdrawn,
                due_at: None,
            },
        )?;
        notify(
            conn,
            applicant_id,
            app.id,
            MsgId("notice-application-withdrawn"),
            serde_json::json!({ "number": app.number }),
            lang,
        )?;
        Ok(true)
    })
}

/// The applicant's own application with its provider and documents (what every page about it
/// shows); `None` for anyone else's.
pub struct OwnApplication {
    pub app: ApplicationRow,
    pub organization: Option<crate::repo::organizations::OrganizationRow>,
    pub documents: Vec<DocumentInfo>,
}

pub fn load_own(
    conn: &mut PgConnection,
    applicant_id: i64,
    number: &str,
) -> QueryResult<Option<OwnApplication>> {
    let Some(app) = find_own(conn, applicant_id, number)? else {
        return Ok(None);
    };
    let organization = match app.organization_id {
        Some(id) => crate::repo::organizations::find(conn, id)?,
        None => None,
    };
    let documents = documents(conn, app.id)?;
    Ok(Some(OwnApplication {
        app,
        organization,
        documents,
    }))
}
