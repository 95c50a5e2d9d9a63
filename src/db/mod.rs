//! Database access: connection pool, creating the database, embedded migrations.

pub mod schema;

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, ManageConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use std::time::{Duration, Instant};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

pub type DbPool = Pool<Manager>;
pub type DbConn = PooledConnection<Manager>;

/// A connection left unused this long is tested (`SELECT 1`) before it is handed out again.
const IDLE_BEFORE_TEST: Duration = Duration::from_secs(5);

/// The pool's connection manager: diesel's, except that a connection is tested when it is
/// handed out only if it sat idle (`IDLE_BEFORE_TEST`) or its last use failed (`Conn::suspect`),
/// not every time. A test is a round trip of its own: on a busy page it was one in every two
/// (`docs/benchmarks.md`). A connection lost while in use fails that one use and is then
/// tested, found dead and replaced.
pub struct Manager(ConnectionManager<PgConnection>);

/// A pooled PostgreSQL connection (it dereferences to `PgConnection`) with what the pool
/// needs to decide whether to test it.
pub struct Conn {
    pg: PgConnection,
    returned_at: Instant,
    suspect: bool,
}

impl Conn {
    /// Marks this connection for a test before its next use (its last use failed, perhaps
    /// because the connection was lost).
    pub fn suspect(&mut self) {
        self.suspect = true;
    }
}

impl std::ops::Deref for Conn {
    type Target = PgConnection;
    fn deref(&self) -> &PgConnection {
        &self.pg
    }
}

impl std::ops::DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.pg
    }
}

impl ManageConnection for Manager {
    type Connection = Conn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<Conn, Self::Error> {
        Ok(Conn {
            pg: self.0.connect()?,
            returned_at: Instant::now(),
            suspect: false,
        })
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), Self::Error> {
        if conn.suspect || conn.returned_at.elapsed() >= IDLE_BEFORE_TEST {
            self.0.is_valid(&mut conn.pg)?;
            conn.suspect = false;
        }
        Ok(())
    }

    /// Called as the connection goes back to the pool.
    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.returned_at = Instant::now();
        self.0.has_broken(&mut conn.pg)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error(
        "cannot connect to PostgreSQL at {url} ({reason}); start it with `scripts/setup` \
         (or `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`) \
         or point DATABASE_URL at a running server"
    )]
    Unreachable { url: String, reason: String },
    #[error("DATABASE_URL {0:?} does not name a database (postgres://user@host:port/name)")]
    BadUrl(String),
    #[error("cannot create database {name:?} at {url}: {reason}")]
    CreateDatabase {
        name: String,
        url: String,
        reason: String,
    },
    #[error("migrations failed on {url}: {reason}")]
    Migrations { url: String, reason: String },
}

/// The URL with any password replaced, fit for logs and error messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

/// Splits `postgres://…/name?opts` into the URL of the server's `postgres` database and `name`.
fn split_database_name(url: &str) -> Option<(String, String)> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let (server, name) = base.rsplit_once('/')?;
    if name.is_empty() || !server.contains("://") || server.ends_with('/') {
        return None;
    }
    let admin = match query {
        Some(q) => format!("{server}/postgres?{q}"),
        None => format!("{server}/postgres"),
    };
    Some((admin, name.to_string()))
}

fn connect(url: &str) -> Result<PgConnection, DbSetupError> {
    PgConnection::establish(url).map_err(|e| DbSetupError::Unreachable {
        url: redact(url),
        reason: e
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    })
}

/// Creates the database named in `url` when the server does not have it yet.
pub fn ensure_database(url: &str) -> Result<(), DbSetupError> {
    let (admin_url, name) =
        split_database_name(url).ok_or_else(|| DbSetupError::BadUrl(redact(url)))?;
    // Report the URL the user configured, not the maintenance database we connect to.
    let mut admin = connect(&admin_url).map_err(|e| match e {
        DbSetupError::Unreachable { reason, .. } => DbSetupError::Unreachable {
            url: redact(url),
            reason,
        },
        other => other,
    })?;
    #[derive(QueryableByName)]
    struct Exists {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        exists: bool,
    }
    let found: Exists =
        diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
            .bind::<diesel::sql_types::Text, _>(&name)
            .get_result(&mut admin)
            .map_err(|e| DbSetupError::Unreachable {
                url: redact(&admin_url),
                reason: e.to_string(),
            })?;
    if !found.exists {
        // Identifiers cannot be bound as parameters; quote it the way PostgreSQL does.
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        diesel::sql_query(format!("CREATE DATABASE {quoted}"))
            .execute(&mut admin)
            .map_err(|e| DbSetupError::CreateDatabase {
                name: name.clone(),
                url: redact(url),
                reason: e.to_string(),
            })?;
        tracing::info!(database = %name, "created database");
    }
    Ok(())
}

/// Creates the database if needed and applies pending migrations.
pub fn migrate(url: &str) -> Result<usize, DbSetupError> {
    ensure_database(url)?;
    let mut conn = connect(url)?;
    let applied =
        conn.run_pending_migrations(MIGRATIONS)
            .map_err(|e| DbSetupError::Migrations {
                url: redact(url),
                reason: e.to_string(),
            })?;
    Ok(applied.len())
}

pub fn pool(url: &str, size: u32) -> Result<DbPool, DbSetupError> {
    Pool::builder()
        .max_size(size.max(1))
        .min_idle(Some(1))
        .connection_timeout(std::time::Duration::from_secs(5))
        .build(Manager(ConnectionManager::new(url)))
        .map_err(|e| DbSetupError::Unreachable {
            url: redact(url),
            reason: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_database_name_off() {
        assert_eq!(
            split_database_name("postgres://postgres@127.0.0.1:5432/egov_portal"),
            Some((
                "postgres://postgres@127.0.0.1:5432/postgres".into(),
                "egov_portal".into()
            ))
        );
        assert_eq!(
            split_database_name("postgres://u@h/db?sslmode=disable"),
            Some((
                "postgres://u@h/postgres?sslmode=disable".into(),
                "db".into()
            ))
        );
        assert_eq!(split_database_name("postgres://u@h/"), None);
        assert_eq!(split_database_name("postgres://u@h"), None);
    }

    #[test]
    fn hides_passwords() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
