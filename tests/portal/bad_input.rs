//! No value a client can send gets a server error: every route of the router, as the one who
//! may open it, with a NUL byte, an overlong value, broken UTF-8, wrong types and SQL-looking
//! text in every path parameter, every query parameter and every form field. A control
//! character in the target is refused with the 400 page in the reader's language.

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;

use crate::common::{Citizen, Client, MULTIPART_BOUNDARY, TestApp, kk, multipart_part, ru};
use crate::routes::{Body, ROUTES, Who, fill, form_page};
use crate::security_world::world;
use Body::*;
use Who::*;

/// Every query parameter any handler reads; each GET gets all of them.
const QUERY: &[&str] = &[
    "q",
    "category",
    "region",
    "district",
    "draft",
    "status",
    "page",
    "service",
    "channel",
    "organization",
    "year",
    "before",
    "next",
    "number",
    "code",
];

/// Every form field any handler reads; each POST gets all of them.
const FIELDS: &[&str] = &[
    "iin",
    "password",
    "password_confirm",
    "last_name",
    "first_name",
    "middle_name",
    "phone",
    "email",
    "login",
    "next",
    "action",
    "version",
    "executor",
    "resolution",
    "result",
    "ground",
    "comment",
    "reason",
    "identity_checked",
    "consent",
    "code",
    "method",
    "text",
    "answer",
    "staff",
    "absent",
    "date",
    "kind",
    "name_kk",
    "name_ru",
    "current_password",
    "new_password",
    "new_password_confirm",
    "organization_id",
    "idempotency_key",
    "stage",
    "service",
    "provider",
    "number",
    "document",
    "child_iin",
];

/// Bad values, percent-encoded as they travel in a URL or a form body.
fn bad_values() -> Vec<String> {
    vec![
        "%00".into(),
        "KZ%00".into(),
        "%FF%FE".into(),
        "%C3".into(),
        // Past every field's limit but inside the body limits, and past the body limits.
        "%D3%99".repeat(300),
        "x".repeat(3000),
        "-1".into(),
        "99999999999999999999999".into(),
        "abc".into(),
        "%27%3B%20DROP%20TABLE%20applications%3B--".into(),
        "1%20OR%201%3D1".into(),
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E".into(),
        "%E2%80%AE".into(),
        "%1B%5B31m".into(),
    ]
}

