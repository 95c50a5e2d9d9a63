//! The citizen's own pages — the cabinet's list and one application — read with the session
//! check in their first query, and kept in memory (`CitizenPages`) under the citizen's
//! applications revision, which the database raises with every change to their applications
//! (migration `…000016_applications_revision`), on whichever node it is made. A view of
//! unchanged applications is so one round trip: the account, its unread notifications and the
//! two revisions.

use std::sync::Arc;

use diesel::prelude::*;

use super::{
    ApplicationRow, ListRow, Loaded, StepRow, documents, list_query, steps, visible_on_page,
};
use crate::db::schema::{applications, organizations, results, users};
use crate::domain::actor::{Actor, UserId};
use crate::domain::application::Status;
use crate::domain::calendar::WorkingCalendar;
use crate::repo::Loads;
use crate::repo::calendar::{self, CalendarCache};
use crate::repo::complaints::{self, ComplaintRow};
use crate::repo::kept::Kept;
use crate::repo::organizations::OrganizationRow;
use crate::repo::users::Account;

/// How many lists and application pages a server keeps (about 4 KB a list, 10 KB a page).
const LISTS_KEPT: usize = 2048;
const PAGES_KEPT: usize = 512;

/// What the citizen pages keep: by the citizen's applications revision and the reference data
/// revision (the providers' names and the calendar).
type Revisions = (i64, i64);

pub struct CitizenPages {
    lists: Kept<(i64, Option<Status>, i64), Revisions, CabinetList>,
    pages: Kept<(i64, String), Revisions, Page>,
}

impl Default for CitizenPages {
    fn default() -> Self {
        CitizenPages {
            lists: Kept::new(LISTS_KEPT),
            pages: Kept::new(PAGES_KEPT),
        }
    }
}

/// The head of a citizen page: the account's session generation, its unread notifications,
/// and the revisions of its applications (and profile) and of the reference data.
pub struct Head {
    session_generation: i32,
    pub unread: i64,
    revisions: Revisions,
}

impl Head {
    /// The session check as `PageCtx::confirm_session` takes it.
    pub fn session(&self) -> (i32, i64) {
        (self.session_generation, self.unread)
    }
}

/// The head of the citizen's pages, `None` when the account is gone.
pub fn head(conn: &mut PgConnection, citizen: UserId) -> QueryResult<Option<Head>> {
    let found = head_query(citizen).get_result(conn).optional()?;
    Ok(
        found.map(|(session_generation, unread, revision, reference)| Head {
            session_generation,
            unread: i64::from(unread),
            revisions: (revision, reference),
        }),
    )
}

/// The query `head` runs (public so that a test can EXPLAIN it).
pub fn head_query(citizen: UserId) -> impl Loads<(i32, i32, i64, i64)> {
    users::table.filter(users::id.eq(citizen.0)).select((
        users::session_generation,
        users::unread_notifications,
        users::applications_revision,
        calendar::reference_revision(),
    ))
}

/// A page of the citizen's list with how many applications there are (of the status asked),
/// and the profile summary the cabinet shows beside it (its changes raise the same revision:
/// migration `…000020`).
pub struct CabinetList {
    pub total: i64,
    pub rows: Vec<ListRow>,
    pub account: Account,
}

/// The cabinet: the head, the page of the list asked for and the working calendar.
pub struct Cabinet {
    pub head: Head,
    pub list: Arc<CabinetList>,
    pub calendar: Arc<WorkingCalendar>,
}

