//! Security, table-driven from the router (`routes::ROUTES`): CSRF on every POST, and nobody
//! reaching what is not theirs through any route with a number or an id — another citizen,
//! the head of another organization, a citizen in the admin area, staff in the cabinet.
//!
//! They take the single cases of
//! `auth::a_post_without_a_valid_token_is_refused_and_changes_nothing`,
//! `applications::another_citizen_gets_404_for_my_application_and_documents`,
//! `complaints::another_citizen_and_another_organizations_head_get_404_and_change_nothing` and
//! `staff::citizens_and_staff_each_keep_to_their_own_area` to every route of the table, and
//! check that nothing at all was written (`security_world::fingerprint`).

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;

use crate::common::{Client, TestApp, kk};
use crate::routes::{Body, ROUTES, Who, form_page};
use crate::security_world::{
    World, changed, client_of, fields_for, file_for, fingerprint, send, status_of, world,
};

type Route = (&'static str, &'static str, Who, Body);

/// The routes of the table that `keep` selects, sign-outs last (they would end the sessions
/// the other routes are tried with).
fn routes(keep: impl Fn(&Route) -> bool) -> Vec<Route> {
    let mut routes: Vec<Route> = ROUTES.iter().copied().filter(|r| keep(r)).collect();
    routes.sort_by_key(|(_, path, ..)| path.ends_with("/logout"));
    routes
}

fn has_id(path: &str) -> bool {
    path.contains("{number}") || path.contains("{id}")
}

/// Sends a POST of `path` three ways — no token, a forged one, another browser's valid one —
/// and checks each is the localized 403.
async fn refused_three_ways<S, B>(
    app: &TestApp,
    client: &mut Client<S>,
    (method, path, who, body): Route,
    target: &str,
    number: &str,
    foreign: &str,
) where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    // The session has a token of its own, so only the one sent is wrong.
    client.get(form_page(who)).await;
    let fields = fields_for(app, path, number);
    for token in [None, Some("forged-token"), Some(foreign)] {
        let res = send(client, method, target, body, token, &fields, file_for(path)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{path} with {token:?}");
        assert!(
            res.shows(&kk("error-403-text")),
            "{path}: the localized 403"
        );
    }
}

/// The same POST with the session's own token: it gets past the CSRF check.
async fn accepted_with_own_token<S, B>(
    app: &TestApp,
    client: &mut Client<S>,
    (method, path, who, body): Route,
    target: &str,
    number: &str,
) where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let token = client.get(form_page(who)).await.csrf_token();
    let fields = fields_for(app, path, number);
    let res = send(
        client,
        method,
        target,
        body,
        Some(&token),
        &fields,
        file_for(path),
    )
    .await;
    // A 403 may still come, about the role (a head does not register), but not the CSRF one.
    let csrf_refusal = res.status == StatusCode::FORBIDDEN && res.shows(&kk("error-403-text"));
    assert!(
        !csrf_refusal,
        "{path}: refused with the session's own token"
    );
}

/// CSRF on every POST route of the table, url-encoded and multipart alike, each as the one who
/// may send it, with the fields that would succeed: without a token, with a forged token and
/// with another browser's valid token it is the localized 403 and no table changes (rows
/// counted and digested before and after); with the session's own token the same request gets
/// past the check, so the refusals were the token's doing.
#[actix_web::test]
async fn every_post_without_the_sessions_own_token_is_refused_and_writes_nothing() {
    let app = TestApp::new();
    let mut w = world(&app).await;
    let foreign = w.intruder.get("/cabinet").await.csrf_token();
    let number = w.number.clone();
    let posts = routes(|(method, ..)| *method == "POST");
    assert!(posts.iter().any(|r| r.3 == Body::Multipart));
    for route in &posts {
        let target = w.path(route.1);
        let before = fingerprint(&app);
        if route.2 == Who::Anyone {
            let mut fresh = app.client().await;
            refused_three_ways(&app, &mut fresh, *route, &target, &number, &foreign).await;
        } else {
            let client = client_of(&mut w, route.2);
            refused_three_ways(&app, client, *route, &target, &number, &foreign).await;
        }
        let after = fingerprint(&app);
        assert!(
            changed(&before, &after).is_empty(),
            "{}: {:?} changed",
            route.1,
            changed(&before, &after)
        );
    }
    let before = fingerprint(&app);
    for route in &posts {
        let target = w.path(route.1);
        if route.2 == Who::Anyone {
            let mut fresh = app.client().await;
            accepted_with_own_token(&app, &mut fresh, *route, &target, &number).await;
        } else {
            let client = client_of(&mut w, route.2);
            accepted_with_own_token(&app, client, *route, &target, &number).await;
        }
    }
    // The fingerprint sees what the accepted POSTs wrote.
    let wrote = changed(&before, &fingerprint(&app));
    for table in [
        "users",
        "applications",
        "complaints",
        "audit_log",
        "calendar",
    ] {
        assert!(
            wrote.contains(&table.to_string()),
            "{table} not in {wrote:?}"
        );
    }
}

