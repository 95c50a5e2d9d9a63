//! The world the security tests attack: a citizen's submitted application with its documents,
//! a signed result and a complaint with a file, the provider's head, and the attackers — another
//! citizen, the head of another organization, an operator, the sysadmin, a stranger. Plus what
//! the tests measure with: a fingerprint of every table, and whether a page leaks the owner's
//! data.

use std::collections::BTreeMap;

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::applications::{Fields, PDF, Uploads, answers, files, no_change, organization_for};
use crate::common::{Citizen, Client, Response, STAFF_PASSWORD, TestApp};
use crate::routes::{Body, Who, fill};

/// An organization other than the application's provider (a school; the application is for a
/// kindergarten).
pub const OTHER_ORG: &str = "SCH-ALMALY-1";
/// The owner's complaint: a text that appears nowhere else.
pub const COMPLAINT_TEXT: &str = "Құпия шағым 7731: жауап жоқ";

pub struct World<S> {
    /// The owner's application made online.
    pub number: String,
    /// The owner's application taken at the provider's counter (it has a receipt of
    /// acceptance).
    pub counter_number: String,
    pub document: i64,
    pub complaint: i64,
    pub owner_citizen: Citizen,
    /// The owner of the application, signed in.
    pub owner: Client<S>,
    /// Another citizen, signed in.
    pub intruder: Client<S>,
    /// The clerk of the application's provider.
    pub clerk: Client<S>,
    /// The head of the application's provider.
    pub head: Client<S>,
    /// The head of another organization.
    pub stranger_head: Client<S>,
    pub operator: Client<S>,
    pub sysadmin: Client<S>,
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

#[derive(QueryableByName)]
struct Code {
    #[diesel(sql_type = Text)]
    code: String,
}

/// Builds the world over HTTP, as its people would.
pub async fn world(
    app: &TestApp,
) -> World<
    impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
> {
    let owner_citizen = Citizen::new(401);
    let mut owner = app.client().await;
    assert_eq!(
        owner.register(&owner_citizen).await.status,
        StatusCode::SEE_OTHER
    );
    let number = apply_and_submit!(owner, app, owner_citizen, "00403002");
    let token = owner
        .get(&format!("/cabinet/applications/{number}"))
        .await
        .csrf_token();
    let complained = owner
        .post_multipart(
            &format!("/cabinet/applications/{number}/complaints"),
            &[("csrf_token", &token), ("text", COMPLAINT_TEXT)],
            &[("file", "a.pdf", PDF)],
        )
        .await;
    assert_eq!(
        complained.status,
        StatusCode::SEE_OTHER,
        "{}",
        complained.body
    );
    let mut conn = app.db.conn();
    let first_id = |conn: &mut PgConnection, table: &str| {
        diesel::sql_query(format!("SELECT id FROM {table} ORDER BY id LIMIT 1"))
            .get_result::<Id>(conn)
            .unwrap()
            .id
    };
    let document = first_id(&mut conn, "application_documents");
    let complaint = first_id(&mut conn, "complaints");
    let application = first_id(&mut conn, "applications");
    let provider = diesel::sql_query(
        "SELECT o.code FROM organizations o JOIN applications a ON a.organization_id = o.id",
    )
    .get_result::<Code>(&mut conn)
    .unwrap()
    .code;
    assert_ne!(provider, OTHER_ORG);

    let head_id = app.add_staff(Some(&provider), "head", "head.owner");
    app.add_staff(Some(&provider), "clerk", "clerk.owner");
    app.add_staff(Some(OTHER_ORG), "head", "head.stranger");
    app.add_staff(None, "operator", "operator.sec");
    app.add_staff(None, "sysadmin", "sysadmin.sec");

    // A signed result, so that the result's downloads have something to give.
    let organization: i64 = egov_portal::db::schema::organizations::table
        .filter(egov_portal::db::schema::organizations::code.eq(&provider))
        .select(egov_portal::db::schema::organizations::id)
        .first(&mut conn)
        .unwrap();
    egov_portal::repo::results::store(
        &mut conn,
        &egov_portal::config::Config::for_tests("x").result_key,
        egov_portal::repo::results::NewResult {
            application_id: application,
            document_number: "R-SEC-0001",
            kind: "result",
            lang: "kk",
            pdf: PDF.to_vec(),
            organization_id: organization,
            signed_by: head_id,
            signed_at: chrono::Utc::now(),
        },
    )
    .unwrap();

    let mut intruder = app.client().await;
    assert_eq!(
        intruder.register(&Citizen::new(402)).await.status,
        StatusCode::SEE_OTHER
    );
    let mut staff = vec![];
    for login in [
        "clerk.owner",
        "head.owner",
        "head.stranger",
        "operator.sec",
        "sysadmin.sec",
    ] {
        let mut client = app.client().await;
        let signed_in = client.sign_in_staff(login).await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{login}");
        staff.push(client);
    }
    let [mut clerk, head, stranger_head, operator, sysadmin]: [_; 5] =
        staff.try_into().ok().unwrap();
    let counter_number = take_at_the_counter(&mut clerk, &owner_citizen.iin).await;
    World {
        number,
        counter_number,
        document,
        complaint,
        owner_citizen,
        owner,
        intruder,
        clerk,
        head,
        stranger_head,
        operator,
        sysadmin,
    }
}

/// The counter intake at `intake` (`/admin/…` or `/operator/…`) for the citizen with `iin`,
/// up to the documents page of `service`; `person` is the person form, for someone without an
/// account or record (empty otherwise).
pub async fn documents_page<S, B>(
    client: &mut Client<S>,
    intake: &str,
    iin: &str,
    person: &[(&str, &str)],
    service: &str,
) -> Response
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut page = client.get(intake).await;
    let mut stages = vec![vec![("stage", "find"), ("iin", iin)]];
    if !person.is_empty() {
        let mut fields = vec![("stage", "person"), ("iin", iin)];
        fields.extend_from_slice(person);
        stages.push(fields);
    }
    stages.push(vec![
        ("stage", "service"),
        ("iin", iin),
        ("service", service),
    ]);
    for stage in stages {
        let token = page.csrf_token();
        let mut fields = vec![("csrf_token", token.as_str())];
        fields.extend(stage);
        page = client.post_multipart(intake, &fields, &[]).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    }
    page
}

