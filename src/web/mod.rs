//! HTTP handlers grouped by area, and the route table.

pub mod admin;
pub mod apply;
pub mod auth;
pub mod bench;
pub mod cabinet;
pub mod columns;
pub mod complaints;
pub mod errors;
pub mod formatted;
pub mod guard;
pub mod input;
pub mod multipart;
pub mod notifications;
pub mod page;
pub mod passport;
pub mod profile;
pub mod public;
pub mod services;
pub mod session;
pub mod session_store;
pub mod statistics;
pub mod verify;
pub mod views;

use actix_web::http::Method;
use actix_web::middleware::from_fn;
use actix_web::web;

/// The GET pages that read the session check with their own first query
/// (`PageCtx::confirm_session`) instead of in a query of the middleware's
/// (`session::idle_timeout`): the busiest signed-in pages, one round trip less each.
pub const FOLDED_CHECK_PAGES: [&str; 4] = [
    "/cabinet",
    "/cabinet/applications/{number}",
    "/admin",
    "/admin/monitoring",
];

/// Whether this request is for one of `FOLDED_CHECK_PAGES`.
pub fn folds_session_check(method: &Method, path: &str) -> bool {
    method == Method::GET
        && FOLDED_CHECK_PAGES
            .iter()
            .any(|page| route_matches(page, path))
}

/// Whether `path` is of the route `pattern`, whose `{…}` segments stand for any one non-empty
/// segment (as the router reads them).
fn route_matches(pattern: &str, path: &str) -> bool {
    let (mut expected, mut found) = (pattern.split('/'), path.split('/'));
    loop {
        match (expected.next(), found.next()) {
            (None, None) => return true,
            (Some(e), Some(f)) if e.starts_with('{') && !f.is_empty() => {}
            (Some(e), Some(f)) if e == f => {}
            _ => return false,
        }
    }
}

/// Every route of the portal. Shared by `serve` and the tests.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(public::home))
        .route("/healthz", web::get().to(public::healthz))
        .route("/lang/{lang}", web::get().to(public::switch_language))
        .route("/static/{name}", web::get().to(public::static_file))
        .service(
            web::resource("/register")
                .route(web::get().to(auth::register_form))
                .route(web::post().to(auth::register)),
        )
        .service(
            web::resource("/login")
                .route(web::get().to(auth::login_form))
                .route(web::post().to(auth::login)),
        )
        .service(web::resource("/logout").route(web::post().to(auth::logout)))
        .service(
            web::resource("/verify")
                .route(web::get().to(verify::page))
                .route(web::post().to(verify::upload)),
        )
        .route("/services", web::get().to(services::index))
        .route("/statistics", web::get().to(statistics::index))
        .route("/services/{code}", web::get().to(passport::show))
        .service(
            web::resource("/services/{code}/apply")
                .wrap(from_fn(guard::citizen_only))
                .route(web::get().to(apply::form))
                .route(web::post().to(apply::save)),
        )
        .service(cabinet_scope())
        .configure(admin::routes);
}

/// Everything under `/cabinet`: a signed-in citizen only (`guard::citizen_only`).
fn cabinet_scope() -> actix_web::Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    web::scope("/cabinet")
        .wrap(from_fn(guard::citizen_only))
        .route("", web::get().to(cabinet::index))
        .service(
            web::resource("/profile")
                .route(web::get().to(profile::show))
                .route(web::post().to(profile::save_contacts)),
        )
        .service(web::resource("/profile/password").route(web::post().to(profile::change_password)))
        .route("/notifications", web::get().to(notifications::list))
        .service(
            web::resource("/notifications/read")
                .route(web::post().to(notifications::mark_all_read)),
        )
        .route("/applications/{number}", web::get().to(cabinet::show))
        .route(
            "/applications/{number}/result.pdf",
            web::get().to(cabinet::result_pdf),
        )
        .route(
            "/applications/{number}/review",
            web::get().to(apply::review),
        )
        .service(
            web::resource("/applications/{number}/code").route(web::post().to(apply::send_code)),
        )
        .service(
            web::resource("/applications/{number}/submit")
                .route(web::post().to(apply::sign_and_submit)),
        )
        .route(
            "/applications/{number}/receipt",
            web::get().to(apply::receipt),
        )
        .route(
            "/applications/{number}/documents/{id}",
            web::get().to(cabinet::document),
        )
        .service(
            web::resource("/applications/{number}/withdraw")
                .route(web::post().to(cabinet::withdraw)),
        )
        .service(
            web::resource("/applications/{number}/complaints")
                .route(web::post().to(complaints::complain)),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_folded_pages_read_their_own_session_check() {
        for path in [
            "/cabinet",
            "/cabinet/applications/KZ-2026-00000001",
            "/admin",
            "/admin/monitoring",
        ] {
            assert!(folds_session_check(&Method::GET, path), "{path}");
        }
        for path in [
            "/cabinet/",
            "/cabinet/applications/",
            "/cabinet/applications/KZ/receipt",
            "/cabinet/profile",
            "/admin/monitoring.csv",
            "/administrator",
        ] {
            assert!(!folds_session_check(&Method::GET, path), "{path}");
        }
        assert!(!folds_session_check(&Method::POST, "/cabinet"));
    }
}
