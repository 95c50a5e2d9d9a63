//! The admin area's monitoring (page and CSV), the public statistics, the working calendar and
//! the audit log: figures on a hand-made data set, who may open what, and the audit trail.

use actix_web::http::StatusCode;
use diesel::prelude::*;
use egov_portal::i18n::Lang;

use crate::common::{Citizen, TestApp, kk, msg, ru, staff_client_as};

const SERVICE: &str = "EDU-SCHOOL-DUPLICATE";
const ORG: &str = "SCH-ALMALY-1";
const OTHER_ORG: &str = "SCH-MEDEU-3";
/// Monday 5 January 2026, 09:00 in Almaty: every instant of the data set counts from it.
const BASE: &str = "'2026-01-05 09:00:00+05'::timestamptz";

fn exec(conn: &mut PgConnection, sql: &str) {
    diesel::sql_query(sql)
        .execute(conn)
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
}

/// An application of `SERVICE` submitted at BASE with a legal deadline five days later;
/// `current` is its open current step (position, role, due instant as SQL).
fn application(
    conn: &mut PgConnection,
    number: &str,
    org: &str,
    applicant: i64,
    status: &str,
    current: Option<(i32, &str, &str)>,
) {
    let (position, role, due) = match current {
        Some((p, r, d)) => (p.to_string(), format!("'{r}'"), d.to_string()),
        None => ("NULL".into(), "NULL".into(), "NULL".into()),
    };
    exec(
        conn,
        &format!(
            "INSERT INTO applications (number, service_code, applicant_id, organization_id, \
             channel, status, idempotency_key, consent_at, signed_at, submitted_at, expected_at, \
             step_position, step_role, step_due) \
             SELECT '{number}', '{SERVICE}', {applicant}, id, 'provider', '{status}', '{number}', \
             {BASE}, {BASE}, {BASE}, {BASE} + interval '5 days', {position}, {role}, {due} \
             FROM organizations WHERE code = '{org}'"
        ),
    );
}

/// A step of the application: the clerk registers (1 working day), the executor examines
/// (3 working days). `due` and `done` are offsets from BASE (SQL intervals) or SQL instants.
fn step(conn: &mut PgConnection, number: &str, position: i32, due: &str, done: Option<&str>) {
    let (role, amount, kk, ru) = match position {
        1 => ("clerk", 1, "Тіркеу", "Регистрация"),
        _ => ("executor", 3, "Қарау", "Рассмотрение"),
    };
    let done = done.map_or("NULL".to_string(), |d| format!("{BASE} + interval '{d}'"));
    exec(
        conn,
        &format!(
            "INSERT INTO application_steps (application_id, position, role, action_kk, action_ru, \
             amount, unit, clause, due_at, done_at) \
             SELECT id, {position}, '{role}', '{kk}', '{ru}', {amount}, 'working_days', 'п. 9', \
             {due}, {done} FROM applications WHERE number = '{number}'"
        ),
    );
}

fn at(offset: &str) -> String {
    format!("{BASE} + interval '{offset}'")
}

/// The hand-made data set. In ORG: the clerk's step closed three times, twice on time (1 h and
/// 3 h; once after 48 h, a day late); the executor's closed once on time (after 48 h), open and
/// overdue once, open and not yet due once. In OTHER_ORG: one late registration.
fn data_set(app: &TestApp) -> Citizen {
    let citizen = Citizen::new(41);
    let mut conn = app.db.conn();
    let user = citizen.insert(&mut conn, "");
    let overdue = "now() - interval '1 day'";
    let not_yet = "now() + interval '2 days'";
    application(
        &mut conn,
        "KZ-2026-90000001",
        ORG,
        user.id,
        "in_progress",
        Some((2, "executor", overdue)),
    );
    step(
        &mut conn,
        "KZ-2026-90000001",
        1,
        &at("1 day"),
        Some("1 hour"),
    );
    step(&mut conn, "KZ-2026-90000001", 2, overdue, None);
    application(&mut conn, "KZ-2026-90000002", ORG, user.id, "issued", None);
    step(
        &mut conn,
        "KZ-2026-90000002",
        1,
        &at("1 day"),
        Some("3 hours"),
    );
    step(
        &mut conn,
        "KZ-2026-90000002",
        2,
        &at("4 days"),
        Some("51 hours"),
    );
    application(
        &mut conn,
        "KZ-2026-90000003",
        ORG,
        user.id,
        "in_progress",
        Some((2, "executor", not_yet)),
    );
    step(
        &mut conn,
        "KZ-2026-90000003",
        1,
        &at("1 day"),
        Some("2 days"),
    );
    step(&mut conn, "KZ-2026-90000003", 2, not_yet, None);
    application(
        &mut conn,
        "KZ-2026-90000004",
        OTHER_ORG,
        user.id,
        "in_progress",
        None,
    );
    step(
        &mut conn,
        "KZ-2026-90000004",
        1,
        &at("1 day"),
        Some("3 days"),
    );
    citizen
}

