//! The deadline watch and the outbox worker against a real PostgreSQL: several workers at once
//! send each message once and notify each step once; failures back off; staff read only their
//! own notifications. Every run is given its `now`, so nothing depends on the wall clock.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::Duration;

use actix_web::http::StatusCode;
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;
use egov_portal::db::schema::{application_steps, applications, organizations};
use egov_portal::domain::actor::{
    Actor, ApplicationId, OrganizationId, Staff, StaffId, StaffRole, UserId,
};
use egov_portal::domain::calendar::{Standing, WorkingCalendar, WorkingHours, local, utc};
use egov_portal::domain::catalog::Channel;
use egov_portal::domain::workflow::Action;
use egov_portal::jobs::{OutboxSender, send_pending, watch_deadlines};
use egov_portal::repo;
use egov_portal::repo::applications::engine::{self, MoveInput};
use egov_portal::repo::deadline_watch::WatchCounts;
use egov_portal::sms::SmsGateway;

use crate::common::{Citizen, TestApp, kk, msg};

/// A gateway that counts what it sends and takes a little time over each message, so that two
/// senders overlap; it fails the first `failures` messages.
#[derive(Default)]
struct CountingGateway {
    sent: Mutex<Vec<(String, String)>>,
    calls: AtomicUsize,
    failures: usize,
}

impl SmsGateway for CountingGateway {
    fn send(&self, phone: &str, text: &str) -> anyhow::Result<()> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(5));
        if call < self.failures {
            anyhow::bail!("gateway unavailable");
        }
        self.sent.lock().unwrap().push((phone.into(), text.into()));
        Ok(())
    }
}

/// Queues `n` text messages for `user`, to +77000000001 … , and returns the numbers.
fn queue_sms(conn: &mut PgConnection, user: i64, n: i32) -> Vec<String> {
    diesel::sql_query(
        "WITH n AS (
             INSERT INTO notifications (user_id, message_id, args)
             SELECT $1, 'notice-password-changed', '{}'::jsonb FROM generate_series(1, $2)
             RETURNING id)
         INSERT INTO outbox (notification_id, channel, recipient, lang)
         SELECT id, 'sms', '+7700' || lpad((row_number() OVER (ORDER BY id))::text, 7, '0'), 'kk'
         FROM n",
    )
    .bind::<diesel::sql_types::BigInt, _>(user)
    .bind::<diesel::sql_types::Integer, _>(n)
    .execute(conn)
    .unwrap();
    (1..=n).map(|i| format!("+7700{i:07}")).collect()
}

#[test]
fn two_workers_at_once_send_each_text_message_once() {
    let app = TestApp::new();
    let user = Citizen::new(80).insert(&mut app.db.conn(), "");
    let mut expected = queue_sms(&mut app.db.conn(), user.id, 30);
    let gateway = Arc::new(CountingGateway::default());
    let now = Utc::now();
    let start = Arc::new(Barrier::new(2));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (pool, gateway, start) = (app.pool.clone(), gateway.clone(), start.clone());
            std::thread::spawn(move || {
                // No SMTP: e-mails would wait; text messages go through the gateway.
                let sender = OutboxSender::new(None, gateway);
                start.wait();
                send_pending(&pool, &sender, now).unwrap()
            })
        })
        .collect();
    let sent: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(sent, 30);
    let again = OutboxSender::new(None, gateway.clone());
    assert_eq!(send_pending(&app.pool, &again, now).unwrap(), 0);

    let mut got: Vec<String> = gateway
        .sent
        .lock()
        .unwrap()
        .iter()
        .map(|(phone, _)| phone.clone())
        .collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "each message exactly once");
    assert_eq!(gateway.calls.load(Ordering::SeqCst), 30);
    assert_eq!(
        app.count("outbox WHERE sent_at IS NOT NULL AND attempts = 1 AND last_error IS NULL"),
        30
    );
    let text = &gateway.sent.lock().unwrap()[0].1;
    assert_eq!(
        text,
        &kk("notice-password-changed"),
        "in the row's language"
    );
}