/// Opens (GET) or sends (POST, with the attacker's own valid token and the fields that would
/// succeed) one route as an attacker.
async fn attack<S, B>(
    app: &TestApp,
    attacker: &mut Client<S>,
    (method, path, _, body): Route,
    target: &str,
    own_form: &str,
    number: &str,
) -> crate::common::Response
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let token = attacker.get(own_form).await.csrf_token();
    let fields = fields_for(app, path, number);
    send(
        attacker,
        method,
        target,
        body,
        Some(&token),
        &fields,
        file_for(path),
    )
    .await
}

/// Checks that nothing changed since `before`, the application's status included.
fn unchanged<S>(
    app: &TestApp,
    w: &World<S>,
    before: &std::collections::BTreeMap<String, String>,
    sms: usize,
) {
    let after = fingerprint(app);
    assert!(
        changed(before, &after).is_empty(),
        "{:?} changed",
        changed(before, &after)
    );
    assert_eq!(status_of(app, &w.number), "submitted");
    assert_eq!(app.sms.0.lock().unwrap().len(), sms, "no SMS was sent");
}

/// Citizen against citizen, on every cabinet route with a number or an id (the application,
/// its review, receipt, result, document, and the POSTs: withdraw, submit, signing code,
/// complaint): the owner opens each page, another signed-in citizen gets 404 with nothing of
/// the owner's on it (number, IIN, complaint), and their POSTs with their own valid token are
/// 404 and change nothing — no table, no status, no SMS.
#[actix_web::test]
async fn another_citizen_gets_404_on_every_route_of_my_application() {
    let app = TestApp::new();
    let mut w = world(&app).await;
    let mine = routes(|(_, path, who, _)| *who == Who::Citizen && has_id(path));
    assert!(mine.len() >= 9, "{mine:?}");
    for (_, path, ..) in mine.iter().filter(|r| r.0 == "GET") {
        let res = w.owner.get(&w.path(path)).await;
        assert_ne!(res.status, StatusCode::NOT_FOUND, "the owner opens {path}");
    }
    let before = fingerprint(&app);
    let sms = app.sms.0.lock().unwrap().len();
    for route in &mine {
        let target = w.path(route.1);
        let res = attack(
            &app,
            &mut w.intruder,
            *route,
            &target,
            "/cabinet",
            &w.number,
        )
        .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{} {}", route.0, route.1);
        assert!(!w.leaks(&res), "{}: {}", route.1, res.body);
    }
    for list in ["/cabinet", "/cabinet/notifications"] {
        let res = w.intruder.get(list).await;
        assert!(!w.leaks(&res), "{list}");
    }
    unchanged(&app, &w, &before, sms);
}