fn organization_name(app: &TestApp, code: &str, lang: Lang) -> String {
    use egov_portal::db::schema::organizations;
    let (name_kk, name_ru): (String, String) = organizations::table
        .filter(organizations::code.eq(code))
        .select((organizations::name_kk, organizations::name_ru))
        .first(&mut app.db.conn())
        .unwrap();
    match lang {
        Lang::Kk => name_kk,
        Lang::Ru => name_ru,
    }
}

fn elapsed(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    msg(lang, id, args)
}

#[actix_web::test]
async fn monitoring_shows_the_figures_of_the_hand_made_data_set() {
    let app = TestApp::new();
    data_set(&app);
    let mut head = staff_client_as(&app, "head", Some(ORG), "head.almaly").await;

    let page = head.get("/admin/monitoring").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.shows(&kk("monitoring-title")));
    assert!(page.shows(&organization_name(&app, ORG, Lang::Kk)));
    assert!(
        !page.shows(&organization_name(&app, OTHER_ORG, Lang::Kk)),
        "another organization's figures are not the head's"
    );
    // The clerk's step: 3 closed, 2 on time; mean (1 + 3 + 48) / 3 h = 17 h 20 min; the 90th
    // percentile 3 + 0.8 × 45 = 39 h. The executor's: 1 closed on time after 48 h, 1 overdue.
    assert!(
        page.has("<th scope=\"row\">1. Тіркеу</th>"),
        "{}",
        page.body
    );
    assert!(page.has("66,7\u{a0}%"), "{}", page.body);
    assert!(page.has("100\u{a0}%"));
    let hours = elapsed(
        Lang::Kk,
        "monitoring-elapsed-hours",
        &[("hours", "17"), ("minutes", "20")],
    );
    assert!(page.shows(&hours), "mean {hours}");
    let p90 = elapsed(
        Lang::Kk,
        "monitoring-elapsed-days",
        &[("days", "1"), ("hours", "15")],
    );
    assert!(page.shows(&p90), "p90 {p90}");
    let two_days = elapsed(
        Lang::Kk,
        "monitoring-elapsed-days",
        &[("days", "2"), ("hours", "0")],
    );
    assert!(page.shows(&two_days));
    assert!(
        page.has("<span class=\"badge badge-refusal\">1</span>"),
        "overdue now"
    );
    assert_eq!(
        page.body.matches("badge-refusal").count(),
        1,
        "one step overdue"
    );
    assert!(page.has("<caption id="), "tables have captions");

    // The same in Russian.
    head.accept_language = Some("ru".into());
    let page = head.get("/admin/monitoring").await;
    assert!(page.shows(&ru("monitoring-title")));
    assert!(page.has("1. Регистрация"));
    let hours = elapsed(
        Lang::Ru,
        "monitoring-elapsed-hours",
        &[("hours", "17"), ("minutes", "20")],
    );
    assert!(page.shows(&hours));
    assert!(page.has("66,7\u{a0}%"));

    // The CSV: stable English keys, the same figures.
    let csv = head.get("/admin/monitoring.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    let mut lines = csv.body.lines();
    assert_eq!(
        lines.next().unwrap(),
        "service_code,service_name,organization_code,organization_name,channel,step_position,\
         step_role,step_action,norm_amount,norm_unit,handled,on_time,on_time_percent,mean_hours,\
         p90_hours,overdue_now"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2, "{}", csv.body);
    assert!(rows[0].starts_with(&format!("{SERVICE},")), "{}", rows[0]);
    assert!(rows[0].contains(&format!(",{ORG},")), "{}", rows[0]);
    assert!(
        rows[0].ends_with(",provider,1,clerk,Регистрация,1,working_days,3,2,66.7,17.33,39.00,0"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1]
            .ends_with(",provider,2,executor,Рассмотрение,3,working_days,1,1,100.0,48.00,48.00,1"),
        "{}",
        rows[1]
    );

    // A service filter that matches nothing empties the page; the CSV keeps only its header.
    let csv = head.get("/admin/monitoring.csv?service=00403002").await;
    assert_eq!(csv.body.lines().count(), 1);
    // An organization filter from a head is ignored: their own organization stays.
    let page = head
        .get(&format!("/admin/monitoring?organization={OTHER_ORG}"))
        .await;
    assert!(page.has("66,7\u{a0}%"));
    assert!(!page.shows(&organization_name(&app, OTHER_ORG, Lang::Kk)));
}

