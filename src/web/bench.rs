//! `GET /bench/ceiling/{number}`, routed only with `BENCH_CEILING=1`: the cheapest page this
//! portal can serve — one query by a unique index, one template in the portal's layout (header,
//! navigation, footer in the reader's language), through the same middleware as every page.
//! `scripts/bench` measures it in the same run as the real pages, so each page's figures read
//! as a share of what this server can do at best on that machine at that moment.

use std::borrow::Cow;

use actix_web::{HttpResponse, web};
use askama::Template;

use super::errors::AppError;
use super::page::{PageCtx, render};
use crate::repo::applications;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "bench/ceiling.html")]
struct CeilingPage {
    ctx: PageCtx,
    number: String,
    status_label: Cow<'static, str>,
}

pub async fn ceiling(
    ctx: PageCtx,
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let number = number.into_inner();
    let status = state
        .db(move |conn| applications::status_by_number(conn, &number))
        .await?
        .ok_or(AppError::NotFound)?;
    render(&CeilingPage {
        number: status.0,
        status_label: ctx.text(status.1.message().id()),
        ctx,
    })
}
