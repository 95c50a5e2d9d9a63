//! Applying online and following the application in the cabinet, against a real PostgreSQL.

use actix_web::http::StatusCode;
use diesel::prelude::*;
use egov_portal::domain::actor::{Actor, OrganizationId, UserId};
use egov_portal::domain::calendar::WorkingHours;
use egov_portal::domain::catalog::{Channel, FieldType, Service};
use egov_portal::repo;
use egov_portal::repo::Refusal;
use egov_portal::repo::applications::SubmitRefusal;

use crate::common::{Citizen, TestApp, kk, msg, ru};
use egov_portal::i18n::Lang;

pub(crate) type Fields = Vec<(String, String)>;
pub(crate) type Uploads = Vec<(String, String, Vec<u8>)>;

pub(crate) const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
];

pub(crate) fn today() -> chrono::NaiveDate {
    egov_portal::domain::local_date(chrono::Utc::now())
}

/// A valid IIN of a boy born three years ago (of preschool and of any child's age).
pub(crate) fn child_iin() -> String {
    use chrono::Datelike;
    let born = today()
        .with_day(1)
        .and_then(|d| d.with_year(d.year() - 3))
        .expect("a valid date");
    (1..100)
        .find_map(|serial| {
            egov_portal::domain::iin::with_check_digit(&format!(
                "{}5{serial:04}",
                born.format("%y%m%d")
            ))
        })
        .expect("a serial with a check digit")
}

/// A valid answer for every non-file field of a service's form.
pub(crate) fn answers(service: &Service) -> Vec<(String, String)> {
    service
        .fields
        .iter()
        .filter(|f| f.field_type != FieldType::File)
        .map(|f| {
            let value = match f.field_type {
                FieldType::Select => f.options[0].value.clone(),
                FieldType::Checkbox => {
                    if f.required {
                        "on".into()
                    } else {
                        String::new()
                    }
                }
                FieldType::Date => (today() + chrono::TimeDelta::days(30)).to_string(),
                FieldType::Number => f.min.unwrap_or(1.0).max(1.0).to_string(),
                _ if f.pattern.as_deref() == Some("[0-9]{12}") => child_iin(),
                _ => "Тест мәтіні".into(),
            };
            (f.name.clone(), value)
        })
        .collect()
}

/// Every required file field with a small PDF.
pub(crate) fn files(service: &Service) -> Vec<(String, &'static [u8])> {
    service
        .fields
        .iter()
        .filter(|f| f.field_type == FieldType::File && f.required)
        .map(|f| (f.name.clone(), PDF))
        .collect()
}

pub(crate) fn organization_for(app: &TestApp, service: &Service) -> String {
    let kinds: Vec<&str> = service.provider_kinds.iter().map(|k| k.as_str()).collect();
    let orgs = repo::organizations::of_kinds(&mut app.db.conn(), &kinds, None, None).unwrap();
    orgs[0].id.to_string()
}

macro_rules! apply_form {
    ($browser:expr, $app:expr, $code:expr, $action:expr, $tweak:expr) => {{
        let service = $app.catalog.find($code).unwrap().clone();
        let form_page = $browser.get(&format!("/services/{}/apply", $code)).await;
        assert_eq!(form_page.status, StatusCode::OK, "{}", form_page.body);
        let csrf = form_page.csrf_token();
        let key = form_page.hidden("idempotency_key");
        let org = organization_for(&$app, &service);
        let mut fields: Vec<(String, String)> = vec![
            ("csrf_token".into(), csrf),
            ("idempotency_key".into(), key.clone()),
            ("organization_id".into(), org),
            ("action".into(), $action.into()),
        ];
        fields.extend(answers(&service));
        let mut uploads: Vec<(String, String, Vec<u8>)> = files(&service)
            .into_iter()
            .map(|(name, bytes)| (name.clone(), format!("{name}.pdf"), bytes.to_vec()))
            .collect();
        let tweak: &dyn Fn(&mut Fields, &mut Uploads) = &$tweak;
        tweak(&mut fields, &mut uploads);
        let f: Vec<(&str, &str)> = fields
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let u: Vec<(&str, &str, &[u8])> = uploads
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_slice()))
            .collect();
        (
            $browser
                .post_multipart(&format!("/services/{}/apply", $code), &f, &u)
                .await,
            key,
        )
    }};
}

pub(crate) fn no_change(_: &mut Fields, _: &mut Uploads) {}

/// Registers a citizen, applies for `code` and submits; returns the application number.
macro_rules! apply_and_submit {
    ($browser:expr, $app:expr, $citizen:expr, $code:expr) => {{
        let (res, _) = apply_form!($browser, $app, $code, "continue", no_change);
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let review_path = res.location().to_string();
        assert!(review_path.ends_with("/review"), "{review_path}");
        let review = $browser.get(&review_path).await;
        assert_eq!(review.status, StatusCode::OK);
        let number = review_path.split('/').nth(3).unwrap().to_string();
        let submit = $browser
            .post_raw(
                &format!("/cabinet/applications/{number}/submit"),
                &[
                    ("csrf_token", &review.csrf_token()),
                    ("consent", "on"),
                    ("password", &$citizen.password),
                ],
            )
            .await;
        assert_eq!(submit.status, StatusCode::SEE_OTHER, "{}", submit.body);
        assert_eq!(
            submit.location(),
            format!("/cabinet/applications/{number}/receipt")
        );
        number
    }};
}

