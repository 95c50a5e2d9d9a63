//! Complaints: a citizen registers one about an application of theirs; the provider's head
//! answers it. Every loader takes the actor and filters by it in the query (a citizen sees
//! the complaints they made; the head and the organization administrator those made to their
//! organization), so anyone else's complaint is simply not found. Registering and answering
//! are one transaction each: the change, its audit row and the citizen's notification.

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Timestamptz};
use sha2::{Digest, Sha256};

use super::audit::{self, Entry, Who};
use super::notifications::notify;
use super::{Refusal, refuse, tx};
use crate::db::schema::{applications, complaints, staff, users};
use crate::domain::actor::{Actor, ApplicationId, Staff, StaffRole, UserId};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::complaint::{due_at, may_complain};
use crate::domain::{MsgId, local_date};

/// A complaint without its file's bytes.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = complaints, check_for_backend(diesel::pg::Pg))]
pub struct ComplaintRow {
    pub id: i64,
    pub application_id: i64,
    pub applicant_id: i64,
    pub organization_id: i64,
    pub text: String,
    pub file_name: Option<String>,
    pub file_content_type: Option<String>,
    pub file_size: Option<i32>,
    pub registered_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_by: Option<i64>,
    pub answered_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// A file as checked by the handler (its type recognised by content).
pub struct NewFile {
    pub file_name: String,
    pub content_type: &'static str,
    pub content: Vec<u8>,
}

/// A complaint as checked by the handler.
pub struct NewComplaint {
    pub text: String,
    pub file: Option<NewFile>,
}

/// Why a complaint was not registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintRefusal {
    /// No such application of this citizen.
    NotFound,
    /// A draft: it has not reached a provider.
    NotAllowed,
}

/// Why an answer was not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerRefusal {
    /// Not a complaint the staff member may see.
    NotFound,
    /// They may see it but not answer (an organization administrator).
    Forbidden,
    /// Answered or changed since the form was rendered.
    Stale,
}

type Visible = Box<dyn BoxableExpression<complaints::table, Pg, SqlType = Nullable<Bool>>>;

/// Which complaints an actor may see: a citizen their own; a head or an organization
/// administrator their organization's; anyone else none.
fn visible_to(actor: Actor) -> Visible {
    match actor {
        Actor::Citizen(user) => Box::new(complaints::applicant_id.eq(user.0).nullable()),
        Actor::Staff(member) => match (member.role, member.organization) {
            (StaffRole::Head | StaffRole::OrgAdmin, Some(org)) => {
                Box::new(complaints::organization_id.eq(org.0).nullable())
            }
            _ => Box::new(diesel::dsl::sql::<Nullable<Bool>>("false")),
        },
    }
}

/// The organization whose complaints a staff member reads: a head's or an organization
/// administrator's own; none for anyone else.
fn organization_of(member: Staff) -> Option<i64> {
    match (member.role, member.organization) {
        (StaffRole::Head | StaffRole::OrgAdmin, Some(org)) => Some(org.0),
        _ => None,
    }
}

/// Whether the staff member may read the complaints queue at all.
pub fn sees_complaints(member: Staff) -> bool {
    organization_of(member).is_some()
}

/// The same text about the same application within this time is the same complaint sent again
/// (a double click, a resent form), not a new one.
const RESENT_WITHIN: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// Registers a complaint about the citizen's application `number` at `now`, due
/// `ANSWER_TERM` later by `calendar`; writes the audit row and notifies the citizen. The same
/// text sent again within `RESENT_WITHIN` returns the complaint already registered.
pub fn register(
    conn: &mut PgConnection,
    citizen: UserId,
    number: &str,
    input: NewComplaint,
    calendar: &WorkingCalendar,
    now: DateTime<Utc>,
    lang: &str,
) -> Result<ComplaintRow, Refusal<ComplaintRefusal>> {
    tx(conn, |conn| {
        // Locked, so that a double-clicked form is seen as the same complaint below.
        let Some(app) = super::applications::lock(conn, Actor::Citizen(citizen), number)? else {
            return refuse(ComplaintRefusal::NotFound);
        };
        let Some(organization) = app.organization_id.filter(|_| may_complain(app.status)) else {
            return refuse(ComplaintRefusal::NotAllowed);
        };
        let resent: Option<ComplaintRow> = complaints::table
            .filter(complaints::application_id.eq(app.id.0))
            .filter(complaints::text.eq(&input.text))
            .filter(complaints::registered_at.gt(now - RESENT_WITHIN))
            .select(ComplaintRow::as_select())
            .first(conn)
            .optional()?;
        if let Some(resent) = resent {
            return Ok(resent);
        }
        let due = due_at(calendar, now);
        let (file_name, content_type, size, sha256, content) = match input.file {
            Some(f) => (
                Some(f.file_name),
                Some(f.content_type),
                Some(i32::try_from(f.content.len()).unwrap_or(i32::MAX)),
                Some(format!("{:x}", Sha256::digest(&f.content))),
                Some(f.content),
            ),
            None => (None, None, None, None, None),
        };
        let row: ComplaintRow = diesel::insert_into(complaints::table)
            .values((
                complaints::application_id.eq(app.id.0),
                complaints::applicant_id.eq(citizen.0),
                complaints::organization_id.eq(organization),
                complaints::text.eq(&input.text),
                complaints::file_name.eq(file_name),
                complaints::file_content_type.eq(content_type),
                complaints::file_size.eq(size),
                complaints::file_sha256.eq(sha256),
                complaints::file_content.eq(content),
                complaints::registered_at.eq(now),
                complaints::due_at.eq(due),
            ))
            .returning(ComplaintRow::as_returning())
            .get_result(conn)?;
        audit::record(
            conn,
            &Entry {
                who: Who::Citizen(citizen.0),
                action: "complaint_register",
                object: Some(number),
                details: serde_json::json!({ "complaint": row.id, "due_at": due }),
            },
            now,
        )?;
        notify(
            conn,
            citizen,
            app.id,
            MsgId("notice-complaint-registered"),
            serde_json::json!({ "number": number, "date": local_date(due).to_string() }),
            lang,
        )?;
        Ok(row)
    })
}