#[test]
fn a_failed_message_backs_off_and_is_retried_only_when_its_time_comes() {
    let app = TestApp::new();
    let user = Citizen::new(81).insert(&mut app.db.conn(), "");
    queue_sms(&mut app.db.conn(), user.id, 1);
    let gateway = Arc::new(CountingGateway {
        failures: 2,
        ..Default::default()
    });
    let sender = OutboxSender::new(None, gateway.clone());
    let next_attempt = || -> DateTime<Utc> {
        egov_portal::db::schema::outbox::table
            .select(egov_portal::db::schema::outbox::next_attempt_at)
            .first(&mut app.db.conn())
            .unwrap()
    };
    let calls = || gateway.calls.load(Ordering::SeqCst);
    let t0 = Utc::now();
    assert_eq!(send_pending(&app.pool, &sender, t0).unwrap(), 0);
    assert_eq!(calls(), 1);
    let first = next_attempt();
    assert!(
        first >= t0 + TimeDelta::minutes(1)
            && first < t0 + TimeDelta::minutes(1) + TimeDelta::seconds(30),
        "a minute after the first failure: {first}"
    );
    assert_eq!(
        app.count("outbox WHERE attempts = 1 AND last_error = 'gateway unavailable' AND claimed_at IS NULL"),
        1
    );
    // Not before its time.
    assert_eq!(
        send_pending(&app.pool, &sender, first - TimeDelta::seconds(1)).unwrap(),
        0
    );
    assert_eq!(calls(), 1);
    // Then it is tried again, fails again, and waits twice as long.
    assert_eq!(send_pending(&app.pool, &sender, first).unwrap(), 0);
    assert_eq!(calls(), 2);
    let second = next_attempt();
    assert_eq!(second, first + TimeDelta::minutes(2));
    assert_eq!(
        send_pending(&app.pool, &sender, second - TimeDelta::seconds(1)).unwrap(),
        0
    );
    assert_eq!(calls(), 2);
    assert_eq!(send_pending(&app.pool, &sender, second).unwrap(), 1);
    assert_eq!(calls(), 3);
    // Sent: never again.
    assert_eq!(
        send_pending(&app.pool, &sender, second + TimeDelta::hours(3)).unwrap(),
        0
    );
    assert_eq!(calls(), 3);
    assert_eq!(gateway.sent.lock().unwrap().len(), 1);
    assert_eq!(
        app.count("outbox WHERE sent_at IS NOT NULL AND attempts = 3 AND last_error IS NULL"),
        1
    );
}

// ---------------------------------------------------------------------------------------------
// The deadline watch.

const ORG: &str = "COL-ALMATY-POLY";
/// Five provider steps: clerk 10 min, head 3 h (assigns), executor 19 calendar days, head 4 h
/// (signs), clerk 15 min (issues).
const SERVICE: &str = "EDU-TVET-DUPLICATE";

/// Local Kazakhstan time "YYYY-MM-DDTHH:MM" → instant.
fn at(s: &str) -> DateTime<Utc> {
    utc(NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap())
}

/// Tuesday 1 December 2026, 10:00 in Almaty: when the applications are taken and moved.
fn start() -> DateTime<Utc> {
    at("2026-12-01T10:00")
}

/// An organization's staff as the engine and the watch see them.
struct College {
    org: i64,
    clerk: Staff,
    head: Staff,
    head2: Staff,
    executor: Staff,
    executor2: Staff,
    calendar: WorkingCalendar,
}

