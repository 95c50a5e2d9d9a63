//! Test helpers: a fresh PostgreSQL database per test, the real application on top of it, and
//! a small client that keeps cookies and reads CSRF tokens like a browser would.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap};
use actix_web::test::{self, TestRequest};
use actix_web::web::Data;
use diesel::prelude::*;
use egov_portal::app;
use egov_portal::config::Config;
use egov_portal::db::{self, DbPool};
use egov_portal::domain::catalog::Catalog;
use egov_portal::state::AppState;
use egov_portal::web::session_store::Store;

/// The server the tests create their databases on (its `postgres` database is used to
/// create and drop them).
fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A migrated database of its own, dropped when the test ends (also when it fails).
pub struct TestDb {
    pub url: String,
    name: String,
}

impl TestDb {
    pub fn new() -> TestDb {
        let admin = admin_url();
        let name = format!(
            "egov_test_{}_{:016x}",
            std::process::id(),
            rand::random::<u64>()
        );
        let server = admin
            .rsplit_once('/')
            .expect("TEST_DATABASE_URL has a path")
            .0;
        let url = format!("{server}/{name}");
        db::migrate(&url).unwrap_or_else(|e| panic!("cannot prepare test database: {e}"));
        TestDb { url, name }
    }

    pub fn conn(&self) -> PgConnection {
        PgConnection::establish(&self.url).expect("test database reachable")
    }

    /// Drops the database now, while the application may still hold connections to it.
    pub fn drop_now(&self) {
        let mut admin = PgConnection::establish(&admin_url()).expect("admin connection");
        diesel::sql_query(format!(
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
            self.name
        ))
        .execute(&mut admin)
        .expect("drop test database");
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = PgConnection::establish(&admin_url()) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ))
            .execute(&mut admin);
        }
    }
}

pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (a PDF is not text).
    pub bytes: Vec<u8>,
}

impl Response {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The value of the hidden `csrf_token` field of the first form on the page.
    pub fn csrf_token(&self) -> String {
        self.hidden("csrf_token")
    }

    /// The value of the first hidden input named `name`.
    pub fn hidden(&self, name: &str) -> String {
        let marker = format!(r#"name="{name}" value=""#);
        let start = self
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("page has {name}"))
            + marker.len();
        let end = self.body[start..].find('"').unwrap() + start;
        self.body[start..end].to_string()
    }

    pub fn has(&self, text: &str) -> bool {
        self.body.contains(text)
    }

    /// Whether the page shows `text` (a translated message), escaped as the templates escape it.
    pub fn shows(&self, text: &str) -> bool {
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#x27;");
        self.body.contains(&escaped)
    }

    pub fn to_lowercase_contains(&self, text: &str) -> bool {
        self.body.to_lowercase().contains(text)
    }
}

/// A browser in miniature: keeps cookies between requests, comes from one IP address.
pub struct Client<S> {
    service: S,
    cookies: BTreeMap<String, String>,
    pub peer: SocketAddr,
    pub accept_language: Option<String>,
    pub forwarded_for: Option<String>,
}

