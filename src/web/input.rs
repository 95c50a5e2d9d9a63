//! Where requests are read: a request whose path or query holds a control character (a NUL
//! byte, say, which PostgreSQL refuses) or is not UTF-8 once decoded is answered 400, in the
//! reader's language, before any handler runs. Form bodies are checked where they are parsed
//! (`session::CsrfForm`, `multipart::read`), with the same rule (`domain::input`).

use actix_web::HttpResponse;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use crate::domain::input::is_clean_target;

pub async fn reject_control_characters<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let target = req.uri().path_and_query().map_or("", |p| p.as_str());
    if !is_clean_target(target) {
        tracing::info!(path = %req.path(), "request refused: a control character in its target");
        let response = HttpResponse::BadRequest().finish();
        return Ok(req.into_response(response).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}
