//! `GET,POST /admin/staff` (heads and organization administrators): the organization's
//! executors with their open tasks, marked present or absent — nothing is assigned to an
//! absent one. Each change is audited.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::StaffMember;
use crate::domain::MsgId;
use crate::domain::actor::{StaffId, StaffRole};
use crate::repo::audit::{self, Entry, Who};
use crate::repo::staff::{self, ExecutorLoad};
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::page::{PageCtx, redirect, render};
use crate::web::session::{self, CsrfForm};

#[derive(Template)]
#[template(path = "admin/staff.html")]
struct StaffPage {
    ctx: PageCtx,
    executors: Vec<ExecutorLoad>,
}

const MANAGERS: [StaffRole; 2] = [StaffRole::Head, StaffRole::OrgAdmin];

pub async fn show(
    ctx: PageCtx,
    me: StaffMember,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    me.require(&MANAGERS)?;
    let org = me.organization().ok_or(AppError::Forbidden)?;
    let executors = state.db(move |conn| staff::executors(conn, org)).await?;
    render(&StaffPage { ctx, executors })
}

#[derive(Deserialize)]
pub struct AbsenceForm {
    #[serde(default)]
    staff: String,
    #[serde(default)]
    absent: String,
}

pub async fn set_absence(
    me: StaffMember,
    state: web::Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<AbsenceForm>,
) -> Result<HttpResponse, AppError> {
    me.require(&MANAGERS)?;
    let org = me.organization().ok_or(AppError::Forbidden)?;
    let id = form
        .staff
        .trim()
        .parse()
        .map(StaffId)
        .map_err(|_| AppError::BadRequest)?;
    let absent = form.absent == "true";
    let changed = state
        .db(move |conn| {
            use diesel::Connection;
            conn.transaction(|conn| {
                let changed = staff::set_absent(conn, org, id, absent)?;
                if changed {
                    audit::record(
                        conn,
                        &Entry {
                            who: Who::Staff {
                                id: me.0.id.0,
                                organization: Some(org.0),
                            },
                            action: if absent {
                                "mark_absent"
                            } else {
                                "mark_present"
                            },
                            object: Some(&id.0.to_string()),
                            details: serde_json::json!({}),
                        },
                        Utc::now(),
                    )?;
                }
                Ok(changed)
            })
        })
        .await?;
    if !changed {
        return Err(AppError::NotFound);
    }
    session::set_flash(&session, MsgId("admin-notice-done"));
    Ok(redirect("/admin/staff"))
}