fn query(value: &str) -> String {
    QUERY
        .iter()
        .map(|name| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-decodes what the bad values encode, for multipart bodies (raw bytes).
fn raw(value: &str) -> Vec<u8> {
    let bytes = value.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < bytes.len() {
        let byte = value
            .get(i + 1..i + 3)
            .filter(|_| bytes[i] == b'%')
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match byte {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

/// Sends one request of the walk: a GET, or a POST of every field with `value` and a real CSRF
/// token (so the handler, not the CSRF check, reads the values).
async fn hit<S, B>(
    client: &mut Client<S>,
    who: Who,
    method: &str,
    target: &str,
    body: Body,
    value: &str,
) -> StatusCode
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    if method == "GET" {
        return client.get(target).await.status;
    }
    let token = client.get(form_page(who)).await.csrf_token();
    let res = match body {
        Multipart => {
            let mut bytes = multipart_part("csrf_token", Option::None, token.as_bytes());
            for name in FIELDS {
                bytes.extend(multipart_part(name, Option::None, &raw(value)));
            }
            bytes.extend(multipart_part("file", Some("x.pdf"), &raw(value)));
            bytes.extend(format!("--{MULTIPART_BOUNDARY}--\r\n").bytes());
            client.post_multipart_body(target, bytes).await
        }
        _ => {
            let fields: Vec<String> = FIELDS.iter().map(|f| format!("{f}={value}")).collect();
            let body = format!("csrf_token={token}&{}", fields.join("&"));
            client.post_encoded(target, body).await
        }
    };
    res.status
}

/// Real values for path parameters, so that the walk reaches the handlers that read query and
/// form values only once the record is found.
struct Records {
    number: String,
    document: i64,
    complaint: i64,
}

impl Records {
    fn param(&self, path: &str, name: &str) -> String {
        match name {
            "code" => "00403002".into(),
            "number" => self.number.clone(),
            "id" if path.contains("/complaints/") => self.complaint.to_string(),
            "id" => self.document.to_string(),
            "lang" => "ru".into(),
            _ => "app.css".into(),
        }
    }
}

#[actix_web::test]
async fn no_value_in_any_parameter_of_any_route_gets_a_server_error() {
    let app = TestApp::new();
    // The security tests' world: an application with an upload, a result and a complaint, and
    // the people who may open each route.
    let world = world(&app).await;
    let records = Records {
        number: world.number.clone(),
        document: world.document,
        complaint: world.complaint,
    };
    let mut anyone = app.client().await;
    let (mut person, mut clerk, mut head) = (world.owner, world.clerk, world.head);
    let (mut operator, mut sysadmin) = (world.operator, world.sysadmin);
    let mut failures = vec![];
    let mut checked = std::collections::BTreeSet::new();
    for value in bad_values() {
        // Bad values everywhere, then bad values behind real records.
        for real_records in [false, true] {
            for (method, path, who, body) in ROUTES {
                // Signing out would end the walk's sessions.
                if path.ends_with("/logout") {
                    continue;
                }
                let path_part = fill(path, |name| {
                    if real_records {
                        records.param(path, name)
                    } else {
                        value.clone()
                    }
                });
                let target = format!("{path_part}?{}", query(&value));
                let status = match who {
                    Anyone => hit(&mut anyone, *who, method, &target, *body, &value).await,
                    Citizen => hit(&mut person, *who, method, &target, *body, &value).await,
                    Clerk => hit(&mut clerk, *who, method, &target, *body, &value).await,
                    Head => hit(&mut head, *who, method, &target, *body, &value).await,
                    Operator => hit(&mut operator, *who, method, &target, *body, &value).await,
                    Sysadmin => hit(&mut sysadmin, *who, method, &target, *body, &value).await,
                };
                if status.is_server_error() {
                    failures.push(format!("{method} {target:.120} → {status}"));
                }
                if real_records && status == StatusCode::UNPROCESSABLE_ENTITY {
                    checked.insert(*path);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The walk got past the CSRF checks and the record lookups into the forms' own checks.
    for path in [
        "/register",
        "/login",
        "/cabinet/profile",
        "/cabinet/profile/password",
        "/cabinet/applications/{number}/complaints",
    ] {
        assert!(
            checked.contains(path),
            "the walk never reached the checks of {path}"
        );
    }
}

#[actix_web::test]
async fn a_control_character_in_the_target_gets_the_400_page_in_the_readers_language() {
    let app = TestApp::new();
    let mut person = app.client().await;
    assert_eq!(
        person.register(&Citizen::new(62)).await.status,
        StatusCode::SEE_OTHER
    );
    for target in [
        "/services/00403002/apply?region=%00",
        "/services/00403002/apply?district=%00",
        "/services/00403002/apply?draft=%00",
        "/cabinet/applications/KZ%00",
        "/services?q=%FF",
    ] {
        let res = person.get(target).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{target}");
        assert!(res.shows(&kk("error-400-title")), "{target}");
    }
    person.set_cookie("lang", "ru");
    let res = person.get("/cabinet/applications/KZ%00").await;
    assert!(res.shows(&ru("error-400-title")));
    // A form field with a NUL byte: 400, nothing changed.
    let before = app.count("users WHERE phone = '+77012345678'");
    let token = person.get("/cabinet/profile").await.csrf_token();
    let res = person
        .post_encoded(
            "/cabinet/profile",
            format!("csrf_token={token}&phone=%2B7701%00&email="),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.count("users WHERE phone = '+77012345678'"), before);
}
