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