fn college(app: &TestApp) -> College {
    let org: i64 = organizations::table
        .filter(organizations::code.eq(ORG))
        .select(organizations::id)
        .first(&mut app.db.conn())
        .unwrap();
    let member = |role: StaffRole, login: &str| Staff {
        id: StaffId(app.add_staff(Some(ORG), role.as_str(), login)),
        role,
        organization: Some(OrganizationId(org)),
    };
    College {
        org,
        clerk: member(StaffRole::Clerk, "clerk.col"),
        head: member(StaffRole::Head, "head.col"),
        head2: member(StaffRole::Head, "head2.col"),
        executor: member(StaffRole::Executor, "exec.col"),
        executor2: member(StaffRole::Executor, "exec2.col"),
        calendar: repo::calendar::load(&mut app.db.conn(), WorkingHours::default()).unwrap(),
    }
}

/// An application taken at the college's office at `start()` for a new person, its provider
/// steps planned (what counter intake does); returns its number.
fn taken(app: &TestApp, college: &College, serial: u16) -> String {
    let mut conn = app.db.conn();
    let user = Citizen::new(serial).insert(&mut conn, "");
    let path = app
        .catalog
        .find(SERVICE)
        .unwrap()
        .path(Channel::Provider)
        .unwrap();
    let now = start();
    let number = format!("KZ-2026-8{serial:07}");
    let id: i64 = diesel::insert_into(applications::table)
        .values((
            applications::number.eq(&number),
            applications::service_code.eq(SERVICE),
            applications::applicant_id.eq(user.id),
            applications::organization_id.eq(college.org),
            applications::channel.eq("provider"),
            applications::status.eq("submitted"),
            applications::idempotency_key.eq(format!("watch-{serial:012}")),
            applications::consent_at.eq(now),
            applications::signed_at.eq(now),
            applications::submitted_at.eq(now),
            applications::expected_at.eq(now + TimeDelta::days(30)),
        ))
        .returning(applications::id)
        .get_result(&mut conn)
        .unwrap();
    let planned = egov_portal::domain::application::plan(path, now, &college.calendar);
    repo::applications::start_steps(
        &mut conn,
        Actor::Citizen(UserId(user.id)),
        ApplicationId(id),
        &planned,
    )
    .unwrap();
    number
}

/// One move by the engine at `start()`.
fn act(app: &TestApp, college: &College, who: Staff, number: &str, action: Action) {
    let version: i32 = applications::table
        .filter(applications::number.eq(number))
        .select(applications::version)
        .first(&mut app.db.conn())
        .unwrap();
    let input = MoveInput {
        number: number.into(),
        version,
        executor: Some(college.executor.id),
        resolution: Some("Орындауға".into()),
        result: Some("Телнұсқа дайын".into()),
        ..Default::default()
    };
    engine::act(
        &mut app.db.conn(),
        who,
        app.catalog.find(SERVICE).unwrap(),
        action,
        &input,
        &college.calendar,
        start(),
        "kk",
    )
    .unwrap_or_else(|e| panic!("{action:?} on {number}: {e:?}"));
}

/// Registered and assigned to `college.executor`: the executor's step is current.
fn assigned(app: &TestApp, college: &College, serial: u16) -> String {
    let number = taken(app, college, serial);
    act(app, college, college.clerk, &number, Action::Register);
    act(app, college, college.head, &number, Action::Assign);
    number
}

