//! Applications: what they hold, and the queries that read them. Every loader takes the actor
//! and filters by it in the query itself, so nobody reaches another's application; the rows'
//! documents and steps are reached only through such a loader. Changes are in `drafts` (the
//! applicant's form) and `transitions` (status changes with their trace).

pub mod citizen;
mod drafts;
pub mod engine;
pub mod front_office;
mod intake;
pub mod queue;
mod transitions;

pub use drafts::{DraftInput, DraftRefusal, NewDocument, save_draft};
pub use intake::{
    IntakeInput, RefusalToAccept, Taken, create_person, refuse_to_accept, take, taken_by,
};
pub use transitions::{SubmitInput, SubmitRefusal, WithdrawRefusal, start_steps, submit, withdraw};

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};

use crate::db::schema::{
    application_documents, application_steps, applications, organizations, results,
};
use crate::domain::actor::{Actor, ApplicationId, DocumentId, StaffRole, UserId};
use crate::domain::application::Status;
use crate::domain::catalog::{DurationUnit, Role};
use crate::repo::Loads;
use crate::repo::organizations::OrganizationRow;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = applications, check_for_backend(diesel::pg::Pg))]
pub struct ApplicationRow {
    #[diesel(deserialize_as = i64)]
    pub id: ApplicationId,
    pub number: String,
    pub service_code: String,
    #[diesel(deserialize_as = i64)]
    pub applicant_id: UserId,
    pub organization_id: Option<i64>,
    /// Strict: a status this build does not know fails the load (`domain::stored`).
    #[diesel(deserialize_as = String)]
    pub status: Status,
    pub answers: serde_json::Value,
    pub idempotency_key: String,
    pub consent_at: Option<DateTime<Utc>>,
    pub signed_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub expected_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    /// Optimistic lock: forms carry the value they were rendered with; a change made from an
    /// older one is refused.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    /// portal | provider | state_corporation: whose steps it runs.
    pub channel: String,
    /// The current step (none once closed), its role and its due instant.
    pub step_position: Option<i32>,
    pub step_role: Option<String>,
    pub step_due: Option<DateTime<Utc>>,
    /// The executor it is assigned to.
    pub assigned_to: Option<i64>,
    pub resolution: Option<String>,
    pub journal_number: Option<String>,
    /// 'result' or 'refusal', once the executor decided.
    pub decision: Option<String>,
    pub refusal_ground: Option<String>,
    /// `password` or `sms_code`, once signed.
    pub signed_with: Option<String>,
    /// State Corporation path: when the provider's result came back to the front office.
    pub returned_at: Option<DateTime<Utc>>,
    /// Taken at a counter: the ids of the documents presented.
    pub presented_documents: serde_json::Value,
}

impl ApplicationRow {
    pub fn answers(&self) -> BTreeMap<String, String> {
        serde_json::from_value(self.answers.clone()).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = application_documents, check_for_backend(diesel::pg::Pg))]
pub struct DocumentInfo {
    #[diesel(deserialize_as = i64)]
    pub id: DocumentId,
    pub field: String,
    pub document_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i32,
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = application_steps, check_for_backend(diesel::pg::Pg))]
pub struct StepRow {
    pub position: i32,
    #[diesel(deserialize_as = String)]
    pub role: Role,
    pub action_kk: String,
    pub action_ru: String,
    pub amount: i32,
    #[diesel(deserialize_as = String)]
    pub unit: DurationUnit,
    pub clause: String,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
    /// The action that closed it (`register`, `sign`, … or `complete` for an automatic step).
    pub outcome: Option<String>,
    /// A hand-over at a counter: the recipient's identity document was checked.
    pub identity_checked: bool,
}

/// An application with its provider and documents: what every page about it shows.
pub struct Loaded {
    pub app: ApplicationRow,
    pub organization: Option<OrganizationRow>,
    pub documents: Vec<DocumentInfo>,
}

/// Which applications an actor may see: a citizen their own; provider staff their
/// organization's, once submitted; State Corporation operators those of its channel; anyone
/// else none.
type Visible<QS = applications::table> =
    Box<dyn BoxableExpression<QS, Pg, SqlType = Nullable<Bool>>>;

/// The rules, written once, for a query over `applications` alone or over `applications` with
/// other tables joined to it (a macro: Diesel's boxed expressions are typed by the FROM clause).
macro_rules! visibility {
    ($actor:expr) => {
        match $actor {
            Actor::Citizen(user) => Box::new(applications::applicant_id.eq(user.0).nullable()),
            // The State Corporation's operators work every application taken at its counters.
            Actor::Staff(staff) if staff.role == StaffRole::Operator => Box::new(
                applications::channel
                    .eq("state_corporation")
                    .and(applications::status.ne(Status::Draft.as_str()))
                    .nullable(),
            ),
            Actor::Staff(staff) => match staff.organization {
                Some(org) if staff.role.in_organization() => Box::new(
                    applications::organization_id
                        .eq(org.0)
                        .and(applications::status.ne(Status::Draft.as_str())),
                ),
                _ => Box::new(diesel::dsl::sql::<Nullable<Bool>>("false")),
            },
        }
    };
}

fn visible_to(actor: Actor) -> Visible {
    visibility!(actor)
}

/// The application page's FROM clause: the application, its provider and its signed result.
type PageSource = diesel::helper_types::LeftJoinQuerySource<
    diesel::helper_types::LeftJoinQuerySource<applications::table, organizations::table>,
    results::table,
