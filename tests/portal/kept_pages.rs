//! The citizen pages a server keeps in memory (`repo::applications::citizen`) and the reference
//! data it keeps (`repo::calendar::CalendarCache`): a change made anywhere — through this
//! server, by another node, by hand in the database — shows on the next view, because the
//! database raises the revisions the pages read.

use actix_web::http::StatusCode;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::applications::{Fields, Uploads, answers, files, no_change, organization_for};
use crate::common::{Citizen, TestApp};
use crate::security_world::world;

#[derive(QueryableByName)]
struct Revision {
    #[diesel(sql_type = BigInt)]
    revision: i64,
}

fn applications_revision(app: &TestApp, number: &str) -> i64 {
    diesel::sql_query(
        "SELECT u.applications_revision AS revision FROM users u
         JOIN applications a ON a.applicant_id = u.id WHERE a.number = $1",
    )
    .bind::<Text, _>(number)
    .get_result::<Revision>(&mut app.db.conn())
    .unwrap()
    .revision
}

fn reference_revision(app: &TestApp) -> i64 {
    diesel::sql_query("SELECT revision FROM reference_revision")
        .get_result::<Revision>(&mut app.db.conn())
        .unwrap()
        .revision
}

/// Runs one statement as another node (or a person at `psql`) would: not through this server.
fn elsewhere(app: &TestApp, sql: &str, number: &str) {
    let changed = diesel::sql_query(sql)
        .bind::<Text, _>(number)
        .execute(&mut app.db.conn())
        .unwrap();
    assert!(changed > 0, "{sql} changed nothing");
}

#[actix_web::test]
async fn every_change_to_what_the_citizen_pages_show_raises_the_revisions() {
    let app = TestApp::new();
    let w = world(&app).await;
    let n = w.number.as_str();
    let of_application = "(SELECT id FROM applications WHERE number = $1)";
    for sql in [
        "UPDATE applications SET decision_note = 'x' WHERE number = $1".to_string(),
        format!(
            "UPDATE application_steps SET action_kk = 'x' WHERE application_id = {of_application}"
        ),
        format!(
            "UPDATE application_documents SET file_name = 'x.pdf' WHERE application_id = {of_application}"
        ),
        format!("UPDATE complaints SET text = 'x' WHERE application_id = {of_application}"),
        format!(
            "DELETE FROM application_steps WHERE application_id = {of_application} AND position = 1"
        ),
    ] {
        let before = applications_revision(&app, n);
        elsewhere(&app, &sql, n);
        assert!(applications_revision(&app, n) > before, "{sql}");
    }
    // The profile summary the cabinet keeps with its list; not the other columns of the account.
    let before = applications_revision(&app, n);
    let of_applicant = "(SELECT applicant_id FROM applications WHERE number = $1)";
    elsewhere(
        &app,
        &format!("UPDATE users SET phone = '+77015550123' WHERE id = {of_applicant}"),
        n,
    );
    assert!(applications_revision(&app, n) > before, "the phone changed");
    let before = applications_revision(&app, n);
    elsewhere(
        &app,
        &format!(
            "UPDATE users SET phone = phone, password_hash = password_hash || '' WHERE id = {of_applicant}"
        ),
        n,
    );
    assert_eq!(
        applications_revision(&app, n),
        before,
        "no summary column changed"
    );
    let before = reference_revision(&app);
    elsewhere(
        &app,
        "UPDATE organizations SET name_kk = name_kk
         WHERE id = (SELECT organization_id FROM applications WHERE number = $1)",
        n,
    );
    assert!(reference_revision(&app) > before, "an organization changed");
    let before = reference_revision(&app);
    diesel::sql_query("UPDATE calendar SET name_kk = name_kk")
        .execute(&mut app.db.conn())
        .unwrap();
    assert!(reference_revision(&app) > before, "the calendar changed");
}

