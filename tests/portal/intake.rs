//! Counter intake at the provider (`/admin/applications/new`): a clerk registers a complete paper
//! package or refuses to accept an incomplete one, against a real PostgreSQL.

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use egov_portal::domain::calendar::WorkingHours;
use egov_portal::domain::catalog::Channel;
use egov_portal::i18n::Lang;
use egov_portal::repo;

use crate::common::{Citizen, Client, Response, TestApp, kk, msg, ru, staff_client};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
const SCHOOL: &str = "SCH-ALMALY-1";
const DUPLICATE: &str = "EDU-SCHOOL-DUPLICATE";

/// Posts one step of the intake form (multipart, with this browser's CSRF token first).
async fn post<S, B>(
    client: &mut Client<S>,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> Response
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let token = client.get("/admin/applications/new").await.csrf_token();
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    client
        .post_multipart("/admin/applications/new", &all, files)
        .await
}

/// Finds the citizen, chooses the service and returns the documents page.
async fn documents_page<S, B>(client: &mut Client<S>, iin: &str, service: &str) -> Response
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let found = post(client, &[("stage", "find"), ("iin", iin)], &[]).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    let page = post(
        client,
        &[("stage", "service"), ("iin", iin), ("service", service)],
        &[],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page
}

/// The number in `/admin/applications/{number}`.
fn number_of(res: &Response) -> String {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.location()
        .strip_prefix("/admin/applications/")
        .expect("redirected to the application")
        .to_string()
}

#[derive(QueryableByName, Debug)]
struct Taken {
    #[diesel(sql_type = Text)]
    channel: String,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Text)]
    organization: String,
    #[diesel(sql_type = BigInt)]
    applicant_id: i64,
    #[diesel(sql_type = Nullable<Text>)]
    step_role: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    step_due: Option<DateTime<Utc>>,
    #[diesel(sql_type = Timestamptz)]
    submitted_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    expected_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Text)]
    answers: String,
}

fn taken(app: &TestApp, number: &str) -> Taken {
    diesel::sql_query(
        "SELECT a.channel, a.status, o.code AS organization, a.applicant_id, a.step_role,
                a.step_due, a.submitted_at, a.expected_at, a.answers::text AS answers
           FROM applications a JOIN organizations o ON o.id = a.organization_id
          WHERE a.number = $1",
    )
    .bind::<Text, _>(number)
    .get_result(&mut app.db.conn())
    .expect("the application exists")
}

fn count_where(app: &TestApp, sql: &str) -> i64 {
    app.count(&format!("({sql}) AS rows"))
}