/// Staff against another organization, on every admin route with a number or an id (the
/// application, its documents, receipt and result, the actions; the complaint, its file, the
/// answer): the provider's head opens each page; the head of another organization gets 404 with
/// nothing of the application on it, an operator (who sees only the State Corporation's
/// channel) 403 or 404; their POSTs with their own valid tokens change nothing.
#[actix_web::test]
async fn another_organizations_staff_get_404_on_every_admin_route_with_an_id() {
    let app = TestApp::new();
    let mut w = world(&app).await;
    let admin = routes(|(_, path, who, _)| *who == Who::Head && has_id(path));
    assert!(admin.len() >= 8, "{admin:?}");
    for (_, path, ..) in admin.iter().filter(|r| r.0 == "GET") {
        let res = w.head.get(&w.path(path)).await;
        assert_eq!(
            res.status,
            StatusCode::OK,
            "the provider's head opens {path}"
        );
    }
    let before = fingerprint(&app);
    let sms = app.sms.0.lock().unwrap().len();
    for route in &admin {
        let target = w.path(route.1);
        let res = attack(
            &app,
            &mut w.stranger_head,
            *route,
            &target,
            "/admin",
            &w.number,
        )
        .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{} {}", route.0, route.1);
        assert!(!w.leaks(&res), "{}: {}", route.1, res.body);
        let res = attack(
            &app,
            &mut w.operator,
            *route,
            &target,
            "/operator",
            &w.number,
        )
        .await;
        assert!(
            [StatusCode::NOT_FOUND, StatusCode::FORBIDDEN].contains(&res.status),
            "{} {} → {}",
            route.0,
            route.1,
            res.status
        );
        assert!(!w.leaks(&res), "{}: {}", route.1, res.body);
    }
    for queue in ["/admin", "/admin/complaints", "/admin/monitoring"] {
        let res = w.stranger_head.get(queue).await;
        assert!(!w.leaks(&res), "{queue}");
    }
    unchanged(&app, &w, &before, sms);
}

/// A signed-in citizen on every route of the admin area and the front office (all but the
/// staff sign-in page): each is a redirect to the staff sign-in, never a page, and nothing of
/// anyone's shows; the POSTs, with the citizen's own valid token, change nothing.
#[actix_web::test]
async fn a_citizen_opens_nothing_of_the_admin_area_or_the_front_office() {
    let app = TestApp::new();
    let mut w = world(&app).await;
    let staff_area = routes(|(_, path, ..)| {
        (path.starts_with("/admin") || path.starts_with("/operator")) && *path != "/admin/login"
    });
    assert!(staff_area.len() >= 25, "{}", staff_area.len());
    let before = fingerprint(&app);
    let sms = app.sms.0.lock().unwrap().len();
    for route in &staff_area {
        let target = w.path(route.1);
        let res = attack(
            &app,
            &mut w.intruder,
            *route,
            &target,
            "/cabinet",
            &w.number,
        )
        .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{} {}", route.0, route.1);
        assert!(
            res.location().starts_with("/admin/login"),
            "{}: {}",
            route.1,
            res.location()
        );
        assert!(!w.leaks(&res), "{}: {}", route.1, res.body);
    }
    unchanged(&app, &w, &before, sms);
}

/// Staff sessions (the provider's head, who sees the application in the admin area, an
/// operator and the sysadmin) on every route of the cabinet and the application form: each is
/// a redirect to the citizens' sign-in, never the citizen's data; their POSTs, with their own
/// valid tokens, change nothing.
#[actix_web::test]
async fn staff_open_nothing_of_the_citizens_cabinet() {
    let app = TestApp::new();
    let mut w = world(&app).await;
    let cabinet = routes(|(_, path, ..)| path.starts_with("/cabinet") || path.ends_with("/apply"));
    assert!(cabinet.len() >= 15, "{}", cabinet.len());
    let before = fingerprint(&app);
    let sms = app.sms.0.lock().unwrap().len();
    for who in [Who::Head, Who::Operator, Who::Sysadmin] {
        for route in &cabinet {
            let target = w.path(route.1);
            let number = w.number.clone();
            let staff = client_of(&mut w, who);
            let res = attack(&app, staff, *route, &target, form_page(who), &number).await;
            let to_sign_in =
                res.status == StatusCode::SEE_OTHER && res.location().starts_with("/login");
            assert!(
                to_sign_in || res.status == StatusCode::NOT_FOUND,
                "{who:?} {} {} → {} {}",
                route.0,
                route.1,
                res.status,
                res.location()
            );
            assert!(!w.leaks(&res), "{who:?} {}: {}", route.1, res.body);
        }
    }
    unchanged(&app, &w, &before, sms);
}