/// The complaints about one application that the actor may see, oldest first.
pub fn of_application(
    conn: &mut PgConnection,
    actor: Actor,
    application: ApplicationId,
) -> QueryResult<Vec<ComplaintRow>> {
    complaints::table
        .filter(complaints::application_id.eq(application.0))
        .filter(visible_to(actor))
        .order((complaints::registered_at, complaints::id))
        .select(ComplaintRow::as_select())
        .load(conn)
}

/// A complaint with its application's number and service.
pub type Listed = (ComplaintRow, String, String);

/// How many answered complaints the queue lists after the open ones.
pub const ANSWERED_SHOWN: i64 = 100;

/// The organization's complaints the staff member may see: every open one by due instant,
/// then the latest answered ones.
pub fn queue(conn: &mut PgConnection, member: Staff) -> QueryResult<Vec<Listed>> {
    let Some(org) = organization_of(member) else {
        return Ok(vec![]);
    };
    let select = (
        ComplaintRow::as_select(),
        applications::number,
        applications::service_code,
    );
    let mut open: Vec<Listed> = complaints::table
        .inner_join(applications::table)
        .filter(complaints::organization_id.eq(org))
        .filter(complaints::answered_at.is_null())
        .order((complaints::due_at, complaints::id))
        .select(select)
        .load(conn)?;
    let answered: Vec<Listed> = complaints::table
        .inner_join(applications::table)
        .filter(complaints::organization_id.eq(org))
        .filter(complaints::answered_at.is_not_null())
        .order((complaints::answered_at.desc(), complaints::id.desc()))
        .limit(ANSWERED_SHOWN)
        .select(select)
        .load(conn)?;
    open.extend(answered);
    Ok(open)
}

/// One complaint as staff read it.
pub struct Detail {
    pub complaint: ComplaintRow,
    pub number: String,
    pub service_code: String,
    pub applicant: String,
    /// Who answered, by name.
    pub answered_by: Option<String>,
}

/// The complaint `id`, if the staff member may see it.
pub fn find(conn: &mut PgConnection, member: Staff, id: i64) -> QueryResult<Option<Detail>> {
    let Some(org) = organization_of(member) else {
        return Ok(None);
    };
    let found: Option<Listed> = complaints::table
        .inner_join(applications::table)
        .filter(complaints::id.eq(id))
        .filter(complaints::organization_id.eq(org))
        .select((
            ComplaintRow::as_select(),
            applications::number,
            applications::service_code,
        ))
        .first(conn)
        .optional()?;
    let Some((complaint, number, service_code)) = found else {
        return Ok(None);
    };
    let applicant = super::users::find(conn, complaint.applicant_id)?
        .map(|u| u.full_name())
        .unwrap_or_default();
    let answered_by = match complaint.answered_by {
        Some(by) => staff::table
            .find(by)
            .select(staff::full_name)
            .first(conn)
            .optional()?,
        None => None,
    };
    Ok(Some(Detail {
        complaint,
        number,
        service_code,
        applicant,
        answered_by,
    }))
}

/// A complaint's attachment as stored: file name, content type, bytes (all or none).
type StoredFile = (Option<String>, Option<String>, Option<Vec<u8>>);