#[actix_web::test]
async fn a_server_start_raises_the_reference_revision_only_when_the_directory_changed() {
    let app = TestApp::new();
    let directory = egov_portal::organizations::embedded().unwrap();
    let sync = || egov_portal::repo::organizations::sync(&mut app.db.conn(), &directory).unwrap();
    sync();
    let before = reference_revision(&app);
    sync();
    assert_eq!(reference_revision(&app), before, "nothing changed");
    diesel::sql_query(
        "UPDATE organizations SET address = 'x' WHERE id = (SELECT min(id) FROM organizations)",
    )
    .execute(&mut app.db.conn())
    .unwrap();
    let before = reference_revision(&app);
    sync();
    assert!(
        reference_revision(&app) > before,
        "the directory put its address back"
    );
}

#[actix_web::test]
async fn a_change_made_outside_this_server_shows_on_the_next_view() {
    let app = TestApp::new();
    let citizen = Citizen::new(77);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let number = apply_and_submit!(browser, app, citizen, "00403002");
    let page = format!("/cabinet/applications/{number}");
    let of_application = "(SELECT id FROM applications WHERE number = $1)";

    // Both pages read, and so kept.
    assert_eq!(browser.get("/cabinet").await.status, StatusCode::OK);
    assert_eq!(browser.get(&page).await.status, StatusCode::OK);

    // The provider renamed (reference data): the list and the page say the new name.
    elsewhere(
        &app,
        "UPDATE organizations SET name_kk = 'Жаңа атау 5521'
         WHERE id = (SELECT organization_id FROM applications WHERE number = $1)",
        &number,
    );
    assert!(browser.get("/cabinet").await.has("Жаңа атау 5521"));
    assert!(browser.get(&page).await.has("Жаңа атау 5521"));

    // The profile changed elsewhere: the cabinet's summary says so at once.
    elsewhere(
        &app,
        "UPDATE users SET last_name = 'Жаңатегі', email = 'new-4471@example.kz'
         WHERE id = (SELECT applicant_id FROM applications WHERE number = $1)",
        &number,
    );
    let cabinet = browser.get("/cabinet").await;
    assert!(cabinet.has("Жаңатегі") && cabinet.has("new-4471@example.kz"));

    // The application decided on another node: the list of refused ones holds it now, and the
    // page shows the decision.
    let refused_list = "/cabinet?status=refused";
    assert!(!browser.get(refused_list).await.has(&number));
    assert!(!browser.get(&page).await.has("Шешім 8842"));
    elsewhere(
        &app,
        "UPDATE applications SET status = 'refused', decision_note = 'Шешім 8842'
         WHERE number = $1",
        &number,
    );
    assert!(browser.get(refused_list).await.has(&number));
    assert!(browser.get(&page).await.has("Шешім 8842"));

    // A step's and a document's change show on the application page.
    elsewhere(
        &app,
        &format!(
            "UPDATE application_steps SET action_kk = 'Қадам 3317'
             WHERE application_id = {of_application} AND position = 1"
        ),
        &number,
    );
    elsewhere(
        &app,
        &format!(
            "UPDATE application_documents SET file_name = 'құжат-6190.pdf'
             WHERE application_id = {of_application}"
        ),
        &number,
    );
    let shown = browser.get(&page).await;
    assert!(shown.has("Қадам 3317") && shown.has("құжат-6190.pdf"));
}

#[actix_web::test]
async fn pages_kept_for_one_citizen_are_never_shown_to_another() {
    let app = TestApp::new();
    let owner = Citizen::new(78);
    let mut browser = app.client().await;
    browser.register(&owner).await;
    let number = apply_and_submit!(browser, app, owner, "00403002");
    let page = format!("/cabinet/applications/{number}");
    assert_eq!(browser.get(&page).await.status, StatusCode::OK);
    assert!(browser.get("/cabinet").await.has(&number));

    let mut other = app.client().await;
    other.register(&Citizen::new(79)).await;
    assert_eq!(other.get(&page).await.status, StatusCode::NOT_FOUND);
    let list = other.get("/cabinet").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.has(&number));
}

