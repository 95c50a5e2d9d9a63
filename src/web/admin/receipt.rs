//! `GET /admin/applications/{number}/receipt`: the receipt of acceptance a counter hands the
//! citizen when it takes a paper application (a provider's office, or the State Corporation —
//! e.g. seed 003 p.8 pp.3: "issues a receipt of acceptance of the package of documents"):
//! the number to follow it by, the service, the provider, who took it and when, the documents
//! presented, and the legal deadline. For whoever may see the application.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::StaffMember;
use crate::domain::catalog::Channel;
use crate::domain::intake;
use crate::repo::applications as apps;
use crate::repo::users;
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::page::{PageCtx, render};
use crate::web::views::{expected_label, organization_label};

#[derive(Template)]
#[template(path = "admin/intake_receipt.html")]
struct ReceiptPage {
    ctx: PageCtx,
    number: String,
    service_name: String,
    /// Who took it: the provider's office, or the State Corporation.
    taken_at_counter_of: String,
    provider: String,
    applicant: String,
    iin: String,
    taken_at: String,
    taken_by: String,
    presented: Vec<String>,
    deadline: String,
    front_office: bool,
}

pub async fn show(
    ctx: PageCtx,
    me: StaffMember,
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let number = number.into_inner();
    let (loaded, applicant, taken) = state
        .db(move |conn| {
            let Some(loaded) = apps::load(conn, me.actor(), &number)? else {
                return Ok(None);
            };
            let applicant = users::find(conn, loaded.app.applicant_id.0)?;
            let taken = apps::taken_by(conn, loaded.app.id)?;
            Ok(Some((loaded, applicant, taken)))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    // Only what a counter took has a receipt of acceptance.
    let ((taken_at, taken_by), applicant) = taken.zip(applicant).ok_or(AppError::NotFound)?;
    let app = loaded.app;
    let service = state
        .catalog
        .find(&app.service_code)
        .ok_or(AppError::NotFound)?;
    let channel = crate::repo::applications::engine::channel(&app);
    let ids: Vec<String> =
        serde_json::from_value(app.presented_documents.clone()).unwrap_or_default();
    let presented = intake::asked_documents(service, channel)
        .into_iter()
        .filter(|d| ids.contains(&d.id))
        .map(|d| ctx.tr(&d.name).to_string())
        .collect();
    let provider = loaded
        .organization
        .as_ref()
        .map(|o| organization_label(&ctx, o))
        .unwrap_or_default();
    let front_office = channel == Channel::StateCorporation;
    render(&ReceiptPage {
        number: app.number.clone(),
        service_name: ctx.tr(&service.name).to_string(),
        taken_at_counter_of: if front_office {
            ctx.text("front-office-name").into_owned()
        } else {
            provider.clone()
        },
        provider,
        applicant: applicant.full_name(),
        iin: applicant.iin.clone(),
        taken_at: ctx.date_time(&taken_at),
        taken_by,
        presented,
        deadline: expected_label(&ctx, app.expected_at),
        front_office,
        ctx,
    })
}