/// Everything of a documents page (as `documents_page` returns it) a complete package sends:
/// the token, the stage, every document ticked, the first provider offered and the consent
/// (at the State Corporation); and the name of the first scan input.
pub fn complete_package(
    page: &Response,
    iin: &str,
    service: &str,
) -> (Vec<(String, String)>, String) {
    let names = |pattern: &str| -> Vec<String> {
        regex::Regex::new(pattern)
            .unwrap()
            .captures_iter(&page.body)
            .map(|c| c[1].to_string())
            .collect()
    };
    let mut fields = vec![
        ("csrf_token".to_string(), page.csrf_token()),
        ("stage".into(), "package".into()),
        ("iin".into(), iin.into()),
        ("service".into(), service.into()),
        ("idempotency_key".into(), page.hidden("idempotency_key")),
    ];
    let ticks: std::collections::BTreeSet<String> =
        names(r#"name="(doc_[^"]+)""#).into_iter().collect();
    assert!(!ticks.is_empty(), "the documents page lists documents");
    fields.extend(ticks.into_iter().map(|t| (t, "on".to_string())));
    if page.has(r#"name="provider""#) {
        let provider = names(r#"<option value="([^"]+)""#);
        fields.push(("provider".into(), provider[0].clone()));
        fields.push(("consent".into(), "on".into()));
    }
    let scan = names(r#"name="(scan_[^"]+)""#)
        .into_iter()
        .next()
        .expect("the documents page takes scans");
    (fields, scan)
}

/// A service a kindergarten takes at its counter.
const COUNTER_SERVICE: &str = "EDU-TEACHER-COMPETITION";

/// The clerk takes a complete paper package for the citizen with `iin`; its number.
async fn take_at_the_counter<S, B>(clerk: &mut Client<S>, iin: &str) -> String
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let intake = "/admin/applications/new";
    let page = documents_page(clerk, intake, iin, &[], COUNTER_SERVICE).await;
    let (fields, _) = complete_package(&page, iin, COUNTER_SERVICE);
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let taken = clerk.post_multipart(intake, &fields, &[]).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);
    taken
        .location()
        .strip_prefix("/admin/applications/")
        .expect("redirected to the application")
        .to_string()
}

impl<S> World<S> {
    /// A route's path with the world's records in its parameters (the counter's application
    /// for the counter's receipt, the online one elsewhere).
    pub fn path(&self, path: &str) -> String {
        fill(path, |name| match name {
            "code" => "00403002".into(),
            "number" if path == "/admin/applications/{number}/receipt" => {
                self.counter_number.clone()
            }
            "number" => self.number.clone(),
            "id" if path.contains("/complaints/") => self.complaint.to_string(),
            "id" => self.document.to_string(),
            "lang" => "ru".into(),
            _ => "app.css".into(),
        })
    }

    /// Whether `res` shows anything of the owner's: the application number, the IIN, the
    /// complaint. The language switch links back to the page asked for, so they are left out.
    pub fn leaks(&self, res: &Response) -> bool {
        let lang_links = regex::Regex::new(r#"href="/lang/[^"]*""#).unwrap();
        let body = lang_links.replace_all(&res.body, "");
        body.contains(&self.number)
            || body.contains(&self.counter_number)
            || body.contains(&self.owner_citizen.iin)
            || body.contains(COMPLAINT_TEXT)
    }
}

/// The fields a POST to `path` would need to succeed (with the right token): so that a refusal
/// is the token's doing, not the fields'.
pub fn fields_for(app: &TestApp, path: &str, number: &str) -> Vec<(&'static str, String)> {
    let owner = Citizen::new(401);
    let v = |s: &str| s.to_string();
    match path {
        "/register" => Citizen::new(499)
            .form()
            .into_iter()
            .map(|(k, val)| (static_name(k), v(val)))
            .collect(),
        "/login" => vec![("iin", owner.iin.clone()), ("password", owner.password)],
        "/admin/login" => vec![("login", v("head.owner")), ("password", v(STAFF_PASSWORD))],
        "/verify" => vec![("number", v("R-SEC-0001")), ("code", v("WRONGCODE1"))],
        "/services/{code}/apply" => vec![
            ("idempotency_key", v("abcdefghijklmnopqrstu")),
            ("action", v("draft")),
        ],
        "/cabinet/profile" => vec![("phone", v("+77021112233")), ("email", v(""))],
        "/cabinet/profile/password" => vec![
            ("current_password", owner.password.clone()),
            ("new_password", v("жаңа-құпиясөз-9")),
            ("new_password_confirm", v("жаңа-құпиясөз-9")),
        ],
        "/cabinet/applications/{number}/submit" => {
            vec![("consent", v("on")), ("password", owner.password)]
        }
        "/cabinet/applications/{number}/complaints" => vec![("text", v("Екінші шағым"))],
        "/admin/applications/new" | "/operator/applications/new" => {
            vec![("stage", v("find")), ("iin", owner.iin)]
        }
        "/admin/applications/{number}/actions" => vec![
            ("version", version_of(app, number).to_string()),
            ("action", v("register")),
        ],
        "/admin/staff" => vec![("staff", v("1")), ("absent", v("true"))],
        "/admin/calendar" => vec![
            ("action", v("add")),
            ("date", v("2027-12-29")),
            ("kind", v("holiday")),
            ("name_kk", v("Мереке")),
            ("name_ru", v("Праздник")),
        ],
        "/admin/complaints/{id}/answer" => vec![
            ("version", complaint_version(app).to_string()),
            ("answer", v("Жауап берілді")),
        ],
        _ => vec![],
    }
}

/// The registration form's field names, as the `'static` names the other forms use.
fn static_name(name: &str) -> &'static str {
    [
        "iin",
        "last_name",
        "first_name",
        "middle_name",
        "phone",
        "email",
        "password",
        "password_confirm",
    ]
    .into_iter()
    .find(|n| *n == name)
    .expect("a registration field")
}

/// The file a multipart POST to `path` carries, if any.
pub fn file_for(path: &str) -> Option<(&'static str, &'static str, &'static [u8])> {
    match path {
        "/services/{code}/apply" => Some(("vaccination_card", "a.pdf", PDF)),
        "/cabinet/applications/{number}/complaints" => Some(("file", "a.pdf", PDF)),
        "/verify" => Some(("document", "r.pdf", PDF)),
        _ => None,
    }
}

/// Sends a route's request: a GET, or a POST of `fields` (with `token` first when given) in the
/// route's body kind.
pub async fn send<S, B>(
    client: &mut Client<S>,
    method: &str,
    target: &str,
    body: Body,
    token: Option<&str>,
    fields: &[(&'static str, String)],
    file: Option<(&str, &str, &[u8])>,
) -> Response
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    if method == "GET" {
        return client.get(target).await;
    }
    let mut all: Vec<(&str, &str)> = token.map(|t| ("csrf_token", t)).into_iter().collect();
    all.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
    match body {
        Body::Multipart => {
            let files: Vec<(&str, &str, &[u8])> = file.into_iter().collect();
            client.post_multipart(target, &all, &files).await
        }
        _ => client.post_raw(target, &all).await,
    }
}

/// The client of the world that plays `who` (a fresh browser for anyone).
pub fn client_of<S>(world: &mut World<S>, who: Who) -> &mut Client<S> {
    match who {
        Who::Anyone => unreachable!("anyone gets a fresh browser"),
        Who::Citizen => &mut world.owner,
        Who::Clerk => &mut world.clerk,
        Who::Head => &mut world.head,
        Who::Operator => &mut world.operator,
        Who::Sysadmin => &mut world.sysadmin,
    }
}

/// Every table's row count and a digest of its rows: equal fingerprints mean nothing was
/// written, updated or deleted anywhere.
pub fn fingerprint(app: &TestApp) -> BTreeMap<String, String> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = Text)]
        table_name: String,
    }
    #[derive(QueryableByName)]
    struct Digest {
        #[diesel(sql_type = Text)]
        digest: String,
    }
    let mut conn = app.db.conn();
    let tables = diesel::sql_query(
        "SELECT table_name::text AS table_name FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .load::<Name>(&mut conn)
    .unwrap();
    assert!(tables.len() > 10, "the schema's tables are found");
    tables
        .into_iter()
        .map(|t| {
            let digest = diesel::sql_query(format!(
                "SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' \
                 ORDER BY t::text)), '') AS digest FROM \"{}\" t",
                t.table_name
            ))
            .get_result::<Digest>(&mut conn)
            .unwrap()
            .digest;
            (t.table_name, digest)
        })
        .collect()
}

/// The tables whose fingerprints differ.
pub fn changed(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> Vec<String> {
    before
        .iter()
        .filter(|(table, digest)| after.get(*table) != Some(*digest))
        .map(|(table, _)| table.clone())
        .collect()
}

pub fn version_of(app: &TestApp, number: &str) -> i32 {
    use egov_portal::db::schema::applications;
    applications::table
        .filter(applications::number.eq(number))
        .select(applications::version)
        .first(&mut app.db.conn())
        .unwrap()
}

pub fn status_of(app: &TestApp, number: &str) -> String {
    use egov_portal::db::schema::applications;
    applications::table
        .filter(applications::number.eq(number))
        .select(applications::status)
        .first(&mut app.db.conn())
        .unwrap()
}

fn complaint_version(app: &TestApp) -> i32 {
    use egov_portal::db::schema::complaints;
    complaints::table
        .select(complaints::version)
        .order(complaints::id)
        .first(&mut app.db.conn())
        .unwrap()
}