fn citizen_of(actor: Actor) -> UserId {
    UserId(actor.account_id())
}

/// A draft of the preschool service for `actor`, with a provider and no answers.
fn new_draft(
    conn: &mut PgConnection,
    actor: Actor,
    key: &str,
    org: i64,
) -> repo::applications::ApplicationRow {
    repo::applications::save_draft(
        conn,
        citizen_of(actor),
        repo::applications::DraftInput {
            service_code: "00403002",
            idempotency_key: key,
            version: None,
            organization_id: Some(OrganizationId(org)),
            answers: &Default::default(),
            documents: vec![],
        },
        chrono::Utc::now(),
    )
    .unwrap()
}

/// Submits `number` now, as the sign-and-submit handler does.
fn submit_now(
    conn: &mut PgConnection,
    actor: Actor,
    number: &str,
    version: Option<i32>,
    path: &egov_portal::domain::catalog::Path,
) -> Result<repo::applications::ApplicationRow, Refusal<SubmitRefusal>> {
    let now = chrono::Utc::now();
    let calendar = repo::calendar::load(conn, WorkingHours::default()).unwrap();
    let planned = egov_portal::domain::application::plan(path, now, &calendar);
    repo::applications::submit(
        conn,
        actor,
        repo::applications::SubmitInput {
            number,
            version,
            planned: &planned,
            deadline: Some(now),
            lang: "kk",
            signed_with: "password",
        },
        now,
    )
}

#[actix_web::test]
async fn a_citizen_applies_for_preschool_and_follows_it_in_the_cabinet() {
    let app = TestApp::new();
    let citizen = Citizen::new(30);
    let mut browser = app.client().await;
    browser.register(&citizen).await;

    let number = apply_and_submit!(browser, app, citizen, "00403002");
    assert!(
        number.starts_with("KZ-20") && number.len() == 16,
        "{number}"
    );

    let receipt = browser
        .get(&format!("/cabinet/applications/{number}/receipt"))
        .await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert!(receipt.has(&number));
    assert!(receipt.has("Мектепке дейінгі ұйымдарға құжаттарды қабылдау"));
    assert!(receipt.has(&format!("Қол қойған: ЖСН {}", citizen.iin)));

    // The expected date is the legal deadline: the portal term of the register entry (1 working
    // day from the moment of receipt, seed 004), by the calendar engine.
    let (submitted, expected): (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) = {
        use egov_portal::db::schema::applications::dsl::*;
        applications
            .filter(number.eq(&number))
            .select((
                submitted_at.assume_not_null(),
                expected_at.assume_not_null(),
            ))
            .first(&mut app.db.conn())
            .unwrap()
    };
    let calendar = repo::calendar::load(&mut app.db.conn(), WorkingHours::default()).unwrap();
    let path = app
        .catalog
        .find("00403002")
        .unwrap()
        .path(Channel::Portal)
        .unwrap();
    let term = app
        .catalog
        .find("00403002")
        .unwrap()
        .term(Channel::Portal)
        .unwrap();
    assert!(term.gives_deadline());
    assert_eq!(
        calendar.deadline(submitted, term.duration(), term.counting),
        expected
    );
    // A document line names the document, and its size is never "0 KB".
    let review_like = browser
        .get(&format!("/cabinet/applications/{number}"))
        .await;
    assert!(
        review_like.has("№ 065/е нысаны"),
        "the upload is named by its document"
    );
    assert!(
        review_like.has(" байт)") || review_like.has(" КБ)"),
        "a readable size"
    );
    assert!(!review_like.has("0 KB"));

    let cabinet = browser.get("/cabinet").await;
    assert!(cabinet.has(&number));
    assert!(cabinet.shows(&kk("status-submitted")), "status badge");
    // On a phone each row is a card named by the stylesheet's columns (web::columns).
    assert!(cabinet.has("app-table columns-cabinet"));
    let page = browser
        .get(&format!("/cabinet/applications/{number}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.has("timeline-current"),
        "the current step is highlighted"
    );
    assert_eq!(
        page.body.matches("class=\"timeline-step").count(),
        path.steps.len()
    );
    assert!(page.has(&child_iin()), "answers shown");

    // The documents are there, with their hash, and the owner can download them.
    let docs = app.count("application_documents");
    assert_eq!(
        docs as usize,
        files(app.catalog.find("00403002").unwrap()).len()
    );
    let link_start = page
        .body
        .find(&format!("/cabinet/applications/{number}/documents/"))
        .unwrap();
    let link = &page.body[link_start..page.body[link_start..].find('"').unwrap() + link_start];
    let download = browser.get(link).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.header("content-type"), "application/pdf");
    assert!(
        download
            .header("content-disposition")
            .starts_with("attachment; filename=")
    );
    assert_eq!(download.body.as_bytes(), PDF);

    let stored_hash: String = {
        use egov_portal::db::schema::application_documents::dsl::*;
        application_documents
            .select(sha256)
            .first(&mut app.db.conn())
            .unwrap()
    };
    use sha2::Digest;
    assert_eq!(stored_hash, format!("{:x}", sha2::Sha256::digest(PDF)));
    assert_eq!(app.count("application_events WHERE action = 'submit'"), 1);

    // A notification, and outbox rows for SMS (and e-mail when there is one).
    assert_eq!(app.count("notifications"), 1);
    assert!(app.count("outbox") >= 1);
    browser.set_cookie("lang", "ru");
    assert!(
        browser
            .get(&format!("/cabinet/applications/{number}"))
            .await
            .shows(&ru("status-submitted"))
    );
}

