//! Provider staff work applications: accounts, sign-in, the engine's chains, forbidden moves,
//! races, due instants — against a real PostgreSQL.

use actix_web::http::StatusCode;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use egov_portal::db::schema::{application_steps, applications, organizations};
use egov_portal::domain::actor::{Actor, ApplicationId, Staff, StaffId, StaffRole, UserId};
use egov_portal::domain::calendar::WorkingHours;
use egov_portal::domain::catalog::{Channel, Duration};
use egov_portal::domain::workflow::{Duty, duties};
use egov_portal::repo;

use crate::applications::{Fields, Uploads, answers, files, no_change, organization_for};
use crate::common::{Citizen, TestApp};

fn org_id(app: &TestApp, code: &str) -> i64 {
    organizations::table
        .filter(organizations::code.eq(code))
        .select(organizations::id)
        .first(&mut app.db.conn())
        .unwrap()
}

/// An application taken at `org`'s office for a new person, with its provider steps planned
/// (what counter intake does); returns its number.
fn provider_application(app: &TestApp, org: &str, service_code: &str, serial: u16) -> String {
    let user = Citizen::new(serial).insert(&mut app.db.conn(), "");
    provider_application_for(app, org, service_code, user.id, serial)
}

/// The same for an existing person.
pub(crate) fn provider_application_for(
    app: &TestApp,
    org: &str,
    service_code: &str,
    user_id: i64,
    serial: u16,
) -> String {
    let mut conn = app.db.conn();
    let service = app.catalog.find(service_code).unwrap();
    let path = service.path(Channel::Provider).unwrap();
    let now = Utc::now();
    let number = format!("KZ-2026-9{serial:07}");
    let id: i64 = diesel::insert_into(applications::table)
        .values((
            applications::number.eq(&number),
            applications::service_code.eq(service_code),
            applications::applicant_id.eq(user_id),
            applications::organization_id.eq(org_id(app, org)),
            applications::channel.eq("provider"),
            applications::status.eq("submitted"),
            applications::idempotency_key.eq(format!("counter-{serial:012}")),
            applications::consent_at.eq(now),
            applications::signed_at.eq(now),
            applications::submitted_at.eq(now),
        ))
        .returning(applications::id)
        .get_result(&mut conn)
        .unwrap();
    let calendar = repo::calendar::load(&mut conn, WorkingHours::default()).unwrap();
    let planned = egov_portal::domain::application::plan(path, now, &calendar);
    repo::applications::start_steps(
        &mut conn,
        Actor::Citizen(UserId(user_id)),
        ApplicationId(id),
        &planned,
    )
    .unwrap();
    number
}

fn status_of(app: &TestApp, number: &str) -> String {
    applications::table
        .filter(applications::number.eq(number))
        .select(applications::status)
        .first(&mut app.db.conn())
        .unwrap()
}

fn version_of(app: &TestApp, number: &str) -> i32 {
    applications::table
        .filter(applications::number.eq(number))
        .select(applications::version)
        .first(&mut app.db.conn())
        .unwrap()
}

/// Posts one action as the application page's form does (with the current version, so that
/// only the rules, not a stale form, can refuse it).
macro_rules! act {
    ($app:expr, $browser:expr, $number:expr, $action:expr, $fields:expr) => {{
        let page = $browser.get("/admin").await;
        let mut fields: Vec<(&str, String)> = vec![
            ("csrf_token", page.csrf_token()),
            ("version", version_of(&$app, &$number).to_string()),
            ("action", $action.to_string()),
        ];
        for (k, v) in $fields {
            fields.push((k, v.to_string()));
        }
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        $browser
            .post_raw(&format!("/admin/applications/{}/actions", $number), &refs)
            .await
    }};
}

const NONE: [(&str, &str); 0] = [];

