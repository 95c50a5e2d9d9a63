//! Areas that need a signed-in citizen (`/cabinet`, the application form) are scopes behind
//! `citizen_only`: the middleware sends anyone else to sign in, so a handler in them cannot
//! forget to ask. The handler takes `Citizen`, the actor the middleware found.

use actix_web::ResponseError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use std::future::{Ready, ready};

use actix_session::SessionExt;

use super::errors::AppError;
use super::session;
use crate::domain::actor::{Actor, UserId};

/// The signed-in citizen acting in a guarded scope.
#[derive(Debug, Clone, Copy)]
pub struct Citizen {
    pub id: UserId,
}

impl Citizen {
    pub fn actor(self) -> Actor {
        Actor::Citizen(self.id)
    }
}

fn sign_in_first(req: &HttpRequest) -> AppError {
    AppError::SignInRequired {
        next: req
            .uri()
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string(),
    }
}

pub async fn citizen_only<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    if !session::generation_checked(req.request()) {
        let refused = AppError::internal(anyhow::anyhow!("the session could not be checked"));
        let response = refused.error_response();
        return Ok(req.into_response(response).map_into_right_body());
    }
    let Some(user) = session::user(&req.get_session()) else {
        let response = sign_in_first(req.request()).error_response();
        return Ok(req.into_response(response).map_into_right_body());
    };
    req.extensions_mut().insert(Citizen {
        id: UserId(user.id),
    });
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

impl FromRequest for Citizen {
    type Error = AppError;
    type Future = Ready<Result<Citizen, AppError>>;

    /// Set by `citizen_only`; outside its scopes the request is sent to sign in.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Citizen>()
                .copied()
                .ok_or_else(|| sign_in_first(req)),
        )
    }
}