#[actix_web::test]
async fn a_citizen_applies_for_school_enrolment_with_its_own_form() {
    let app = TestApp::new();
    let citizen = Citizen::new(31);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let number = apply_and_submit!(browser, app, citizen, "EDU-SCHOOL-ENROLMENT");
    let page = browser
        .get(&format!("/cabinet/applications/{number}"))
        .await;
    let service = app.catalog.find("EDU-SCHOOL-ENROLMENT").unwrap();
    let org_id: i64 = organization_for(&app, service).parse().unwrap();
    let org = repo::organizations::find(&mut app.db.conn(), org_id)
        .unwrap()
        .unwrap();
    assert_eq!(org.kind, "school");
    assert!(page.has(&org.name_kk), "the chosen school is shown");
    for f in service
        .fields
        .iter()
        .filter(|f| f.field_type != FieldType::File)
    {
        assert!(page.has(&f.label.kk), "the answer to {} is shown", f.name);
    }
    assert_eq!(app.count("applications"), 1);
    // Seed 002 gives no term for the enrolment order: no date is promised, and the receipt and
    // the cabinet say so.
    assert!(page.shows(&kk("receipt-no-term")));
    let receipt = browser
        .get(&format!("/cabinet/applications/{number}/receipt"))
        .await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert!(receipt.shows(&kk("receipt-no-term")));
    assert_eq!(
        app.count("applications WHERE expected_at IS NULL AND status = 'submitted'"),
        1
    );
}

/// Sets one answer of the form.
fn set(fields: &mut Fields, name: &str, value: &str) {
    match fields.iter_mut().find(|(k, _)| k == name) {
        Some((_, v)) => *v = value.to_string(),
        None => fields.push((name.to_string(), value.to_string())),
    }
}

#[actix_web::test]
async fn the_form_enforces_date_and_age_rules_and_conditional_documents() {
    let app = TestApp::new();
    let citizen = Citizen::new(33);
    let mut browser = app.client().await;
    browser.register(&citizen).await;

    // A desired admission date in the past, and a child of school age (born in 2015).
    let (res, _) = apply_form!(
        browser,
        app,
        "00403002",
        "continue",
        |fields: &mut Fields, _: &mut Uploads| {
            set(fields, "desired_admission_date", "2021-05-10");
            let pupil = egov_portal::domain::iin::with_check_digit("15010150001").unwrap();
            set(fields, "child_iin", &pupil);
        }
    );
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let today_dmy = today().format("%d.%m.%Y").to_string();
    assert!(
        res.shows(&msg(
            Lang::Kk,
            "error-field-date-before",
            &[("date", &today_dmy)]
        )),
        "{}",
        res.body
    );
    assert!(res.shows(&msg(
        Lang::Kk,
        "error-field-age",
        &[("min", "0"), ("max", "6")]
    )));

    // A non-resident must upload the copies the board lists for non-residents; the same in
    // Russian.
    browser.set_cookie("lang", "ru");
    let (res, _) = apply_form!(
        browser,
        app,
        "00403002",
        "continue",
        |fields: &mut Fields, _: &mut Uploads| set(fields, "residency", "non_resident")
    );
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.shows(&ru("error-file-required")));
    assert!(!res.shows(&msg(
        Lang::Ru,
        "error-field-date-before",
        &[("date", &today_dmy)]
    )));
    assert_eq!(app.count("applications"), 0, "nothing is stored");

    // With the copies, it goes through.
    let (res, _) = apply_form!(
        browser,
        app,
        "00403002",
        "continue",
        |fields: &mut Fields, uploads: &mut Uploads| {
            set(fields, "residency", "non_resident");
            for name in [
                "nonresident_parent_identity",
                "nonresident_child_birth_document",
            ] {
                uploads.push((name.into(), format!("{name}.pdf"), PDF.to_vec()));
            }
        }
    );
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(app.count("application_documents"), 5);
}

#[actix_web::test]
async fn bad_answers_and_bad_files_get_messages_and_store_nothing() {
    let app = TestApp::new();
    let citizen = Citizen::new(32);
    let mut browser = app.client().await;
    browser.register(&citizen).await;

    let (res, _) = apply_form!(
        browser,
        app,
        "00403002",
        "continue",
        |fields: &mut Fields, _: &mut Uploads| {
            for (k, v) in fields.iter_mut() {
                if k == "child_iin" {
                    *v = "12345".into();
                }
                if k == "desired_admission_date" {
                    *v = "2027-02-30".into();
                }
            }
        }
    );
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.shows(&msg(Lang::Kk, "error-field-too-short", &[("min", "12")])));
    assert!(res.shows(&kk("error-field-date")));
    assert!(res.has(r#"value="12345""#), "typed values are kept");

    let (res, _) = apply_form!(
        browser,
        app,
        "00403002",
        "continue",
        |_: &mut Fields, uploads: &mut Uploads| {
            uploads[0].2 = b"MZ\x90\x00 not a document".to_vec();
            uploads[0].1 = "scan.pdf".into();
        }
    );
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.shows(&kk("error-file-type")));

    let (res, _) = apply_form!(
        browser,
        app,
        "00403002",
        "continue",
        |_: &mut Fields, uploads: &mut Uploads| {
            let mut big = PDF.to_vec();
            big.resize(10 * 1024 * 1024 + 1, b' ');
            uploads[1].2 = big;
        }
    );
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.shows(&kk("error-file-too-large")));

    let (res, _) = apply_form!(
        browser,
        app,
        "00403002",
        "continue",
        |_: &mut Fields, uploads: &mut Uploads| {
            uploads.pop();
        }
    );
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.shows(&kk("error-file-required")));

    assert_eq!(app.count("applications"), 0);
    assert_eq!(app.count("application_documents"), 0);
}

