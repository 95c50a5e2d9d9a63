//! Hostile text in every free-text field: markup is shown escaped wherever it is shown, to the
//! citizen and to staff; SQL-looking text is data — stored as typed, matching nothing extra,
//! breaking nothing.

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use diesel::prelude::*;
use egov_portal::db::schema::{applications, complaints, organizations, users};

use crate::applications::{Fields, Uploads, answers, files, organization_for};
use crate::common::{Citizen, Client, Response, TestApp, staff_client, staff_client_as};
use crate::security_world::{version_of, world};

/// Markup that runs if a page prints it raw: a script, and an attribute break-out.
const XSS: &str = r#"<script>alert("x")</script>"'><img src=x onerror=alert(1)>"#;
const SQL: [&str; 2] = ["' OR 1=1 --", "'; DROP TABLE applications; --"];

/// The page never prints the payload raw.
fn not_raw(res: &Response, page: &str) {
    assert!(
        !res.has("<script>alert(") && !res.has("<img src=x"),
        "{page} prints the payload raw"
    );
}

/// `text` as the templates escape it (askama writes numeric entities).
fn html_escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// The page shows the whole payload, escaped, and never raw.
fn escaped(res: &Response, page: &str) {
    not_raw(res, page);
    assert!(
        res.has(&html_escaped(XSS)),
        "{page} shows the payload escaped: {}",
        res.body
    );
}

fn set(fields: &mut Fields, name: &str, value: &str) {
    fields.iter_mut().find(|(k, _)| k == name).unwrap().1 = value.into();
}

/// Applies for school enrolment with `previous_school` (its free-text field) set to `text`,
/// checks the review page with `check`, and submits; the application number.
async fn apply_with<S, B>(
    app: &TestApp,
    browser: &mut Client<S>,
    citizen: &Citizen,
    tweak: fn(&mut Fields, &mut Uploads),
    check: impl Fn(&Response),
) -> String
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let (res, _) = apply_form!(browser, app, "EDU-SCHOOL-ENROLMENT", "continue", tweak);
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let review = browser.get(res.location()).await;
    check(&review);
    let number = res.location().split('/').nth(3).unwrap().to_string();
    let submit = browser
        .post_raw(
            &format!("/cabinet/applications/{number}/submit"),
            &[
                ("csrf_token", &review.csrf_token()),
                ("consent", "on"),
                ("password", &citizen.password),
            ],
        )
        .await;
    assert_eq!(submit.status, StatusCode::SEE_OTHER, "{}", submit.body);
    number
}

fn provider_of(app: &TestApp, number: &str) -> String {
    applications::table
        .inner_join(organizations::table)
        .filter(applications::number.eq(number))
        .select(organizations::code)
        .first(&mut app.db.conn())
        .unwrap()
}

