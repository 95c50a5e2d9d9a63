//! Counter intake at the provider: the person record of a citizen without a portal account, the
//! audited refusal to accept an incomplete package, and the registration of a complete one.

use chrono::{DateTime, Datelike, Utc};
use diesel::prelude::*;

use super::drafts::store_document;
use super::{NewDocument, start_steps};
use crate::db::schema::{application_events, applications, users};
use crate::domain::actor::{Actor, OrganizationId, Staff, UserId};
use crate::domain::application::{PlannedStep, Status, format_number};
use crate::domain::catalog::Channel;
use crate::domain::intake::NewPerson;
use crate::domain::{MsgId, TIME_ZONE, local_date};
use crate::repo::audit::{self, Entry, Who};
use crate::repo::notifications::notify;
use crate::repo::users::User;

fn who(staff: Staff) -> Who {
    Who::Staff {
        id: staff.id.0,
        organization: staff.organization.map(|o| o.0),
    }
}

/// Keeps a person taken at the counter (no password: no portal account until they register).
/// When the IIN is already there (another clerk was quicker), that record is the person.
pub fn create_person(
    conn: &mut PgConnection,
    staff: Staff,
    person: &NewPerson,
    now: DateTime<Utc>,
) -> QueryResult<User> {
    conn.transaction(|conn| {
        let created: Option<User> = diesel::insert_into(users::table)
            .values((
                users::iin.eq(person.iin.as_str()),
                users::last_name.eq(&person.last_name),
                users::first_name.eq(&person.first_name),
                users::middle_name.eq(person.middle_name.as_deref()),
                users::birth_date.eq(person.birth_date),
                users::sex.eq(person.sex.as_str()),
                users::phone.eq(&person.phone),
                users::password_hash.eq(None::<String>),
                users::created_at.eq(now),
            ))
            .on_conflict(users::iin)
            .do_nothing()
            .returning(User::as_returning())
            .get_result(conn)
            .optional()?;
        match created {
            Some(user) => {
                audit::record(
                    conn,
                    &Entry {
                        who: who(staff),
                        action: "person_record",
                        object: None,
                        details: serde_json::json!({ "user": user.id }),
                    },
                    now,
                )?;
                Ok(user)
            }
            None => users::table
                .filter(users::iin.eq(person.iin.as_str()))
                .select(User::as_select())
                .first(conn),
        }
    })
}

/// What an incomplete package was refused for, for the audit log.
pub struct RefusalToAccept<'a> {
    pub service_code: &'a str,
    pub applicant: UserId,
    pub presented: &'a [String],
    pub missing: &'a [String],
}

/// Records a refusal to accept: nothing is registered, but the refusal leaves its trace.
pub fn refuse_to_accept(
    conn: &mut PgConnection,
    staff: Staff,
    refusal: &RefusalToAccept<'_>,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    audit::record(
        conn,
        &Entry {
            who: who(staff),
            action: "refusal_to_accept",
            object: Some(refusal.service_code),
            details: serde_json::json!({
                "service": refusal.service_code,
                "applicant": refusal.applicant.0,
                "presented": refusal.presented,
                "missing": refusal.missing,
            }),
        },
        now,
    )
}

/// A complete package, ready to register.
pub struct IntakeInput<'a> {
    pub service_code: &'a str,
    pub applicant: UserId,
    pub organization: OrganizationId,
    /// Provider (a provider's office) or State Corporation (its front office).
    pub channel: Channel,
    /// From the form: the same form sent twice makes one application.
    pub idempotency_key: &'a str,
    /// The documents the citizen presented (ids), scanned or not.
    pub presented: &'a [String],
    /// The scans of some of them.
    pub documents: Vec<NewDocument>,
    pub planned: &'a [PlannedStep],
    /// The legal deadline; none when the regulation gives no term for the provider channel.
    pub deadline: Option<DateTime<Utc>>,
}

/// The application a package made; `created` is false when the form had been sent before.
pub struct Taken {
    pub number: String,
    pub created: bool,
}

