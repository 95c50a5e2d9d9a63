//! One error type for handlers, and the localized error pages.
//!
//! Handlers return `AppError`; it becomes a bare status, and the `ErrorHandlers` middleware
//! renders the page for that status in the reader's language. Details are logged, never shown.

use actix_web::body::{BoxBody, EitherBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use super::page::{PageCtx, encode_path_param, redirect};
use crate::domain::MsgId;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("bad request")]
    BadRequest,
    #[error("missing or invalid CSRF token")]
    Csrf,
    #[error("sign-in required")]
    SignInRequired { next: String },
    /// A staff page for someone no longer signed in as staff.
    #[error("staff sign-in required")]
    StaffSignInRequired { next: String },
    /// Signed in, but this is not theirs to do (another role, another organization's step).
    #[error("forbidden")]
    Forbidden,
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn internal(e: impl Into<anyhow::Error>) -> AppError {
        AppError::Internal(e.into())
    }
}

macro_rules! internal_from {
    ($($t:ty),*) => {$(
        impl From<$t> for AppError {
            fn from(e: $t) -> Self { AppError::internal(e) }
        }
    )*};
}
internal_from!(
    diesel::result::Error,
    diesel::r2d2::PoolError,
    actix_web::error::BlockingError,
    askama::Error
);

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::Csrf | AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::SignInRequired { .. } | AppError::StaffSignInRequired { .. } => {
                StatusCode::SEE_OTHER
            }
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::SignInRequired { next } => {
                redirect(&format!("/login?next={}", encode_path_param(next)))
            }
            AppError::StaffSignInRequired { next } => {
                redirect(&format!("/admin/login?next={}", encode_path_param(next)))
            }
            AppError::Internal(e) => {
                tracing::error!(error = %format!("{e:#}"), "request failed");
                HttpResponse::InternalServerError().finish()
            }
            AppError::Forbidden => HttpResponse::Forbidden()
                .insert_header((NOT_YOURS, "1"))
                .finish(),
            other => HttpResponse::build(other.status_code()).finish(),
        }
    }
}

/// Marks a 403 that is about the role or organization rather than an expired form, so the page
/// says which (internal: never sent to the client).
const NOT_YOURS: &str = "x-egov-not-yours";

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: PageCtx,
    title: MsgId,
    text: MsgId,
    status: u16,
}

/// Statuses whose responses get the localized error page. Form pages answer with their own
/// bodies under other statuses (422, 401, 429) and are left alone.
pub fn error_pages<B: 'static>() -> ErrorHandlers<B> {
    [
        StatusCode::BAD_REQUEST,
        StatusCode::FORBIDDEN,
        StatusCode::NOT_FOUND,
        StatusCode::METHOD_NOT_ALLOWED,
        StatusCode::PAYLOAD_TOO_LARGE,
        StatusCode::INTERNAL_SERVER_ERROR,
    ]
    .into_iter()
    .fold(ErrorHandlers::new(), |handlers, status| {
        handlers.handler(status, render_error_page)
    })
}

fn render_error_page<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let status = res.status();
    let (title, text) = match status {
        StatusCode::BAD_REQUEST => (MsgId("error-400-title"), MsgId("error-400-text")),
        StatusCode::FORBIDDEN if res.headers().contains_key(NOT_YOURS) => {
            (MsgId("error-403-title"), MsgId("error-forbidden-text"))
        }
        StatusCode::FORBIDDEN => (MsgId("error-403-title"), MsgId("error-403-text")),
        StatusCode::NOT_FOUND => (MsgId("error-404-title"), MsgId("error-404-text")),
        StatusCode::METHOD_NOT_ALLOWED => (MsgId("error-405-title"), MsgId("error-405-text")),
        StatusCode::PAYLOAD_TOO_LARGE => (MsgId("error-413-title"), MsgId("error-413-text")),
        _ => (MsgId("error-500-title"), MsgId("error-500-text")),
    };
    let page = ErrorPage {
        ctx: PageCtx::for_request(res.request()),
        title,
        text,
        status: status.as_u16(),
    };
    // If even the error page cannot render, answer with the bare status rather than loop.
    let Ok(html) = page.render() else {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    };
    let (req, original) = res.into_parts();
    let mut response = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html);
    if let Some(allow) = original.headers().get(header::ALLOW) {
        response.headers_mut().insert(header::ALLOW, allow.clone());
    }
    let response: HttpResponse<EitherBody<B, BoxBody>> = response.map_into_right_body();
    Ok(ErrorHandlerResponse::Response(ServiceResponse::new(
        req, response,
    )))
}