/// A step's due instant and marks: (due_at, warned_at, overdue_at, done_at).
type Marks = (
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

fn step(app: &TestApp, number: &str, position: i32) -> Marks {
    application_steps::table
        .inner_join(applications::table)
        .filter(applications::number.eq(number))
        .filter(application_steps::position.eq(position))
        .select((
            application_steps::due_at,
            application_steps::warned_at,
            application_steps::overdue_at,
            application_steps::done_at,
        ))
        .first(&mut app.db.conn())
        .unwrap()
}

/// Notifications of one staff member (message id, application number).
fn told(app: &TestApp, who: Staff) -> Vec<(String, Option<String>)> {
    use egov_portal::db::schema::staff_notifications;
    staff_notifications::table
        .left_join(applications::table)
        .filter(staff_notifications::staff_id.eq(who.id.0))
        .order(staff_notifications::id)
        .select((
            staff_notifications::message_id,
            applications::number.nullable(),
        ))
        .load(&mut app.db.conn())
        .unwrap()
}

/// Runs the watch at `now` in `n` threads at once, each on its own connection; the counts
/// summed over them.
fn watch_at_once(
    app: &TestApp,
    calendar: &WorkingCalendar,
    now: DateTime<Utc>,
    n: usize,
) -> WatchCounts {
    let start = Arc::new(Barrier::new(n));
    let runs: Vec<_> = (0..n)
        .map(|_| {
            let (mut conn, calendar, start) = (app.db.conn(), calendar.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                watch_deadlines(&mut conn, &calendar, now).unwrap()
            })
        })
        .collect();
    runs.into_iter()
        .map(|r| r.join().unwrap())
        .fold(WatchCounts::default(), |a, b| WatchCounts {
            warned: a.warned + b.warned,
            overdue: a.overdue + b.overdue,
            notified: a.notified + b.notified,
        })
}

/// The close of the working day before `due`'s: exactly one working day before it.
fn one_working_day_before(calendar: &WorkingCalendar, due: DateTime<Utc>) -> DateTime<Utc> {
    let mut day = local(due).date();
    loop {
        day = day.pred_opt().unwrap();
        if calendar.is_working_day(day) {
            return utc(day.and_time(calendar.hours.end));
        }
    }
}

#[test]
fn one_working_day_before_the_due_instant_the_assigned_executor_is_warned_once() {
    let app = TestApp::new();
    let college = college(&app);
    let number = assigned(&app, &college, 82);
    let (due, ..) = step(&app, &number, 3);
    let warn_at = one_working_day_before(&college.calendar, due);
    assert_eq!(
        college.calendar.standing(warn_at, due),
        Standing::Left(college.calendar.hours.per_day())
    );

    // Earlier: more than a working day left, nothing happens.
    let early = watch_deadlines(&mut app.db.conn(), &college.calendar, start()).unwrap();
    assert_eq!(early, WatchCounts::default());
    let just_before = warn_at - TimeDelta::minutes(1);
    let early = watch_at_once(&app, &college.calendar, just_before, 2);
    assert_eq!(early, WatchCounts::default());
    assert_eq!(step(&app, &number, 3).1, None);

    // Three watchers at once: one warning, to the assigned executor only.
    let counts = watch_at_once(&app, &college.calendar, warn_at, 3);
    assert_eq!(
        counts,
        WatchCounts {
            warned: 1,
            overdue: 0,
            notified: 1
        }
    );
    assert_eq!(step(&app, &number, 3).1, Some(warn_at));
    assert_eq!(
        told(&app, college.executor),
        [(
            "staff-notice-step-due-soon".to_string(),
            Some(number.clone())
        )]
    );
    for other in [
        college.executor2,
        college.head,
        college.head2,
        college.clerk,
    ] {
        assert!(told(&app, other).is_empty(), "{:?}", other.role);
    }
    // Later runs before the due instant say nothing more.
    for now in [warn_at + TimeDelta::hours(1), due - TimeDelta::minutes(1)] {
        let again = watch_at_once(&app, &college.calendar, now, 2);
        assert_eq!(again, WatchCounts::default());
    }
    assert_eq!(told(&app, college.executor).len(), 1);
}