#[actix_web::test]
async fn the_sysadmin_sees_every_organization_and_filters_by_one() {
    let app = TestApp::new();
    data_set(&app);
    let mut admin = staff_client_as(&app, "sysadmin", None, "sysadmin").await;
    let page = admin.get("/admin/monitoring").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.shows(&organization_name(&app, ORG, Lang::Kk)));
    assert!(page.shows(&organization_name(&app, OTHER_ORG, Lang::Kk)));
    assert!(page.has("<select id=\"organization\" name=\"organization\">"));

    let csv = admin
        .get(&format!("/admin/monitoring.csv?organization={OTHER_ORG}"))
        .await;
    let rows: Vec<&str> = csv.body.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{}", csv.body);
    assert!(
        rows[0].ends_with(",1,clerk,Тіркеу,1,working_days,1,0,0.0,72.00,72.00,0"),
        "{}",
        rows[0]
    );

    // An org admin reads their organization's figures too.
    let mut org_admin = staff_client_as(&app, "org_admin", Some(ORG), "admin.almaly").await;
    let page = org_admin.get("/admin/monitoring").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("66,7\u{a0}%"));
}

#[actix_web::test]
async fn public_statistics_show_on_time_shares_and_nobody_s_data() {
    let app = TestApp::new();
    let citizen = data_set(&app);
    let mut anyone = app.client().await;
    let page = anyone.get("/statistics").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.shows(&kk("statistics-title")));
    assert!(page.shows(&organization_name(&app, ORG, Lang::Kk)));
    assert!(page.shows(&organization_name(&app, OTHER_ORG, Lang::Kk)));
    // ORG: 4 staff steps closed, 3 on time; one application issued, within its term.
    assert!(page.has("<td class=\"nowrap\">4</td>"), "{}", page.body);
    assert!(page.has("75\u{a0}%"), "{}", page.body);
    assert!(page.has("100\u{a0}%"));
    // OTHER_ORG: its one step was late, and nothing is completed yet.
    assert!(
        page.has("<td class=\"nowrap\">0\u{a0}%</td>"),
        "{}",
        page.body
    );
    assert!(page.has("<td class=\"nowrap\">—</td>"));
    for personal in [
        citizen.iin.as_str(),
        citizen.last_name.as_str(),
        citizen.first_name.as_str(),
        "KZ-2026-9000000",
    ] {
        assert!(!page.has(personal), "{personal} on the public page");
    }
    anyone.accept_language = Some("ru".into());
    let page = anyone.get("/statistics").await;
    assert!(page.shows(&ru("statistics-title")));
    assert!(page.shows(&organization_name(&app, ORG, Lang::Ru)));
    assert!(page.has("75\u{a0}%"));

    // A move (its trace event) shows at once: the overdue step closed late, 3 of 5 on time.
    let mut conn = app.db.conn();
    exec(
        &mut conn,
        "UPDATE application_steps SET done_at = now() WHERE position = 2 AND application_id = \
         (SELECT id FROM applications WHERE number = 'KZ-2026-90000001')",
    );
    exec(
        &mut conn,
        "INSERT INTO application_events (application_id, actor_kind, action) \
         SELECT id, 'staff', 'prepare' FROM applications WHERE number = 'KZ-2026-90000001'",
    );
    let page = anyone.get("/statistics").await;
    assert!(page.has("60\u{a0}%"), "{}", page.body);
}