#[test]
fn the_staff_command_refuses_bad_input_and_writes_nothing() {
    let app = TestApp::new();
    let mut conn = app.db.conn();
    let add = |org: Option<&str>, role: &str, login: &str, password: &str| {
        egov_portal::staff_cli::add(
            &mut app.db.conn(),
            &egov_portal::staff_cli::AddStaff {
                organization: org,
                role,
                login,
                password,
                name: "Асқар Бекұлы",
            },
        )
    };
    for (org, role, login, password) in [
        (Some("NO-SUCH-ORG"), "clerk", "clerk.one", "long-enough-1"),
        (
            Some("SCH-ALMALY-1"),
            "janitor",
            "clerk.one",
            "long-enough-1",
        ),
        (Some("SCH-ALMALY-1"), "clerk", "Clerk One", "long-enough-1"),
        (Some("SCH-ALMALY-1"), "clerk", "clerk.one", "short"),
        (None, "clerk", "clerk.one", "long-enough-1"),
        (
            Some("SCH-ALMALY-1"),
            "sysadmin",
            "root.one",
            "long-enough-1",
        ),
    ] {
        assert!(add(org, role, login, password).is_err(), "{role} {login}");
    }
    assert_eq!(app.count("staff"), 0);
    assert!(add(Some("SCH-ALMALY-1"), "clerk", "clerk.one", "long-enough-1").is_ok());
    assert!(
        add(Some("SCH-ALMALY-1"), "clerk", "clerk.one", "long-enough-1").is_err(),
        "taken"
    );
    assert_eq!(app.count("staff"), 1);
    let list = egov_portal::staff_cli::list(&mut conn, Some("SCH-ALMALY-1")).unwrap();
    assert_eq!(list.len(), 1);
    assert!(egov_portal::staff_cli::disable(&mut conn, "clerk.one").is_ok());
    assert!(egov_portal::staff_cli::disable(&mut conn, "nobody").is_err());
}