#[test]
fn a_step_nobody_is_assigned_to_warns_every_active_staff_member_of_its_role() {
    let app = TestApp::new();
    let college = college(&app);
    // Taken but not registered: the clerk's 10-minute step is current.
    let number = taken(&app, &college, 83);
    let clerk2 = app.add_staff(Some(ORG), "clerk", "clerk2.col");
    let away = app.add_staff(Some(ORG), "clerk", "away.col");
    repo::staff::set_absent(
        &mut app.db.conn(),
        OrganizationId(college.org),
        StaffId(away),
        true,
    )
    .unwrap();
    let gone = app.add_staff(Some(ORG), "clerk", "gone.col");
    repo::staff::disable(&mut app.db.conn(), "gone.col").unwrap();
    let (due, ..) = step(&app, &number, 1);
    // A step given less than a working day is not warned: its staff knew from the start.
    let counts = watch_at_once(&app, &college.calendar, due - TimeDelta::minutes(5), 2);
    assert_eq!(counts, WatchCounts::default());
    // The same step as if the regulation gave it two working days.
    diesel::sql_query(
        "UPDATE application_steps SET amount = 2, unit = 'working_days'
          WHERE position = 1
            AND application_id = (SELECT id FROM applications WHERE number = $1)",
    )
    .bind::<diesel::sql_types::Text, _>(&number)
    .execute(&mut app.db.conn())
    .unwrap();
    let counts = watch_at_once(&app, &college.calendar, due - TimeDelta::minutes(5), 2);
    assert_eq!((counts.warned, counts.notified), (1, 2));
    assert_eq!(told(&app, college.clerk).len(), 1);
    let count_for = |id: i64| app.count(&format!("staff_notifications WHERE staff_id = {id}"));
    assert_eq!(count_for(clerk2), 1);
    assert_eq!(count_for(away), 0, "absent");
    assert_eq!(count_for(gone), 0, "disabled");
    assert!(told(&app, college.executor).is_empty());
}

#[test]
fn at_the_due_instant_the_step_is_flagged_overdue_and_the_heads_told_once() {
    let app = TestApp::new();
    let college = college(&app);
    let late = assigned(&app, &college, 84);
    // Decided at once: the executor's step is done, the head's signature is current.
    let decided = assigned(&app, &college, 85);
    act(
        &app,
        &college,
        college.executor,
        &decided,
        Action::PrepareResult,
    );
    // Withdrawn before registration: closed, off every queue.
    let withdrawn = taken(&app, &college, 86);
    let applicant: i64 = applications::table
        .filter(applications::number.eq(&withdrawn))
        .select(applications::applicant_id)
        .first(&mut app.db.conn())
        .unwrap();
    repo::applications::withdraw(
        &mut app.db.conn(),
        Actor::Citizen(UserId(applicant)),
        &withdrawn,
        None,
        start(),
        "kk",
    )
    .unwrap();
    // Refused, yet still pointing at a step: the watch checks the status itself.
    let closed = assigned(&app, &college, 87);
    diesel::update(applications::table.filter(applications::number.eq(&closed)))
        .set(applications::status.eq("refused"))
        .execute(&mut app.db.conn())
        .unwrap();

    let (due, ..) = step(&app, &late, 3);
    let (sign_due, ..) = step(&app, &decided, 4);
    assert!(sign_due < due);
    let counts = watch_at_once(&app, &college.calendar, due, 3);
    // The late executor step, and the head's signature on the decided one (long overdue).
    assert_eq!(counts.overdue, 2);
    assert_eq!(step(&app, &late, 3).2, Some(due));
    assert_eq!(step(&app, &decided, 4).2, Some(due));
    for head in [college.head, college.head2] {
        let mut got = told(&app, head);
        got.sort();
        let mut want = vec![
            ("staff-notice-step-overdue".to_string(), Some(late.clone())),
            (
                "staff-notice-step-overdue".to_string(),
                Some(decided.clone()),
            ),
        ];
        want.sort();
        assert_eq!(got, want, "each head told once of each");
    }
    // The done step and the closed applications are never touched.
    let (_, warned, overdue, done) = step(&app, &decided, 3);
    assert!(done.is_some());
    assert_eq!((warned, overdue), (None, None));
    for number in [&withdrawn, &closed] {
        for position in 1..=5 {
            let (_, warned, overdue, _) = step(&app, number, position);
            assert_eq!((warned, overdue), (None, None), "{number} step {position}");
        }
    }
    let closed_ids = app.count(&format!(
        "staff_notifications n JOIN applications a ON a.id = n.application_id \
         WHERE a.number IN ('{withdrawn}', '{closed}')"
    ));
    assert_eq!(closed_ids, 0);
    // Once: later runs flag nothing again.
    let again = watch_at_once(&app, &college.calendar, due + TimeDelta::days(3), 2);
    assert_eq!(again, WatchCounts::default());
    assert_eq!(told(&app, college.head).len(), 2);
}

