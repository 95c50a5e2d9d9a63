//! The audit page's rows: `repo::audit::list` for the entries the viewer may read, with the
//! names of the staff members and citizens who acted.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::schema::{staff, users};
use crate::domain::actor::{Staff, StaffRole};
use crate::repo::audit::{self, AuditRow};

/// An entry and who acted, by name when the account is known.
pub struct AuditEntry {
    pub row: AuditRow,
    /// A staff member's login, when the actor is staff.
    pub login: Option<String>,
    /// The staff member's full name, or the citizen's.
    pub name: Option<String>,
}

/// The organization whose log `viewer` reads: `Ok(None)` is the whole log (the sysadmin),
/// `Err(())` nothing (any role but the organization administrator's).
fn scope(viewer: Staff) -> Result<Option<i64>, ()> {
    match (viewer.role, viewer.organization) {
        (StaffRole::Sysadmin, _) => Ok(None),
        (StaffRole::OrgAdmin, Some(org)) => Ok(Some(org.0)),
        _ => Err(()),
    }
}

/// The newest `limit` entries before `before` (an id) that `viewer` may read, newest first.
pub fn page(
    conn: &mut PgConnection,
    viewer: Staff,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<AuditEntry>> {
    let Ok(organization) = scope(viewer) else {
        return Ok(vec![]);
    };
    let rows = audit::list(conn, organization, before, limit)?;
    let ids = |kind: &str| -> Vec<i64> {
        let mut ids: Vec<i64> = rows
            .iter()
            .filter(|r| r.actor_kind == kind)
            .filter_map(|r| r.actor_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let (staff_ids, citizen_ids) = (ids("staff"), ids("citizen"));
    let staff_names: HashMap<i64, (String, String)> = staff::table
        .filter(staff::id.eq_any(&staff_ids))
        .select((staff::id, (staff::login, staff::full_name)))
        .load::<(i64, (String, String))>(conn)?
        .into_iter()
        .collect();
    let citizen_names: HashMap<i64, String> = users::table
        .filter(users::id.eq_any(&citizen_ids))
        .select((
            users::id,
            users::last_name,
            users::first_name,
            users::middle_name,
        ))
        .load::<(i64, String, String, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, last, first, middle)| {
            let name = [Some(last), Some(first), middle]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            (id, name)
        })
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let (login, name) = match (row.actor_kind.as_str(), row.actor_id) {
                ("staff", Some(id)) => staff_names
                    .get(&id)
                    .map(|(l, n)| (Some(l.clone()), Some(n.clone())))
                    .unwrap_or((None, None)),
                ("citizen", Some(id)) => (None, citizen_names.get(&id).cloned()),
                _ => (None, None),
            };
            AuditEntry { row, login, name }
        })
        .collect())
}