/// Text a citizen types — a form's free-text answer, a complaint, the profile, the registration
/// form — and the head's answer to the complaint, all holding a script and an attribute
/// break-out: the review, the receipt, the application page, the notifications, the head's
/// application and complaint pages show it escaped, never raw; forms that refuse it show it
/// back escaped.
#[actix_web::test]
async fn text_a_citizen_or_a_head_types_is_shown_escaped_on_every_page() {
    let app = TestApp::new();
    let citizen = Citizen::new(501);
    let mut browser = app.client().await;

    // The registration form refuses a name with markup, and shows it back escaped.
    let mut hostile = citizen.clone();
    hostile.last_name = XSS.into();
    let refused = browser.register(&hostile).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    escaped(&refused, "/register");
    assert_eq!(app.count("users"), 0);
    assert_eq!(
        browser.register(&citizen).await.status,
        StatusCode::SEE_OTHER
    );

    let number = apply_with(
        &app,
        &mut browser,
        &citizen,
        |fields, _| set(fields, "previous_school", XSS),
        |review| escaped(review, "the review"),
    )
    .await;
    let page = format!("/cabinet/applications/{number}");
    not_raw(
        &browser.get(&format!("{page}/receipt")).await,
        "the receipt",
    );
    escaped(&browser.get(&page).await, "the application page");

    // A complaint, read by the head.
    let token = browser.get(&page).await.csrf_token();
    let complained = browser
        .post_multipart(
            &format!("{page}/complaints"),
            &[("csrf_token", &token), ("text", XSS)],
            &[],
        )
        .await;
    assert_eq!(
        complained.status,
        StatusCode::SEE_OTHER,
        "{}",
        complained.body
    );
    escaped(
        &browser.get(&page).await,
        "the application page's complaint",
    );
    let provider = provider_of(&app, &number);
    let mut head = staff_client(&app, &provider, "head").await;
    escaped(
        &head.get(&format!("/admin/applications/{number}")).await,
        "the head's application page",
    );
    let id: i64 = complaints::table
        .select(complaints::id)
        .first(&mut app.db.conn())
        .unwrap();
    let complaint_page = head.get(&format!("/admin/complaints/{id}")).await;
    escaped(&complaint_page, "the head's complaint page");
    not_raw(&head.get("/admin/complaints").await, "the complaints queue");

    // The head's answer, read by the citizen.
    let answered = head
        .post_raw(
            &format!("/admin/complaints/{id}/answer"),
            &[
                ("csrf_token", &complaint_page.csrf_token()),
                ("version", &complaint_page.hidden("version")),
                ("answer", XSS),
            ],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let answer: Option<String> = complaints::table
        .select(complaints::answer)
        .first(&mut app.db.conn())
        .unwrap();
    assert_eq!(answer.as_deref(), Some(XSS), "stored as typed");
    let read = browser.get(&page).await;
    escaped(&read, "the application page's answer");
    assert_eq!(read.body.matches(&html_escaped(XSS)).count(), 3);
    not_raw(
        &browser.get("/cabinet/notifications").await,
        "notifications",
    );
    escaped(
        &head.get(&format!("/admin/complaints/{id}")).await,
        "the answered complaint",
    );

    // The profile refuses an e-mail with markup and shows it back escaped.
    let profile = browser.get("/cabinet/profile").await;
    let res = browser
        .post_raw(
            "/cabinet/profile",
            &[
                ("csrf_token", &profile.csrf_token()),
                ("phone", "+77021112233"),
                ("email", XSS),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    escaped(&res, "the profile");
}

/// Posts one action of the application page as `staff`, with the page's token and the current
/// version.
async fn act<S, B>(
    app: &TestApp,
    staff: &mut Client<S>,
    number: &str,
    fields: &[(&str, &str)],
) -> Response
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let page = staff.get(&format!("/admin/applications/{number}")).await;
    let (token, version) = (page.csrf_token(), version_of(app, number).to_string());
    let mut all = vec![
        ("csrf_token", token.as_str()),
        ("version", version.as_str()),
    ];
    all.extend_from_slice(fields);
    let res = staff
        .post_raw(&format!("/admin/applications/{number}/actions"), &all)
        .await;
    assert_eq!(
        res.status,
        StatusCode::SEE_OTHER,
        "{fields:?}: {}",
        res.body
    );
    res
}

/// Text staff type — the clerk's comment, the head's resolution, the executor's result, the
/// head's reason to return it, a staff member's name (`staff add --name`), the names of a
/// holiday, the name of a person taken at the counter — holding a script and an attribute
/// break-out: the admin pages, the calendar in both languages and the citizen's application
/// page show it escaped or not at all, never raw.
#[actix_web::test]
async fn text_staff_type_is_shown_escaped_on_every_page() {
    let app = TestApp::new();
    let org = "COL-ALMATY-POLY";
    let citizen = Citizen::new(502);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let user: i64 = users::table
        .select(users::id)
        .first(&mut app.db.conn())
        .unwrap();
    let number = crate::staff::provider_application_for(&app, org, "EDU-TVET-DUPLICATE", user, 502);
    let mut clerk = staff_client(&app, org, "clerk").await;
    let mut head = staff_client(&app, org, "head").await;
    egov_portal::staff_cli::add(
        &mut app.db.conn(),
        &egov_portal::staff_cli::AddStaff {
            organization: Some(org),
            role: "executor",
            login: "exec.xss",
            password: crate::common::STAFF_PASSWORD,
            name: XSS,
        },
    )
    .expect("a name is any text");
    let executor = egov_portal::repo::staff::find_by_login(&mut app.db.conn(), "exec.xss")
        .unwrap()
        .unwrap()
        .id
        .0
        .to_string();
    let mut exec = app.client().await;
    exec.sign_in_staff("exec.xss").await;
    not_raw(&exec.get("/admin").await, "the executor's own queue");
    escaped(&head.get("/admin/staff").await, "the head's staff list");

    act(
        &app,
        &mut clerk,
        &number,
        &[("action", "register"), ("comment", XSS)],
    )
    .await;
    act(
        &app,
        &mut head,
        &number,
        &[
            ("action", "assign"),
            ("executor", &executor),
            ("resolution", XSS),
        ],
    )
    .await;
    act(
        &app,
        &mut exec,
        &number,
        &[("action", "prepare_result"), ("result", XSS)],
    )
    .await;
    act(
        &app,
        &mut head,
        &number,
        &[("action", "return"), ("comment", XSS)],
    )
    .await;
    let admin_page = format!("/admin/applications/{number}");
    for (who, res) in [
        ("head", head.get(&admin_page).await),
        ("executor", exec.get(&admin_page).await),
        ("clerk", clerk.get(&admin_page).await),
    ] {
        escaped(&res, &format!("the {who}'s application page"));
    }
    not_raw(&head.get("/admin").await, "the head's queue");
    not_raw(&exec.get("/admin").await, "the executor's queue");
    not_raw(
        &browser
            .get(&format!("/cabinet/applications/{number}"))
            .await,
        "the citizen's application page",
    );
    not_raw(
        &browser.get("/cabinet/notifications").await,
        "notifications",
    );

    // A holiday's names, in both languages.
    let mut sysadmin = staff_client_as(&app, "sysadmin", None, "sysadmin.xss").await;
    let calendar = sysadmin.get("/admin/calendar?year=2027").await;
    let added = sysadmin
        .post_raw(
            "/admin/calendar",
            &[
                ("csrf_token", &calendar.csrf_token()),
                ("action", "add"),
                ("date", "2027-12-29"),
                ("kind", "holiday"),
                ("name_kk", XSS),
                ("name_ru", XSS),
            ],
        )
        .await;
    assert!(added.status.is_redirection(), "{}", added.body);
    escaped(
        &sysadmin.get("/admin/calendar?year=2027").await,
        "the calendar",
    );
    sysadmin.set_cookie("lang", "ru");
    escaped(
        &sysadmin.get("/admin/calendar?year=2027").await,
        "the calendar in Russian",
    );
    not_raw(&sysadmin.get("/admin/audit").await, "the audit log");

    // A person without an account, named with markup at the clerk's and the operator's counter.
    let person = Citizen::new(503);
    let mut operator = staff_client_as(&app, "operator", None, "operator.xss").await;
    for intake in ["/admin/applications/new", "/operator/applications/new"] {
        let res = if intake.starts_with("/admin") {
            named_at_the_counter(&mut clerk, intake, &person.iin).await
        } else {
            named_at_the_counter(&mut operator, intake, &person.iin).await
        };
        escaped(&res, intake);
    }
}

/// Finds the person with `iin` (no account) and types the person form with markup in the
/// names; the page that answers.
async fn named_at_the_counter<S, B>(client: &mut Client<S>, intake: &str, iin: &str) -> Response
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let found = client.get(intake).await;
    let token = found.csrf_token();
    let found = client
        .post_multipart(
            intake,
            &[("csrf_token", &token), ("stage", "find"), ("iin", iin)],
            &[],
        )
        .await;
    assert!(found.has(r#"name="last_name""#), "the person form");
    client
        .post_multipart(
            intake,
            &[
                ("csrf_token", &token),
                ("stage", "person"),
                ("iin", iin),
                ("last_name", XSS),
                ("first_name", XSS),
                ("middle_name", XSS),
                ("phone", "+7 701 555 66 77"),
            ],
            &[],
        )
        .await
}

fn query(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

/// SQL-looking text (`' OR 1=1 --`, `'; DROP TABLE applications; --`) is data: the catalog
/// search finds no service with it (the same list as a word that matches nothing); in the
/// queue's filters a head sees no application more than without them and another
/// organization's head sees none of ours; typed into a complaint, a form's answer and a
/// holiday's names it is stored exactly as typed; an e-mail field refuses it; every table is
/// still there and whole.
#[actix_web::test]
async fn sql_looking_text_is_stored_as_typed_and_matches_nothing_extra() {
    let app = TestApp::new();
    let mut w = world(&app).await;
    let mut anyone = app.client().await;
    let cards = |res: &Response| res.body.matches(r#"class="service-card""#).count();
    let found = anyone
        .get(&format!("/services?{}", query(&[("q", "мектеп")])))
        .await;
    assert!(cards(&found) > 0, "a real word finds services");
    let nothing = anyone
        .get(&format!("/services?{}", query(&[("q", "qqqzzz")])))
        .await;
    for sql in SQL {
        let res = anyone
            .get(&format!("/services?{}", query(&[("q", sql)])))
            .await;
        assert_eq!(res.status, StatusCode::OK, "{sql}");
        assert_eq!(cards(&res), cards(&nothing), "{sql} finds nothing");
    }

    let numbers = |res: &Response| res.body.matches("KZ-").count();
    let unfiltered = numbers(&w.sysadmin.get("/admin").await);
    for sql in SQL {
        let filters = query(&[("service", sql), ("status", sql), ("channel", sql)]);
        for path in ["/admin", "/admin/monitoring"] {
            let res = w.stranger_head.get(&format!("{path}?{filters}")).await;
            assert!(!res.status.is_server_error(), "{path} {sql}");
            assert!(!w.leaks(&res), "{path}?{filters}");
        }
        let res = w.sysadmin.get(&format!("/admin?{filters}")).await;
        assert!(numbers(&res) <= unfiltered, "{sql}");
        let res = w
            .stranger_head
            .get(&format!(
                "/admin/monitoring?{}",
                query(&[("organization", sql)])
            ))
            .await;
        assert!(!w.leaks(&res));
        let res = w
            .sysadmin
            .get(&format!("/admin/audit?{}", query(&[("before", sql)])))
            .await;
        assert!(!res.status.is_server_error(), "audit {sql}");
    }

    // Typed into forms, stored as typed.
    let page = format!("/cabinet/applications/{}", w.number);
    let token = w.owner.get(&page).await.csrf_token();
    let res = w
        .owner
        .post_multipart(
            &format!("{page}/complaints"),
            &[("csrf_token", &token), ("text", SQL[1])],
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let texts: Vec<String> = complaints::table
        .select(complaints::text)
        .order(complaints::id)
        .load(&mut app.db.conn())
        .unwrap();
    assert_eq!(texts.last().map(String::as_str), Some(SQL[1]));
    assert!(w.owner.get(&page).await.has(&html_escaped(SQL[1])));

    let citizen = w.owner_citizen.clone();
    let number = apply_with(
        &app,
        &mut w.owner,
        &citizen,
        |fields, _| set(fields, "previous_school", SQL[0]),
        |review| assert!(review.has(&html_escaped(SQL[0]))),
    )
    .await;
    let answers: serde_json::Value = applications::table
        .filter(applications::number.eq(&number))
        .select(applications::answers)
        .first(&mut app.db.conn())
        .unwrap();
    assert_eq!(answers["previous_school"], SQL[0]);

    let calendar = w.sysadmin.get("/admin/calendar?year=2027").await;
    let added = w
        .sysadmin
        .post_raw(
            "/admin/calendar",
            &[
                ("csrf_token", &calendar.csrf_token()),
                ("action", "add"),
                ("date", "2027-12-29"),
                ("kind", "holiday"),
                ("name_kk", SQL[0]),
                ("name_ru", SQL[1]),
            ],
        )
        .await;
    assert!(added.status.is_redirection(), "{}", added.body);
    use egov_portal::db::schema::calendar;
    let names: (String, String) = calendar::table
        .filter(calendar::date.eq(chrono::NaiveDate::from_ymd_opt(2027, 12, 29).unwrap()))
        .select((calendar::name_kk, calendar::name_ru))
        .first(&mut app.db.conn())
        .unwrap();
    assert_eq!(names, (SQL[0].to_string(), SQL[1].to_string()));

    let profile = w.owner.get("/cabinet/profile").await;
    let res = w
        .owner
        .post_raw(
            "/cabinet/profile",
            &[
                ("csrf_token", &profile.csrf_token()),
                ("phone", "+77021112233"),
                ("email", SQL[1]),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Every table is still there, every row too.
    assert_eq!(app.count("applications"), 3);
    assert_eq!(app.count("complaints"), 2);
    assert_eq!(app.count("users"), 2);
}