#[actix_web::test]
async fn more_than_30_mb_in_one_application_is_refused_and_nothing_is_stored() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    browser.register(&Citizen::new(42)).await;
    let service = app.catalog.find("00403002").unwrap().clone();
    let file_fields: Vec<String> = service
        .fields
        .iter()
        .filter(|f| f.field_type == FieldType::File)
        .map(|f| f.name.clone())
        .take(4)
        .collect();
    assert_eq!(file_fields.len(), 4);
    let (res, _) = apply_form!(
        browser,
        app,
        "00403002",
        "continue",
        |_: &mut Fields, uploads: &mut Uploads| {
            let mut big = PDF.to_vec();
            big.resize(8_000_000, b' ');
            uploads.clear();
            for name in &file_fields {
                uploads.push((name.clone(), format!("{name}.pdf"), big.clone()));
            }
        }
    );
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        &res.body[..200.min(res.body.len())]
    );
    assert!(res.shows(&kk("error-files-total-too-large")));
    assert_eq!(app.count("applications"), 0);
    assert_eq!(app.count("application_documents"), 0);
}

#[actix_web::test]
async fn a_png_is_accepted_and_a_draft_can_be_saved_incomplete_and_resumed() {
    let app = TestApp::new();
    let citizen = Citizen::new(33);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let (res, _) = apply_form!(
        browser,
        app,
        "00403002",
        "draft",
        |fields: &mut Fields, uploads: &mut Uploads| {
            fields.retain(|(k, _)| k != "desired_admission_date");
            uploads.truncate(1);
            uploads[0].2 = PNG.to_vec();
        }
    );
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = browser.get(res.location()).await;
    assert!(page.shows(&kk("notice-draft-saved")));
    assert!(page.shows(&kk("status-draft")), "draft status");
    let number = res.location().rsplit('/').next().unwrap().to_string();
    let resume = browser
        .get(&format!("/services/00403002/apply?draft={number}"))
        .await;
    assert_eq!(resume.status, StatusCode::OK);
    assert!(resume.has("Жүктелген файл"), "the stored file is shown");
    // Submitting an incomplete draft sends the citizen back to the form.
    let review = browser
        .get(&format!("/cabinet/applications/{number}/review"))
        .await;
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
    assert_eq!(submit.status, StatusCode::SEE_OTHER);
    assert!(
        submit
            .location()
            .starts_with("/services/00403002/apply?draft=")
    );
    assert_eq!(app.count("application_steps"), 0);
}