#[actix_web::test]
async fn a_queue_page_shows_a_change_made_outside_this_server() {
    let app = TestApp::new();
    let mut w = world(&app).await;
    let number = w.number.clone();
    let before = w.head.get("/admin").await;
    assert_eq!(before.status, StatusCode::OK);
    let listed = before.has(&number);
    // Another node moves the application to the head's step, or away from it.
    let queue_revision = || {
        diesel::sql_query(
            "SELECT coalesce(max(q.revision), 0) AS revision FROM queue_revisions q
             JOIN applications a ON a.organization_id = q.organization_id WHERE a.number = $1",
        )
        .bind::<Text, _>(&number)
        .get_result::<Revision>(&mut app.db.conn())
        .unwrap()
        .revision
    };
    let revision = queue_revision();
    elsewhere(
        &app,
        "UPDATE applications
         SET step_role = CASE WHEN step_role = 'head' THEN 'clerk' ELSE 'head' END,
             step_due = coalesce(step_due, now())
         WHERE number = $1",
        &number,
    );
    assert!(queue_revision() > revision);
    assert_eq!(w.head.get("/admin").await.has(&number), !listed);
}

/// Accounts whose kept unread count (migration `…000018_unread_counts`) differs from their
/// unread notifications counted.
fn unread_miscounted(app: &TestApp) -> i64 {
    app.count(
        "(SELECT id FROM users u WHERE unread_notifications <> (SELECT count(*) FROM notifications
            WHERE user_id = u.id AND read_at IS NULL)
          UNION ALL
          SELECT id FROM staff s WHERE unread_notifications <> (SELECT count(*)
            FROM staff_notifications WHERE staff_id = s.id AND read_at IS NULL)) miscounted",
    )
}

fn kept_unread(app: &TestApp, accounts: &str, id: i64) -> i32 {
    #[derive(QueryableByName)]
    struct Kept {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        unread_notifications: i32,
    }
    diesel::sql_query(format!(
        "SELECT unread_notifications FROM {accounts} WHERE id = {id}"
    ))
    .get_result::<Kept>(&mut app.db.conn())
    .unwrap()
    .unread_notifications
}

#[actix_web::test]
async fn the_unread_count_in_the_header_follows_every_change_to_the_notifications() {
    let app = TestApp::new();
    let mut conn = app.db.conn();
    let first = Citizen::new(81).insert(&mut conn, "first@example.kz").id;
    let second = Citizen::new(82).insert(&mut conn, "second@example.kz").id;
    let clerk = app.add_staff(None, "sysadmin", "unread.one");
    let other_clerk = app.add_staff(None, "sysadmin", "unread.two");
    let run = |sql: String| {
        diesel::sql_query(&sql)
            .execute(&mut app.db.conn())
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        assert_eq!(unread_miscounted(&app), 0, "after {sql}");
    };
    for (table, owner, one, two) in [
        ("notifications", "user_id", first, second),
        ("staff_notifications", "staff_id", clerk, other_clerk),
    ] {
        let accounts = if owner == "user_id" { "users" } else { "staff" };
        run(format!(
            "INSERT INTO {table} ({owner}, message_id, args, read_at) VALUES
             ({one}, 'a', '{{}}', NULL), ({one}, 'b', '{{}}', NULL), ({one}, 'c', '{{}}', now()),
             ({two}, 'd', '{{}}', NULL)"
        ));
        assert_eq!(kept_unread(&app, accounts, one), 2);
        assert_eq!(kept_unread(&app, accounts, two), 1);
        // Read, unread again, moved to someone else, changed in another column, deleted.
        run(format!(
            "UPDATE {table} SET read_at = now() WHERE message_id = 'a' AND {owner} = {one}"
        ));
        assert_eq!(kept_unread(&app, accounts, one), 1);
        run(format!(
            "UPDATE {table} SET read_at = NULL WHERE message_id = 'c' AND {owner} = {one}"
        ));
        run(format!(
            "UPDATE {table} SET {owner} = {two} WHERE message_id = 'b' AND {owner} = {one}"
        ));
        run(format!(
            "UPDATE {table} SET args = '{{\"x\": 1}}' WHERE {owner} = {two}"
        ));
        assert_eq!(kept_unread(&app, accounts, two), 2);
        run(format!("DELETE FROM {table} WHERE message_id = 'd'"));
        run(format!(
            "UPDATE {table} SET read_at = now() WHERE {owner} IN ({one}, {two}) AND read_at IS NULL"
        ));
        assert_eq!(kept_unread(&app, accounts, one), 0);
        assert_eq!(kept_unread(&app, accounts, two), 0);
    }
}
