//! `GET /admin/audit?before=<id>`: the audit log, newest first, 50 a page. The organization
//! administrator reads their organization's entries, the sysadmin all; others get 403.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::StaffMember;
use crate::domain::actor::StaffRole;
use crate::domain::calendar::local;
use crate::repo::audit_view;
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::page::{PageCtx, render};
use crate::web::statistics::coded_label;

/// Entries a page shows.
const PAGE_SIZE: i64 = 50;

#[derive(Deserialize)]
pub struct AuditQuery {
    before: Option<String>,
}

pub struct AuditLine {
    pub id: i64,
    /// RFC 3339, for `<time datetime>`.
    pub at_iso: String,
    /// Kazakhstan time to the second.
    pub at: String,
    pub kind: String,
    pub actor_id: Option<i64>,
    pub login: Option<String>,
    pub name: Option<String>,
    pub action: String,
    pub action_code: String,
    pub object: String,
    pub details: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: PageCtx,
    lines: Vec<AuditLine>,
    /// Whether this is a later page (a link back to the newest entries is shown).
    paged: bool,
    /// The id to page on from, when older entries remain.
    older: Option<i64>,
}

pub async fn page(
    ctx: PageCtx,
    member: StaffMember,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    member.require(&[StaffRole::OrgAdmin, StaffRole::Sysadmin])?;
    // Nonsense in `before` shows the newest entries rather than an error.
    let before = query
        .before
        .as_deref()
        .and_then(|b| b.trim().parse::<i64>().ok());
    let viewer = member.0;
    // One more than a page, to know whether there is an older page.
    let mut entries = state
        .db(move |conn| audit_view::page(conn, viewer, before, PAGE_SIZE + 1))
        .await?;
    let more = entries.len() as i64 > PAGE_SIZE;
    entries.truncate(PAGE_SIZE as usize);
    let older = more.then(|| entries.last().map(|e| e.row.id)).flatten();
    let lines = entries
        .into_iter()
        .map(|e| AuditLine {
            id: e.row.id,
            // HTML's datetime takes at most three digits of a second.
            at_iso: e.row.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            at: local(e.row.at).format("%d.%m.%Y %H:%M:%S").to_string(),
            kind: coded_label(&ctx, "audit-actor-", &e.row.actor_kind),
            actor_id: e.row.actor_id,
            login: e.login,
            name: e.name,
            action: coded_label(&ctx, "audit-action-", &e.row.action),
            action_code: e.row.action,
            object: e.row.object.unwrap_or_default(),
            details: details(&e.row.details),
        })
        .collect();
    render(&AuditPage {
        ctx,
        lines,
        paged: before.is_some(),
        older,
    })
}

/// The details as compact JSON; nothing for an empty object.
fn details(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) if map.is_empty() => String::new(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}