#[test]
fn a_returned_decision_is_watched_afresh() {
    let app = TestApp::new();
    let college = college(&app);
    let number = assigned(&app, &college, 88);
    act(
        &app,
        &college,
        college.executor,
        &number,
        Action::PrepareResult,
    );
    let (sign_due, ..) = step(&app, &number, 4);
    let counts = watch_deadlines(&mut app.db.conn(), &college.calendar, sign_due).unwrap();
    assert_eq!(counts.overdue, 1);
    // The head sends it back: the executor's step is open again with a new term, unmarked.
    diesel::update(
        application_steps::table
            .filter(application_steps::position.eq(3))
            .filter(
                application_steps::application_id.eq_any(
                    applications::table
                        .filter(applications::number.eq(&number))
                        .select(applications::id),
                ),
            ),
    )
    .set(application_steps::warned_at.eq(Some(start())))
    .execute(&mut app.db.conn())
    .unwrap();
    let version: i32 = applications::table
        .filter(applications::number.eq(&number))
        .select(applications::version)
        .first(&mut app.db.conn())
        .unwrap();
    engine::act(
        &mut app.db.conn(),
        college.head,
        app.catalog.find(SERVICE).unwrap(),
        Action::Return,
        &MoveInput {
            number: number.clone(),
            version,
            comment: Some("Күнін түзетіңіз".into()),
            ..Default::default()
        },
        &college.calendar,
        sign_due,
        "kk",
    )
    .unwrap();
    let (due, warned, overdue, done) = step(&app, &number, 3);
    assert_eq!((warned, overdue, done), (None, None, None));
    let counts = watch_deadlines(&mut app.db.conn(), &college.calendar, due).unwrap();
    assert_eq!(counts.overdue, 1, "the new term is watched");
}

#[actix_web::test]
async fn staff_read_their_own_notifications_only() {
    let app = TestApp::new();
    let college = college(&app);
    let number = assigned(&app, &college, 89);
    let (due, ..) = step(&app, &number, 3);
    let warn_at = one_working_day_before(&college.calendar, due);
    watch_deadlines(&mut app.db.conn(), &college.calendar, warn_at).unwrap();

    let mut executor = app.client().await;
    executor.sign_in_staff("exec.col").await;
    let page = executor.get("/admin/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    let due_local = local(due);
    let text = msg(
        egov_portal::i18n::Lang::Kk,
        "staff-notice-step-due-soon",
        &[
            ("number", &number),
            (
                "date",
                &egov_portal::i18n::format_date(egov_portal::i18n::Lang::Kk, due_local.date()),
            ),
            ("time", &due_local.format("%H:%M").to_string()),
        ],
    );
    assert!(page.shows(&text), "{}", page.body);
    assert!(page.has(&format!("/admin/applications/{number}")));
    // The header says, in words, how many are unread.
    let unread = egov_portal::i18n::t_count(egov_portal::i18n::Lang::Kk, "nav-unread", "count", 1);
    assert!(page.shows(&unread), "{}", page.body);

    // Another executor of the same organization sees none of it.
    let mut other = app.client().await;
    other.sign_in_staff("exec2.col").await;
    let page = other.get("/admin/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.has(&number), "{}", page.body);
    assert!(page.shows(&kk("notifications-none")));
    // Their "mark all read" marks nothing of the executor's.
    let token = page.csrf_token();
    let res = other
        .post_raw("/admin/notifications/read", &[("csrf_token", &token)])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("staff_notifications WHERE read_at IS NULL"), 1);

    // Without the CSRF token nothing is marked; with it, all of mine are.
    let res = executor.post_raw("/admin/notifications/read", &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("staff_notifications WHERE read_at IS NULL"), 1);
    let token = executor.get("/admin/notifications").await.csrf_token();
    let res = executor
        .post_raw("/admin/notifications/read", &[("csrf_token", &token)])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("staff_notifications WHERE read_at IS NULL"), 0);
    let page = executor.get("/admin/notifications").await;
    assert!(!page.shows(&unread));
    assert!(page.shows(&text), "still listed, read");

    // In Russian for a Russian reader.
    executor.set_cookie("lang", "ru");
    let page = executor.get("/admin/notifications").await;
    let text = msg(
        egov_portal::i18n::Lang::Ru,
        "staff-notice-step-due-soon",
        &[
            ("number", &number),
            (
                "date",
                &egov_portal::i18n::format_date(egov_portal::i18n::Lang::Ru, due_local.date()),
            ),
            ("time", &due_local.format("%H:%M").to_string()),
        ],
    );
    assert!(page.shows(&text), "{}", page.body);
}

