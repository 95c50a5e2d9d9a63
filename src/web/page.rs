//! What every page needs (language, signed-in user, CSRF token, where we are) and the helpers
//! that turn a template or a form into a response.

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use std::borrow::Cow;
use std::future::{Ready, ready};

use super::errors::AppError;
use super::session::{self, SessionStaff, SessionUser};
use crate::domain::{FieldErrors, MsgId};
use crate::i18n::{self, Lang};

pub const LANG_COOKIE: &str = "lang";

/// The page context: passed to every template as `ctx`; `base.html` reads it.
pub struct PageCtx {
    pub lang: Lang,
    pub user: Option<SessionUser>,
    /// The signed-in staff member, on a staff session.
    pub staff: Option<SessionStaff>,
    pub csrf_token: String,
    /// Path and query of this request, so the language switch can come back here.
    pub here: String,
    /// Unread notifications of the signed-in citizen or staff member (shown in the header).
    pub unread: i64,
    session: Session,
    /// The session check this page reads with its own query (`confirm_session`).
    folded: Option<session::FoldedCheck>,
}

impl PageCtx {
    pub fn for_request(req: &HttpRequest) -> PageCtx {
        let lang = request_lang(req);
        let session = req.get_session();
        PageCtx {
            lang,
            user: session::user(&session),
            staff: session::staff(&session),
            csrf_token: session::csrf_token(&session),
            here: req
                .uri()
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_string(),
            unread: 0,
            session,
            folded: None,
        }
    }

    /// For a page that reads the session check with its own query (`web::FOLDED_CHECK_PAGES`):
    /// the account's session generation and unread notifications as that query read them
    /// (`None`: the account is gone or disabled). A stale session is ended and the reader sent
    /// to sign in again. Elsewhere the middleware has checked already and this does nothing.
    pub fn confirm_session(&mut self, found: Option<(i32, i64)>) -> Result<(), AppError> {
        let Some(check) = self.folded.take() else {
            return Ok(());
        };
        if check.confirm(&self.session, found.map(|(generation, _)| generation)) {
            self.unread = found.map_or(0, |(_, unread)| unread);
            return Ok(());
        }
        let next = self.here.clone();
        Err(if self.staff.take().is_some() {
            AppError::StaffSignInRequired { next }
        } else {
            self.user = None;
            AppError::SignInRequired { next }
        })
    }

    /// The one-time notice left by an earlier request ("you have signed out"), consumed only
    /// when a page actually shows it, not by a request that redirects.
    pub fn take_flash(&self) -> Option<String> {
        session::take_flash(&self.session)
    }

    /// The URL of a static file, versioned by its content.
    pub fn asset(&self, name: &str) -> String {
        format!("/static/{name}?v={}", *super::public::ASSET_VERSION)
    }

    pub fn is_lang(&self, code: &str) -> bool {
        self.lang.code() == code
    }

    /// Whether the signed-in staff member has this role (`clerk`, `head`, `sysadmin`, …).
    pub fn staff_is(&self, role: &str) -> bool {
        self.staff.as_ref().is_some_and(|s| s.role == role)
    }

    /// Whether the signed-in staff member reads the monitoring figures.
    pub fn staff_sees_monitoring(&self) -> bool {
        self.staff.as_ref().is_some_and(|s| {
            crate::domain::actor::StaffRole::parse(&s.role).is_some_and(|r| r.sees_monitoring())
        })
    }

    /// The one of a Kazakh/Russian pair of columns in the page's language.
    pub fn pick<'a>(&self, kk: &'a str, ru: &'a str) -> &'a str {
        match self.lang {
            Lang::Kk => kk,
            Lang::Ru => ru,
        }
    }