impl<S, B> Client<S>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    async fn send(&mut self, req: TestRequest) -> Response {
        let mut req = req.peer_addr(self.peer);
        if !self.cookies.is_empty() {
            let jar = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            req = req.insert_header((header::COOKIE, jar));
        }
        if let Some(forwarded) = &self.forwarded_for {
            req = req.insert_header(("x-forwarded-for", forwarded.clone()));
        }
        if let Some(lang) = &self.accept_language {
            req = req.insert_header((header::ACCEPT_LANGUAGE, lang.clone()));
        }
        let res = test::call_service(&self.service, req.to_request()).await;
        for cookie in res.response().cookies() {
            let expired =
                cookie.max_age().is_some_and(|age| age.is_zero()) || cookie.value().is_empty();
            if expired {
                self.cookies.remove(cookie.name());
            } else {
                self.cookies
                    .insert(cookie.name().to_string(), cookie.value().to_string());
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let body = test::read_body(res).await;
        Response {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
            bytes: body.to_vec(),
        }
    }

    /// Another tab of this browser: the same cookies, the same application, so that two
    /// requests can be in flight at once.
    pub fn tab(&self) -> Client<&S> {
        Client {
            service: &self.service,
            cookies: self.cookies.clone(),
            peer: self.peer,
            accept_language: self.accept_language.clone(),
            forwarded_for: self.forwarded_for.clone(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Response {
        self.send(TestRequest::get().uri(path)).await
    }

    /// POSTs exactly these fields (no CSRF token is added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.send(
            TestRequest::post()
                .uri(path)
                .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
                .set_payload(body),
        )
        .await
    }

    /// POSTs a body that is already `application/x-www-form-urlencoded` (any bytes it holds,
    /// even ones no text field could).
    pub async fn post_encoded(&mut self, path: &str, body: String) -> Response {
        self.send(
            TestRequest::post()
                .uri(path)
                .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
                .set_payload(body),
        )
        .await
    }

    /// Opens `form_page`, takes its CSRF token and POSTs the fields with it to `path`.
    pub async fn submit(
        &mut self,
        form_page: &str,
        path: &str,
        fields: &[(&str, &str)],
    ) -> Response {
        let token = self.get(form_page).await.csrf_token();
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// POSTs a `multipart/form-data` body: text fields, then files (field, file name, bytes).
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Response {
        let mut body: Vec<u8> = vec![];
        for (name, value) in fields {
            body.extend(multipart_part(name, None, value.as_bytes()));
        }
        for (name, file_name, bytes) in files {
            body.extend(multipart_part(name, Some(file_name), bytes));
        }
        body.extend(format!("--{MULTIPART_BOUNDARY}--\r\n").bytes());
        self.post_multipart_body(path, body).await
    }

    /// POSTs a hand-made `multipart/form-data` body (parts in any order, even unfinished),
    /// delimited by `MULTIPART_BOUNDARY`.
    pub async fn post_multipart_body(&mut self, path: &str, body: Vec<u8>) -> Response {
        self.send(
            TestRequest::post()
                .uri(path)
                .insert_header((
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={MULTIPART_BOUNDARY}"),
                ))
                .set_payload(body),
        )
        .await
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.into(), value.into());
    }

    pub async fn register(&mut self, citizen: &Citizen) -> Response {
        self.submit("/register", "/register", &citizen.form()).await
    }

    pub async fn sign_in(&mut self, iin: &str, password: &str) -> Response {
        self.submit("/login", "/login", &[("iin", iin), ("password", password)])
            .await
    }

    /// Signs a staff member in at `/admin/login` (password `STAFF_PASSWORD`).
    pub async fn sign_in_staff(&mut self, login: &str) -> Response {
        self.submit(
            "/admin/login",
            "/admin/login",
            &[("login", login), ("password", STAFF_PASSWORD)],
        )
        .await
    }
}

/// The password of every staff account the tests create.
pub const STAFF_PASSWORD: &str = "staff-pass-2026";

pub const MULTIPART_BOUNDARY: &str = "----egovtestboundary7MA4YWxkTrZu0gW";

/// One part of a `multipart/form-data` body: a text field, or a file when `file_name` is given.
pub fn multipart_part(name: &str, file_name: Option<&str>, bytes: &[u8]) -> Vec<u8> {
    let mut part = match file_name {
        None => format!(
            "--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
        ),
        Some(file_name) => format!(
            "--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; \
             filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        ),
    }
    .into_bytes();
    part.extend_from_slice(bytes);
    part.extend(b"\r\n");
    part
}

/// The application under test, on its own database.
pub struct TestApp {
    pub db: TestDb,
    pub pool: DbPool,
    pub catalog: Arc<Catalog>,
    /// The text messages the application sent.
    pub sms: Arc<MemoryGateway>,
}

impl TestApp {
    pub fn new() -> TestApp {
        let db = TestDb::new();
        let pool = db::pool(&db.url, 3).expect("pool");
        let catalog = Arc::new(egov_portal::catalog::embedded().expect("service files are valid"));
        egov_portal::repo::services::sync(&mut db.conn(), &catalog).expect("catalog written");
        let directory = egov_portal::organizations::embedded().expect("directory is valid");
        egov_portal::repo::organizations::sync(&mut db.conn(), &directory)
            .expect("directory written");
        TestApp {
            db,
            pool,
            catalog,
            sms: Arc::default(),
        }
    }

    pub async fn client(
        &self,
    ) -> Client<
        impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
    > {
        self.client_with(|_| {}).await
    }

    /// A client of an application whose settings `adjust` changed.
    pub async fn client_with(
        &self,
        adjust: impl FnOnce(&mut Config),
    ) -> Client<
        impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
    > {
        let mut config = Config::for_tests(&self.db.url);
        adjust(&mut config);
        let redis_url = config.redis_url.clone();
        let key = config.session_key.clone().unwrap();
        let state = Data::new(AppState::new(
            self.pool.clone(),
            self.catalog.clone(),
            config,
            self.sms.clone(),
        ));
        let sessions = Store::connect(redis_url.as_deref())
            .await
            .expect("session store");
        Client {
            service: test::init_service(app::build(state, key, sessions)).await,
            cookies: BTreeMap::new(),
            peer: "127.0.0.1:40000".parse().unwrap(),
            accept_language: None,
            forwarded_for: None,
        }
    }

    /// A staff account (its password is `STAFF_PASSWORD`); returns its id.
    pub fn add_staff(&self, organization: Option<&str>, role: &str, login: &str) -> i64 {
        egov_portal::staff_cli::add(
            &mut self.db.conn(),
            &egov_portal::staff_cli::AddStaff {
                organization,
                role,
                login,
                password: STAFF_PASSWORD,
                name: &format!("Қызметкер {login}"),
            },
        )
        .expect("staff added");
        egov_portal::repo::staff::find_by_login(&mut self.db.conn(), login)
            .unwrap()
            .unwrap()
            .id
            .0
    }

    pub fn count(&self, sql_table: &str) -> i64 {
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query(format!("SELECT count(*) AS n FROM {sql_table}"))
            .get_result::<Count>(&mut self.db.conn())
            .unwrap()
            .n
    }
}

/// A citizen with a valid IIN and everything the registration form asks.
#[derive(Clone)]
pub struct Citizen {
    pub iin: String,
    pub last_name: String,
    pub first_name: String,
    pub phone: String,
    pub password: String,
}

impl Citizen {
    /// A valid IIN for someone born on 15 April 1995, male; `serial` tells citizens apart
    /// (the next serial is taken when no check digit exists for this one).
    pub fn new(serial: u16) -> Citizen {
        let iin = (serial..)
            .find_map(|s| egov_portal::domain::iin::with_check_digit(&format!("9504153{s:04}")))
            .unwrap();
        Citizen {
            iin,
            last_name: "Сәрсенбаев".into(),
            first_name: "Нұрлан".into(),
            phone: "+7 701 234 56 78".into(),
            password: "жақсы-құпиясөз".into(),
        }
    }

    /// Stores this citizen directly (no HTTP, no password hashing), with an optional e-mail.
    pub fn insert(&self, conn: &mut PgConnection, email: &str) -> egov_portal::repo::users::User {
        use egov_portal::domain::registration::{RegistrationInput, validate};
        let input = RegistrationInput {
            iin: self.iin.clone(),
            last_name: self.last_name.clone(),
            first_name: self.first_name.clone(),
            phone: self.phone.clone(),
            email: email.into(),
            password: self.password.clone(),
            password_confirm: self.password.clone(),
            ..Default::default()
        };
        let citizen = validate(
            &input,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        )
        .expect("a valid test citizen");
        egov_portal::repo::users::create(conn, &citizen, "$argon2id$not-a-real-hash").unwrap()
    }

    pub fn form(&self) -> Vec<(&str, &str)> {
        vec![
            ("iin", &self.iin),
            ("last_name", &self.last_name),
            ("first_name", &self.first_name),
            ("middle_name", ""),
            ("phone", &self.phone),
            ("email", ""),
            ("password", &self.password),
            ("password_confirm", &self.password),
        ]
    }
}

/// A message in Kazakh, as the portal renders it (tests compare with the message, not with its
/// wording, so an editor's change does not break them).
pub fn kk(id: &str) -> String {
    egov_portal::i18n::t(egov_portal::i18n::Lang::Kk, id, &[])
}

/// A message in Russian, as the portal renders it.
pub fn ru(id: &str) -> String {
    egov_portal::i18n::t(egov_portal::i18n::Lang::Ru, id, &[])
}

/// A message with arguments, in either language.
pub fn msg(lang: egov_portal::i18n::Lang, id: &str, args: &[(&str, &str)]) -> String {
    egov_portal::i18n::t(lang, id, args)
}

/// A browser signed in at `/admin/login` as a new staff member with `role` in the organization
/// `organization` (its code); the login is `<role>.<code lowercased>`.
pub async fn staff_client(
    app: &TestApp,
    organization: &str,
    role: &str,
) -> Client<
    impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
> {
    let login = format!("{role}.{organization}").to_lowercase();
    app.add_staff(Some(organization), role, &login);
    let mut client = app.client().await;
    let signed_in = client.sign_in_staff(&login).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{login} signs in");
    client
}

/// A staff account made as `egov-portal staff add` makes it (`organization`: a code of
/// data/organizations.toml, none for the sysadmin), signed in at `/admin/login` in a browser
/// of its own.
pub async fn staff_client_as(
    app: &TestApp,
    role: &str,
    organization: Option<&str>,
    login: &str,
) -> Client<
    impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
> {
    egov_portal::staff_cli::add(
        &mut app.db.conn(),
        &egov_portal::staff_cli::AddStaff {
            organization,
            role,
            login,
            password: STAFF_PASSWORD,
            name: "Тестов Тест",
        },
    )
    .expect("staff account added");
    let mut client = app.client().await;
    let signed_in = client.sign_in_staff(login).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{login} signs in");
    client
}

/// An SMS gateway that keeps what it was asked to send, for the tests to read.
#[derive(Default)]
pub struct MemoryGateway(pub std::sync::Mutex<Vec<(String, String)>>);

impl egov_portal::sms::SmsGateway for MemoryGateway {
    fn send(&self, phone: &str, text: &str) -> anyhow::Result<()> {
        self.0.lock().unwrap().push((phone.into(), text.into()));
        Ok(())
    }
}

impl MemoryGateway {
    /// The six digits of the last message sent.
    pub fn last_code(&self) -> String {
        let messages = self.0.lock().unwrap();
        let text = &messages.last().expect("a message was sent").1;
        text.chars()
            .collect::<Vec<_>>()
            .windows(6)
            .map(|w| w.iter().collect::<String>())
            .find(|w| w.chars().all(|c| c.is_ascii_digit()))
            .expect("six digits in the message")
    }
}