#[test]
fn an_executor_given_a_warned_step_is_warned_in_turn() {
    let app = TestApp::new();
    let college = college(&app);
    let number = assigned(&app, &college, 90);
    let (due, ..) = step(&app, &number, 3);
    let warn_at = one_working_day_before(&college.calendar, due);
    assert_eq!(
        watch_deadlines(&mut app.db.conn(), &college.calendar, warn_at)
            .unwrap()
            .warned,
        1
    );
    let version: i32 = applications::table
        .filter(applications::number.eq(&number))
        .select(applications::version)
        .first(&mut app.db.conn())
        .unwrap();
    engine::reassign(
        &mut app.db.conn(),
        college.head,
        &number,
        version,
        college.executor2.id,
        Some("Демалыста".into()),
        warn_at,
    )
    .unwrap();
    let later = warn_at + TimeDelta::hours(1);
    let counts = watch_at_once(&app, &college.calendar, later, 2);
    assert_eq!((counts.warned, counts.notified), (1, 1));
    assert_eq!(told(&app, college.executor).len(), 1);
    assert_eq!(
        told(&app, college.executor2),
        [(
            "staff-notice-step-due-soon".to_string(),
            Some(number.clone())
        )]
    );
    assert_eq!(
        watch_at_once(&app, &college.calendar, later, 2),
        WatchCounts::default()
    );
}

#[test]
fn more_coming_steps_than_a_batch_are_each_warned_once() {
    use egov_portal::repo::deadline_watch::BATCH;
    let app = TestApp::new();
    let college = college(&app);
    let many = 2 * BATCH as u16 + 5;
    let numbers: Vec<String> = (0..many)
        // Serials two apart: one without a check digit takes the next (`Citizen::new`).
        .map(|i| assigned(&app, &college, 200 + 2 * i))
        .collect();
    let (due, ..) = step(&app, &numbers[0], 3);
    let warn_at = one_working_day_before(&college.calendar, due);

    // Two watchers at once walk the windows past each other's locks: every step once.
    let counts = watch_at_once(&app, &college.calendar, warn_at, 2);
    assert_eq!(
        (counts.warned, counts.notified),
        (many as usize, many as usize)
    );
    for number in &numbers {
        assert_eq!(step(&app, number, 3).1, Some(warn_at), "{number}");
    }
    let mut warned: Vec<Option<String>> = told(&app, college.executor)
        .into_iter()
        .map(|(_, number)| number)
        .collect();
    warned.sort();
    let mut expected: Vec<Option<String>> = numbers.iter().cloned().map(Some).collect();
    expected.sort();
    assert_eq!(warned, expected);
    assert_eq!(
        watch_at_once(&app, &college.calendar, warn_at + TimeDelta::hours(1), 2),
        WatchCounts::default()
    );
}
