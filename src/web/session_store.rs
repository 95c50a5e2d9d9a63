//! Where sessions live: in the signed and encrypted cookie itself (one node, the default), or
//! in Redis when several nodes serve the portal (`REDIS_URL`), the cookie then holding a key.

use std::collections::HashMap;

use actix_session::storage::{
    CookieSessionStore, LoadError, RedisSessionStore, SaveError, SessionKey, SessionStore,
    UpdateError,
};
use actix_web::cookie::time::Duration;

#[derive(Clone)]
pub enum Store {
    Cookie,
    Redis(RedisSessionStore),
}

impl Store {
    /// Connects to Redis when a URL is given.
    pub async fn connect(redis_url: Option<&str>) -> anyhow::Result<Store> {
        match redis_url {
            None => Ok(Store::Cookie),
            Some(url) => Ok(Store::Redis(RedisSessionStore::new(url).await.map_err(
                |e| anyhow::anyhow!("cannot use Redis at {url} for sessions: {e}"),
            )?)),
        }
    }
}

impl SessionStore for Store {
    async fn load(&self, key: &SessionKey) -> Result<Option<HashMap<String, String>>, LoadError> {
        match self {
            Store::Cookie => CookieSessionStore::default().load(key).await,
            Store::Redis(s) => s.load(key).await,
        }
    }

    async fn save(
        &self,
        state: HashMap<String, String>,
        ttl: &Duration,
    ) -> Result<SessionKey, SaveError> {
        match self {
            Store::Cookie => CookieSessionStore::default().save(state, ttl).await,
            Store::Redis(s) => s.save(state, ttl).await,
        }
    }

    async fn update(
        &self,
        key: SessionKey,
        state: HashMap<String, String>,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        match self {
            Store::Cookie => CookieSessionStore::default().update(key, state, ttl).await,
            Store::Redis(s) => s.update(key, state, ttl).await,
        }
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> Result<(), anyhow::Error> {
        match self {
            Store::Cookie => CookieSessionStore::default().update_ttl(key, ttl).await,
            Store::Redis(s) => s.update_ttl(key, ttl).await,
        }
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        match self {
            Store::Cookie => CookieSessionStore::default().delete(key).await,
            Store::Redis(s) => s.delete(key).await,
        }
    }
}
