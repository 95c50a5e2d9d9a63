//! Pages anyone can open: home, language switch, health check, static files.

use std::sync::LazyLock;

use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::errors::AppError;
use super::page::{LANG_COOKIE, PageCtx, redirect, render, safe_next};
use super::services::ServiceCard;
use crate::i18n::Lang;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
    /// The search form's value (empty on the home page).
    query: String,
    /// Services that can be applied for online, first of all.
    popular: Vec<ServiceCard>,
}

/// How many services the home page shows.
const POPULAR: usize = 4;

pub async fn home(ctx: PageCtx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let popular = state
        .catalog
        .services
        .iter()
        .filter(|s| s.is_online())
        .take(POPULAR)
        .map(|s| ServiceCard::new(&ctx, s))
        .collect();
    render(&HomePage {
        ctx,
        query: String::new(),
        popular,
    })
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// `GET /lang/{kk|ru}?next=/path`: remembers the language in a cookie and goes back to a local
/// `next`. A GET changes nothing stored: the citizen's account learns the language at their
/// next sign-in or profile save.
pub async fn switch_language(
    path: web::Path<String>,
    query: web::Query<NextQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = Lang::parse(&path).ok_or(AppError::NotFound)?;
    let next = query.next.as_deref().and_then(safe_next).unwrap_or("/");
    let cookie = Cookie::build(LANG_COOKIE, lang.code())
        .path("/")
        .max_age(Duration::days(365))
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(state.config.cookie_secure)
        .finish();
    let mut response = redirect(next);
    response.add_cookie(&cookie).map_err(AppError::internal)?;
    Ok(response)
}

/// `GET /healthz`: 200 when the process runs and the database answers, 503 otherwise.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let pool = state.pool.clone();
    let db_ok = web::block(move || -> Result<(), anyhow::Error> {
        use diesel::RunQueryDsl;
        let mut conn = pool.get()?;
        diesel::sql_query("SELECT 1").execute(&mut **conn)?;
        Ok(())
    })
    .await
    .map(|r| r.is_ok())
    .unwrap_or(false);
    let (mut response, body) = if db_ok {
        (HttpResponse::Ok(), r#"{"status":"ok","database":"ok"}"#)
    } else {
        (
            HttpResponse::ServiceUnavailable(),
            r#"{"status":"unavailable","database":"unreachable"}"#,
        )
    };
    response.content_type("application/json").body(body)
}

/// A short hash of every static file: their URLs carry it (`/static/app.css?v=…`), so a new
/// release is fetched at once while browsers may keep a file for a year.
pub static ASSET_VERSION: LazyLock<String> = LazyLock::new(|| {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for (name, _, body) in STATIC_FILES.iter() {
        hash.update(name.as_bytes());
        hash.update(body.as_bytes());
    }
    format!("{:x}", hash.finalize())[..12].to_string()
});

/// Files under `static/`, compiled into the binary; the stylesheet with the tables' column
/// names in every language added at start (`web::columns`).
static STATIC_FILES: LazyLock<[(&str, &str, String); 3]> = LazyLock::new(|| {
    [
        (
            "app.css",
            "text/css; charset=utf-8",
            format!(
                "{}{}",
                include_str!("../../static/app.css"),
                super::columns::stylesheet()
            ),
        ),
        (
            "app.js",
            "text/javascript; charset=utf-8",
            include_str!("../../static/app.js").to_string(),
        ),
        (
            "favicon.svg",
            "image/svg+xml",
            include_str!("../../static/favicon.svg").to_string(),
        ),
    ]
});

pub async fn static_file(name: web::Path<String>) -> Result<HttpResponse, AppError> {
    let files: &'static [(&str, &str, String); 3] = &STATIC_FILES;
    let (_, content_type, body) = files
        .iter()
        .find(|(n, _, _)| *n == name.as_str())
        .ok_or(AppError::NotFound)?;
    let body: &'static str = body;
    Ok(HttpResponse::Ok()
        .content_type(*content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(body))
}

pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}
