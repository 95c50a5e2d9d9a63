//! The State Corporation's desk: its open work (packages to send on, results to hand out) and
//! how many of its applications are with the providers. Operators only; one index scan
//! (`applications_front_office`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{applications, users};
use crate::domain::actor::{Staff, StaffRole};
use crate::domain::application::Status;

/// At most this many of each list are shown, oldest due first.
pub const DESK_LIMIT: i64 = 100;

#[derive(Debug, Clone, Queryable)]
pub struct DeskRow {
    pub number: String,
    pub service_code: String,
    #[diesel(deserialize_as = String)]
    pub status: Status,
    pub step_due: Option<DateTime<Utc>>,
    pub expected_at: Option<DateTime<Utc>>,
    pub returned_at: Option<DateTime<Utc>>,
    pub last_name: String,
    pub first_name: String,
}

#[derive(Debug, Default)]
pub struct Desk {
    /// Taken at the counter, waiting to be sent to the provider.
    pub to_send: Vec<DeskRow>,
    /// Back from the provider, waiting for the citizen.
    pub to_hand_out: Vec<DeskRow>,
    /// Open at a provider now.
    pub at_providers: i64,
}

pub fn desk(conn: &mut PgConnection, staff: Staff) -> QueryResult<Desk> {
    if staff.role != StaffRole::Operator {
        return Ok(Desk::default());
    }
    let open = || {
        applications::table
            .filter(applications::channel.eq("state_corporation"))
            .filter(applications::step_position.is_not_null())
    };
    let ours: Vec<DeskRow> = open()
        .inner_join(users::table)
        .filter(applications::step_role.eq("operator"))
        .order((applications::step_due.asc(), applications::id.asc()))
        .limit(2 * DESK_LIMIT)
        .select((
            applications::number,
            applications::service_code,
            applications::status,
            applications::step_due,
            applications::expected_at,
            applications::returned_at,
            users::last_name,
            users::first_name,
        ))
        .load(conn)?;
    let at_providers = open()
        .filter(applications::step_role.ne("operator"))
        .count()
        .get_result(conn)?;
    let (to_hand_out, to_send): (Vec<DeskRow>, Vec<DeskRow>) =
        ours.into_iter().partition(|r| r.returned_at.is_some());
    Ok(Desk {
        to_send: to_send.into_iter().take(DESK_LIMIT as usize).collect(),
        to_hand_out: to_hand_out.into_iter().take(DESK_LIMIT as usize).collect(),
        at_providers,
    })
}
