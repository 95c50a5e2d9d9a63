//! The State Corporation's front office (`/operator`): an operator takes a paper application
//! (or refuses an incomplete one), it travels to the provider and back, and the operator hands
//! the result out; late returns are flagged. Against a real PostgreSQL.

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use egov_portal::db::schema::{application_steps, applications, organizations};

use crate::common::{Citizen, Client, Response, TestApp, kk, staff_client, staff_client_as};

const INTAKE: &str = "/operator/applications/new";
/// Seed 000 p.9: the richest State Corporation path (counter, courier, the department's clerk,
/// head and specialist, courier back, hand-out).
const COMPETITION: &str = "EDU-TVET-STATE-ORDER-COMPETITION";
const DEPARTMENT: &str = "EDU-ALMATY-CITY";
/// Register entry 00403006 (seed 004): a term for the State Corporation channel (1 working
/// day), so a deadline to be late against.
const CLUBS: &str = "00403006";
const PALACE: &str = "DOP-ALMATY-PALACE";
const SCHOOL: &str = "SCH-ALMALY-1";

async fn post<S, B>(client: &mut Client<S>, fields: &[(&str, &str)]) -> Response
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let token = client.get(INTAKE).await.csrf_token();
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    client.post_multipart(INTAKE, &all, &[]).await
}

/// Posts an action of the application page with its current version.
async fn act<S, B>(
    app: &TestApp,
    client: &mut Client<S>,
    number: &str,
    action: &str,
    extra: &[(&str, &str)],
) -> Response
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let page = client.get(&format!("/admin/applications/{number}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let version = version(app, number).to_string();
    let token = page.csrf_token();
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("version", version.as_str()),
        ("action", action),
    ];
    fields.extend_from_slice(extra);
    client
        .post_raw(&format!("/admin/applications/{number}/actions"), &fields)
        .await
}

fn version(app: &TestApp, number: &str) -> i32 {
    applications::table
        .filter(applications::number.eq(number))
        .select(applications::version)
        .first(&mut app.db.conn())
        .unwrap()
}

type Row = (
    String,
    String,
    Option<String>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    String,
);

/// Channel, status, current step's role, returned, legal deadline, organization code.
fn row(app: &TestApp, number: &str) -> Row {
    applications::table
        .inner_join(organizations::table)
        .filter(applications::number.eq(number))
        .select((
            applications::channel,
            applications::status,
            applications::step_role,
            applications::returned_at,
            applications::expected_at,
            organizations::code,
        ))
        .first(&mut app.db.conn())
        .unwrap()
}

/// (position, role, done, identity checked) of every step.
fn steps(app: &TestApp, number: &str) -> Vec<(i32, String, bool, bool)> {
    application_steps::table
        .inner_join(applications::table)
        .filter(applications::number.eq(number))
        .order(application_steps::position)
        .select((
            application_steps::position,
            application_steps::role,
            application_steps::done_at.is_not_null(),
            application_steps::identity_checked,
        ))
        .load(&mut app.db.conn())
        .unwrap()
}

fn number_of(res: &Response) -> String {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.location()
        .strip_prefix("/admin/applications/")
        .expect("redirected to the application")
        .to_string()
}