#[actix_web::test]
async fn citizens_and_staff_each_keep_to_their_own_area() {
    let app = TestApp::new();
    app.add_staff(Some("SCH-ALMALY-1"), "clerk", "clerk.sch");
    let mut staff = app.client().await;
    let res = staff.sign_in_staff("clerk.sch").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), "/admin");
    assert_eq!(staff.get("/admin").await.status, StatusCode::OK);
    let cabinet = staff.get("/cabinet").await;
    assert_eq!(cabinet.status, StatusCode::SEE_OTHER);
    assert!(
        cabinet.location().starts_with("/login"),
        "{}",
        cabinet.location()
    );

    let citizen = Citizen::new(70);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let admin = browser.get("/admin").await;
    assert_eq!(admin.status, StatusCode::SEE_OTHER);
    assert!(
        admin.location().starts_with("/admin/login"),
        "{}",
        admin.location()
    );

    let mut stranger = app.client().await;
    let wrong = stranger
        .submit(
            "/admin/login",
            "/admin/login",
            &[("login", "clerk.sch"), ("password", "nope-nope-nope")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(app.count("audit_log WHERE action = 'sign_in'") >= 1);
    // A disabled account can no longer sign in, and its session ends.
    egov_portal::staff_cli::disable(&mut app.db.conn(), "clerk.sch").unwrap();
    assert_eq!(staff.get("/admin").await.status, StatusCode::SEE_OTHER);
}

#[test]
fn every_path_has_the_duties_its_regulation_gives() {
    let app = TestApp::new();
    let d = |code: &str, channel: Channel| {
        duties(app.catalog.find(code).unwrap().path(channel).unwrap())
    };
    use Duty::*;
    assert_eq!(
        d("EDU-TVET-DUPLICATE", Channel::Provider),
        [Register, Assign, Decide, Sign, Issue]
    );
    assert_eq!(
        d("EDU-HOME-SCHOOLING", Channel::Provider),
        [Register, Decide]
    );
    assert_eq!(d("00403002", Channel::Portal), [Auto, Auto, Decide, Auto]);
    assert_eq!(
        d("EDU-SCHOOL-DUPLICATE", Channel::Provider),
        [Register, Assign, Decide, Issue]
    );
}

#[actix_web::test]
async fn a_five_step_provider_service_runs_from_registration_to_issue() {
    let app = TestApp::new();
    let org = "COL-ALMATY-POLY";
    app.add_staff(Some(org), "clerk", "clerk.col");
    app.add_staff(Some(org), "head", "head.col");
    let executor = app.add_staff(Some(org), "executor", "exec.col");
    let number = provider_application(&app, org, "EDU-TVET-DUPLICATE", 71);
    let (mut clerk, mut head, mut exec) =
        (app.client().await, app.client().await, app.client().await);
    clerk.sign_in_staff("clerk.col").await;
    head.sign_in_staff("head.col").await;
    exec.sign_in_staff("exec.col").await;

    assert!(
        clerk.get("/admin").await.has(&number),
        "in the clerk's queue"
    );
    let res = act!(app, clerk, number, "register", NONE);
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(status_of(&app, &number), "registered");
    assert!(head.get("/admin").await.has(&number), "now the head's");

    let res = act!(
        app,
        head,
        number,
        "assign",
        [
            ("executor", executor.to_string().as_str()),
            ("resolution", "Орындауға")
        ]
    );
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, &number), "in_progress");
    let res = act!(
        app,
        exec,
        number,
        "prepare_result",
        [("result", "Телнұсқа дайын")]
    );
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, &number), "result_ready");
    // The head signs with the password; a wrong one signs nothing.
    let before = version_of(&app, &number);
    act!(app, head, number, "sign", [("password", "wrong-password")]);
    assert_eq!(version_of(&app, &number), before);
    // The head sends it back once (saying what to redo); the executor prepares it again.
    act!(app, head, number, "return", NONE);
    assert_eq!(
        status_of(&app, &number),
        "result_ready",
        "not without a comment"
    );
    act!(
        app,
        head,
        number,
        "return",
        [("comment", "Күнін түзетіңіз")]
    );
    assert_eq!(status_of(&app, &number), "in_progress");
    act!(
        app,
        exec,
        number,
        "prepare_result",
        [("result", "Телнұсқа дайын, күні түзетілді")]
    );
    let res = act!(
        app,
        head,
        number,
        "sign",
        [("password", crate::common::STAFF_PASSWORD)]
    );
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // Handing over at the office records the identity check; without it nothing changes.
    let before = version_of(&app, &number);
    act!(app, clerk, number, "issue", NONE);
    assert_eq!(version_of(&app, &number), before);
    let res = act!(
        app,
        clerk,
        number,
        "issue",
        [
            ("comment", "Жеке куәлік тексерілді"),
            ("identity_checked", "on")
        ]
    );
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, &number), "issued");

    // Every step closed by staff, each event and audit row written, the citizen told.
    let open: i64 = application_steps::table
        .inner_join(applications::table)
        .filter(applications::number.eq(&number))
        .filter(application_steps::done_at.is_null())
        .count()
        .get_result(&mut app.db.conn())
        .unwrap();
    assert_eq!(open, 0);
    // Register, assign, prepare, return, prepare again, sign, issue.
    assert_eq!(
        app.count("application_events WHERE actor_kind = 'staff'"),
        7
    );
    assert_eq!(
        app.count(
            "audit_log WHERE action IN ('register','assign','prepare_result','sign','issue')"
        ),
        6
    );
    assert_eq!(app.count("audit_log WHERE action = 'return'"), 1);
    assert!(app.count("notifications") >= 4);
    let journal: Option<String> = applications::table
        .filter(applications::number.eq(&number))
        .select(applications::journal_number)
        .first(&mut app.db.conn())
        .unwrap();
    assert!(journal.unwrap().ends_with("/1"));
}