    /// A catalog text in the page's language.
    pub fn tr<'a>(&self, text: &'a crate::domain::catalog::Text) -> &'a str {
        text.get(self.lang)
    }

    /// A message without arguments as templates write it: already escaped (`i18n::Html`).
    pub fn t(&self, id: &str) -> i18n::Html {
        i18n::html(self.lang, id)
    }

    /// A message without arguments as text (borrowed: code that keeps it owns it).
    pub fn text(&self, id: &str) -> Cow<'static, str> {
        i18n::text(self.lang, id)
    }

    pub fn t1(&self, id: &str, name: &str, value: &str) -> String {
        i18n::t(self.lang, id, &[(name, value)])
    }

    pub fn t_count(&self, id: &str, name: &str, count: i64) -> String {
        i18n::t_count(self.lang, id, name, count)
    }

    /// Where a fact comes from, in the page's language, marked when it is not in the seed.
    pub fn source(&self, source: &crate::domain::catalog::Source) -> String {
        use crate::domain::catalog::SourceKind;
        let text = self.tr(&source.text()).to_string();
        match source.kind {
            SourceKind::Seed => text,
            SourceKind::TakenFrom => self.t1("source-taken-from", "source", &text),
            SourceKind::Assumed => self.t1("source-assumed", "why", &text),
        }
    }

    /// A file size for people: "850 байт", "12,4 КБ", "3,1 МБ" (never "0 КБ" for a small file).
    pub fn file_size(&self, bytes: i64) -> String {
        let (id, value) = if bytes < 1024 {
            ("size-bytes", bytes.to_string())
        } else if bytes < 1024 * 1024 {
            ("size-kilobytes", one_decimal(bytes as f64 / 1024.0))
        } else {
            (
                "size-megabytes",
                one_decimal(bytes as f64 / (1024.0 * 1024.0)),
            )
        };
        self.t1(id, "n", &value)
    }

    /// Working time as hours and minutes: "3 сағ 20 мин", "3 ч 20 мин".
    pub fn working_time(&self, delta: chrono::TimeDelta) -> String {
        let minutes = delta.num_minutes().max(0);
        i18n::t(
            self.lang,
            "working-time",
            &[
                ("hours", &(minutes / 60).to_string()),
                ("minutes", &(minutes % 60).to_string()),
            ],
        )
    }

    /// A time limit in words: "15 минут", "3 сағат", "19 календарных дней".
    pub fn duration(&self, d: &crate::domain::catalog::Duration) -> String {
        use crate::domain::catalog::DurationUnit;
        let id = match (d.amount, d.unit) {
            (0, _) => return self.text("duration-none").into_owned(),
            (_, DurationUnit::Minutes) => MsgId("duration-minutes"),
            (_, DurationUnit::Hours) => MsgId("duration-hours"),
            (_, DurationUnit::WorkingDays) => MsgId("duration-working-days"),
            (_, DurationUnit::CalendarDays) => MsgId("duration-calendar-days"),
        };
        self.t_count(id.id(), "n", i64::from(d.amount))
    }

    /// An instant as Kazakhstan's local date and time: "2026 жылғы 23 қараша, 10:15".
    pub fn date_time(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        use chrono::Timelike;
        let local = crate::domain::calendar::local(*at);
        format!(
            "{}, {:02}:{:02}",
            i18n::format_date(self.lang, local.date()),
            local.hour(),
            local.minute()
        )
    }

    /// "Ер" / "Әйел", "Мужской" / "Женский" for the stored sex.
    pub fn sex(&self, sex: &str) -> String {
        let msg = match crate::domain::iin::Sex::parse(sex) {
            Some(crate::domain::iin::Sex::Female) => MsgId("sex-female"),
            _ => MsgId("sex-male"),
        };
        self.text(msg.id()).into_owned()
    }

    pub fn date(&self, date: &NaiveDate) -> String {
        i18n::format_date(self.lang, *date)
    }

    /// The link that switches to `code` and returns to this page.
    pub fn lang_href(&self, code: &str) -> String {
        format!("/lang/{code}?next={}", encode_path_param(&self.here))
    }
}

/// "12,4": one decimal with a comma, as both languages write it.
fn one_decimal(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

pub fn request_lang(req: &HttpRequest) -> Lang {
    let cookie = req.cookie(LANG_COOKIE);
    let accept = req
        .headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Lang::negotiate(cookie.as_ref().map(|c| c.value()), accept)
}

impl FromRequest for PageCtx {
    type Error = actix_web::Error;
    type Future = Ready<Result<PageCtx, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let mut ctx = PageCtx::for_request(req);
        // Read by the session check (`session::idle_timeout`) in the same query as the
        // account's session generation; none for anyone not signed in.
        let extensions = req.extensions();
        ctx.unread = extensions
            .get::<session::Unread>()
            .map_or(0, |unread| unread.0);
        ctx.folded = extensions.get::<session::FoldedCheck>().cloned();
        drop(extensions);
        ready(Ok(ctx))
    }
}

pub fn render(template: &impl Template) -> Result<HttpResponse, AppError> {
    render_with_status(StatusCode::OK, template)
}

