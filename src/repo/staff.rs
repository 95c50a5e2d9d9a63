//! Staff accounts: provider staff of one organization, State Corporation operators and the
//! portal's administrators.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{applications, organizations, queue_revisions, staff};
use crate::domain::actor::{OrganizationId, Staff, StaffId, StaffRole};
use crate::repo::Loads;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = staff, check_for_backend(diesel::pg::Pg))]
pub struct StaffRow {
    #[diesel(deserialize_as = i64)]
    pub id: StaffId,
    pub login: String,
    pub full_name: String,
    /// Strict: a role this build does not know fails the load.
    #[diesel(deserialize_as = String)]
    pub role: StaffRole,
    pub organization_id: Option<i64>,
    pub password_hash: String,
    pub disabled: bool,
    pub absent: bool,
    pub session_generation: i32,
    pub created_at: DateTime<Utc>,
}

impl StaffRow {
    pub fn actor(&self) -> Staff {
        Staff {
            id: self.id,
            role: self.role,
            organization: self.organization_id.map(OrganizationId),
        }
    }
}

impl TryFrom<String> for StaffRole {
    type Error = crate::domain::stored::UnknownValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        StaffRole::parse(&value).ok_or(crate::domain::stored::UnknownValue {
            what: "staff role",
            value,
        })
    }
}

/// A new account, checked by the caller (`domain::staff`).
pub struct NewStaff<'a> {
    pub login: &'a str,
    pub full_name: &'a str,
    pub role: StaffRole,
    pub organization_id: Option<i64>,
    pub password_hash: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum AddStaffError {
    #[error("the login is taken")]
    LoginTaken,
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

pub fn add(conn: &mut PgConnection, new: &NewStaff<'_>) -> Result<StaffRow, AddStaffError> {
    diesel::insert_into(staff::table)
        .values((
            staff::login.eq(new.login),
            staff::full_name.eq(new.full_name),
            staff::role.eq(new.role.as_str()),
            staff::organization_id.eq(new.organization_id),
            staff::password_hash.eq(new.password_hash),
        ))
        .returning(StaffRow::as_returning())
        .get_result(conn)
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => AddStaffError::LoginTaken,
            e => AddStaffError::Db(e),
        })
}