>;

fn visible_on_page(actor: Actor) -> Visible<PageSource> {
    visibility!(actor)
}

/// The application by number, if the actor may see it.
pub fn find(
    conn: &mut PgConnection,
    actor: Actor,
    number: &str,
) -> QueryResult<Option<ApplicationRow>> {
    applications::table
        .filter(applications::number.eq(number))
        .filter(visible_to(actor))
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()
}

/// The same, locked until the end of the transaction (`FOR UPDATE`), so that two requests
/// acting on one application run one after the other.
pub(super) fn lock(
    conn: &mut PgConnection,
    actor: Actor,
    number: &str,
) -> QueryResult<Option<ApplicationRow>> {
    applications::table
        .filter(applications::number.eq(number))
        .filter(visible_to(actor))
        .select(ApplicationRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// An application's number and status, by number, for nobody in particular: only the
/// benchmark's ceiling page (`web::bench`) reads it, and shows nothing else.
pub fn status_by_number(
    conn: &mut PgConnection,
    number: &str,
) -> QueryResult<Option<(String, Status)>> {
    let row: Option<(String, String)> = applications::table
        .filter(applications::number.eq(number))
        .select((applications::number, applications::status))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(n, s)| Status::parse(&s).map(|s| (n, s))))
}

/// The application with its provider and documents, if the actor may see it.
pub fn load(conn: &mut PgConnection, actor: Actor, number: &str) -> QueryResult<Option<Loaded>> {
    let Some(app) = find(conn, actor, number)? else {
        return Ok(None);
    };
    Ok(Some(with_details(conn, app)?))
}

/// The application, its details and its regulated steps, if the actor may see it.
pub fn load_with_steps(
    conn: &mut PgConnection,
    actor: Actor,
    number: &str,
) -> QueryResult<Option<(Loaded, Vec<StepRow>)>> {
    let Some(loaded) = load(conn, actor, number)? else {
        return Ok(None);
    };
    let steps = steps(conn, loaded.app.id)?;
    Ok(Some((loaded, steps)))
}

/// The actor's application made from the form with this idempotency key, with its details.
pub fn find_by_key(
    conn: &mut PgConnection,
    actor: Actor,
    idempotency_key: &str,
) -> QueryResult<Option<Loaded>> {
    let app = applications::table
        .filter(visible_to(actor))
        .filter(applications::idempotency_key.eq(idempotency_key))
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()?;
    app.map(|app| with_details(conn, app)).transpose()
}

fn with_details(conn: &mut PgConnection, app: ApplicationRow) -> QueryResult<Loaded> {
    let organization = match app.organization_id {
        Some(id) => crate::repo::organizations::find(conn, id)?,
        None => None,
    };
    let documents = documents(conn, app.id)?;
    Ok(Loaded {
        app,
        organization,
        documents,
    })
}

/// One document with its bytes, if the actor may see its application.
pub fn document(
    conn: &mut PgConnection,
    actor: Actor,
    number: &str,
    document: DocumentId,
) -> QueryResult<Option<(DocumentInfo, Vec<u8>)>> {
    let Some(app) = find(conn, actor, number)? else {
        return Ok(None);
    };
    application_documents::table
        .filter(application_documents::application_id.eq(app.id.0))
        .filter(application_documents::id.eq(document.0))
        .select((DocumentInfo::as_select(), application_documents::content))
        .first(conn)
        .optional()
}

fn documents(
    conn: &mut PgConnection,
    application: ApplicationId,
) -> QueryResult<Vec<DocumentInfo>> {
    application_documents::table
        .filter(application_documents::application_id.eq(application.0))
        .order(application_documents::id)
        .select(DocumentInfo::as_select())
        .load(conn)
}

pub(super) fn steps(
    conn: &mut PgConnection,
    application: ApplicationId,
) -> QueryResult<Vec<StepRow>> {
    steps_query(application).load(conn)
}

/// The query `steps` runs (public so that a test can EXPLAIN it).
pub fn steps_query(application: ApplicationId) -> impl Loads<StepRow> {
    application_steps::table
        .filter(application_steps::application_id.eq(application.0))
        .order(application_steps::position)
        .select(StepRow::as_select())
}

/// One line of the citizen's list.
#[derive(Debug, Clone, Queryable)]
pub struct ListRow {
    pub number: String,
    pub service_code: String,
    #[diesel(deserialize_as = String)]
    pub status: Status,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub expected_at: Option<DateTime<Utc>>,
    pub organization_kk: Option<String>,
    pub organization_ru: Option<String>,
}

pub const PAGE_SIZE: i64 = 20;

/// A page of `PAGE_SIZE` of a citizen's own applications, newest first, optionally of one
/// status (public so that a test can EXPLAIN it).
pub fn list_query(applicant: UserId, status: Option<Status>, page: i64) -> impl Loads<ListRow> {
    // The provider's names by primary key for the page's lines only: a join would make
    // PostgreSQL read and sort all the citizen's applications before taking the page.
    let provider = || {
        organizations::table.filter(
            organizations::id
                .nullable()
                .eq(applications::organization_id),
        )
    };
    let mut listed = applications::table
        .filter(applications::applicant_id.eq(applicant.0))
        .into_boxed();
    if let Some(s) = status {
        listed = listed.filter(applications::status.eq(s.as_str()));
    }
    listed
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
            provider().select(organizations::name_kk).single_value(),
            provider().select(organizations::name_ru).single_value(),
        ))
}
