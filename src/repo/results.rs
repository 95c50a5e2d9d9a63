//! Signed results: each organization's key pair (made on first use), and the result PDFs,
//! stored once with their SHA-256 and signature (a trigger refuses any change).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{applications, organization_keys, organizations, results, staff};
use crate::domain::actor::Actor;
use crate::domain::signature::{self, SealingKey, StoredKeys};

/// The organization's keys, made now if it has none yet.
pub fn keys_of(
    conn: &mut PgConnection,
    organization: i64,
    sealing: &SealingKey,
) -> QueryResult<StoredKeys> {
    let fresh = signature::new_keys(sealing, &mut rand::rngs::OsRng);
    diesel::insert_into(organization_keys::table)
        .values((
            organization_keys::organization_id.eq(organization),
            organization_keys::public_key.eq(fresh.public.to_vec()),
            organization_keys::sealed_private_key.eq(&fresh.sealed_private),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    let (public, sealed_private): (Vec<u8>, Vec<u8>) = organization_keys::table
        .find(organization)
        .select((
            organization_keys::public_key,
            organization_keys::sealed_private_key,
        ))
        .first(conn)?;
    Ok(StoredKeys {
        public: public.try_into().unwrap_or([0; 32]),
        sealed_private,
    })
}

/// A result to store.
pub struct NewResult<'a> {
    pub application_id: i64,
    pub document_number: &'a str,
    pub kind: &'a str,
    pub lang: &'a str,
    pub pdf: Vec<u8>,
    pub organization_id: i64,
    pub signed_by: i64,
    pub signed_at: DateTime<Utc>,
}

/// Signs the PDF with the organization's key and stores it. Fails (and so rolls the signing
/// move back) if the key does not open.
pub fn store(conn: &mut PgConnection, sealing: &SealingKey, new: NewResult<'_>) -> QueryResult<()> {
    let keys = keys_of(conn, new.organization_id, sealing)?;
    let signature = signature::sign(sealing, &keys, &new.pdf)
        .map_err(|e| diesel::result::Error::QueryBuilderError(Box::new(e)))?;
    let sha256: String = signature::digest(&new.pdf)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    diesel::insert_into(results::table)
        .values((
            results::application_id.eq(new.application_id),
            results::document_number.eq(new.document_number),
            results::kind.eq(new.kind),
            results::lang.eq(new.lang),
            results::pdf.eq(&new.pdf),
            results::sha256.eq(sha256),
            results::signature.eq(signature.to_vec()),
            results::organization_id.eq(new.organization_id),
            results::signed_by.eq(new.signed_by),
            results::signed_at.eq(new.signed_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The document number of an application's result, if it has one (the application is one the
/// caller has already loaded for its actor).
pub fn document_number_of(
    conn: &mut PgConnection,
    application: crate::domain::actor::ApplicationId,
) -> QueryResult<Option<String>> {
    results::table
        .filter(results::application_id.eq(application.0))
        .select(results::document_number)
        .first(conn)
        .optional()
}

/// A stored result as its holder sees it.
#[derive(Debug, Clone, Queryable)]
pub struct HeldResult {
    pub document_number: String,
    pub kind: String,
    pub signed_at: DateTime<Utc>,
    pub pdf: Vec<u8>,
}

/// The result of an application, if the actor may see the application.
pub fn of_application(
    conn: &mut PgConnection,
    actor: Actor,
    number: &str,
) -> QueryResult<Option<HeldResult>> {
    let Some(app) = crate::repo::applications::find(conn, actor, number)? else {
        return Ok(None);
    };
    results::table
        .filter(results::application_id.eq(app.id.0))
        .select((
            results::document_number,
            results::kind,
            results::signed_at,
            results::pdf,
        ))
        .first(conn)
        .optional()
}

/// What `/verify` may say about a document: never the applicant's IIN or full name.
#[derive(Debug, Clone)]
pub struct Verification {
    pub document_number: String,
    pub kind: String,
    pub signed_at: DateTime<Utc>,
    pub signer_name: String,
    pub signer_role: String,
    pub organization_kk: String,
    pub organization_ru: String,
    pub status: String,
    pub applicant_initials: String,
    pub pdf: Vec<u8>,
    pub signature: Vec<u8>,
    pub public_key: Vec<u8>,
}

pub fn for_verification(
    conn: &mut PgConnection,
    document_number: &str,
) -> QueryResult<Option<Verification>> {
    type Row = (
        String,
        String,
        DateTime<Utc>,
        String,
        String,
        String,
        String,
        String,
        i64,
        Vec<u8>,
        Vec<u8>,
        Vec<u8>,
    );
    let row: Option<Row> = results::table
        .inner_join(applications::table)
        .inner_join(staff::table)
        .inner_join(organizations::table.on(organizations::id.eq(results::organization_id)))
        .inner_join(
            organization_keys::table
                .on(organization_keys::organization_id.eq(results::organization_id)),
        )
        .filter(results::document_number.eq(document_number))
        .select((
            results::document_number,
            results::kind,
            results::signed_at,
            staff::full_name,
            staff::role,
            organizations::name_kk,
            organizations::name_ru,
            applications::status,
            applications::applicant_id,
            results::pdf,
            results::signature,
            organization_keys::public_key,
        ))
        .first(conn)
        .optional()?;
    let Some(r) = row else { return Ok(None) };
    let applicant = crate::repo::users::find(conn, r.8)?;
    Ok(Some(Verification {
        document_number: r.0,
        kind: r.1,
        signed_at: r.2,
        signer_name: r.3,
        signer_role: r.4,
        organization_kk: r.5,
        organization_ru: r.6,
        status: r.7,
        applicant_initials: applicant
            .map(|u| {
                let initial = |s: &str| {
                    s.chars()
                        .next()
                        .map(|c| format!("{c}."))
                        .unwrap_or_default()
                };
                format!("{} {}", initial(&u.last_name), initial(&u.first_name))
            })
            .unwrap_or_default(),
        pdf: r.9,
        signature: r.10,
        public_key: r.11,
    }))
}