/// Registers a complete package in one transaction: the application (with the counter's channel,
/// submitted, with written consent and signature at the counter), its scans, its planned steps
/// (those done at the counter closed),
/// the trace event, the audit row and the citizen's notification.
pub fn take(
    conn: &mut PgConnection,
    staff: Staff,
    input: IntakeInput<'_>,
    now: DateTime<Utc>,
) -> QueryResult<Taken> {
    conn.transaction(|conn| {
        if let Some(number) = by_key(conn, input.applicant, input.idempotency_key)? {
            return Ok(Taken {
                number,
                created: false,
            });
        }
        let seq: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
            "nextval('application_number_seq')",
        ))
        .get_result(conn)?;
        let year = now.with_timezone(&TIME_ZONE).year();
        // A concurrent double click waits on the unique key here and then inserts nothing.
        let inserted: Option<(i64, String)> = diesel::insert_into(applications::table)
            .values((
                applications::number.eq(format_number(year, seq)),
                applications::service_code.eq(input.service_code),
                applications::applicant_id.eq(input.applicant.0),
                applications::organization_id.eq(input.organization.0),
                applications::channel.eq(input.channel.as_str()),
                applications::status.eq(Status::Submitted.as_str()),
                applications::answers.eq(serde_json::json!({})),
                applications::idempotency_key.eq(input.idempotency_key),
                applications::consent_at.eq(now),
                applications::signed_at.eq(now),
                applications::submitted_at.eq(now),
                applications::expected_at.eq(input.deadline),
                applications::presented_documents.eq(serde_json::json!(input.presented)),
                applications::created_at.eq(now),
                applications::updated_at.eq(now),
            ))
            .on_conflict((applications::applicant_id, applications::idempotency_key))
            .do_nothing()
            .returning((applications::id, applications::number))
            .get_result(conn)
            .optional()?;
        let Some((id, number)) = inserted else {
            let number = by_key(conn, input.applicant, input.idempotency_key)?
                .ok_or(diesel::result::Error::NotFound)?;
            return Ok(Taken {
                number,
                created: false,
            });
        };
        let app = crate::domain::actor::ApplicationId(id);
        for doc in &input.documents {
            store_document(conn, app, doc, now)?;
        }
        let actor = Actor::Staff(staff);
        start_steps(conn, actor, app, input.planned)?;
        diesel::insert_into(application_events::table)
            .values((
                application_events::application_id.eq(id),
                application_events::at.eq(now),
                application_events::actor_kind.eq(actor.kind()),
                application_events::actor_id.eq(actor.account_id()),
                application_events::action.eq("intake"),
                application_events::to_status.eq(Status::Submitted.as_str()),
                application_events::due_at.eq(input.deadline),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            &Entry {
                who: who(staff),
                action: "intake",
                object: Some(&number),
                details: serde_json::json!({
                    "service": input.service_code,
                    "applicant": input.applicant.0,
                    "presented": input.presented,
                    "scans": input.documents.len(),
                    "channel": input.channel.as_str(),
                    "organization": input.organization.0,
                }),
            },
            now,
        )?;
        // Everyone taken at the counter is told, account or not: the SMS reaches the phone the
        // clerk wrote down, and the notice waits in the cabinet for when they register.
        let (message, args) = match input.deadline {
            Some(d) => (
                MsgId("intake-notice-taken"),
                serde_json::json!({ "number": number, "date": local_date(d).to_string() }),
            ),
            None => (
                MsgId("intake-notice-taken-no-term"),
                serde_json::json!({ "number": number }),
            ),
        };
        let lang: String = users::table
            .find(input.applicant.0)
            .select(users::lang)
            .first(conn)?;
        notify(conn, input.applicant, app, message, args, &lang)?;
        Ok(Taken {
            number,
            created: true,
        })
    })
}

fn by_key(conn: &mut PgConnection, applicant: UserId, key: &str) -> QueryResult<Option<String>> {
    applications::table
        .filter(applications::applicant_id.eq(applicant.0))
        .filter(applications::idempotency_key.eq(key))
        .select(applications::number)
        .first(conn)
        .optional()
}

/// Who took an application at a counter and when (its intake event), for the receipt.
pub fn taken_by(
    conn: &mut PgConnection,
    application: crate::domain::actor::ApplicationId,
) -> QueryResult<Option<(DateTime<Utc>, String)>> {
    use crate::db::schema::staff;
    application_events::table
        .inner_join(staff::table.on(staff::id.nullable().eq(application_events::actor_id)))
        .filter(application_events::application_id.eq(application.0))
        .filter(application_events::action.eq("intake"))
        .select((application_events::at, staff::full_name))
        .first(conn)
        .optional()
}
