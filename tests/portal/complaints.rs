//! Complaints: a citizen complains about an application, the provider's head answers within
//! five working days (Law No 88-V, art. 25), monitoring flags the overdue — against a real
//! PostgreSQL.

use actix_web::http::StatusCode;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use diesel::prelude::*;
use egov_portal::db::schema::{applications, complaints, notifications, organizations, users};
use egov_portal::domain::actor::{OrganizationId, Staff, StaffId, StaffRole, UserId};
use egov_portal::domain::calendar::WorkingHours;
use egov_portal::i18n::Lang;
use egov_portal::repo;
use egov_portal::repo::complaints::{NewComplaint, NewFile};

use crate::applications::PDF;
use crate::common::{Citizen, TestApp, kk, msg, ru, staff_client, staff_client_as};

const ORG: &str = "COL-ALMATY-POLY";
const OTHER_ORG: &str = "SCH-ALMALY-1";
const SERVICE: &str = "EDU-TVET-DUPLICATE";

fn org_id(app: &TestApp, code: &str) -> i64 {
    organizations::table
        .filter(organizations::code.eq(code))
        .select(organizations::id)
        .first(&mut app.db.conn())
        .unwrap()
}

fn user_id(app: &TestApp, citizen: &Citizen) -> i64 {
    users::table
        .filter(users::iin.eq(&citizen.iin))
        .select(users::id)
        .first(&mut app.db.conn())
        .unwrap()
}

/// A submitted application of `user` at `ORG` (as counter intake leaves it); its number.
fn submitted_application(app: &TestApp, user: i64, serial: u16) -> String {
    let now = Utc::now();
    let number = format!("KZ-2026-8{serial:07}");
    diesel::insert_into(applications::table)
        .values((
            applications::number.eq(&number),
            applications::service_code.eq(SERVICE),
            applications::applicant_id.eq(user),
            applications::organization_id.eq(org_id(app, ORG)),
            applications::channel.eq("provider"),
            applications::status.eq("submitted"),
            applications::idempotency_key.eq(format!("complaint-{serial:012}")),
            applications::consent_at.eq(now),
            applications::signed_at.eq(now),
            applications::submitted_at.eq(now),
        ))
        .execute(&mut app.db.conn())
        .unwrap();
    number
}

fn count_notices(app: &TestApp, message: &str) -> i64 {
    notifications::table
        .filter(notifications::message_id.eq(message))
        .count()
        .get_result(&mut app.db.conn())
        .unwrap()
}

fn only_complaint(app: &TestApp) -> repo::complaints::ComplaintRow {
    complaints::table
        .select(repo::complaints::ComplaintRow::as_select())
        .first(&mut app.db.conn())
        .unwrap()
}