#[actix_web::test]
async fn clerks_and_executors_are_refused_monitoring_calendar_and_audit() {
    let app = TestApp::new();
    data_set(&app);
    let calendar_rows = app.count("calendar");
    for (role, login) in [("clerk", "clerk.almaly"), ("executor", "executor.almaly")] {
        let mut member = staff_client_as(&app, role, Some(ORG), login).await;
        for path in [
            "/admin/monitoring",
            "/admin/monitoring.csv",
            "/admin/calendar",
            "/admin/audit",
        ] {
            let res = member.get(path).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{role} at {path}");
            assert!(res.shows(&kk("error-forbidden-text")), "{role} at {path}");
        }
        // A POST with a valid token is refused as well, and changes nothing.
        let res = member
            .submit(
                "/admin/calendar",
                "/admin/calendar",
                &[
                    ("action", "add"),
                    ("date", "2027-06-01"),
                    ("kind", "holiday"),
                    ("name_kk", "Мереке"),
                    ("name_ru", "Праздник"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{role} adds a date");
    }
    assert_eq!(app.count("calendar"), calendar_rows);
    // A head reads monitoring, not the calendar or the audit log; an org admin not the calendar.
    let mut head = staff_client_as(&app, "head", Some(ORG), "head.almaly").await;
    assert_eq!(
        head.get("/admin/calendar").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(head.get("/admin/audit").await.status, StatusCode::FORBIDDEN);
    let mut org_admin = staff_client_as(&app, "org_admin", Some(ORG), "admin.almaly").await;
    assert_eq!(
        org_admin.get("/admin/calendar").await.status,
        StatusCode::FORBIDDEN
    );
    // Without a staff session, the staff sign-in.
    let mut anyone = app.client().await;
    let res = anyone.get("/admin/monitoring").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/admin/login"));
}

fn audit_count(app: &TestApp, action: &str, object: &str) -> i64 {
    app.count(&format!(
        "audit_log WHERE action = '{action}' AND object = '{object}' AND actor_kind = 'staff'"
    ))
}

fn day(app: &TestApp, date: &str) -> i64 {
    app.count(&format!("calendar WHERE date = '{date}'"))
}

#[actix_web::test]
async fn the_sysadmin_adds_and_removes_a_holiday_each_audited() {
    let app = TestApp::new();
    let mut admin = staff_client_as(&app, "sysadmin", None, "sysadmin").await;
    let page = admin.get("/admin/calendar?year=2027").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.shows("Құрбан айт"), "the year's dates are listed");
    let (days, audit) = (app.count("calendar"), app.count("audit_log"));

    let add = |date: &'static str, kind: &'static str| {
        vec![
            ("action", "add"),
            ("date", date),
            ("kind", kind),
            ("name_kk", "Сынақ мерекесі"),
            ("name_ru", "Тестовый праздник"),
        ]
    };

    // Bad input: a clear message, nothing written.
    let res = admin
        .submit(
            "/admin/calendar",
            "/admin/calendar",
            &add("2027-02-30", "holiday"),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.shows(&kk("calendar-error-date")));
    assert!(
        res.has("href=\"#date\""),
        "the error summary links to the field"
    );
    // 2 June 2027 is a Wednesday: no working day can be moved there.
    let res = admin
        .submit(
            "/admin/calendar",
            "/admin/calendar",
            &add("2027-06-02", "working_day_moved_here"),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.shows(&kk("calendar-error-working-day-on-weekday")));
    let res = admin
        .submit(
            "/admin/calendar",
            "/admin/calendar",
            &add("2027-06-01", "festival"),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.shows(&kk("calendar-error-kind")));
    // Without the CSRF token: refused.
    let res = admin
        .post_raw("/admin/calendar", &add("2027-06-01", "holiday"))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("calendar"), days);
    assert_eq!(app.count("audit_log"), audit);

    // Added, and audited.
    let res = admin
        .submit(
            "/admin/calendar",
            "/admin/calendar",
            &add("2027-06-01", "holiday"),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), "/admin/calendar?year=2027");
    assert_eq!(day(&app, "2027-06-01"), 1);
    assert_eq!(audit_count(&app, "calendar_add", "2027-06-01"), 1);
    let page = admin.get("/admin/calendar?year=2027").await;
    assert!(page.shows(&kk("calendar-notice-added")));
    assert!(page.shows("Сынақ мерекесі"));
    // The deadline engine sees it at once: 1 June 2027 is no longer a working day.
    let calendar = egov_portal::repo::calendar::load(
        &mut app.db.conn(),
        egov_portal::domain::calendar::WorkingHours::default(),
    )
    .unwrap();
    assert!(!calendar.is_working_day("2027-06-01".parse().unwrap()));

    // The same date again: refused, nothing more written.
    let res = admin
        .submit(
            "/admin/calendar",
            "/admin/calendar",
            &add("2027-06-01", "holiday"),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.shows(&kk("calendar-error-already-there")));
    assert_eq!(audit_count(&app, "calendar_add", "2027-06-01"), 1);

    // Removed, and audited.
    let remove = [("action", "remove"), ("date", "2027-06-01")];
    let res = admin
        .submit("/admin/calendar?year=2027", "/admin/calendar", &remove)
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(day(&app, "2027-06-01"), 0);
    assert_eq!(audit_count(&app, "calendar_remove", "2027-06-01"), 1);
    assert_eq!(app.count("calendar"), days);
    // Removing it again: nothing there, nothing written.
    let res = admin
        .submit("/admin/calendar?year=2027", "/admin/calendar", &remove)
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.shows(&kk("calendar-error-not-there")));
    assert_eq!(audit_count(&app, "calendar_remove", "2027-06-01"), 1);

    // Both changes are on the audit page, newest first.
    let page = admin.get("/admin/audit").await;
    assert_eq!(page.status, StatusCode::OK);
    let removed = page.body.find(&kk("audit-action-calendar-remove")).unwrap();
    let added = page.body.find(&kk("audit-action-calendar-add")).unwrap();
    assert!(removed < added, "newest first");
    assert!(page.has("<code>sysadmin</code>"));
    assert!(page.has("2027-06-01"));
}

