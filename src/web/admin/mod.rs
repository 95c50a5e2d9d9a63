//! The providers' admin area: staff sign-in, the queue, working an application, counter intake,
//! monitoring, the working calendar and the audit log. Everything but the sign-in page sits
//! behind `staff_only`: a citizen's session (or none) is sent to the staff sign-in, and a staff
//! session never opens the citizen's cabinet (`guard::citizen_only` sends it to `/login`).

pub mod application;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod complaints;
pub mod front_office;
pub mod intake;
pub mod monitoring;
pub mod notifications;
pub mod people;
pub mod queue;
pub mod receipt;
pub mod signing;

use actix_session::SessionExt;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Next, from_fn};
use actix_web::{FromRequest, HttpMessage, HttpRequest, ResponseError, web};
use std::future::{Ready, ready};

use super::errors::AppError;
use super::page::{encode_path_param, redirect};
use super::session;
use crate::domain::actor::{Actor, OrganizationId, Staff, StaffId, StaffRole};

/// The signed-in staff member acting in the admin area.
#[derive(Debug, Clone, Copy)]
pub struct StaffMember(pub Staff);

impl StaffMember {
    pub fn actor(self) -> Actor {
        Actor::Staff(self.0)
    }

    pub fn role(self) -> StaffRole {
        self.0.role
    }

    pub fn organization(self) -> Option<OrganizationId> {
        self.0.organization
    }

    /// Where the member's work starts: the operators' desk or the admin queue.
    pub fn home(self) -> &'static str {
        if self.0.role == StaffRole::Operator {
            "/operator"
        } else {
            "/admin"
        }
    }

    /// Refuses (403) unless the member has one of `roles`.
    pub fn require(self, roles: &[StaffRole]) -> Result<(), AppError> {
        if roles.contains(&self.0.role) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

pub async fn staff_only<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    if !session::generation_checked(req.request()) {
        let refused = AppError::internal(anyhow::anyhow!("the session could not be checked"));
        let response = refused.error_response();
        return Ok(req.into_response(response).map_into_right_body());
    }
    let member = session::staff(&req.get_session()).and_then(|s| {
        Some(Staff {
            id: StaffId(s.id),
            role: StaffRole::parse(&s.role)?,
            organization: s.organization.map(OrganizationId),
        })
    });
    let Some(member) = member else {
        let here = req
            .uri()
            .path_and_query()
            .map_or("/admin", |p| p.as_str())
            .to_string();
        let response = redirect(&format!("/admin/login?next={}", encode_path_param(&here)));
        return Ok(req.into_response(response).map_into_right_body());
    };
    req.extensions_mut().insert(StaffMember(member));
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

impl FromRequest for StaffMember {
    type Error = AppError;
    type Future = Ready<Result<StaffMember, AppError>>;

    /// Set by `staff_only`; outside the admin scope the request is refused.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<StaffMember>()
                .copied()
                .ok_or(AppError::Forbidden),
        )
    }
}

/// Every admin route. The sign-in page is open; the rest need a staff session.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/admin/login")
            .route(web::get().to(auth::login_form))
            .route(web::post().to(auth::login)),
    )
    .service(web::resource("/admin/logout").route(web::post().to(auth::logout)))
    .service(
        web::scope("/admin")
            .wrap(from_fn(staff_only))
            .route("", web::get().to(queue::show))
            // Before `{number}`, which would take "new" for a number.
            .route("/applications/new", web::get().to(intake::new_form))
            .route("/applications/new", web::post().to(intake::step))
            .route("/applications/{number}", web::get().to(application::show))
            .service(
                web::resource("/applications/{number}/actions")
                    .route(web::post().to(application::act)),
            )
            .route(
                "/applications/{number}/documents/{id}",
                web::get().to(application::document),
            )
            .route(
                "/applications/{number}/receipt",
                web::get().to(receipt::show),
            )
            .route(
                "/applications/{number}/result.pdf",
                web::get().to(application::result_pdf),
            )
            .service(
                web::resource("/staff")
                    .route(web::get().to(people::show))
                    .route(web::post().to(people::set_absence)),
            )
            .route("/monitoring", web::get().to(monitoring::page))
            .route("/monitoring.csv", web::get().to(monitoring::csv))
            .service(
                web::resource("/calendar")
                    .route(web::get().to(calendar::show))
                    .route(web::post().to(calendar::change)),
            )
            .route("/audit", web::get().to(audit::page))
            .route("/complaints", web::get().to(complaints::queue))
            .route("/complaints/{id}", web::get().to(complaints::show))
            .route("/complaints/{id}/file", web::get().to(complaints::file))
            .service(
                web::resource("/complaints/{id}/answer").route(web::post().to(complaints::answer)),
            )
            .route("/notifications", web::get().to(notifications::list))
            .route(
                "/notifications/read",
                web::post().to(notifications::mark_all_read),
            ),
    )
    // The State Corporation's front office: operators, signed in like other staff.
    .service(
        web::scope("/operator")
            .wrap(from_fn(staff_only))
            .route("", web::get().to(front_office::show))
            .route(
                "/applications/new",
                web::get().to(intake::front_office_form),
            )
            .route(
                "/applications/new",
                web::post().to(intake::front_office_step),
            ),
    );
}
