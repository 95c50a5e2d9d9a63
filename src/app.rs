//! Builds the actix application: shared state, middleware, routes.

use actix_session::SessionMiddleware;
use actix_session::config::{CookieContentSecurity, PersistentSession, TtlExtensionPolicy};
use actix_web::body::MessageBody;
use actix_web::cookie::{Key, SameSite, time::Duration as CookieDuration};
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{DefaultHeaders, Logger, from_fn};
use actix_web::{App, web};

use crate::config::Config;
use crate::state::AppState;
use crate::web::errors::error_pages;
use crate::web::session_store::Store;
use crate::web::{public, routes, session};

/// Largest request body accepted by form handlers.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// Headers every response carries. No inline script or style is allowed; pages may not be
/// framed; pages of a signed-in citizen are not cached. Served over HTTPS (`COOKIE_SECURE=1`),
/// browsers are also told to use nothing else for a year.
fn security_headers(https: bool) -> DefaultHeaders {
    let headers = if https {
        DefaultHeaders::new().add((
            "Strict-Transport-Security",
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        DefaultHeaders::new()
    };
    headers
        .add((
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
             object-src 'none'",
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()",
        ))
        .add(("Cache-Control", "no-store"))
}

fn session_middleware(config: &Config, key: Key, store: Store) -> SessionMiddleware<Store> {
    let idle = CookieDuration::seconds(config.session_idle.as_secs() as i64);
    SessionMiddleware::builder(store, key)
        .cookie_name("egov_session".into())
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Lax)
        .cookie_secure(config.cookie_secure)
        .cookie_content_security(CookieContentSecurity::Private)
        .session_lifecycle(
            PersistentSession::default()
                .session_ttl(idle)
                // The last-seen time is renewed at most once a minute (`web::session`), and
                // with it the cookie's or Redis entry's lifetime: not rewritten on every request.
                .session_ttl_extension_policy(TtlExtensionPolicy::OnStateChanges),
        )
        .build()
}

/// The whole application. `session_key` and `sessions` are passed separately so that every
/// worker of one server shares the same key (even one generated at start-up) and store.
pub fn build(
    state: web::Data<AppState>,
    session_key: Key,
    sessions: Store,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let sessions = session_middleware(&state.config, session_key, sessions);
    let headers = security_headers(state.config.cookie_secure);
    let ceiling = state.config.bench_ceiling;
    App::new()
        .app_data(state)
        .app_data(web::PayloadConfig::new(MAX_FORM_BYTES))
        .app_data(web::FormConfig::default().limit(MAX_FORM_BYTES))
        .configure(routes)
        // The benchmark's yardstick exists only when asked for (`BENCH_CEILING=1`).
        .configure(|cfg| {
            if ceiling {
                cfg.route(
                    "/bench/ceiling/{number}",
                    web::get().to(crate::web::bench::ceiling),
                );
            }
        })
        .default_service(web::to(public::not_found))
        // Innermost first: a target with control characters is refused before any handler;
        // error pages see the session; the session sees the idle check.
        .wrap(from_fn(crate::web::input::reject_control_characters))
        .wrap(error_pages())
        .wrap(from_fn(session::idle_timeout))
        .wrap(sessions)
        .wrap(headers)
        .wrap(Logger::new(r#"%a "%r" %s %b %Dms"#))
}