#[actix_web::test]
async fn the_audit_log_is_per_organization_paged_and_append_only() {
    let app = TestApp::new();
    let _head = staff_client_as(&app, "head", Some(ORG), "head.almaly").await;
    let _other = staff_client_as(&app, "head", Some(OTHER_ORG), "head.medeu").await;
    let mut org_admin = staff_client_as(&app, "org_admin", Some(ORG), "admin.almaly").await;
    let mut conn = app.db.conn();
    exec(
        &mut conn,
        &format!(
            "INSERT INTO audit_log (actor_kind, actor_id, organization_id, action, object) \
             SELECT 'system', NULL, o.id, 'test_entry', 'entry ' || n \
             FROM organizations o, generate_series(1, 55) n WHERE o.code = '{ORG}'"
        ),
    );

    // ORG's log: 2 sign-ins and 55 entries, 50 on the first page.
    let page = org_admin.get("/admin/audit").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("<tr id=\"entry-").count(), 50);
    assert!(page.has("entry 55"), "newest first");
    assert!(!page.has("head.medeu"), "another organization's entry");
    let older = page.body.split("/admin/audit?before=").nth(1).unwrap();
    let before: String = older.chars().take_while(char::is_ascii_digit).collect();
    let page = org_admin
        .get(&format!("/admin/audit?before={before}"))
        .await;
    assert_eq!(page.body.matches("<tr id=\"entry-").count(), 7);
    assert!(page.has("<code>head.almaly</code>"));
    assert!(page.has("<code>admin.almaly</code>"));
    assert!(page.shows(&kk("audit-action-sign-in")));
    assert!(!page.has("head.medeu"));
    assert!(!page.has("/admin/audit?before="), "no older page");
    // Nonsense paging shows the newest entries.
    let page = org_admin.get("/admin/audit?before=abc").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("<tr id=\"entry-").count(), 50);

    // The sysadmin reads every organization's entries.
    let mut admin = staff_client_as(&app, "sysadmin", None, "sysadmin").await;
    let page = admin.get("/admin/audit").await;
    assert!(page.has("<code>sysadmin</code>"));
    let mut all = String::new();
    let mut path = "/admin/audit".to_string();
    loop {
        let page = admin.get(&path).await;
        all.push_str(&page.body);
        let Some(older) = page.body.split("/admin/audit?before=").nth(1) else {
            break;
        };
        let before: String = older.chars().take_while(char::is_ascii_digit).collect();
        path = format!("/admin/audit?before={before}");
    }
    assert!(all.contains("<code>head.medeu</code>"));

    // The database refuses to change or delete an entry, whoever asks.
    let entries = app.count("audit_log");
    for sql in [
        "UPDATE audit_log SET action = 'forged'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let refused = diesel::sql_query(sql).execute(&mut conn);
        assert!(refused.is_err(), "{sql} was allowed");
    }
    assert_eq!(app.count("audit_log"), entries);
    assert_eq!(app.count("audit_log WHERE action = 'forged'"), 0);
}
