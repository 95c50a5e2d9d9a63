//! The citizen's notifications: the list, rendered in the reader's language, and "mark all read".

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use super::cabinet::NoFields;
use super::errors::AppError;
use super::guard::Citizen;
use super::page::{PageCtx, redirect, render};
use super::session::CsrfForm;
use crate::state::AppState;

pub struct NotificationView {
    pub text: String,
    pub at: String,
    pub unread: bool,
    pub number: Option<String>,
}

#[derive(Template)]
#[template(path = "cabinet/notifications.html")]
struct NotificationsPage {
    ctx: PageCtx,
    items: Vec<NotificationView>,
}

/// How many notifications the page lists.
const NOTIFICATIONS_SHOWN: i64 = 100;

pub async fn list(
    ctx: PageCtx,
    citizen: Citizen,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let rows = state
        .db(move |conn| crate::repo::notifications::list(conn, citizen.id.0, NOTIFICATIONS_SHOWN))
        .await?;
    let items = rows
        .into_iter()
        .map(|n| NotificationView {
            text: crate::i18n::render_notification(ctx.lang, &n.message_id, &n.args),
            at: ctx.date_time(&n.created_at),
            unread: n.read_at.is_none(),
            number: n.application_number,
        })
        .collect();
    render(&NotificationsPage { ctx, items })
}

/// `POST /cabinet/notifications/read`: marks every notification read.
pub async fn mark_all_read(
    citizen: Citizen,
    state: web::Data<AppState>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    state
        .db(move |conn| crate::repo::notifications::mark_all_read(conn, citizen.id.0, Utc::now()))
        .await?;
    Ok(redirect("/cabinet/notifications"))
}
