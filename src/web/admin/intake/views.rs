//! The intake's first pages: the IIN, the person form, the choice of service; and the person
//! as every step after the first shows them.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use super::Counter;
use crate::domain::iin::Iin;
use crate::domain::intake::{Desk, PersonInput};
use crate::domain::registration::NAME_MAX_CHARS;
use crate::domain::{FieldErrors, MsgId};
use crate::repo::users::User;
use crate::state::AppState;
use crate::web::errors::AppError;
use crate::web::page::{FieldView, FormFields, PageCtx, error_summary, render_with_status};

/// The person the application is for, as every step after the first shows them.
pub(super) struct PersonView {
    pub(super) iin: String,
    pub(super) full_name: String,
    pub(super) birth_date: String,
    pub(super) sex: String,
    pub(super) phone: String,
    pub(super) has_account: bool,
}

impl PersonView {
    pub(super) fn new(ctx: &PageCtx, user: &User) -> PersonView {
        PersonView {
            iin: user.iin.clone(),
            full_name: user.full_name(),
            birth_date: ctx.date(&user.birth_date),
            sex: ctx.sex(&user.sex),
            phone: user.phone.clone(),
            has_account: user.password_hash.is_some(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/intake_find.html")]
struct FindPage {
    ctx: PageCtx,
    form_path: &'static str,
    fields: Vec<FieldView>,
    errors: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "admin/intake_person.html")]
struct PersonPage {
    ctx: PageCtx,
    form_path: &'static str,
    iin: String,
    birth_date: String,
    sex: String,
    fields: Vec<FieldView>,
    errors: Vec<(&'static str, String)>,
}

struct ServiceOption {
    code: String,
    name: String,
}

#[derive(Template)]
#[template(path = "admin/intake_service.html")]
struct ServicePage {
    ctx: PageCtx,
    form_path: &'static str,
    person: PersonView,
    services: Vec<ServiceOption>,
    error: Option<String>,
    errors: Vec<(String, String)>,
}

pub(super) fn find_page(
    ctx: PageCtx,
    desk: Desk,
    iin: &str,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let f = FormFields::new(ctx.lang, errors);
    let fields = vec![
        f.field("iin", MsgId("field-iin"), iin)
            .hint(MsgId("intake-iin-hint"))
            .digits(12),
    ];
    let errors = error_summary(&fields);
    render_with_status(
        status,
        &FindPage {
            ctx,
            form_path: desk.form_path(),
            fields,
            errors,
        },
    )
}

pub(super) fn person_page(
    ctx: PageCtx,
    desk: Desk,
    input: &PersonInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let iin = Iin::parse(&input.iin).map_err(|_| AppError::BadRequest)?;
    let f = FormFields::new(ctx.lang, errors);
    let fields = vec![
        f.field("last_name", MsgId("field-last-name"), &input.last_name)
            .max(NAME_MAX_CHARS),
        f.field("first_name", MsgId("field-first-name"), &input.first_name)
            .max(NAME_MAX_CHARS),
        f.field(
            "middle_name",
            MsgId("field-middle-name"),
            &input.middle_name,
        )
        .max(NAME_MAX_CHARS)
        .optional(),
        f.field("phone", MsgId("field-phone"), &input.phone)
            .kind("tel", "off")
            .hint(MsgId("intake-phone-hint"))
            .max(20),
    ];
    let errors = error_summary(&fields);
    render_with_status(
        status,
        &PersonPage {
            form_path: desk.form_path(),
            birth_date: ctx.date(&iin.birth_date()),
            sex: ctx.sex(iin.sex().as_str()),
            iin: iin.as_str().to_string(),
            ctx,
            fields,
            errors,
        },
    )
}

pub(super) fn service_page(
    ctx: PageCtx,
    state: &AppState,
    counter: &Counter,
    user: &User,
    error: Option<MsgId>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let services = counter
        .services(&state.catalog)
        .into_iter()
        .map(|s| ServiceOption {
            code: s.code.clone(),
            name: ctx.tr(&s.name).to_string(),
        })
        .collect();
    let error = error.map(|m| ctx.text(m.id()).into_owned());
    // The summary links to the first choice, which takes the focus.
    let errors = error
        .iter()
        .map(|e| ("service-1".to_string(), e.clone()))
        .collect();
    render_with_status(
        status,
        &ServicePage {
            form_path: counter.desk().form_path(),
            person: PersonView::new(&ctx, user),
            services,
            error,
            errors,
            ctx,
        },
    )
}