fn almaty(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    egov_portal::domain::TIME_ZONE
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// Registers a complaint through the repo at `now` (as the handler does, without HTTP).
fn complain_at(app: &TestApp, user: i64, number: &str, now: DateTime<Utc>) {
    let mut conn = app.db.conn();
    let calendar = repo::calendar::load(&mut conn, WorkingHours::default()).unwrap();
    let input = NewComplaint {
        text: "Өтінішім қаралмай жатыр.".into(),
        file: None,
    };
    repo::complaints::register(&mut conn, UserId(user), number, input, &calendar, now, "kk")
        .unwrap();
}

#[actix_web::test]
async fn a_citizen_complains_and_the_head_answers_and_the_citizen_reads_it() {
    let app = TestApp::new();
    let citizen = Citizen::new(301);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let number = submitted_application(&app, user_id(&app, &citizen), 1);
    let path = format!("/cabinet/applications/{number}");

    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has(&format!(r#"action="{path}/complaints""#)));
    assert!(page.shows(&kk("complaint-legal-basis")));
    assert!(page.shows(&kk("complaint-term-source")));
    let res = browser
        .post_multipart(
            &format!("{path}/complaints"),
            &[
                ("csrf_token", &page.csrf_token()),
                ("text", "  Тіркеу мерзімі өтіп кетті.\r\nЖауап күтемін.  "),
            ],
            &[("file", "скан.pdf", PDF)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), path);
    let complaint = only_complaint(&app);
    assert_eq!(complaint.text, "Тіркеу мерзімі өтіп кетті.\nЖауап күтемін.");
    assert_eq!(
        complaint.file_content_type.as_deref(),
        Some("application/pdf")
    );
    assert_eq!(complaint.file_size, Some(PDF.len() as i32));
    assert!(complaint.due_at > complaint.registered_at);
    assert_eq!(
        app.count("audit_log WHERE action = 'complaint_register'"),
        1
    );
    assert_eq!(count_notices(&app, "notice-complaint-registered"), 1);
    // The form sent again (a double click) is the same complaint.
    let again = browser
        .post_multipart(
            &format!("{path}/complaints"),
            &[
                ("csrf_token", &page.csrf_token()),
                ("text", "Тіркеу мерзімі өтіп кетті.\nЖауап күтемін."),
            ],
            &[("file", "скан.pdf", PDF)],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("complaints"), 1);
    assert_eq!(count_notices(&app, "notice-complaint-registered"), 1);
    let page = browser.get(&path).await;
    assert!(page.shows(&kk("notice-complaint-registered-now")));
    assert!(page.shows(&kk("complaint-status-open")));
    assert!(page.has("Тіркеу мерзімі өтіп кетті."));

    // Only heads and organization administrators read complaints.
    let mut clerk = staff_client(&app, ORG, "clerk").await;
    assert_eq!(
        clerk.get("/admin/complaints").await.status,
        StatusCode::FORBIDDEN
    );

    let mut head = staff_client(&app, ORG, "head").await;
    assert!(
        head.get("/admin").await.has(r#"href="/admin/complaints""#),
        "in the nav"
    );
    let queue = head.get("/admin/complaints").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.has(&number));
    assert!(queue.shows(&kk("complaint-status-open")));
    let admin_path = format!("/admin/complaints/{}", complaint.id);
    let detail = head.get(&admin_path).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(detail.has(&format!(r#"href="/admin/applications/{number}""#)));
    let file = head.get(&format!("{admin_path}/file")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.bytes, PDF);
    assert_eq!(
        app.count("audit_log WHERE action = 'complaint_file_download'"),
        1
    );

    // An empty answer comes back with its message and changes nothing.
    let empty = head
        .post_raw(
            &format!("{admin_path}/answer"),
            &[
                ("csrf_token", &detail.csrf_token()),
                ("version", &detail.hidden("version")),
                ("answer", "   "),
            ],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.shows(&kk("complaint-error-answer-required")));
    assert!(only_complaint(&app).answer.is_none());

    let res = head
        .post_raw(
            &format!("{admin_path}/answer"),
            &[
                ("csrf_token", &detail.csrf_token()),
                ("version", &detail.hidden("version")),
                ("answer", "Өтінішіңіз тіркелді, кешіріңіз."),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let answered = only_complaint(&app);
    assert_eq!(
        answered.answer.as_deref(),
        Some("Өтінішіңіз тіркелді, кешіріңіз.")
    );
    assert!(answered.answered_at.is_some() && answered.answered_by.is_some());
    assert_eq!(app.count("audit_log WHERE action = 'complaint_answer'"), 1);
    assert_eq!(count_notices(&app, "notice-complaint-answered"), 1);

    // The same form again is stale: refused with a message, nothing changes.
    let stale = head
        .post_raw(
            &format!("{admin_path}/answer"),
            &[
                ("csrf_token", &detail.csrf_token()),
                ("version", &detail.hidden("version")),
                ("answer", "Басқа жауап."),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::SEE_OTHER);
    assert!(
        head.get(&admin_path)
            .await
            .shows(&kk("complaint-error-stale"))
    );
    assert_eq!(
        only_complaint(&app).answer.as_deref(),
        Some("Өтінішіңіз тіркелді, кешіріңіз.")
    );
    assert_eq!(app.count("audit_log WHERE action = 'complaint_answer'"), 1);
    assert_eq!(count_notices(&app, "notice-complaint-answered"), 1);

    // The organization administrator reads, but cannot answer.
    let mut org_admin = staff_client(&app, ORG, "org_admin").await;
    let read = org_admin.get(&admin_path).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(!read.has(&format!(r#"action="{admin_path}/answer""#)));

    let page = browser.get(&path).await;
    assert!(page.has("Өтінішіңіз тіркелді, кешіріңіз."));
    assert!(page.shows(&kk("complaint-status-answered")));
    let notices = browser.get("/cabinet/notifications").await;
    assert!(notices.shows(&msg(
        Lang::Kk,
        "notice-complaint-answered",
        &[("number", &number)]
    )));
    // The legal basis and the term's source are shown in the page's language.
    browser.set_cookie("lang", "ru");
    let page = browser.get(&path).await;
    assert!(page.shows(&ru("complaint-legal-basis")));
    assert!(page.shows(&ru("complaint-term-source")));
    assert!(page.shows(&ru("complaint-status-answered")));
}

#[actix_web::test]
async fn another_citizen_and_another_organizations_head_get_404_and_change_nothing() {
    let app = TestApp::new();
    let owner = Citizen::new(302);
    let mut browser = app.client().await;
    browser.register(&owner).await;
    let number = submitted_application(&app, user_id(&app, &owner), 2);

    let mut stranger = app.client().await;
    stranger.register(&Citizen::new(303)).await;
    let path = format!("/cabinet/applications/{number}");
    assert_eq!(stranger.get(&path).await.status, StatusCode::NOT_FOUND);
    let token = stranger.get("/cabinet").await.csrf_token();
    let res = stranger
        .post_multipart(
            &format!("{path}/complaints"),
            &[("csrf_token", &token), ("text", "Бөгде шағым")],
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // Bad input to someone else's application is not found either.
    let res = stranger
        .post_multipart(
            &format!("{path}/complaints"),
            &[("csrf_token", &token), ("text", "")],
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(app.count("complaints"), 0);
    assert_eq!(
        app.count("audit_log WHERE action = 'complaint_register'"),
        0
    );

    complain_at(&app, user_id(&app, &owner), &number, Utc::now());
    let id = only_complaint(&app).id;
    let mut head = staff_client(&app, OTHER_ORG, "head").await;
    assert!(!head.get("/admin/complaints").await.has(&number));
    let admin_path = format!("/admin/complaints/{id}");
    assert_eq!(head.get(&admin_path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        head.get(&format!("{admin_path}/file")).await.status,
        StatusCode::NOT_FOUND
    );
    let token = head.get("/admin").await.csrf_token();
    let res = head
        .post_raw(
            &format!("{admin_path}/answer"),
            &[
                ("csrf_token", &token),
                ("version", "0"),
                ("answer", "Жауап"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(only_complaint(&app).answer.is_none());
    assert_eq!(app.count("audit_log WHERE action LIKE 'complaint_%'"), 1);
}

/// A file sent with a complaint: its name and bytes.
type Attachment<'a> = (&'a str, &'a [u8]);

#[actix_web::test]
async fn bad_input_is_refused_with_a_summary_and_writes_nothing() {
    let app = TestApp::new();
    let citizen = Citizen::new(304);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let number = submitted_application(&app, user_id(&app, &citizen), 3);
    let path = format!("/cabinet/applications/{number}");
    let too_long = "ә".repeat(4001);
    let cases: [(&str, Option<Attachment>, &str); 5] = [
        ("", None, "complaint-error-text-required"),
        ("   \n ", None, "complaint-error-text-required"),
        // A lone carriage return: not a line break, yet not refused where requests are read.
        ("Шағым\rмәтіні", None, "complaint-error-text-control"),
        (&too_long, None, "complaint-error-text-too-long"),
        (
            "Файл қоса берілді",
            Some(("анықтама.pdf", &b"MZ\x90\x00 not a pdf at all"[..])),
            "error-file-type",
        ),
    ];
    for (text, file, message) in cases {
        let token = browser.get(&path).await.csrf_token();
        let files: Vec<(&str, &str, &[u8])> =
            file.map(|(n, b)| ("file", n, b)).into_iter().collect();
        let res = browser
            .post_multipart(
                &format!("{path}/complaints"),
                &[("csrf_token", &token), ("text", text)],
                &files,
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(res.has("error-summary"), "{message}");
        let expected = msg(Lang::Kk, message, &[("max", "4000")]);
        assert!(res.shows(&expected), "{message}");
        assert!(res.has(r#"aria-invalid="true""#), "{message}");
    }
    // A NUL byte is refused where requests are read, before any handler: a bare 400 page.
    let token = browser.get(&path).await.csrf_token();
    let res = browser
        .post_multipart(
            &format!("{path}/complaints"),
            &[("csrf_token", &token), ("text", "Шағым\0мәтіні")],
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.count("complaints"), 0);
    assert_eq!(
        app.count("audit_log WHERE action = 'complaint_register'"),
        0
    );
    assert_eq!(app.count("notifications"), 0);
    // Without the form's token nothing is read or written.
    let res = browser
        .post_multipart(&format!("{path}/complaints"), &[("text", "Шағым")], &[])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("complaints"), 0);
}

#[test]
fn the_answer_is_due_five_working_days_after_registration_across_independence_day() {
    let app = TestApp::new();
    let user = Citizen::new(305).insert(&mut app.db.conn(), "");
    let number = submitted_application(&app, user.id, 4);
    // Friday 11 December 2026, the day of registration not counted: Mon 14, Tue 15, (Wed 16 is
    // Independence Day, a holiday in the calendar table), Thu 17, Fri 18, Mon 21 — due at the
    // close of Monday 21 December (without the holiday it would be Friday 18).
    complain_at(&app, user.id, &number, almaty(2026, 12, 11, 10, 0));
    let complaint = only_complaint(&app);
    assert_eq!(complaint.due_at, almaty(2026, 12, 21, 18, 30));
    let args: serde_json::Value = notifications::table
        .filter(notifications::message_id.eq("notice-complaint-registered"))
        .select(notifications::args)
        .first(&mut app.db.conn())
        .unwrap();
    assert_eq!(args["date"], "2026-12-21");
    // The pure rule with the database's calendar gives the same.
    let calendar = repo::calendar::load(&mut app.db.conn(), WorkingHours::default()).unwrap();
    assert_eq!(
        egov_portal::domain::complaint::due_at(&calendar, almaty(2026, 12, 11, 10, 0)),
        almaty(2026, 12, 21, 18, 30)
    );
    // An application that is not the citizen's (here: none) is not found; nothing is written.
    let refused = repo::complaints::register(
        &mut app.db.conn(),
        UserId(user.id),
        "KZ-0000-00000000",
        NewComplaint {
            text: "Жоқ өтініш".into(),
            file: Some(NewFile {
                file_name: "a.pdf".into(),
                content_type: "application/pdf",
                content: PDF.to_vec(),
            }),
        },
        &calendar,
        Utc::now(),
        "kk",
    );
    assert!(matches!(
        refused,
        Err(repo::Refusal::Rule(
            repo::complaints::ComplaintRefusal::NotFound
        ))
    ));
    assert_eq!(app.count("complaints"), 1);
}

#[actix_web::test]
async fn an_overdue_complaint_is_flagged_in_monitoring_and_the_queue() {
    let app = TestApp::new();
    let user = Citizen::new(306).insert(&mut app.db.conn(), "");
    let late = submitted_application(&app, user.id, 5);
    let fresh = submitted_application(&app, user.id, 6);
    complain_at(&app, user.id, &late, Utc::now() - TimeDelta::days(30));
    complain_at(&app, user.id, &fresh, Utc::now());

    let mut head = staff_client(&app, ORG, "head").await;
    let page = head.get("/admin/monitoring").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.shows(&kk("complaint-monitoring-title")));
    assert!(page.has(&format!(
        "<strong class=\"badge badge-refusal\">1 — {}</strong>",
        kk("complaint-status-overdue")
    )));
    let queue = head.get("/admin/complaints").await;
    assert!(queue.shows(&kk("complaint-status-overdue")));
    // Open ones by due instant: the overdue one first.
    assert!(queue.body.find(&late).unwrap() < queue.body.find(&fresh).unwrap());

    let org = OrganizationId(org_id(&app, ORG));
    let head_of = Staff {
        id: StaffId(0),
        role: StaffRole::Head,
        organization: Some(org),
    };
    let figures = |viewer: Staff, filter: Option<i64>| {
        repo::complaints::figures(&mut app.db.conn(), viewer, filter, Utc::now())
            .unwrap()
            .unwrap_or_default()
    };
    let seen = figures(head_of, None);
    assert_eq!(
        (seen.open, seen.open_overdue, seen.answered_late),
        (2, 1, 0)
    );
    // Another organization's head counts none of them; the sysadmin all, or one organization.
    let other = Staff {
        organization: Some(OrganizationId(org_id(&app, OTHER_ORG))),
        ..head_of
    };
    assert_eq!(figures(other, None).open, 0);
    let sysadmin = Staff {
        id: StaffId(0),
        role: StaffRole::Sysadmin,
        organization: None,
    };
    assert_eq!(figures(sysadmin, None).open, 2);
    assert_eq!(figures(sysadmin, Some(org_id(&app, OTHER_ORG))).open, 0);
    let mut admin = staff_client_as(&app, "sysadmin", None, "sysadmin").await;
    assert!(admin.get("/admin/monitoring").await.has(&format!(
        "<strong class=\"badge badge-refusal\">1 — {}</strong>",
        kk("complaint-status-overdue")
    )));

    // Answered now, past its due instant: answered late.
    let id: i64 = complaints::table
        .inner_join(applications::table)
        .filter(applications::number.eq(&late))
        .select(complaints::id)
        .first(&mut app.db.conn())
        .unwrap();
    let detail = head.get(&format!("/admin/complaints/{id}")).await;
    let res = head
        .post_raw(
            &format!("/admin/complaints/{id}/answer"),
            &[
                ("csrf_token", &detail.csrf_token()),
                ("version", &detail.hidden("version")),
                ("answer", "Кешігіп жауап береміз."),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let seen = figures(head_of, None);
    assert_eq!(
        (seen.open, seen.open_overdue, seen.answered_late),
        (1, 0, 1)
    );
}
