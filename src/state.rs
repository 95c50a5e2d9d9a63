//! What every request handler shares: the database pool, the service catalog, the settings and
//! the sign-in throttle; and the two ways handlers reach the database.

use std::sync::Arc;

use actix_web::web;
use diesel::PgConnection;

use crate::config::Config;
use crate::db::DbPool;
use crate::domain::catalog::Catalog;
use crate::repo::Refusal;
use crate::repo::sign_in::Throttle;
use crate::web::errors::AppError;

pub struct AppState {
    pub pool: DbPool,
    pub catalog: Arc<Catalog>,
    pub config: Config,
    pub throttle: Throttle,
    /// Where one-time signing codes are sent.
    pub sms: Arc<dyn crate::sms::SmsGateway>,
    /// The public statistics page's last figures.
    pub statistics: crate::repo::monitoring::StatisticsCache,
    /// The monitoring page's last figures, per scope.
    pub monitoring: crate::repo::monitoring::MonitoringCache,
    /// The working calendar as last read, with its revision.
    pub calendar: crate::repo::calendar::CalendarCache,
    /// The citizens' lists and application pages as last read, with their revisions.
    pub citizen_pages: crate::repo::applications::citizen::CitizenPages,
    /// The staff queues' pages as last read, with their revisions.
    pub queues: crate::repo::applications::queue::KeptQueues,
    /// The monitoring figures' tables as last formatted, per language.
    pub monitoring_tables: crate::web::admin::monitoring::FormattedTables,
    /// The kept queue pages' lines as formatted, per language.
    pub queue_lines: crate::web::admin::queue::FormattedLines,
    /// The kept cabinet lists' lines as formatted, per language.
    pub cabinet_lines: crate::web::cabinet::FormattedLines,
    pub application_sheets: crate::web::cabinet::FormattedSheets,
}

impl AppState {
    pub fn new(
        pool: DbPool,
        catalog: Arc<Catalog>,
        config: Config,
        sms: Arc<dyn crate::sms::SmsGateway>,
    ) -> AppState {
        AppState {
            calendar: crate::repo::calendar::CalendarCache::new(config.working_hours),
            pool,
            catalog,
            config,
            throttle: Throttle::default(),
            sms,
            statistics: Default::default(),
            monitoring: Default::default(),
            citizen_pages: Default::default(),
            queues: Default::default(),
            monitoring_tables: crate::web::formatted::Formatted::new(
                crate::web::admin::monitoring::TABLES_KEPT,
            ),
            queue_lines: crate::web::formatted::Formatted::new(
                crate::web::admin::queue::LINES_KEPT,
            ),
            cabinet_lines: crate::web::formatted::Formatted::new(crate::web::cabinet::LINES_KEPT),
            application_sheets: crate::web::formatted::Formatted::new(
                crate::web::cabinet::SHEETS_KEPT,
            ),
        }
    }

    /// Runs blocking database work on the blocking thread pool, never on an async worker.
    pub async fn db<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut PgConnection) -> diesel::QueryResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let result = web::block(move || {
            let mut conn = pool.get().map_err(AppError::from)?;
            work(&mut conn).map_err(|e| {
                conn.suspect();
                AppError::from(e)
            })
        })
        .await??;
        Ok(result)
    }

    /// What the staff queue reads through: its kept pages and the calendar.
    pub fn queues(
        &self,
    ) -> (
        &crate::repo::applications::queue::KeptQueues,
        &crate::repo::calendar::CalendarCache,
    ) {
        (&self.queues, &self.calendar)
    }

    /// What the citizen pages read through: their kept pages and the calendar.
    pub fn citizen_pages(
        &self,
    ) -> (
        &crate::repo::applications::citizen::CitizenPages,
        &crate::repo::calendar::CalendarCache,
    ) {
        (&self.citizen_pages, &self.calendar)
    }

    /// Runs a repo action (which opens its own transaction) on the blocking pool. A database
    /// failure becomes an error page; a refusal by a rule comes back for the handler to explain.
    pub async fn act<T, E, F>(&self, work: F) -> Result<Result<T, E>, AppError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, Refusal<E>> + Send + 'static,
        T: Send + 'static,
        E: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get().map_err(AppError::from)?;
            match work(&mut conn) {
                Ok(done) => Ok(Ok(done)),
                Err(Refusal::Rule(reason)) => Ok(Err(reason)),
                Err(Refusal::Db(e)) => {
                    conn.suspect();
                    Err(AppError::from(e))
                }
            }
        })
        .await?
    }
}
