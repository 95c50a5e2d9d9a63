//! The audit log: every sign-in, move, document download and administrative change. The table
//! is append-only (a trigger refuses UPDATE, DELETE and TRUNCATE).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::audit_log;

/// Who did it, as the log names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Citizen(i64),
    Staff { id: i64, organization: Option<i64> },
    System,
}

/// One entry. `object` names what it was done to (an application number, a login, a date).
pub struct Entry<'a> {
    pub who: Who,
    pub action: &'a str,
    pub object: Option<&'a str>,
    pub details: serde_json::Value,
}

pub fn record(conn: &mut PgConnection, entry: &Entry<'_>, at: DateTime<Utc>) -> QueryResult<()> {
    let (kind, id, organization) = match entry.who {
        Who::Citizen(id) => ("citizen", Some(id), None),
        Who::Staff { id, organization } => ("staff", Some(id), organization),
        Who::System => ("system", None, None),
    };
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(at),
            audit_log::actor_kind.eq(kind),
            audit_log::actor_id.eq(id),
            audit_log::organization_id.eq(organization),
            audit_log::action.eq(entry.action),
            audit_log::object.eq(entry.object),
            audit_log::details.eq(&entry.details),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Queryable)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub action: String,
    pub object: Option<String>,
    pub details: serde_json::Value,
}

/// The newest entries, of one organization or of all; `before` pages back by id.
pub fn list(
    conn: &mut PgConnection,
    organization: Option<i64>,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    let mut query = audit_log::table
        .select((
            audit_log::id,
            audit_log::at,
            audit_log::actor_kind,
            audit_log::actor_id,
            audit_log::organization_id,
            audit_log::action,
            audit_log::object,
            audit_log::details,
        ))
        .order(audit_log::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(org) = organization {
        query = query.filter(audit_log::organization_id.eq(org));
    }
    if let Some(before) = before {
        query = query.filter(audit_log::id.lt(before));
    }
    query.load(conn)
}