#[actix_web::test]
async fn an_operator_takes_a_paper_application_it_goes_to_the_provider_and_back_and_is_handed_out()
{
    let app = TestApp::new();
    let mut operator = staff_client_as(&app, "operator", None, "operator.gov4c").await;
    // Someone with no portal account and no record.
    let person = Citizen::new(41);

    // The desk, and its intake: the same steps as at a provider's office.
    let desk = operator.get("/operator").await;
    assert_eq!(desk.status, StatusCode::OK);
    assert!(desk.shows(&kk("front-office-title")));
    assert_eq!(operator.get("/admin").await.location(), "/operator");
    let found = post(&mut operator, &[("stage", "find"), ("iin", &person.iin)]).await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.has(r#"name="last_name""#), "the person form");
    let services = post(
        &mut operator,
        &[
            ("stage", "person"),
            ("iin", &person.iin),
            ("last_name", "Оспанова"),
            ("first_name", "Гүлнар"),
            ("middle_name", ""),
            ("phone", "+7 701 555 66 77"),
        ],
    )
    .await;
    assert_eq!(services.status, StatusCode::OK, "{}", services.body);
    let competition = app.catalog.find(COMPETITION).unwrap();
    assert!(services.shows(&competition.name.kk));
    // A service with no State Corporation channel is not offered.
    let preschool = app.catalog.find("00403002").unwrap();
    assert!(!services.shows(&preschool.name.kk));

    let page = post(
        &mut operator,
        &[
            ("stage", "service"),
            ("iin", &person.iin),
            ("service", COMPETITION),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    // The State Corporation asks the identity document too (seed 000 p.9), and the provider.
    assert!(page.has(r#"name="doc_identity-document""#));
    assert!(page.has(r#"name="provider""#));
    assert!(page.has(&format!(r#"value="{DEPARTMENT}""#)));
    assert!(page.has(r#"name="consent""#));
    let key = page.hidden("idempotency_key");
    let base = [
        ("stage", "package"),
        ("iin", person.iin.as_str()),
        ("service", COMPETITION),
        ("idempotency_key", key.as_str()),
    ];

    // Incomplete: a refusal to accept with its receipt, citing the State Corporation's ground.
    let mut incomplete = base.to_vec();
    incomplete.extend([
        ("doc_application", "on"),
        ("provider", DEPARTMENT),
        ("consent", "on"),
    ]);
    let refused = post(&mut operator, &incomplete).await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(refused.shows(&kk("intake-refusal-title")));
    assert!(refused.shows(&kk("front-office-name")));
    let ground = &competition.refusals_to_accept[0];
    assert!(refused.shows(&ground.text.kk));
    assert_eq!(app.count("applications"), 0, "nothing is registered");
    assert_eq!(app.count("audit_log WHERE action = 'refusal_to_accept'"), 1);

    // Complete, but with no provider chosen and no consent: said, and nothing registered.
    let mut complete = base.to_vec();
    complete.extend([
        ("doc_application", "on"),
        ("doc_competition-documents", "on"),
        ("doc_identity-document", "on"),
    ]);
    let unsent = post(&mut operator, &complete).await;
    assert_eq!(unsent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unsent.shows(&kk("front-office-error-provider")));
    assert!(unsent.shows(&kk("front-office-error-consent")));
    let mut elsewhere = complete.clone();
    elsewhere.extend([("provider", SCHOOL), ("consent", "on")]);
    let wrong = post(&mut operator, &elsewhere).await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a school does not give it"
    );
    assert_eq!(app.count("applications"), 0);

    complete.extend([("provider", DEPARTMENT), ("consent", "on")]);
    let number = number_of(&post(&mut operator, &complete).await);
    let (channel, status, role, returned, _, org) = row(&app, &number);
    assert_eq!(
        (
            channel.as_str(),
            status.as_str(),
            role.as_deref(),
            org.as_str()
        ),
        (
            "state_corporation",
            "submitted",
            Some("operator"),
            DEPARTMENT
        )
    );
    assert!(returned.is_none());
    // The applicant's and the three counter steps are done; sending is next.
    let done: Vec<bool> = steps(&app, &number).iter().map(|s| s.2).collect();
    assert_eq!(done[..5], [true, true, true, true, false]);
    // The receipt of acceptance names the number, the provider and what was presented.
    let receipt = operator
        .get(&format!("/admin/applications/{number}/receipt"))
        .await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert!(receipt.shows(&kk("intake-receipt-title")));
    assert!(receipt.has(&number) && receipt.shows(&kk("front-office-name")));
    let presented = &competition
        .documents
        .iter()
        .find(|d| d.id == "identity-document")
        .unwrap();
    assert!(receipt.shows(&presented.name.kk));
    // The same form sent again registers nothing more.
    post(&mut operator, &complete).await;
    assert_eq!(app.count("applications"), 1);

    // Before it is sent, the provider cannot act on it.
    let mut clerk = staff_client(&app, DEPARTMENT, "clerk").await;
    assert!(!clerk.get("/admin").await.has(&number));
    let early = act(&app, &mut clerk, &number, "register", &[]).await;
    assert_eq!(early.status, StatusCode::FORBIDDEN);

    let desk = operator.get("/operator").await;
    assert!(desk.has(&number));
    assert!(desk.shows(&kk("front-office-to-send-title")));
    let sent = act(&app, &mut operator, &number, "dispatch", &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.location(), "/operator");
    // The courier's step passes on its own: the department's clerk registers it.
    assert_eq!(row(&app, &number).2.as_deref(), Some("clerk"));
    assert!(clerk.get("/admin").await.has(&number));

    let mut head = staff_client(&app, DEPARTMENT, "head").await;
    let executor = app.add_staff(Some(DEPARTMENT), "executor", "executor.edu-almaty-city");
    let mut specialist = app.client().await;
    specialist.sign_in_staff("executor.edu-almaty-city").await;
    assert_eq!(
        act(&app, &mut clerk, &number, "register", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let executor = executor.to_string();
    assert_eq!(
        act(
            &app,
            &mut head,
            &number,
            "assign",
            &[
                ("executor", &executor),
                ("resolution", "Қарап, жауап дайындаңыз")
            ]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        act(
            &app,
            &mut specialist,
            &number,
            "prepare_result",
            &[("result", "Құжаттар конкурсқа қабылданды")]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    // The clerk sends the result back to the State Corporation (no identity check here).
    assert_eq!(row(&app, &number).2.as_deref(), Some("clerk"));
    let back = act(&app, &mut clerk, &number, "send_back", &[]).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    let (_, status, role, returned, _, _) = row(&app, &number);
    assert_eq!(
        (status.as_str(), role.as_deref()),
        ("result_ready", Some("operator"))
    );
    assert!(returned.is_some(), "the return is recorded");

    // Back at the desk, to hand out: only with the identity checked.
    let desk = operator.get("/operator").await;
    assert!(desk.has(&number));
    assert!(
        !desk.shows(&kk("front-office-returned-late")),
        "no term, never late"
    );
    let unchecked = act(&app, &mut operator, &number, "issue", &[]).await;
    assert_eq!(unchecked.status, StatusCode::SEE_OTHER);
    assert_eq!(row(&app, &number).1, "result_ready", "nothing handed out");
    let handed = act(
        &app,
        &mut operator,
        &number,
        "issue",
        &[("identity_checked", "on")],
    )
    .await;
    assert_eq!(handed.status, StatusCode::SEE_OTHER);
    let (_, status, role, _, _, _) = row(&app, &number);
    assert_eq!((status.as_str(), role), ("issued", None));
    // Every step has its time; the last records the identity check.
    let all = steps(&app, &number);
    assert!(all.iter().all(|s| s.2), "{all:?}");
    let last = all.last().unwrap();
    assert_eq!((last.1.as_str(), last.3), ("operator", true));
    let page = operator.get(&format!("/admin/applications/{number}")).await;
    assert!(page.shows(&kk("admin-outcome-identity-checked")));
    // The decision was signed: the result can be verified like any other.
    assert_eq!(app.count("results"), 1);
}

#[actix_web::test]
async fn the_desk_is_the_operators_and_the_operators_see_only_their_channel() {
    let app = TestApp::new();
    let mut clerk = staff_client(&app, SCHOOL, "clerk").await;
    assert_eq!(clerk.get("/operator").await.status, StatusCode::FORBIDDEN);
    assert_eq!(clerk.get(INTAKE).await.status, StatusCode::FORBIDDEN);
    let mut operator = staff_client_as(&app, "operator", None, "operator.desk").await;
    assert_eq!(
        operator.get("/admin/applications/new").await.status,
        StatusCode::FORBIDDEN
    );
    // Signed out: sent to the staff sign-in.
    let mut nobody = app.client().await;
    let res = nobody.get("/operator").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/admin/login"));
    // A bad IIN at the desk: the form again, nothing written.
    let page = post(&mut operator, &[("stage", "find"), ("iin", "123")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("users"), 0);
}

/// Takes an application for a children's club for a registered citizen at the front office;
/// its number.
async fn club_taken<S, B>(operator: &mut Client<S>, citizen: &Citizen) -> String
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let page = post(
        operator,
        &[
            ("stage", "service"),
            ("iin", &citizen.iin),
            ("service", CLUBS),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let key = page.hidden("idempotency_key");
    let res = post(
        operator,
        &[
            ("stage", "package"),
            ("iin", &citizen.iin),
            ("service", CLUBS),
            ("idempotency_key", &key),
            ("doc_application", "on"),
            ("doc_medical-certificate-027", "on"),
            ("doc_personal-data-consent", "on"),
            ("provider", PALACE),
            ("consent", "on"),
        ],
    )
    .await;
    number_of(&res)
}

#[actix_web::test]
async fn a_result_returned_less_than_a_day_before_the_deadline_is_flagged_and_the_citizen_follows_it()
 {
    let app = TestApp::new();
    let citizen = Citizen::new(42);
    let mut browser = app.client().await;
    assert_eq!(
        browser.register(&citizen).await.status,
        StatusCode::SEE_OTHER
    );
    let mut operator = staff_client_as(&app, "operator", None, "operator.late").await;
    let on_time = club_taken(&mut operator, &citizen).await;
    let late = club_taken(&mut operator, &citizen).await;
    assert_ne!(on_time, late, "two packages, two applications");
    for number in [&on_time, &late] {
        let (channel, _, role, _, deadline, _) = row(&app, number);
        assert_eq!(channel, "state_corporation");
        // One operator step at the counter; then the provider's executor.
        assert_eq!(role.as_deref(), Some("executor"));
        assert!(deadline.is_some(), "1 working day (seed 004, 00403006)");
    }
    // The citizen with a portal account sees both in the cabinet.
    let cabinet = browser.get("/cabinet").await;
    assert!(cabinet.has(&on_time) && cabinet.has(&late));

    // One comes back with less than a day left of its term, the other with days to spare
    // (set here, so that the test does not depend on the hour it runs at).
    for (number, left) in [(&late, TimeDelta::hours(3)), (&on_time, TimeDelta::days(3))] {
        diesel::update(applications::table.filter(applications::number.eq(number)))
            .set(applications::expected_at.eq(Utc::now() + left))
            .execute(&mut app.db.conn())
            .unwrap();
    }
    app.add_staff(Some(PALACE), "executor", "executor.late");
    let mut executor = app.client().await;
    executor.sign_in_staff("executor.late").await;
    for number in [&on_time, &late] {
        assert_eq!(
            act(&app, &mut executor, number, "take", &[]).await.status,
            StatusCode::SEE_OTHER
        );
        let decided = act(
            &app,
            &mut executor,
            number,
            "prepare_result",
            &[("result", "Бала үйірмеге қабылданды")],
        )
        .await;
        assert_eq!(decided.status, StatusCode::SEE_OTHER);
        assert_eq!(row(&app, number).2.as_deref(), Some("operator"));
    }
    let desk = operator.get("/operator").await;
    assert!(desk.has(&on_time) && desk.has(&late));
    assert_eq!(
        desk.body.matches(&kk("front-office-returned-late")).count(),
        1,
        "only the late one is flagged"
    );
    let page = operator.get(&format!("/admin/applications/{late}")).await;
    assert!(page.shows(&kk("front-office-returned-late")));
    let page = operator
        .get(&format!("/admin/applications/{on_time}"))
        .await;
    assert!(!page.shows(&kk("front-office-returned-late")));
    // The citizen sees the result is ready.
    let mine = browser
        .get(&format!("/cabinet/applications/{on_time}"))
        .await;
    assert_eq!(mine.status, StatusCode::OK);
}
