//! `GET /admin/notifications`: what the deadline watch told me (a step due within a working
//! day, a step overdue), newest first, in my language, each linking to its application;
//! `POST /admin/notifications/read` marks them all read. Everyone reads only their own.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use super::StaffMember;
use super::auth::NoFields;
use crate::repo::staff_notifications;
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::page::{PageCtx, redirect, render};
use crate::web::session::CsrfForm;

pub struct StaffNotificationView {
    pub text: String,
    pub at: String,
    pub unread: bool,
    /// The application to open, where the reader can open it in the admin area.
    pub number: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/notifications.html")]
struct NotificationsPage {
    ctx: PageCtx,
    items: Vec<StaffNotificationView>,
}

/// How many notifications the page lists.
const SHOWN: i64 = 100;

pub async fn list(
    ctx: PageCtx,
    me: StaffMember,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let rows = state
        .db(move |conn| staff_notifications::list(conn, me.0.id, SHOWN))
        .await?;
    // Operators and administrators do not open applications at /admin/applications/….
    let opens_applications = me.role().in_organization();
    let items = rows
        .into_iter()
        .map(|n| StaffNotificationView {
            text: crate::i18n::render_notification(ctx.lang, &n.message_id, &n.args),
            at: ctx.date_time(&n.created_at),
            unread: n.read_at.is_none(),
            number: n.application_number.filter(|_| opens_applications),
        })
        .collect();
    render(&NotificationsPage { ctx, items })
}

/// `POST /admin/notifications/read`: marks every one of my notifications read.
pub async fn mark_all_read(
    me: StaffMember,
    state: web::Data<AppState>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    state
        .db(move |conn| staff_notifications::mark_all_read(conn, me.0.id, Utc::now()))
        .await?;
    Ok(redirect("/admin/notifications"))
}
