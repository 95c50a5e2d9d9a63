//! `GET /operator`: the State Corporation operator's desk — take a new paper application, the
//! packages waiting to be sent to the provider, and the results back from the providers waiting
//! to be handed out, each flagged when the provider returned it later than the law allows (one
//! day before the deadline, seed 004).

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use super::StaffMember;
use crate::domain::actor::StaffRole;
use crate::domain::calendar::Standing;
use crate::domain::workflow::returned_late;
use crate::repo::applications::front_office::{self, DeskRow};
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::page::{PageCtx, render};
use crate::web::views::{expected_label, service_name, standing_label};

pub struct DeskItem {
    pub number: String,
    pub service: String,
    pub applicant: String,
    pub due: String,
    pub standing: String,
    pub overdue: bool,
    pub deadline: String,
    /// When it came back from the provider, and whether that was too late.
    pub returned: Option<String>,
    pub returned_late: bool,
}

/// One list of the desk: its heading's id and message, an optional rule, its applications.
pub struct DeskList {
    pub id: &'static str,
    pub title: &'static str,
    pub rule: Option<&'static str>,
    pub items: Vec<DeskItem>,
}

#[derive(Template)]
#[template(path = "admin/front_office.html")]
struct DeskPage {
    ctx: PageCtx,
    lists: Vec<DeskList>,
    at_providers: i64,
}

pub async fn show(
    ctx: PageCtx,
    me: StaffMember,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    me.require(&[StaffRole::Operator])?;
    let hours = state.config.working_hours;
    let (desk, calendar) = state
        .db(move |conn| {
            Ok((
                front_office::desk(conn, me.0)?,
                crate::repo::calendar::load(conn, hours)?,
            ))
        })
        .await?;
    let now = Utc::now();
    let item = |r: DeskRow| {
        let due = r.step_due.unwrap_or(now);
        let standing = calendar.standing(now, due);
        DeskItem {
            service: service_name(&ctx, &state.catalog, &r.service_code),
            applicant: format!("{} {}", r.last_name, r.first_name),
            due: ctx.date_time(&due),
            overdue: matches!(standing, Standing::Overdue(_)),
            standing: standing_label(&ctx, standing),
            deadline: expected_label(&ctx, r.expected_at),
            returned: r.returned_at.map(|t| ctx.date_time(&t)),
            returned_late: r
                .returned_at
                .is_some_and(|t| returned_late(t, r.expected_at)),
            number: r.number,
        }
    };
    let lists = vec![
        DeskList {
            id: "hand-out",
            title: "front-office-hand-out-title",
            rule: Some("front-office-late-rule"),
            items: desk.to_hand_out.into_iter().map(item).collect(),
        },
        DeskList {
            id: "to-send",
            title: "front-office-to-send-title",
            rule: None,
            items: desk.to_send.into_iter().map(item).collect(),
        },
    ];
    render(&DeskPage {
        lists,
        at_providers: desk.at_providers,
        ctx,
    })
}
