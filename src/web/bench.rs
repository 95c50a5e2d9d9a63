//! `GET /bench/ceiling/{number}`, routed only with `BENCH_CEILING=1`: one indexed query and one
//! small template, through the same middleware as every page. `scripts/bench` measures it in
//! the same run as the real pages, so each page's figures read as a share of what this server
//! can do at best on that machine at that moment.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::errors::AppError;
use super::page::{render, request_lang};
use crate::repo::applications;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "bench/ceiling.html")]
struct CeilingPage {
    lang: &'static str,
    number: String,
    status_label: String,
}

pub async fn ceiling(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let number = number.into_inner();
    let status = state
        .db(move |conn| applications::status_by_number(conn, &number))
        .await?
        .ok_or(AppError::NotFound)?;
    let lang = request_lang(&req);
    render(&CeilingPage {
        lang: lang.code(),
        number: status.0,
        status_label: crate::i18n::t(lang, status.1.message().id(), &[]),
    })
}