pub fn find(conn: &mut PgConnection, id: StaffId) -> QueryResult<Option<StaffRow>> {
    staff::table
        .find(id.0)
        .select(StaffRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_login(conn: &mut PgConnection, login: &str) -> QueryResult<Option<StaffRow>> {
    staff::table
        .filter(staff::login.eq(login))
        .select(StaffRow::as_select())
        .first(conn)
        .optional()
}

/// A line of `staff list`: the account and its organization's code.
pub fn list(
    conn: &mut PgConnection,
    organization_code: Option<&str>,
) -> QueryResult<Vec<(StaffRow, Option<String>)>> {
    let mut query = staff::table
        .left_join(organizations::table)
        .select((StaffRow::as_select(), organizations::code.nullable()))
        .order((organizations::code.nullable(), staff::role, staff::login))
        .into_boxed();
    if let Some(code) = organization_code {
        query = query.filter(organizations::code.eq(code.to_string()));
    }
    query.load(conn)
}

/// Disables an account (it can no longer sign in, and its sessions end). False: no such login.
pub fn disable(conn: &mut PgConnection, login: &str) -> QueryResult<bool> {
    let changed = diesel::update(staff::table.filter(staff::login.eq(login)))
        .set((
            staff::disabled.eq(true),
            staff::session_generation.eq(staff::session_generation + 1),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// The session generation of an active staff member and their unread notifications (for the
/// page header), `None` when the account is gone or disabled. One query: every signed-in
/// request reads it.
pub fn session_state(conn: &mut PgConnection, id: StaffId) -> QueryResult<Option<(i32, i64)>> {
    let found = session_state_query(id).get_result(conn).optional()?;
    Ok(found.map(|(generation, unread)| (generation, i64::from(unread))))
}

/// The query `session_state` runs (public so that a test can EXPLAIN it). The unread count is
/// kept with the account by the database (migration `…000018_unread_counts`).
pub fn session_state_query(id: StaffId) -> impl Loads<(i32, i32)> {
    staff::table
        .find(id.0)
        .filter(staff::disabled.eq(false))
        .select((staff::session_generation, staff::unread_notifications))
}

/// The head of a staff page that keeps what it shows (`applications::queue`): the session check
/// (session generation, unread notifications) and the revisions of the organization's queue
/// and of the reference data.
pub struct StaffHead {
    pub session: (i32, i64),
    pub revisions: (i64, i64),
}

/// The head of an active staff member's page, `None` when the account is gone or disabled.
pub fn head(conn: &mut PgConnection, id: StaffId) -> QueryResult<Option<StaffHead>> {
    let found = head_query(id).get_result(conn).optional()?;
    Ok(
        found.map(|(generation, unread, queue, reference)| StaffHead {
            session: (generation, i64::from(unread)),
            revisions: (queue.unwrap_or(0), reference),
        }),
    )
}

/// The query `head` runs (public so that a test can EXPLAIN it).
pub fn head_query(id: StaffId) -> impl Loads<(i32, i32, Option<i64>, i64)> {
    let queue_revision = queue_revisions::table
        .filter(
            queue_revisions::organization_id
                .nullable()
                .eq(staff::organization_id),
        )
        .select(queue_revisions::revision)
        .single_value();
    staff::table
        .find(id.0)
        .filter(staff::disabled.eq(false))
        .select((
            staff::session_generation,
            staff::unread_notifications,
            queue_revision,
            crate::repo::calendar::reference_revision(),
        ))
}

/// An executor the head can assign to, with their open tasks and the nearest due instant.
#[derive(Debug, Clone)]
pub struct ExecutorLoad {
    pub id: StaffId,
    pub full_name: String,
    pub absent: bool,
    pub open_tasks: i64,
    pub nearest_due: Option<DateTime<Utc>>,
}

/// The organization's enabled executors with their open tasks, present ones first.
pub fn executors(
    conn: &mut PgConnection,
    organization: OrganizationId,
) -> QueryResult<Vec<ExecutorLoad>> {
    let people: Vec<(i64, String, bool)> = staff::table
        .filter(staff::organization_id.eq(organization.0))
        .filter(staff::role.eq(StaffRole::Executor.as_str()))
        .filter(staff::disabled.eq(false))
        .order((staff::absent, staff::full_name))
        .select((staff::id, staff::full_name, staff::absent))
        .load(conn)?;
    let loads: Vec<(Option<i64>, i64, Option<DateTime<Utc>>)> = applications::table
        .filter(applications::organization_id.eq(organization.0))
        .filter(applications::step_role.is_not_null())
        .filter(applications::assigned_to.is_not_null())
        .group_by(applications::assigned_to)
        .select((
            applications::assigned_to,
            diesel::dsl::count_star(),
            diesel::dsl::min(applications::step_due),
        ))
        .load(conn)?;
    Ok(people
        .into_iter()
        .map(|(id, full_name, absent)| {
            let load = loads.iter().find(|(who, _, _)| *who == Some(id));
            ExecutorLoad {
                id: StaffId(id),
                full_name,
                absent,
                open_tasks: load.map_or(0, |l| l.1),
                nearest_due: load.and_then(|l| l.2),
            }
        })
        .collect())
}

/// Marks a staff member of the organization present or absent. False: not of this organization.
pub fn set_absent(
    conn: &mut PgConnection,
    organization: OrganizationId,
    id: StaffId,
    absent: bool,
) -> QueryResult<bool> {
    let changed = diesel::update(
        staff::table
            .find(id.0)
            .filter(staff::organization_id.eq(organization.0)),
    )
    .set(staff::absent.eq(absent))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The throttle's subject for a staff login (staff and citizens share the lock-out rules).
pub fn throttle_subject(login: &str) -> String {
    format!("staff:{login}")
}

/// What a staff sign-in finds before the password is checked.
pub enum StaffAttempt {
    Locked(DateTime<Utc>),
    /// The enabled account of the login, if there is one.
    Open(Option<Box<StaffRow>>),
}

pub fn begin_sign_in(
    conn: &mut PgConnection,
    login: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> QueryResult<StaffAttempt> {
    let subject = throttle_subject(login);
    Ok(
        match crate::repo::sign_in::locked_until(conn, &subject, ip, now)? {
            Some(until) => StaffAttempt::Locked(until),
            None => StaffAttempt::Open(
                find_by_login(conn, login)?
                    .filter(|s| !s.disabled)
                    .map(Box::new),
            ),
        },
    )
}

/// Records the attempt (and, on success, the sign-in in the audit log), in one transaction.
pub fn finish_sign_in(
    conn: &mut PgConnection,
    rules: &crate::repo::sign_in::Throttle,
    login: &str,
    ip: &str,
    signed_in: Option<&StaffRow>,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    conn.transaction(|conn| {
        let subject = throttle_subject(login);
        crate::repo::sign_in::record(conn, rules, &subject, ip, signed_in.is_some(), now)?;
        if let Some(s) = signed_in {
            crate::repo::audit::record(
                conn,
                &crate::repo::audit::Entry {
                    who: crate::repo::audit::Who::Staff {
                        id: s.id.0,
                        organization: s.organization_id,
                    },
                    action: "sign_in",
                    object: Some(&s.login),
                    details: serde_json::json!({ "ip": ip }),
                },
                now,
            )?;
        }
        Ok(())
    })
}