/// The cabinet, `None` when the account is gone: one query when the citizen's applications
/// and profile have not changed since the list was last read, four when they have.
pub fn cabinet(
    conn: &mut PgConnection,
    (pages, calendars): (&CitizenPages, &CalendarCache),
    applicant: UserId,
    status: Option<Status>,
    page: i64,
) -> QueryResult<Option<Cabinet>> {
    let Some(head) = head(conn, applicant)? else {
        return Ok(None);
    };
    let key = (applicant.0, status, page);
    let list = match pages.lists.get(&key, head.revisions) {
        Some(list) => list,
        // Read after the head: the list is at least as new as the revision it is kept under.
        None => {
            let Some(account) = account_query(applicant).get_result(conn).optional()? else {
                return Ok(None);
            };
            let total = count_query(applicant, status).get_result(conn)?;
            let rows = list_query(applicant, status, page).load(conn)?;
            let list = CabinetList {
                total,
                rows,
                account,
            };
            pages.lists.keep(key, head.revisions, list)
        }
    };
    Ok(Some(Cabinet {
        calendar: calendars.at(conn, head.revisions.1)?,
        head,
        list,
    }))
}

/// The profile summary the cabinet shows.
fn account_query(citizen: UserId) -> impl Loads<Account> {
    users::table
        .filter(users::id.eq(citizen.0))
        .select(Account::as_select())
}

/// How many applications the citizen has, of one status if given (public so that a test can
/// EXPLAIN it).
pub fn count_query(applicant: UserId, status: Option<Status>) -> impl Loads<i64> {
    let mut counted = applications::table
        .filter(applications::applicant_id.eq(applicant.0))
        .into_boxed();
    if let Some(s) = status {
        counted = counted.filter(applications::status.eq(s.as_str()));
    }
    counted.count()
}

/// Everything the citizen's application page shows: the application with its provider and
/// documents, its steps, its signed result's document number and its complaints.
pub struct Page {
    pub loaded: Loaded,
    pub steps: Vec<StepRow>,
    pub document_number: Option<String>,
    pub complaints: Vec<ComplaintRow>,
}

/// The application page: the head, the page (`None` when the citizen has no such application)
/// and the calendar; `None` when the account is gone.
pub type Application = (Head, Option<Arc<Page>>, Arc<WorkingCalendar>);

/// The citizen's application page: one query when their applications have not changed since
/// it was last read, five when they have.
pub fn application(
    conn: &mut PgConnection,
    (pages, calendars): (&CitizenPages, &CalendarCache),
    citizen: UserId,
    number: &str,
) -> QueryResult<Option<Application>> {
    let Some(head) = head(conn, citizen)? else {
        return Ok(None);
    };
    let key = (citizen.0, number.to_string());
    let page = match pages.pages.get(&key, head.revisions) {
        Some(page) => Some(page),
        None => load_page(conn, Actor::Citizen(citizen), number)?
            .map(|page| pages.pages.keep(key, head.revisions, page)),
    };
    let calendar = calendars.at(conn, head.revisions.1)?;
    Ok(Some((head, page, calendar)))
}

/// Loads `Page` if the actor may see the application: the application with its provider and
/// result in one query, then its documents, steps and complaints.
fn load_page(conn: &mut PgConnection, actor: Actor, number: &str) -> QueryResult<Option<Page>> {
    let Some((app, organization, document_number)) =
        page_query(actor, number).get_result(conn).optional()?
    else {
        return Ok(None);
    };
    let documents = documents(conn, app.id)?;
    let steps = steps(conn, app.id)?;
    let complaints = complaints::of_application(conn, actor, app.id)?;
    Ok(Some(Page {
        loaded: Loaded {
            app,
            organization,
            documents,
        },
        steps,
        document_number,
        complaints,
    }))
}

/// The first query of `load_page` (public so that a test can EXPLAIN it).
pub fn page_query(
    actor: Actor,
    number: &str,
) -> impl Loads<(ApplicationRow, Option<OrganizationRow>, Option<String>)> {
    applications::table
        .left_join(organizations::table)
        .left_join(results::table)
        .filter(applications::number.eq(number.to_string()))
        .filter(visible_on_page(actor))
        .select((
            ApplicationRow::as_select(),
            Option::<OrganizationRow>::as_select(),
            results::document_number.nullable(),
        ))
}