thread_local! {
    /// The buffer this worker thread renders pages into, kept from page to page: a page is
    /// written without the buffer growing (and its text being copied) under it, then copied
    /// out once at its own size.
    static PAGE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// A buffer grown past this by an unusually long page is not kept.
const PAGE_BUFFER_KEPT: usize = 1024 * 1024;

pub fn render_with_status<T: Template>(
    status: StatusCode,
    template: &T,
) -> Result<HttpResponse, AppError> {
    let body = PAGE.with_borrow_mut(|page| {
        page.clear();
        let rendered = template
            .render_into(page)
            .map(|()| actix_web::web::Bytes::copy_from_slice(page.as_bytes()));
        if page.capacity() > PAGE_BUFFER_KEPT {
            *page = String::new();
        }
        rendered
    })?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

pub fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, to.to_string()))
        .finish()
}

/// Percent-encodes a path for use as a query value, leaving `/` readable
/// (`/login?next=/cabinet`, not `next=%2Fcabinet`).
pub fn encode_path_param(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A local path to come back to after a redirect, or `None` for anything that could lead off
/// the portal (`//evil.example`, `https://…`, `/\evil`, control characters).
pub fn safe_next(next: &str) -> Option<&str> {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    local.then_some(next)
}

/// Builds a form's inputs in one language, each with its error from one validation.
pub struct FormFields<'a> {
    lang: Lang,
    errors: &'a FieldErrors,
}

impl<'a> FormFields<'a> {
    pub fn new(lang: Lang, errors: &'a FieldErrors) -> Self {
        FormFields { lang, errors }
    }

    /// A required text input named `name`, showing `value`.
    pub fn field(&self, name: &'static str, label: MsgId, value: &str) -> FieldView {
        FieldView {
            lang: self.lang,
            name,
            label: i18n::t(self.lang, label.id(), &[]),
            hint: None,
            error: self.errors.find(name).map(|e| {
                let args: Vec<(&str, &str)> =
                    e.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                i18n::t(self.lang, e.message.id(), &args)
            }),
            input_type: "text",
            value: value.to_string(),
            autocomplete: "off",
            inputmode: None,
            maxlength: None,
            required: true,
        }
    }
}

/// One input of a form, with its text already in the page's language.
pub struct FieldView {
    lang: Lang,
    pub name: &'static str,
    pub label: String,
    pub hint: Option<String>,
    pub error: Option<String>,
    pub input_type: &'static str,
    pub value: String,
    pub autocomplete: &'static str,
    pub inputmode: Option<&'static str>,
    pub maxlength: Option<usize>,
    pub required: bool,
}

impl FieldView {
    pub fn hint(mut self, hint: MsgId) -> Self {
        self.hint = Some(i18n::t(self.lang, hint.id(), &[]));
        self
    }

    pub fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    /// A password input: its value is never sent back to the browser.
    pub fn password(mut self, autocomplete: &'static str) -> Self {
        self.input_type = "password";
        self.value.clear();
        self.autocomplete = autocomplete;
        self
    }

    pub fn kind(mut self, input_type: &'static str, autocomplete: &'static str) -> Self {
        self.input_type = input_type;
        self.autocomplete = autocomplete;
        self
    }

    pub fn digits(mut self, maxlength: usize) -> Self {
        self.inputmode = Some("numeric");
        self.maxlength = Some(maxlength);
        self
    }

    pub fn max(mut self, maxlength: usize) -> Self {
        self.maxlength = Some(maxlength);
        self
    }
}

/// The errors of a form's fields, in form order, for the summary at the top of the page.
pub fn error_summary(fields: &[FieldView]) -> Vec<(&'static str, String)> {
    fields
        .iter()
        .filter_map(|f| f.error.clone().map(|e| (f.name, e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{encode_path_param, safe_next};

    #[test]
    fn next_paths_stay_readable_but_cannot_break_the_query() {
        assert_eq!(encode_path_param("/cabinet"), "/cabinet");
        assert_eq!(
            encode_path_param("/services?q=a b&x=1#f"),
            "/services%3Fq%3Da%20b%26x%3D1%23f"
        );
        assert_eq!(
            encode_path_param("/іздеу"),
            "/%D1%96%D0%B7%D0%B4%D0%B5%D1%83"
        );
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next("/cabinet"), Some("/cabinet"));
        assert_eq!(safe_next("/services?q=a"), Some("/services?q=a"));
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "evil",
            "",
            "/a\nb",
            "/\\/x",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }
}
