use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::db::schema::users;
use crate::domain::iin::Iin;
use crate::domain::registration::NewCitizen;
use crate::repo::Loads;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
pub struct User {
    pub id: i64,
    pub iin: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub birth_date: NaiveDate,
    pub sex: String,
    pub phone: String,
    pub email: Option<String>,
    /// None for a person taken at the counter who has no portal account (cannot sign in).
    pub password_hash: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Raised by a password change; a session started in an older generation is over.
    pub session_generation: i32,
}

impl User {
    /// "Last First Middle", as in documents.
    pub fn full_name(&self) -> String {
        full_name(
            &self.last_name,
            &self.first_name,
            self.middle_name.as_deref(),
        )
    }
}

/// The account as the cabinet's profile summary shows it, kept with the cabinet's list
/// (`repo::applications::citizen`): not the password hash.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
pub struct Account {
    pub iin: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub birth_date: NaiveDate,
    pub sex: String,
    pub phone: String,
    pub email: Option<String>,
}

impl Account {
    pub fn full_name(&self) -> String {
        full_name(
            &self.last_name,
            &self.first_name,
            self.middle_name.as_deref(),
        )
    }
}

fn full_name(last: &str, first: &str, middle: Option<&str>) -> String {
    match middle {
        Some(middle) => format!("{last} {first} {middle}"),
        None => format!("{last} {first}"),
    }
}

#[derive(Insertable)]
#[diesel(table_name = users)]
struct UserInsert<'a> {
    iin: &'a str,
    last_name: &'a str,
    first_name: &'a str,
    middle_name: Option<&'a str>,
    birth_date: NaiveDate,
    sex: &'a str,
    phone: &'a str,
    email: Option<&'a str>,
    password_hash: &'a str,
    /// `None` keeps the column's default.
    lang: Option<&'a str>,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("an account with this IIN already exists")]
    DuplicateIin,
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

/// Stores a citizen whose password is already hashed (the hash is made before, away from any
/// connection).
pub fn create(
    conn: &mut PgConnection,
    citizen: &NewCitizen,
    password_hash: &str,
) -> Result<User, CreateUserError> {
    insert(conn, citizen, password_hash, None)
}

/// Registration: the account with the language the citizen registered in, in one transaction.
/// A person taken at a provider's counter without an account (no password yet) is claimed:
/// the record gets the password and what the citizen typed, and keeps its applications.
pub fn register(
    conn: &mut PgConnection,
    citizen: &NewCitizen,
    password_hash: &str,
    lang: &str,
) -> Result<User, CreateUserError> {
    conn.transaction(|conn| {
        // The row lock makes a second registration of the same IIN wait, then find a password.
        // A record made at a counter is claimed only with the phone the clerk wrote down: knowing
        // an IIN alone must not open someone's applications.
        let claimed = diesel::update(
            users::table
                .filter(users::iin.eq(citizen.iin.as_str()))
                .filter(users::password_hash.is_null())
                .filter(users::phone.eq(&citizen.phone)),
        )
        .set((
            users::last_name.eq(&citizen.last_name),
            users::first_name.eq(&citizen.first_name),
            users::middle_name.eq(citizen.middle_name.as_deref()),
            users::phone.eq(&citizen.phone),
            users::email.eq(citizen.email.as_deref()),
            users::password_hash.eq(password_hash),
            users::lang.eq(lang),
        ))
        .returning(User::as_returning())
        .get_result(conn)
        .optional()?;
        match claimed {
            Some(user) => Ok(user),
            None => insert(conn, citizen, password_hash, Some(lang)),
        }
    })
}

fn insert(
    conn: &mut PgConnection,
    citizen: &NewCitizen,
    password_hash: &str,
    lang: Option<&str>,
) -> Result<User, CreateUserError> {
    let row = UserInsert {
        iin: citizen.iin.as_str(),
        last_name: &citizen.last_name,
        first_name: &citizen.first_name,
        middle_name: citizen.middle_name.as_deref(),
        birth_date: citizen.birth_date,
        sex: citizen.sex.as_str(),
        phone: &citizen.phone,
        email: citizen.email.as_deref(),
        password_hash,
        lang,
    };
    diesel::insert_into(users::table)
        .values(&row)
        .returning(User::as_returning())
        .get_result(conn)
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => CreateUserError::DuplicateIin,
            e => CreateUserError::Db(e),
        })
}

pub fn find_by_iin(conn: &mut PgConnection, iin: &Iin) -> QueryResult<Option<User>> {
    users::table
        .filter(users::iin.eq(iin.as_str()))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn iin_exists(conn: &mut PgConnection, iin: &Iin) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::iin.eq(iin.as_str())),
    ))
    .get_result(conn)
}

/// The session generation of a citizen and their unread notifications (for the page header),
/// `None` when the account is gone. One query: every signed-in request reads it.
pub fn session_state(conn: &mut PgConnection, id: i64) -> QueryResult<Option<(i32, i64)>> {
    let found = session_state_query(id).get_result(conn).optional()?;
    Ok(found.map(|(generation, unread)| (generation, i64::from(unread))))
}

/// The query `session_state` runs (public so that a test can EXPLAIN it). The unread count is
/// kept with the account by the database (migration `…000018_unread_counts`).
pub fn session_state_query(id: i64) -> impl Loads<(i32, i32)> {
    users::table
        .find(id)
        .select((users::session_generation, users::unread_notifications))
}

/// New phone and e-mail; also remembers the language the citizen uses now.
pub fn update_contacts(
    conn: &mut PgConnection,
    id: i64,
    phone: &str,
    email: Option<&str>,
    lang: &str,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::phone.eq(phone),
            users::email.eq(email),
            users::lang.eq(lang),
        ))
        .execute(conn)
}

/// Sets a new password hash and raises the session generation, which ends every session
/// started before; returns the new generation, for the session that made the change.
pub fn change_password(
    conn: &mut PgConnection,
    id: i64,
    password_hash: &str,
    lang: &str,
) -> QueryResult<i32> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::session_generation.eq(users::session_generation + 1),
            users::lang.eq(lang),
        ))
        .returning(users::session_generation)
        .get_result(conn)
}

/// Remembers the language the citizen uses, for messages sent when they are not on the portal.
/// The language the citizen last used (for documents and messages sent to them).
pub fn lang_of(conn: &mut PgConnection, id: i64) -> QueryResult<String> {
    users::table.find(id).select(users::lang).first(conn)
}

pub fn set_lang(conn: &mut PgConnection, id: i64, lang: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::lang.eq(lang))
        .execute(conn)
}