/// The complaint's attached file (name, content type, bytes), if the staff member may see the
/// complaint and it has one. The download is audited in the same transaction.
pub fn file(
    conn: &mut PgConnection,
    member: Staff,
    id: i64,
    now: DateTime<Utc>,
) -> QueryResult<Option<(String, String, Vec<u8>)>> {
    conn.transaction(|conn| {
        let found: Option<StoredFile> = complaints::table
            .filter(complaints::id.eq(id))
            .filter(visible_to(Actor::Staff(member)))
            .select((
                complaints::file_name,
                complaints::file_content_type,
                complaints::file_content,
            ))
            .first(conn)
            .optional()?;
        let Some((Some(name), Some(content_type), Some(content))) = found else {
            return Ok(None);
        };
        audit::record(
            conn,
            &Entry {
                who: Who::Staff {
                    id: member.id.0,
                    organization: member.organization.map(|o| o.0),
                },
                action: "complaint_file_download",
                object: Some(&id.to_string()),
                details: serde_json::json!({ "complaint": id }),
            },
            now,
        )?;
        Ok(Some((name, content_type, content)))
    })
}

/// The head answers complaint `id` with `text` (checked by the caller), from a form rendered
/// at `version`: the answer, its audit row and the citizen's notification, in one transaction.
pub fn answer(
    conn: &mut PgConnection,
    member: Staff,
    id: i64,
    version: i32,
    text: &str,
    now: DateTime<Utc>,
) -> Result<ComplaintRow, Refusal<AnswerRefusal>> {
    tx(conn, |conn| {
        let Some(row) = complaints::table
            .filter(complaints::id.eq(id))
            .filter(visible_to(Actor::Staff(member)))
            .select(ComplaintRow::as_select())
            .for_update()
            .first(conn)
            .optional()?
        else {
            return refuse(AnswerRefusal::NotFound);
        };
        if member.role != StaffRole::Head {
            return refuse(AnswerRefusal::Forbidden);
        }
        if row.version != version || row.answered_at.is_some() {
            return refuse(AnswerRefusal::Stale);
        }
        let row: ComplaintRow = diesel::update(complaints::table.find(id))
            .set((
                complaints::answer.eq(text),
                complaints::answered_by.eq(member.id.0),
                complaints::answered_at.eq(now),
                complaints::version.eq(complaints::version + 1),
            ))
            .returning(ComplaintRow::as_returning())
            .get_result(conn)?;
        let number: String = applications::table
            .find(row.application_id)
            .select(applications::number)
            .first(conn)?;
        audit::record(
            conn,
            &Entry {
                who: Who::Staff {
                    id: member.id.0,
                    organization: member.organization.map(|o| o.0),
                },
                action: "complaint_answer",
                object: Some(&number),
                details: serde_json::json!({
                    "complaint": id,
                    "late": now > row.due_at,
                }),
            },
            now,
        )?;
        // Sent in the citizen's own language: they are not on this page.
        let lang: String = users::table
            .find(row.applicant_id)
            .select(users::lang)
            .first(conn)?;
        notify(
            conn,
            UserId(row.applicant_id),
            ApplicationId(row.application_id),
            MsgId("notice-complaint-answered"),
            serde_json::json!({ "number": number }),
            &lang,
        )?;
        Ok(row)
    })
}

/// The complaint figures of the monitoring page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, QueryableByName)]
pub struct Figures {
    /// Waiting for an answer.
    #[diesel(sql_type = BigInt)]
    pub open: i64,
    /// Waiting for an answer past their due instant.
    #[diesel(sql_type = BigInt)]
    pub open_overdue: i64,
    /// Answered after their due instant.
    #[diesel(sql_type = BigInt)]
    pub answered_late: i64,
}

/// The complaint figures `viewer` may read, scoped as monitoring is: heads and organization
/// administrators their organization, the sysadmin all (or `organization`); others none.
pub fn figures(
    conn: &mut PgConnection,
    viewer: Staff,
    organization: Option<i64>,
    now: DateTime<Utc>,
) -> QueryResult<Option<Figures>> {
    let scope = match viewer.role {
        StaffRole::Sysadmin => organization,
        role if role.sees_monitoring() => match viewer.organization {
            Some(org) => Some(org.0),
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    diesel::sql_query(
        "SELECT count(*) FILTER (WHERE answered_at IS NULL) AS open, \
                count(*) FILTER (WHERE answered_at IS NULL AND due_at < $1) AS open_overdue, \
                count(*) FILTER (WHERE answered_at > due_at) AS answered_late \
           FROM complaints WHERE ($2::BIGINT IS NULL OR organization_id = $2)",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Nullable<BigInt>, _>(scope)
    .get_result(conn)
    .map(Some)
}
