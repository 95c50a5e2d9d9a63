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
}

impl AppState {
    /// Runs blocking database work on the blocking thread pool, never on an async worker.
    pub async fn db<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut PgConnection) -> diesel::QueryResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let result = web::block(move || {
            let mut conn = pool.get().map_err(AppError::from)?;
            work(&mut conn).map_err(AppError::from)
        })
        .await??;
        Ok(result)
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
                Err(Refusal::Db(e)) => Err(AppError::from(e)),
            }
        })
        .await?
    }
}