#[actix_web::test]
async fn a_portal_application_is_decided_and_the_citizen_sees_it() {
    let app = TestApp::new();
    let citizen = Citizen::new(72);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let service = app.catalog.find("00403002").unwrap().clone();
    let org_code: String = organizations::table
        .filter(organizations::id.eq(organization_for(&app, &service).parse::<i64>().unwrap()))
        .select(organizations::code)
        .first(&mut app.db.conn())
        .unwrap();
    let first = apply_and_submit!(browser, app, citizen, "00403002");
    let second = apply_and_submit!(browser, app, citizen, "00403002");
    app.add_staff(Some(&org_code), "executor", "exec.kg");
    let mut exec = app.client().await;
    exec.sign_in_staff("exec.kg").await;
    let queue = exec.get("/admin").await;
    assert!(
        queue.has(&first) && queue.has(&second),
        "unassigned ones to take"
    );

    assert_eq!(
        act!(app, exec, first, "take", NONE).status,
        StatusCode::SEE_OTHER
    );
    act!(
        app,
        exec,
        first,
        "prepare_result",
        [("result", "Баланы қабылдау туралы шарт жасалды")]
    );
    assert_eq!(status_of(&app, &first), "issued");
    // A refusal needs a ground from the service's list.
    act!(app, exec, second, "take", NONE);
    let before = version_of(&app, &second);
    act!(app, exec, second, "refuse", [("result", "Негізсіз")]);
    assert_eq!(version_of(&app, &second), before, "no ground, no refusal");
    act!(
        app,
        exec,
        second,
        "refuse",
        [("ground", "0"), ("result", "Құжаттар анық емес")]
    );
    assert_eq!(status_of(&app, &second), "refused");
    // No head signs in this regulation: the executor's decision is signed at once, the refusal
    // too.
    assert_eq!(app.count("results WHERE kind = 'result'"), 1);
    assert_eq!(app.count("results WHERE kind = 'refusal'"), 1);
    let pdf = browser
        .get(&format!("/cabinet/applications/{first}/result.pdf"))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.bytes.starts_with(b"%PDF-"));

    let page = browser.get(&format!("/cabinet/applications/{first}")).await;
    assert!(
        page.shows(&crate::common::kk("status-issued")),
        "{}",
        page.body
    );
    let page = browser
        .get(&format!("/cabinet/applications/{second}"))
        .await;
    assert!(page.shows(&crate::common::kk("status-refused")));
}

#[actix_web::test]
async fn home_schooling_is_registration_then_receipt() {
    let app = TestApp::new();
    let org = "SCH-ALMALY-1";
    app.add_staff(Some(org), "executor", "exec.sch");
    let number = provider_application(&app, org, "EDU-HOME-SCHOOLING", 73);
    let mut exec = app.client().await;
    exec.sign_in_staff("exec.sch").await;
    act!(app, exec, number, "take", NONE);
    act!(app, exec, number, "register", NONE);
    assert_eq!(status_of(&app, &number), "registered");
    act!(
        app,
        exec,
        number,
        "prepare_result",
        [("result", "Қолхат берілді")]
    );
    assert_eq!(status_of(&app, &number), "issued");
}