#[actix_web::test]
async fn consent_and_the_password_signature_are_required() {
    let app = TestApp::new();
    let citizen = Citizen::new(34);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let (res, _) = apply_form!(browser, app, "00403002", "continue", no_change);
    let number = res.location().split('/').nth(3).unwrap().to_string();
    let review = browser.get(res.location()).await;
    let path = format!("/cabinet/applications/{number}/submit");
    let token = review.csrf_token();
    let no_consent = browser
        .post_raw(
            &path,
            &[("csrf_token", &token), ("password", &citizen.password)],
        )
        .await;
    assert_eq!(no_consent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_consent.shows(&kk("error-consent-required")));
    assert_eq!(crate::forms::assert_fields_tied(&no_consent.body), 1);
    let wrong = browser
        .post_raw(
            &path,
            &[
                ("csrf_token", &token),
                ("consent", "on"),
                ("password", "not-mine-123"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.shows(&kk("error-signature-password")));
    assert_eq!(crate::forms::assert_fields_tied(&wrong.body), 1);
    assert_eq!(app.count("application_steps"), 0);
    let none: i64 = app.count("applications WHERE status = 'submitted'");
    assert_eq!(none, 0);
}

#[actix_web::test]
async fn a_double_click_makes_one_application() {
    let app = TestApp::new();
    let citizen = Citizen::new(35);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    // The same form (same idempotency key) sent twice.
    let service = app.catalog.find("00403002").unwrap().clone();
    let form_page = browser.get("/services/00403002/apply").await;
    let csrf = form_page.csrf_token();
    let key = form_page.hidden("idempotency_key");
    let org = organization_for(&app, &service);
    let mut fields: Vec<(String, String)> = vec![
        ("csrf_token".into(), csrf),
        ("idempotency_key".into(), key),
        ("organization_id".into(), org),
        ("action".into(), "continue".into()),
    ];
    fields.extend(answers(&service));
    let f: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let uploads = files(&service);
    let u: Vec<(&str, &str, &[u8])> = uploads
        .iter()
        .map(|(n, b)| (n.as_str(), "a.pdf", *b))
        .collect();
    let first = browser
        .post_multipart("/services/00403002/apply", &f, &u)
        .await;
    let second = browser
        .post_multipart("/services/00403002/apply", &f, &u)
        .await;
    assert_eq!(first.location(), second.location());
    assert_eq!(app.count("applications"), 1);

    let number = first.location().split('/').nth(3).unwrap().to_string();
    let review = browser.get(first.location()).await;
    let form = [
        ("csrf_token", review.csrf_token()),
        ("consent", "on".into()),
        ("password", citizen.password.clone()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let path = format!("/cabinet/applications/{number}/submit");
    let a = browser.post_raw(&path, &form).await;
    let b = browser.post_raw(&path, &form).await;
    assert_eq!(a.location(), b.location());
    assert_eq!(app.count("applications WHERE status = 'submitted'"), 1);
    assert_eq!(app.count("application_events"), 1);
    assert_eq!(app.count("notifications"), 1);
    // And the form sent once more after submission shows the application, not a new one.
    let again = browser
        .post_multipart("/services/00403002/apply", &f, &u)
        .await;
    assert_eq!(again.location(), format!("/cabinet/applications/{number}"));
    assert_eq!(app.count("applications"), 1);
}

#[test]
fn fifty_concurrent_submissions_get_fifty_distinct_numbers() {
    let app = TestApp::new();
    let service = app.catalog.find("00403002").unwrap().clone();
    let path = service.path(Channel::Portal).unwrap().clone();
    let org: i64 = organization_for(&app, &service).parse().unwrap();
    let url = app.db.url.clone();
    let handles: Vec<_> = (0..50u16)
        .map(|i| {
            let (url, path) = (url.clone(), path.clone());
            std::thread::spawn(move || {
                let mut conn = PgConnection::establish(&url).unwrap();
                let user = Citizen::new(1000 + i * 3).insert(&mut conn, "");
                let actor = Actor::Citizen(UserId(user.id));
                let draft = new_draft(&mut conn, actor, &format!("key-{i:04}-concurrent"), org);
                submit_now(&mut conn, actor, &draft.number, None, &path)
                    .unwrap()
                    .number
            })
        })
        .collect();
    let mut numbers: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 50);
    assert_eq!(app.count("applications WHERE status = 'submitted'"), 50);
}

#[actix_web::test]
async fn another_citizen_gets_404_for_my_application_and_documents() {
    let app = TestApp::new();
    let owner = Citizen::new(36);
    let mut mine = app.client().await;
    mine.register(&owner).await;
    let number = apply_and_submit!(mine, app, owner, "00403002");
    let page = mine.get(&format!("/cabinet/applications/{number}")).await;
    let link_start = page
        .body
        .find(&format!("/cabinet/applications/{number}/documents/"))
        .unwrap();
    let link =
        page.body[link_start..page.body[link_start..].find('"').unwrap() + link_start].to_string();

    let mut other = app.client().await;
    other.register(&Citizen::new(37)).await;
    for path in [
        format!("/cabinet/applications/{number}"),
        format!("/cabinet/applications/{number}/receipt"),
        format!("/cabinet/applications/{number}/review"),
        link.clone(),
        "/cabinet/applications/KZ-2026-99999999".to_string(),
    ] {
        assert_eq!(
            other.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let token = other.get("/cabinet").await.csrf_token();
    let withdraw = other
        .post_raw(
            &format!("/cabinet/applications/{number}/withdraw"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(withdraw.status, StatusCode::NOT_FOUND);
    assert!(!other.get("/cabinet").await.has(&number));
    assert_eq!(app.count("applications WHERE status = 'submitted'"), 1);
    // Anonymous visitors are sent to sign in.
    let mut anonymous = app.client().await;
    assert_eq!(anonymous.get(&link).await.status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn an_application_can_be_withdrawn_until_it_is_registered() {
    let app = TestApp::new();
    let citizen = Citizen::new(38);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let number = apply_and_submit!(browser, app, citizen, "00403002");
    let page = browser
        .get(&format!("/cabinet/applications/{number}"))
        .await;
    assert!(page.has("/withdraw"));
    let path = format!("/cabinet/applications/{number}/withdraw");
    let res = browser
        .post_raw(&path, &[("csrf_token", &page.csrf_token())])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let after = browser
        .get(&format!("/cabinet/applications/{number}"))
        .await;
    assert!(after.shows(&kk("notice-application-withdrawn-now")));
    assert!(!after.has("/withdraw\""), "no second withdrawal");
    assert_eq!(app.count("applications WHERE status = 'withdrawn'"), 1);

    // Once registered by the provider it cannot be withdrawn.
    let number2 = apply_and_submit!(browser, app, citizen, "00403002");
    diesel::sql_query(format!(
        "UPDATE applications SET status = 'registered' WHERE number = '{number2}'"
    ))
    .execute(&mut app.db.conn())
    .unwrap();
    let page = browser
        .get(&format!("/cabinet/applications/{number2}"))
        .await;
    let res = browser
        .post_raw(
            &format!("/cabinet/applications/{number2}/withdraw"),
            &[("csrf_token", &page.csrf_token())],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        browser
            .get(res.location())
            .await
            .shows(&kk("error-cannot-withdraw"))
    );
    assert_eq!(app.count("applications WHERE status = 'registered'"), 1);
}

#[actix_web::test]
async fn an_upload_without_its_token_is_refused_and_stores_nothing() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    browser.register(&Citizen::new(39)).await;
    let res = browser
        .post_multipart(
            "/services/00403002/apply",
            &[
                ("idempotency_key", "abcdefghijklmnopqrstu"),
                ("action", "draft"),
            ],
            &[("vaccination_card", "a.pdf", PDF)],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("applications"), 0);
    assert_eq!(app.count("application_documents"), 0);
}

#[actix_web::test]
async fn services_not_on_the_portal_have_no_form() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    browser.register(&Citizen::new(40)).await;
    assert_eq!(
        browser
            .get("/services/EDU-TVET-DUPLICATE/apply")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let mut anonymous = app.client().await;
    let res = anonymous.get("/services/00403002/apply").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/login?next=/services/00403002/apply");
}

#[actix_web::test]
async fn every_status_change_notifies_in_the_readers_language() {
    let app = TestApp::new();
    let citizen = Citizen::new(41);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let number = apply_and_submit!(browser, app, citizen, "00403002");
    let cabinet = browser.get("/cabinet").await;
    assert!(
        cabinet.has(r#"<span class="count""#),
        "unread count in the header"
    );

    let kk = browser.get("/cabinet/notifications").await;
    assert!(
        kk.has(&format!("{number} нөмірлі өтініш жіберілді")),
        "{}",
        kk.body
    );
    assert!(kk.has(" жылғы "), "the expected date in Kazakh");
    browser.set_cookie("lang", "ru");
    let ru = browser.get("/cabinet/notifications").await;
    assert!(ru.has(&format!("Заявление № {number} отправлено")));

    let read = browser
        .post_raw(
            "/cabinet/notifications/read",
            &[("csrf_token", &ru.csrf_token())],
        )
        .await;
    assert_eq!(read.status, StatusCode::SEE_OTHER);
    assert!(!browser.get("/cabinet").await.has(r#"<span class="count""#));
    assert_eq!(app.count("notifications WHERE read_at IS NULL"), 0);
    // The outbox keeps the SMS (and e-mail) for the sender, in the language used.
    assert_eq!(
        app.count("outbox WHERE channel = 'sms' AND sent_at IS NULL"),
        1
    );
}

#[actix_web::test]
async fn a_form_key_cannot_be_reused_for_another_service() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    browser.register(&Citizen::new(43)).await;
    let (res, key) = apply_form!(browser, app, "00403002", "draft", no_change);
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let token = browser.get("/cabinet").await.csrf_token();
    let reused = browser
        .post_multipart(
            "/services/EDU-SCHOOL-ENROLMENT/apply",
            &[
                ("csrf_token", &token),
                ("idempotency_key", &key),
                ("action", "draft"),
            ],
            &[],
        )
        .await;
    assert_eq!(reused.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.count("applications WHERE service_code = '00403002'"), 1);
    assert_eq!(app.count("applications"), 1);
}

/// Runs `work` on two connections at the same moment and returns both results.
fn race<T: Send + 'static>(
    url: &str,
    work: impl Fn(&mut PgConnection, usize) -> T + Send + Sync + 'static,
) -> [T; 2] {
    let work = std::sync::Arc::new(work);
    let start = std::sync::Arc::new(std::sync::Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let (url, work, start) = (url.to_string(), work.clone(), start.clone());
            std::thread::spawn(move || {
                let mut conn = PgConnection::establish(&url).unwrap();
                start.wait();
                work(&mut conn, i)
            })
        })
        .collect();
    let mut results = handles.into_iter().map(|h| h.join().unwrap());
    [results.next().unwrap(), results.next().unwrap()]
}

#[test]
fn two_racing_changes_of_one_application_cannot_both_win() {
    let app = TestApp::new();
    let service = app.catalog.find("00403002").unwrap().clone();
    let path = service.path(Channel::Portal).unwrap().clone();
    let org: i64 = organization_for(&app, &service).parse().unwrap();
    let user = Citizen::new(60).insert(&mut app.db.conn(), "");
    let actor = Actor::Citizen(UserId(user.id));
    let draft = new_draft(&mut app.db.conn(), actor, "race-key-00000001", org);

    // The same submit, twice at once (a double click reaching two nodes).
    let (number, version) = (draft.number.clone(), draft.version);
    let results = race(&app.db.url, move |conn, _| {
        submit_now(conn, actor, &number, Some(version), &path)
    });
    let won = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(won, 1, "{results:?}");
    assert!(results.iter().any(|r| matches!(
        r,
        Err(Refusal::Rule(SubmitRefusal::AlreadySubmitted(n))) if *n == draft.number
    )));
    assert_eq!(app.count("application_events WHERE action = 'submit'"), 1);
    assert_eq!(
        app.count("application_steps") as usize,
        service.path(Channel::Portal).unwrap().steps.len()
    );

    // An edit of a draft racing its submission: one wins, the other is refused.
    let second = new_draft(&mut app.db.conn(), actor, "race-key-00000002", org);
    let (number, version) = (second.number.clone(), second.version);
    let path = service.path(Channel::Portal).unwrap().clone();
    let results = race(&app.db.url, move |conn, i| {
        if i == 0 {
            submit_now(conn, actor, &number, Some(version), &path)
                .map(|_| ())
                .map_err(|e| format!("{e:?}"))
        } else {
            repo::applications::save_draft(
                conn,
                citizen_of(actor),
                repo::applications::DraftInput {
                    service_code: "00403002",
                    idempotency_key: "race-key-00000002",
                    version: Some(version),
                    organization_id: Some(OrganizationId(org)),
                    answers: &[("language_of_instruction".to_string(), "ru".to_string())]
                        .into_iter()
                        .collect(),
                    documents: vec![],
                },
                chrono::Utc::now(),
            )
            .map(|_| ())
            .map_err(|e| format!("{e:?}"))
        }
    });
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    let refused = results.iter().find_map(|r| r.as_ref().err()).unwrap();
    assert!(
        refused.contains("NotDraft") || refused.contains("Stale"),
        "{refused}"
    );
    assert_eq!(
        app.count(&format!(
            "applications WHERE number = '{}' AND version = {}",
            second.number,
            second.version + 1
        )),
        1,
        "exactly one change went through"
    );
}

#[actix_web::test]
async fn a_double_click_on_submit_or_withdraw_changes_the_application_once() {
    let app = TestApp::new();
    let citizen = Citizen::new(61);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let (res, _) = apply_form!(browser, app, "00403002", "continue", no_change);
    let review_path = res.location().to_string();
    let number = review_path.split('/').nth(3).unwrap().to_string();
    let review = browser.get(&review_path).await;
    let (token, version) = (review.csrf_token(), review.hidden("version"));
    let submit_path = format!("/cabinet/applications/{number}/submit");
    let fields = [
        ("csrf_token", token.as_str()),
        ("consent", "on"),
        ("password", citizen.password.as_str()),
        ("version", version.as_str()),
    ];
    let (mut one, mut two) = (browser.tab(), browser.tab());
    let (first, second) = futures_util::future::join(
        one.post_raw(&submit_path, &fields),
        two.post_raw(&submit_path, &fields),
    )
    .await;
    for res in [&first, &second] {
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert!(res.location().ends_with("/receipt"), "{}", res.location());
    }
    assert_eq!(app.count("application_events WHERE action = 'submit'"), 1);
    assert_eq!(app.count("notifications"), 1);

    let page = browser
        .get(&format!("/cabinet/applications/{number}"))
        .await;
    let (token, version) = (page.csrf_token(), page.hidden("version"));
    let withdraw_path = format!("/cabinet/applications/{number}/withdraw");
    let fields = [
        ("csrf_token", token.as_str()),
        ("version", version.as_str()),
    ];
    let (mut one, mut two) = (browser.tab(), browser.tab());
    let (first, second) = futures_util::future::join(
        one.post_raw(&withdraw_path, &fields),
        two.post_raw(&withdraw_path, &fields),
    )
    .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(second.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("application_events WHERE action = 'withdraw'"), 1);
    assert_eq!(app.count("applications WHERE status = 'withdrawn'"), 1);
}

#[actix_web::test]
async fn a_stale_form_is_refused_with_a_message_and_changes_nothing() {
    let app = TestApp::new();
    let citizen = Citizen::new(62);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let (res, _) = apply_form!(browser, app, "00403002", "continue", no_change);
    let review_path = res.location().to_string();
    let number = review_path.split('/').nth(3).unwrap().to_string();
    // The review page as one window shows it…
    let review = browser.get(&review_path).await;
    let old_version = review.hidden("version");
    // …while another window edits the draft and saves it.
    let draft_form = browser
        .get(&format!("/services/00403002/apply?draft={number}"))
        .await;
    assert_eq!(draft_form.hidden("version"), old_version);
    let (res, _) = apply_form!(
        browser,
        app,
        "00403002",
        "draft",
        |fields: &mut Fields, _: &mut Uploads| {
            set(
                fields,
                "idempotency_key",
                &draft_form.hidden("idempotency_key"),
            );
            set(fields, "version", &old_version);
        }
    );
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let before = app.count("applications WHERE status = 'draft'");

    // The first window signs what it showed: refused, nothing changes.
    let res = browser
        .post_raw(
            &format!("/cabinet/applications/{number}/submit"),
            &[
                ("csrf_token", &review.csrf_token()),
                ("consent", "on"),
                ("password", &citizen.password),
                ("version", &old_version),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().ends_with("/review"), "{}", res.location());
    let shown = browser.get(res.location()).await;
    let message = egov_portal::i18n::t(egov_portal::i18n::Lang::Kk, "error-stale-form", &[]);
    assert!(shown.has(&message), "{}", shown.body);
    assert_eq!(app.count("applications WHERE status = 'draft'"), before);
    assert_eq!(app.count("application_events"), 0);

    // The same edit sent again from the old form is refused too.
    let (res, _) = apply_form!(
        browser,
        app,
        "00403002",
        "draft",
        |fields: &mut Fields, _: &mut Uploads| {
            set(
                fields,
                "idempotency_key",
                &draft_form.hidden("idempotency_key"),
            );
            set(fields, "version", &old_version);
        }
    );
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().contains(&format!("draft={number}")));
    assert_eq!(
        app.count(&format!(
            "applications WHERE number = '{number}' AND version = {}",
            old_version.parse::<i32>().unwrap() + 1
        )),
        1
    );
}

#[actix_web::test]
async fn an_unknown_status_in_the_row_fails_closed() {
    let app = TestApp::new();
    let citizen = Citizen::new(63);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let (res, _) = apply_form!(browser, app, "00403002", "continue", no_change);
    let review_path = res.location().to_string();
    let number = review_path.split('/').nth(3).unwrap().to_string();
    let review = browser.get(&review_path).await;
    // A newer node has written a status this build does not know.
    diesel::sql_query("ALTER TABLE applications DROP CONSTRAINT applications_status_check")
        .execute(&mut app.db.conn())
        .unwrap();
    diesel::sql_query(format!(
        "UPDATE applications SET status = 'archived', submitted_at = now(), signed_at = now(), \
         consent_at = now() WHERE number = '{number}'"
    ))
    .execute(&mut app.db.conn())
    .unwrap();

    let page = browser
        .get(&format!("/cabinet/applications/{number}"))
        .await;
    assert_eq!(
        page.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "never shown as a draft"
    );
    let res = browser
        .post_raw(
            &format!("/cabinet/applications/{number}/submit"),
            &[
                ("csrf_token", &review.csrf_token()),
                ("consent", "on"),
                ("password", &citizen.password),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(app.count("applications WHERE status = 'archived'"), 1);
    assert_eq!(app.count("application_events"), 0);
    assert_eq!(app.count("application_steps"), 0);
}

#[actix_web::test]
async fn another_citizens_draft_cannot_be_opened_or_submitted() {
    let app = TestApp::new();
    let (owner, intruder) = (Citizen::new(64), Citizen::new(65));
    let mut mine = app.client().await;
    mine.register(&owner).await;
    let (res, _) = apply_form!(mine, app, "00403002", "draft", no_change);
    let number = res.location().split('/').nth(3).unwrap().to_string();
    let before = app.count("applications WHERE status = 'draft' AND version = 0");

    let mut theirs = app.client().await;
    theirs.register(&intruder).await;
    let form = theirs
        .get(&format!("/services/00403002/apply?draft={number}"))
        .await;
    assert_eq!(form.status, StatusCode::NOT_FOUND);
    for path in ["review", "receipt"] {
        let res = theirs
            .get(&format!("/cabinet/applications/{number}/{path}"))
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
    }
    let token = theirs.get("/cabinet").await.csrf_token();
    let res = theirs
        .post_raw(
            &format!("/cabinet/applications/{number}/submit"),
            &[
                ("csrf_token", &token),
                ("consent", "on"),
                ("password", &intruder.password),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.count("applications WHERE status = 'draft' AND version = 0"),
        before
    );
    assert_eq!(app.count("application_events"), 0);
}

#[actix_web::test]
async fn a_citizen_signs_with_a_one_time_sms_code() {
    let app = TestApp::new();
    let citizen = Citizen::new(66);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let (res, _) = apply_form!(browser, app, "00403002", "continue", no_change);
    let review_path = res.location().to_string();
    let number = review_path.split('/').nth(3).unwrap().to_string();
    let submit_path = format!("/cabinet/applications/{number}/submit");
    let code_path = format!("/cabinet/applications/{number}/code");
    let sign = |code: String| {
        move |page: &crate::common::Response| {
            vec![
                ("csrf_token".to_string(), page.csrf_token()),
                ("version".to_string(), page.hidden("version")),
                ("method".to_string(), "sms_code".to_string()),
                ("consent".to_string(), "on".to_string()),
                ("code".to_string(), code),
            ]
        }
    };
    // Asking for a code sends six digits to the profile's phone; none is stored in clear.
    let review = browser.get(&review_path).await;
    browser
        .post_raw(&code_path, &[("csrf_token", &review.csrf_token())])
        .await;
    let code = app.sms.last_code();
    assert_eq!(app.sms.0.lock().unwrap().len(), 1);
    assert_eq!(
        app.count(&format!("signing_codes WHERE code_hash LIKE '%{code}%'")),
        0
    );
    // A wrong code is refused and counts; the right one then signs.
    let review = browser.get(&review_path).await;
    let fields = sign("000000".into())(&review);
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let wrong = browser.post_raw(&submit_path, &refs).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.shows(&kk("error-code-wrong")));
    let fields = sign(code.clone())(&review);
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let signed = browser.post_raw(&submit_path, &refs).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    assert_eq!(
        app.count("applications WHERE signed_with = 'sms_code' AND status = 'submitted'"),
        1
    );
    let page = browser
        .get(&format!("/cabinet/applications/{number}"))
        .await;
    assert!(page.shows(&kk("application-signed-with-sms")));

    // Another draft: an expired code, then three wrong attempts use a code up.
    let (res, _) = apply_form!(browser, app, "00403002", "continue", no_change);
    let review_path = res.location().to_string();
    let number = review_path.split('/').nth(3).unwrap().to_string();
    let submit_path = format!("/cabinet/applications/{number}/submit");
    let review = browser.get(&review_path).await;
    browser
        .post_raw(
            &format!("/cabinet/applications/{number}/code"),
            &[("csrf_token", &review.csrf_token())],
        )
        .await;
    let code = app.sms.last_code();
    diesel::sql_query(
        "UPDATE signing_codes SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL",
    )
    .execute(&mut app.db.conn())
    .unwrap();
    let fields = sign(code.clone())(&review);
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let expired = browser.post_raw(&submit_path, &refs).await;
    assert!(expired.shows(&kk("error-code-expired")));
    diesel::sql_query(
        "UPDATE signing_codes SET expires_at = now() + interval '5 minutes' WHERE used_at IS NULL",
    )
    .execute(&mut app.db.conn())
    .unwrap();
    for _ in 0..3 {
        let fields = sign("111111".into())(&review);
        let refs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        browser.post_raw(&submit_path, &refs).await;
    }
    let fields = sign(code)(&review);
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let exhausted = browser.post_raw(&submit_path, &refs).await;
    assert!(exhausted.shows(&kk("error-code-exhausted")));
    assert_eq!(
        app.count(&format!(
            "applications WHERE number = '{number}' AND status = 'draft'"
        )),
        1
    );
    // A third code within the quarter hour is the limit; the fourth is refused.
    for _ in 0..2 {
        let review = browser.get(&review_path).await;
        browser
            .post_raw(
                &format!("/cabinet/applications/{number}/code"),
                &[("csrf_token", &review.csrf_token())],
            )
            .await;
    }
    assert_eq!(app.sms.0.lock().unwrap().len(), 3);
}
