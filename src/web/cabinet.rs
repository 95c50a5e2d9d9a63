//! The citizen's personal cabinet. For now: who you are; applications come with their issue.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::errors::AppError;
use super::page::{PageCtx, render};
use super::session::CurrentUser;
use crate::app::AppState;
use crate::domain::MsgId;
use crate::domain::iin::Sex;
use crate::repo::users::{self, User};

#[derive(Template)]
#[template(path = "cabinet/index.html")]
struct CabinetPage {
    ctx: PageCtx,
    user: User,
}

pub async fn index(
    ctx: PageCtx,
    CurrentUser(me): CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let user = state
        .db(move |conn| users::find(conn, me.id))
        .await?
        // The account is gone (deleted while signed in): treat as signed out.
        .ok_or(AppError::SignInRequired {
            next: "/cabinet".into(),
        })?;
    render(&CabinetPage { ctx, user })
}

impl CabinetPage {
    fn sex_message(&self) -> &'static str {
        let msg = match Sex::parse(&self.user.sex) {
            Some(Sex::Female) => MsgId("sex-female"),
            _ => MsgId("sex-male"),
        };
        msg.id()
    }
}
