//! The printable receipt of a submitted application (`GET …/receipt`).

use actix_web::{HttpResponse, web};
use askama::Template;

use super::load_mine;
use crate::domain::MsgId;
use crate::domain::catalog::Service;
use crate::repo::applications::ApplicationRow;
use crate::repo::users::User;
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::guard::Citizen;
use crate::web::page::{PageCtx, render};
use crate::web::views::{expected_label, organization_label};

#[derive(Template)]
#[template(path = "apply/receipt.html")]
struct ReceiptPage<'a> {
    ctx: PageCtx,
    service: &'a Service,
    app: ApplicationRow,
    user: User,
    organization: String,
    received: String,
    expected: String,
    signed: String,
}

/// `GET /cabinet/applications/{number}/receipt`: the printable receipt.
pub async fn receipt(
    ctx: PageCtx,
    citizen: Citizen,
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let loaded = load_mine(&state, citizen, number.into_inner()).await?;
    let Some(submitted) = loaded.app.submitted_at else {
        return Err(AppError::NotFound);
    };
    let service = state
        .catalog
        .find(&loaded.app.service_code)
        .ok_or(AppError::NotFound)?;
    render(&ReceiptPage {
        organization: loaded
            .organization
            .as_ref()
            .map(|o| organization_label(&ctx, o))
            .unwrap_or_default(),
        received: ctx.date_time(&submitted),
        expected: expected_label(&ctx, loaded.app.expected_at),
        signed: crate::i18n::t(
            ctx.lang,
            MsgId("receipt-signed-by").id(),
            &[
                ("iin", &loaded.user.iin),
                (
                    "at",
                    &loaded
                        .app
                        .signed_at
                        .map(|t| ctx.date_time(&t))
                        .unwrap_or_default(),
                ),
            ],
        ),
        service,
        app: loaded.app,
        user: loaded.user,
        ctx,
    })
}