#[actix_web::test]
async fn a_clerk_registers_a_complete_package_and_the_citizen_sees_it_in_the_cabinet() {
    let app = TestApp::new();
    let citizen = Citizen::new(1);
    let mut browser = app.client().await;
    assert_eq!(
        browser.register(&citizen).await.status,
        StatusCode::SEE_OTHER
    );
    let mut clerk = staff_client(&app, SCHOOL, "clerk").await;

    // The form asks for the IIN, with its label and hint.
    let form = clerk.get("/admin/applications/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.shows(&kk("intake-title")));
    assert!(form.shows(&kk("intake-iin-hint")));

    let found = post(&mut clerk, &[("stage", "find"), ("iin", &citizen.iin)], &[]).await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.shows("Сәрсенбаев Нұрлан"));
    assert!(found.shows(&kk("intake-account-yes")));
    let service = app.catalog.find(DUPLICATE).unwrap();
    assert!(found.shows(&service.name.kk));
    // A portal-only service is not offered at the counter.
    let attestation = app.catalog.find("EDU-TEACHER-ATTESTATION").unwrap();
    assert!(!found.shows(&attestation.name.kk));

    let page = documents_page(&mut clerk, &citizen.iin, DUPLICATE).await;
    assert!(page.has(r#"name="doc_application""#));
    assert!(page.has(r#"name="doc_identity-document""#));
    assert!(page.has(r#"name="scan_application""#));
    let key = page.hidden("idempotency_key");
    let package = [
        ("stage", "package"),
        ("iin", citizen.iin.as_str()),
        ("service", DUPLICATE),
        ("idempotency_key", key.as_str()),
        ("doc_application", "on"),
        ("doc_identity-document", "on"),
    ];
    let scan: &[(&str, &str, &[u8])] = &[("scan_application", "өтініш.pdf", PDF)];
    let res = post(&mut clerk, &package, scan).await;
    let number = number_of(&res);

    // A double click makes one application.
    let again = post(&mut clerk, &package, scan).await;
    assert_eq!(number_of(&again), number);
    assert_eq!(app.count("applications"), 1);

    let row = taken(&app, &number);
    let user = repo::users::find_by_iin(
        &mut app.db.conn(),
        &egov_portal::domain::iin::Iin::parse(&citizen.iin).unwrap(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(row.channel, "provider");
    assert_eq!(row.status, "submitted");
    assert_eq!(row.organization, SCHOOL);
    assert_eq!(row.applicant_id, user.id);
    assert_eq!(row.answers, "{}");
    // The provider channel's term is taken from a later standard: no legal deadline.
    assert_eq!(row.expected_at, None);
    // The provider path's four steps are planned; the first (the specialist's) is current.
    assert_eq!(
        count_where(
            &app,
            "SELECT 1 FROM application_steps s JOIN applications a ON a.id = s.application_id"
        ),
        service.path(Channel::Provider).unwrap().steps.len() as i64
    );
    assert_eq!(row.step_role.as_deref(), Some("executor"));
    assert!(row.step_due.is_some_and(|d| d >= row.submitted_at));
    assert_eq!(
        count_where(
            &app,
            "SELECT 1 FROM application_documents WHERE document_id = 'application' \
             AND file_name = 'өтініш.pdf'"
        ),
        1
    );
    assert_eq!(
        count_where(
            &app,
            "SELECT 1 FROM application_events WHERE action = 'intake' AND actor_kind = 'staff'"
        ),
        1
    );
    assert_eq!(
        count_where(
            &app,
            &format!("SELECT 1 FROM audit_log WHERE action = 'intake' AND object = '{number}'")
        ),
        1
    );
    assert_eq!(
        count_where(
            &app,
            "SELECT 1 FROM notifications WHERE message_id = 'intake-notice-taken-no-term'"
        ),
        1
    );

    // The citizen sees it in the cabinet, with its planned steps.
    let cabinet = browser.get("/cabinet").await;
    assert!(cabinet.has(&number), "{}", cabinet.body);
    let page = browser
        .get(&format!("/cabinet/applications/{number}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let first_step = &service.path(Channel::Provider).unwrap().steps[0];
    assert!(page.shows(&first_step.action.kk));
}

#[actix_web::test]
async fn the_legal_deadline_comes_from_the_provider_channels_term() {
    let app = TestApp::new();
    let citizen = Citizen::new(5);
    citizen.insert(&mut app.db.conn(), "");
    let mut clerk = staff_client(&app, "DOP-ALMATY-PALACE", "clerk").await;
    let page = documents_page(&mut clerk, &citizen.iin, "00403006").await;
    let key = page.hidden("idempotency_key");
    let service = app.catalog.find("00403006").unwrap();
    let mut package = vec![
        ("stage".to_string(), "package".to_string()),
        ("iin".into(), citizen.iin.clone()),
        ("service".into(), service.code.clone()),
        ("idempotency_key".into(), key),
    ];
    for d in egov_portal::domain::intake::asked_documents(service, Channel::Provider) {
        package.push((format!("doc_{}", d.id), "on".into()));
    }
    let fields: Vec<(&str, &str)> = package
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let number = number_of(&post(&mut clerk, &fields, &[]).await);
    let row = taken(&app, &number);
    let term = service.term(Channel::Provider).unwrap();
    let calendar = repo::calendar::load(&mut app.db.conn(), WorkingHours::default()).unwrap();
    assert_eq!(
        row.expected_at,
        Some(calendar.deadline(row.submitted_at, term.duration(), term.counting))
    );
    assert_eq!(row.step_role.as_deref(), Some("clerk"));
    assert_eq!(
        count_where(
            &app,
            "SELECT 1 FROM notifications WHERE message_id = 'intake-notice-taken'"
        ),
        1
    );
}

#[actix_web::test]
async fn a_person_without_an_account_is_kept_and_sees_the_application_once_registered() {
    let app = TestApp::new();
    let citizen = Citizen::new(2);
    let mut clerk = staff_client(&app, SCHOOL, "clerk").await;

    let found = post(&mut clerk, &[("stage", "find"), ("iin", &citizen.iin)], &[]).await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.shows(&kk("intake-person-title")));
    assert_eq!(app.count("users"), 0, "finding writes nothing");

    // A bad phone: the form again, with the message, and no record.
    let person = |phone: &'static str| {
        [
            ("stage", "person"),
            ("iin", citizen.iin.as_str()),
            ("last_name", "Серікова"),
            ("first_name", "Гүлназ"),
            ("middle_name", ""),
            ("phone", phone),
        ]
    };
    let bad = post(&mut clerk, &person("12345"), &[]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.shows(&kk("error-phone-format")));
    assert!(bad.shows(&kk("form-error-summary")));
    assert_eq!(app.count("users"), 0);

    let kept = post(&mut clerk, &person("8 701 234 56 78"), &[]).await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.body);
    assert!(kept.shows(&kk("intake-account-no")));
    let iin = egov_portal::domain::iin::Iin::parse(&citizen.iin).unwrap();
    let record = repo::users::find_by_iin(&mut app.db.conn(), &iin)
        .unwrap()
        .unwrap();
    assert_eq!(record.password_hash, None);
    assert_eq!(record.birth_date, iin.birth_date());
    assert_eq!(record.sex, "male");
    assert_eq!(record.phone, "+77012345678");
    assert_eq!(
        count_where(
            &app,
            "SELECT 1 FROM audit_log WHERE action = 'person_record'"
        ),
        1
    );
    // Sent twice, the record is not doubled.
    post(&mut clerk, &person("8 701 234 56 78"), &[]).await;
    assert_eq!(app.count("users"), 1);

    let page = documents_page(&mut clerk, &citizen.iin, DUPLICATE).await;
    let key = page.hidden("idempotency_key");
    let res = post(
        &mut clerk,
        &[
            ("stage", "package"),
            ("iin", &citizen.iin),
            ("service", DUPLICATE),
            ("idempotency_key", &key),
            ("doc_application", "on"),
            ("doc_identity-document", "on"),
        ],
        &[],
    )
    .await;
    let number = number_of(&res);
    assert_eq!(taken(&app, &number).applicant_id, record.id);

    // Without a password nobody signs in as the person.
    let mut browser = app.client().await;
    let refused = browser.sign_in(&citizen.iin, &citizen.password).await;
    assert_ne!(refused.status, StatusCode::SEE_OTHER);

    // Knowing the IIN is not enough: a registration with another phone does not claim it.
    let mut impostor = citizen.clone();
    impostor.phone = "+7 777 000 11 22".into();
    let stolen = app.client().await.register(&impostor).await;
    assert_ne!(stolen.status, StatusCode::SEE_OTHER);
    assert_eq!(
        repo::users::find_by_iin(&mut app.db.conn(), &iin)
            .unwrap()
            .unwrap()
            .password_hash,
        None
    );

    // Registering with the IIN and the phone given at the counter claims the record instead of
    // answering "IIN taken".
    let registered = browser.register(&citizen).await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    assert_eq!(registered.location(), "/cabinet");
    assert_eq!(app.count("users"), 1);
    let claimed = repo::users::find_by_iin(&mut app.db.conn(), &iin)
        .unwrap()
        .unwrap();
    assert_eq!(claimed.id, record.id);
    assert!(claimed.password_hash.is_some());
    assert_eq!(claimed.last_name, citizen.last_name);
    assert_eq!(claimed.first_name, citizen.first_name);
    let cabinet = browser.get("/cabinet").await;
    assert!(cabinet.has(&number), "{}", cabinet.body);
    // The notice sent at intake waits in the cabinet.
    let notices = browser.get("/cabinet/notifications").await;
    assert!(notices.has(&number));

    // Once claimed, the IIN is taken.
    let mut other = app.client().await;
    let taken_again = other.register(&citizen).await;
    assert_eq!(taken_again.status, StatusCode::CONFLICT);
    assert!(taken_again.shows(&kk("error-iin-taken")));
}

#[actix_web::test]
async fn an_incomplete_package_gets_a_refusal_to_accept_and_nothing_is_registered() {
    let app = TestApp::new();
    let citizen = Citizen::new(3);
    citizen.insert(&mut app.db.conn(), "");
    let mut clerk = staff_client(&app, SCHOOL, "clerk").await;
    clerk.set_cookie("lang", "ru");
    let page = documents_page(&mut clerk, &citizen.iin, DUPLICATE).await;
    let key = page.hidden("idempotency_key");

    let res = post(
        &mut clerk,
        &[
            ("stage", "package"),
            ("iin", &citizen.iin),
            ("service", DUPLICATE),
            ("idempotency_key", &key),
            ("doc_application", "on"),
        ],
        &[("scan_application", "заявление.pdf", PDF)],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let service = app.catalog.find(DUPLICATE).unwrap();
    let missing = service.document("identity-document").unwrap();
    let presented = service.document("application").unwrap();
    assert!(res.shows(&ru("intake-refusal-title")));
    assert!(res.shows(&missing.name.ru), "names the missing document");
    assert!(res.shows(&presented.name.ru));
    assert!(res.shows(&service.name.ru));
    // This regulation names no refusal to accept at the school, and no receipt form.
    assert!(res.shows(&ru("intake-refusal-no-ground")));
    assert!(res.has("data-print"), "printable");

    assert_eq!(app.count("applications"), 0);
    assert_eq!(app.count("application_documents"), 0);
    assert_eq!(app.count("notifications"), 0);
    assert_eq!(
        count_where(
            &app,
            "SELECT 1 FROM audit_log WHERE action = 'refusal_to_accept' \
             AND object = 'EDU-SCHOOL-DUPLICATE' \
             AND details->'missing' = '[\"identity-document\"]'::jsonb"
        ),
        1
    );

    // The conditional document (a damaged original) is not needed for a complete package.
    let complete = post(
        &mut clerk,
        &[
            ("stage", "package"),
            ("iin", &citizen.iin),
            ("service", DUPLICATE),
            ("idempotency_key", &key),
            ("doc_application", "on"),
            ("doc_identity-document", "on"),
        ],
        &[],
    )
    .await;
    number_of(&complete);
    assert_eq!(app.count("applications"), 1);
}

#[actix_web::test]
async fn a_bad_scan_is_explained_and_nothing_is_registered() {
    let app = TestApp::new();
    let citizen = Citizen::new(4);
    citizen.insert(&mut app.db.conn(), "");
    let mut clerk = staff_client(&app, SCHOOL, "clerk").await;
    let page = documents_page(&mut clerk, &citizen.iin, DUPLICATE).await;
    let key = page.hidden("idempotency_key");
    let package = [
        ("stage", "package"),
        ("iin", citizen.iin.as_str()),
        ("service", DUPLICATE),
        ("idempotency_key", key.as_str()),
        ("doc_application", "on"),
        ("doc_identity-document", "on"),
    ];
    let res = post(
        &mut clerk,
        &package,
        &[("scan_application", "scan.pdf", b"MZ not a pdf")],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.shows(&kk("error-file-type")));
    assert!(
        res.has(r##"href="#scan_application""##),
        "the summary links the input"
    );
    // The ticks are kept.
    assert!(res.has(r#"name="doc_identity-document" value="on" checked"#));
    assert_eq!(app.count("applications"), 0);
}

#[actix_web::test]
async fn only_a_clerk_takes_applications_at_the_counter() {
    let app = TestApp::new();
    let citizen = Citizen::new(6);
    citizen.insert(&mut app.db.conn(), "");
    for role in ["head", "executor"] {
        let mut member = staff_client(&app, SCHOOL, role).await;
        let page = member.get("/admin/applications/new").await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{role}");
        assert!(page.shows(&kk("error-forbidden-text")));
        let token = page.csrf_token();
        let res = member
            .post_multipart(
                "/admin/applications/new",
                &[
                    ("csrf_token", token.as_str()),
                    ("stage", "person"),
                    ("iin", "950415300122"),
                    ("last_name", "Серікова"),
                    ("first_name", "Гүлназ"),
                    ("phone", "+77012345678"),
                ],
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{role}");
    }
    assert_eq!(app.count("users"), 1, "no person record was made");

    // Not signed in as staff: sent to the staff sign-in.
    let mut anonymous = app.client().await;
    let res = anonymous.get("/admin/applications/new").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/admin/login"));

    // A clerk of a kindergarten cannot take a school's service, even by forging the form.
    let mut other = staff_client(&app, "KG-BOSTANDYK-2", "clerk").await;
    let found = post(&mut other, &[("stage", "find"), ("iin", &citizen.iin)], &[]).await;
    let duplicate = app.catalog.find(DUPLICATE).unwrap();
    assert!(!found.shows(&duplicate.name.kk));
    let forged = post(
        &mut other,
        &[
            ("stage", "package"),
            ("iin", &citizen.iin),
            ("service", DUPLICATE),
            ("idempotency_key", "forged-key-0123456789"),
            ("doc_application", "on"),
            ("doc_identity-document", "on"),
        ],
        &[],
    )
    .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.count("applications"), 0);
}

#[actix_web::test]
async fn a_bad_iin_gets_a_localized_message_and_nothing_is_written() {
    let app = TestApp::new();
    let mut clerk = staff_client(&app, SCHOOL, "clerk").await;
    let audit_before = app.count("audit_log");
    let bad = "950415300123";
    for lang in [Lang::Kk, Lang::Ru] {
        clerk.set_cookie("lang", lang.code());
        let res = post(&mut clerk, &[("stage", "find"), ("iin", bad)], &[]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.shows(&msg(lang, "error-iin-check-digit", &[])));
        assert!(res.shows(&msg(lang, "form-error-summary", &[])));
        assert!(
            res.has(&format!(r#"value="{bad}""#)),
            "the typed IIN is kept"
        );
    }
    // A later step with a bad IIN in its hidden field is no browser's doing.
    let res = post(
        &mut clerk,
        &[
            ("stage", "person"),
            ("iin", bad),
            ("last_name", "Серікова"),
            ("first_name", "Гүлназ"),
            ("phone", "+77012345678"),
        ],
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.count("users"), 0);
    assert_eq!(app.count("applications"), 0);
    assert_eq!(app.count("audit_log"), audit_before);

    // No service chosen: the choice again, with the message linked to the first option.
    let citizen = Citizen::new(7);
    citizen.insert(&mut app.db.conn(), "");
    clerk.set_cookie("lang", "kk");
    let res = post(
        &mut clerk,
        &[("stage", "service"), ("iin", &citizen.iin)],
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.shows(&kk("intake-error-service-required")));
    assert!(res.has(r##"href="#service-1""##));
    assert!(res.has(r#"id="service-1""#));
}