#[actix_web::test]
async fn forbidden_moves_answer_403_or_404_and_change_nothing() {
    let app = TestApp::new();
    let org = "COL-ALMATY-POLY";
    app.add_staff(Some(org), "clerk", "clerk.col");
    app.add_staff(Some(org), "head", "head.col");
    let executor = app.add_staff(Some(org), "executor", "exec.col");
    app.add_staff(Some(org), "executor", "exec2.col");
    app.add_staff(Some("COL-KARAGANDA-TECH"), "clerk", "clerk.other");
    let number = provider_application(&app, org, "EDU-TVET-DUPLICATE", 74);
    let (mut clerk, mut head, mut other) =
        (app.client().await, app.client().await, app.client().await);
    clerk.sign_in_staff("clerk.col").await;
    head.sign_in_staff("head.col").await;
    other.sign_in_staff("clerk.other").await;

    let before = version_of(&app, &number);
    // Another organization: not found, and nothing of it shows.
    assert_eq!(
        other
            .get(&format!("/admin/applications/{number}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(!other.get("/admin").await.has(&number));
    let token = other.get("/admin").await.csrf_token();
    let res = other
        .post_raw(
            &format!("/admin/applications/{number}/actions"),
            &[
                ("csrf_token", &token),
                ("version", &before.to_string()),
                ("action", "register"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // The wrong role, a step that is not current, an unknown action.
    assert_eq!(
        act!(
            app,
            head,
            number,
            "assign",
            [
                ("executor", executor.to_string().as_str()),
                ("resolution", "x")
            ]
        )
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        act!(app, clerk, number, "issue", NONE).status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        act!(app, clerk, number, "launch", NONE).status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(version_of(&app, &number), before);

    // An executor who is not assigned.
    act!(app, clerk, number, "register", NONE);
    act!(
        app,
        head,
        number,
        "assign",
        [
            ("executor", executor.to_string().as_str()),
            ("resolution", "Орындауға")
        ]
    );
    let mut exec2 = app.client().await;
    exec2.sign_in_staff("exec2.col").await;
    let before = version_of(&app, &number);
    assert_eq!(
        act!(app, exec2, number, "prepare_result", [("result", "x")]).status,
        StatusCode::FORBIDDEN
    );
    assert!(
        !exec2.get("/admin").await.has(&number),
        "not in another executor's queue"
    );
    assert_eq!(version_of(&app, &number), before);
}

#[actix_web::test]
async fn two_staff_acting_at_once_cannot_both_win() {
    let app = TestApp::new();
    let org = "COL-ALMATY-POLY";
    app.add_staff(Some(org), "clerk", "clerk.a");
    app.add_staff(Some(org), "clerk", "clerk.b");
    let number = provider_application(&app, org, "EDU-TVET-DUPLICATE", 75);
    let (mut a, mut b) = (app.client().await, app.client().await);
    a.sign_in_staff("clerk.a").await;
    b.sign_in_staff("clerk.b").await;
    let (pa, pb) = (
        a.get(&format!("/admin/applications/{number}")).await,
        b.get(&format!("/admin/applications/{number}")).await,
    );
    let path = format!("/admin/applications/{number}/actions");
    let (ta, tb, va) = (pa.csrf_token(), pb.csrf_token(), pa.hidden("version"));
    let fa = [
        ("csrf_token", ta.as_str()),
        ("version", va.as_str()),
        ("action", "register"),
    ];
    let fb = [
        ("csrf_token", tb.as_str()),
        ("version", va.as_str()),
        ("action", "register"),
    ];
    let (ra, rb) = futures_util::future::join(a.post_raw(&path, &fa), b.post_raw(&path, &fb)).await;
    assert_eq!(ra.status, StatusCode::SEE_OTHER);
    assert_eq!(rb.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("application_events WHERE action = 'register'"), 1);
    assert_eq!(app.count("journals"), 1);
    let last: i32 = egov_portal::db::schema::journals::table
        .select(egov_portal::db::schema::journals::last_number)
        .first(&mut app.db.conn())
        .unwrap();
    assert_eq!(last, 1, "one journal number taken");
}

#[test]
fn the_next_step_is_due_from_the_moment_the_previous_one_ended_across_a_holiday() {
    let app = TestApp::new();
    let org = "COL-ALMATY-POLY";
    let clerk = app.add_staff(Some(org), "clerk", "clerk.col");
    let number = provider_application(&app, org, "EDU-TVET-DUPLICATE", 76);
    let service = app.catalog.find("EDU-TVET-DUPLICATE").unwrap();
    let mut conn = app.db.conn();
    let calendar = repo::calendar::load(&mut conn, WorkingHours::default()).unwrap();
    // Registered on Tuesday 15 December 2026 at 17:00; the 16th is Independence Day.
    let at: DateTime<Utc> = "2026-12-15T12:00:00Z".parse().unwrap();
    let staff = Staff {
        id: StaffId(clerk),
        role: StaffRole::Clerk,
        organization: Some(egov_portal::domain::actor::OrganizationId(org_id(
            &app, org,
        ))),
    };
    let version = version_of(&app, &number);
    let moved = repo::applications::engine::act(
        &mut conn,
        staff,
        service,
        egov_portal::domain::workflow::Action::Register,
        &repo::applications::engine::MoveInput {
            number: number.clone(),
            version,
            ..Default::default()
        },
        &calendar,
        at,
        "kk",
    )
    .unwrap();
    let head_step = &service.path(Channel::Provider).unwrap().steps[1];
    let expected = calendar.due(at, head_step.duration);
    assert_eq!(moved.step_due, Some(expected));
    // 3 working hours from 17:00 on the 15th: 1.5 h that day, the rest on the 17th.
    assert_eq!(
        egov_portal::domain::calendar::local(expected)
            .format("%d %H:%M")
            .to_string(),
        "17 10:30"
    );
    let _ = Duration {
        amount: 1,
        unit: head_step.duration.unit,
    };
}

#[actix_web::test]
async fn the_head_reassigns_with_a_reason_and_nothing_goes_to_an_absent_executor() {
    let app = TestApp::new();
    let org = "COL-ALMATY-POLY";
    app.add_staff(Some(org), "clerk", "clerk.col");
    app.add_staff(Some(org), "head", "head.col");
    let first = app.add_staff(Some(org), "executor", "exec.col");
    let second = app.add_staff(Some(org), "executor", "exec2.col");
    let number = provider_application(&app, org, "EDU-TVET-DUPLICATE", 77);
    let (mut clerk, mut head) = (app.client().await, app.client().await);
    clerk.sign_in_staff("clerk.col").await;
    head.sign_in_staff("head.col").await;
    act!(app, clerk, number, "register", NONE);

    // The second executor is away: they cannot be given the application.
    let staff_page = head.get("/admin/staff").await;
    assert_eq!(staff_page.status, StatusCode::OK);
    let res = head
        .post_raw(
            "/admin/staff",
            &[
                ("csrf_token", &staff_page.csrf_token()),
                ("staff", &second.to_string()),
                ("absent", "true"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let before = version_of(&app, &number);
    act!(
        app,
        head,
        number,
        "assign",
        [
            ("executor", second.to_string().as_str()),
            ("resolution", "Орындауға")
        ]
    );
    assert_eq!(
        version_of(&app, &number),
        before,
        "not to an absent executor"
    );
    act!(
        app,
        head,
        number,
        "assign",
        [
            ("executor", first.to_string().as_str()),
            ("resolution", "Орындауға")
        ]
    );
    assert_eq!(status_of(&app, &number), "in_progress");

    // Back at work, the second takes it over: the head gives a reason, and it is audited.
    let staff_page = head.get("/admin/staff").await;
    head.post_raw(
        "/admin/staff",
        &[
            ("csrf_token", &staff_page.csrf_token()),
            ("staff", &second.to_string()),
            ("absent", "false"),
        ],
    )
    .await;
    let before = version_of(&app, &number);
    act!(
        app,
        head,
        number,
        "reassign",
        [("executor", second.to_string().as_str())]
    );
    assert_eq!(version_of(&app, &number), before, "a reason is required");
    act!(
        app,
        head,
        number,
        "reassign",
        [
            ("executor", second.to_string().as_str()),
            ("reason", "Жүктемені теңестіру")
        ]
    );
    let assigned: Option<i64> = applications::table
        .filter(applications::number.eq(&number))
        .select(applications::assigned_to)
        .first(&mut app.db.conn())
        .unwrap();
    assert_eq!(assigned, Some(second));
    assert_eq!(app.count("audit_log WHERE action = 'reassign'"), 1);
    assert_eq!(
        app.count("audit_log WHERE action IN ('mark_absent','mark_present')"),
        2
    );
    // A clerk may not manage staff.
    assert_eq!(
        clerk.get("/admin/staff").await.status,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn the_head_signs_a_pdf_that_anyone_can_verify_and_only_the_holder_downloads() {
    let app = TestApp::new();
    let org = "COL-ALMATY-POLY";
    app.add_staff(Some(org), "clerk", "clerk.col");
    app.add_staff(Some(org), "head", "head.col");
    let executor = app.add_staff(Some(org), "executor", "exec.col");
    let citizen = Citizen::new(78);
    let mut holder = app.client().await;
    holder.register(&citizen).await;
    let user_id: i64 = egov_portal::db::schema::users::table
        .filter(egov_portal::db::schema::users::iin.eq(&citizen.iin))
        .select(egov_portal::db::schema::users::id)
        .first(&mut app.db.conn())
        .unwrap();
    let number = provider_application_for(&app, org, "EDU-TVET-DUPLICATE", user_id, 78);
    let (mut clerk, mut head, mut exec) =
        (app.client().await, app.client().await, app.client().await);
    clerk.sign_in_staff("clerk.col").await;
    head.sign_in_staff("head.col").await;
    exec.sign_in_staff("exec.col").await;
    act!(app, clerk, number, "register", NONE);
    act!(
        app,
        head,
        number,
        "assign",
        [
            ("executor", executor.to_string().as_str()),
            ("resolution", "Орындауға")
        ]
    );
    act!(
        app,
        exec,
        number,
        "prepare_result",
        [(
            "result",
            "Техникалық және кәсіптік білім туралы дипломның телнұсқасы берілсін"
        )]
    );
    act!(
        app,
        head,
        number,
        "sign",
        [("password", crate::common::STAFF_PASSWORD)]
    );
    assert_eq!(app.count("results"), 1);
    // The clerk prints the same PDF at the office.
    let printed = clerk
        .get(&format!("/admin/applications/{number}/result.pdf"))
        .await;
    assert_eq!(printed.status, StatusCode::OK);
    assert!(printed.bytes.starts_with(b"%PDF-"));
    assert_eq!(app.count("audit_log WHERE action = 'result_download'"), 1);

    // The holder downloads it; the text reads back in Kazakh.
    let page = holder.get(&format!("/cabinet/applications/{number}")).await;
    assert!(page.has("result.pdf"), "{}", page.body);
    let res = holder
        .get(&format!("/cabinet/applications/{number}/result.pdf"))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let (pdf, signature, public): (Vec<u8>, Vec<u8>, Vec<u8>) = {
        use egov_portal::db::schema::{organization_keys, results};
        results::table
            .inner_join(
                organization_keys::table
                    .on(organization_keys::organization_id.eq(results::organization_id)),
            )
            .select((
                results::pdf,
                results::signature,
                organization_keys::public_key,
            ))
            .first(&mut app.db.conn())
            .unwrap()
    };
    assert_eq!(res.bytes, pdf, "the holder gets the signed bytes");
    let file = std::env::temp_dir().join(format!("egov-result-{}.pdf", std::process::id()));
    std::fs::write(&file, &pdf).unwrap();
    let text = std::process::Command::new("pdftotext")
        .args([file.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext");
    let text = String::from_utf8(text.stdout).unwrap();
    for expected in ["Қазақстан Республикасы", "дипломның телнұсқасы", &number]
    {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }

    // The signature verifies with the organization's public key; one changed byte fails.
    use egov_portal::domain::signature::verify;
    let public: [u8; 32] = public.try_into().unwrap();
    let signature: [u8; 64] = signature.try_into().unwrap();
    assert!(verify(&public, &pdf, &signature));
    let mut tampered = pdf.clone();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x20;
    assert!(!verify(&public, &tampered, &signature));

    // Anyone checks it with the code; a wrong code finds nothing; another citizen cannot
    // download it.
    let document = egov_portal::web::admin::signing::document_number(&number);
    let code = egov_portal::domain::signature::verification_code(
        &egov_portal::config::Config::for_tests("x").result_key,
        &document,
    );
    let mut anyone = app.client().await;
    let ok = anyone
        .get(&format!("/verify?number={document}&code={code}"))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(ok.shows(&crate::common::kk("verify-authentic")));
    assert!(!ok.has(&citizen.iin), "no IIN on the public check");
    // A file: byte for byte the signed one, or a copy with one byte changed.
    let form = anyone.get("/verify").await;
    let token = form.csrf_token();
    let fields = [
        ("csrf_token", token.as_str()),
        ("number", document.as_str()),
        ("code", code.as_str()),
    ];
    let same = anyone
        .post_multipart("/verify", &fields, &[("document", "result.pdf", &pdf)])
        .await;
    assert_eq!(same.status, StatusCode::OK, "{}", same.body);
    assert!(same.shows(&crate::common::kk("verify-upload-matches")));
    let changed = anyone
        .post_multipart("/verify", &fields, &[("document", "result.pdf", &tampered)])
        .await;
    assert!(changed.shows(&crate::common::kk("verify-upload-differs")));
    let wrong = anyone
        .get(&format!("/verify?number={document}&code=WRONGCODE1"))
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    // Guessing is slowed down: after five wrong codes from one address even the right one
    // waits.
    for _ in 0..4 {
        anyone
            .get(&format!("/verify?number={document}&code=WRONGCODE2"))
            .await;
    }
    let locked = anyone
        .get(&format!("/verify?number={document}&code={code}"))
        .await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    let mut other = app.client().await;
    other.register(&Citizen::new(79)).await;
    let stolen = other
        .get(&format!("/cabinet/applications/{number}/result.pdf"))
        .await;
    assert_eq!(stolen.status, StatusCode::NOT_FOUND);
    // The stored PDF never changes.
    assert!(
        diesel::sql_query("UPDATE results SET lang = 'ru'")
            .execute(&mut app.db.conn())
            .is_err()
    );
}
