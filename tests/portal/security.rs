//! Security properties the staff area will rely on: password changes end other sessions, a GET
//! changes nothing stored, HSTS behind TLS, uploads refused before their files are read, a new
//! session at every sign-in (no fixation), the cookies' flags. The route-table tests are in
//! `security_routes`, those of uploads and body limits in `security_uploads`, hostile text in
//! `security_input`.

use actix_web::http::StatusCode;
use egov_portal::i18n::{self, Lang};

use crate::common::{Citizen, MULTIPART_BOUNDARY, TestApp, multipart_part};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
const NEW_PASSWORD: &str = "жаңа-құпиясөз-2";

/// Two browsers signed in as one citizen; the first changes the password.
async fn a_password_change_ends_the_other_sessions(redis_url: Option<String>, serial: u16) {
    let app = TestApp::new();
    let citizen = Citizen::new(serial);
    let mut first = app.client_with(|c| c.redis_url = redis_url.clone()).await;
    assert_eq!(first.register(&citizen).await.status, StatusCode::SEE_OTHER);
    let mut second = app.client_with(|c| c.redis_url = redis_url.clone()).await;
    let signed_in = second.sign_in(&citizen.iin, &citizen.password).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    assert_eq!(second.get("/cabinet").await.status, StatusCode::OK);

    let before = first.cookie("egov_session").unwrap().to_string();
    let profile = first.get("/cabinet/profile").await;
    let changed = first
        .post_raw(
            "/cabinet/profile/password",
            &[
                ("csrf_token", &profile.csrf_token()),
                ("current_password", &citizen.password),
                ("new_password", NEW_PASSWORD),
                ("new_password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    assert_ne!(
        first.cookie("egov_session").unwrap(),
        before,
        "the session that changed the password is renewed"
    );

    // The first browser stays signed in, and its new token works.
    let page = first.get("/cabinet/profile").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has(&i18n::t(Lang::Kk, "notice-password-changed", &[])));
    let saved = first
        .post_raw(
            "/cabinet/profile",
            &[
                ("csrf_token", &page.csrf_token()),
                ("phone", "+77021112233"),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(first.get("/cabinet").await.status, StatusCode::OK);

    // The other one is signed out on its next request, and told why.
    let res = second.get("/cabinet").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/login?next=/cabinet");
    let login = second.get("/login").await;
    assert!(login.has(&i18n::t(Lang::Kk, "notice-session-ended-elsewhere", &[])));
    assert_eq!(second.get("/cabinet").await.status, StatusCode::SEE_OTHER);

    // The first browser's cookie from before the change is of no use either.
    let mut replay = app.client_with(|c| c.redis_url = redis_url.clone()).await;
    replay.set_cookie("egov_session", &before);
    assert_eq!(replay.get("/cabinet").await.status, StatusCode::SEE_OTHER);

    // Signing in again with the new password starts a session that lasts.
    let again = second.sign_in(&citizen.iin, NEW_PASSWORD).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(second.get("/cabinet").await.status, StatusCode::OK);
    assert_eq!(first.get("/cabinet").await.status, StatusCode::OK);
}

#[actix_web::test]
async fn a_password_change_ends_the_other_cookie_sessions() {
    a_password_change_ends_the_other_sessions(None, 60).await;
}

#[actix_web::test]
async fn a_password_change_ends_the_other_redis_sessions() {
    let url = std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    a_password_change_ends_the_other_sessions(Some(url), 61).await;
}

#[actix_web::test]
async fn the_language_switch_stores_nothing_and_the_next_post_does() {
    let app = TestApp::new();
    let citizen = Citizen::new(62);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    assert_eq!(app.count("users WHERE lang = 'kk'"), 1);

    let res = browser.get("/lang/ru?next=/cabinet").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/cabinet");
    assert_eq!(browser.cookie("lang"), Some("ru"));
    assert_eq!(
        app.count("users WHERE lang = 'kk'"),
        1,
        "a GET writes nothing"
    );
    assert!(browser.get("/cabinet").await.has(r#"<html lang="ru">"#));

    // Signing in is the next POST: the account learns the language then.
    let page = browser.get("/cabinet").await;
    browser
        .post_raw("/logout", &[("csrf_token", &page.csrf_token())])
        .await;
    assert_eq!(app.count("users WHERE lang = 'kk'"), 1);
    let signed_in = browser.sign_in(&citizen.iin, &citizen.password).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("users WHERE lang = 'ru'"), 1);

    // And so does saving the profile.
    browser.get("/lang/kk").await;
    assert_eq!(app.count("users WHERE lang = 'ru'"), 1);
    let profile = browser.get("/cabinet/profile").await;
    let saved = browser
        .post_raw(
            "/cabinet/profile",
            &[
                ("csrf_token", &profile.csrf_token()),
                ("phone", "+77021112233"),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("users WHERE lang = 'kk'"), 1);
}

#[actix_web::test]
async fn hsts_is_sent_only_when_cookies_are_secure() {
    let app = TestApp::new();
    let mut plain = app.client().await;
    for path in ["/", "/no-such-page", "/healthz"] {
        let res = plain.get(path).await;
        assert_eq!(res.header("strict-transport-security"), "", "{path}");
    }
    let mut https = app.client_with(|c| c.cookie_secure = true).await;
    for path in ["/", "/no-such-page", "/healthz"] {
        let res = https.get(path).await;
        assert_eq!(
            res.header("strict-transport-security"),
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
}

/// Opens the preschool application form; returns its CSRF token and idempotency key.
async fn open_form<S, B>(browser: &mut crate::common::Client<S>) -> (String, String)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let form = browser.get("/services/00403002/apply").await;
    assert_eq!(form.status, StatusCode::OK);
    (form.csrf_token(), form.hidden("idempotency_key"))
}

#[actix_web::test]
async fn a_forged_upload_is_refused_before_its_file_is_read_and_stores_nothing() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    browser.register(&Citizen::new(63)).await;
    let (_, key) = open_form(&mut browser).await;

    // A wrong token, then a large file.
    let mut large = PDF.to_vec();
    large.resize(12 * 1024 * 1024, b' ');
    let res = browser
        .post_multipart(
            "/services/00403002/apply",
            &[
                ("csrf_token", "forged-token"),
                ("idempotency_key", &key),
                ("action", "draft"),
            ],
            &[("vaccination_card", "big.pdf", &large)],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // A wrong token, then a file whose body never ends: refused on the token (403), so the
    // reader never got to the broken file (which would have been a 400).
    let mut body = multipart_part("csrf_token", None, b"forged-token");
    body.extend(multipart_part("idempotency_key", None, key.as_bytes()));
    body.extend(
        format!(
            "--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"vaccination_card\"; \
         filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .bytes(),
    );
    body.extend(&large);
    let res = browser
        .post_multipart_body("/services/00403002/apply", body)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("applications"), 0);
    assert_eq!(app.count("application_documents"), 0);
}

#[actix_web::test]
async fn a_file_sent_before_the_token_is_refused_even_with_the_right_token() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    browser.register(&Citizen::new(64)).await;
    let (token, key) = open_form(&mut browser).await;
    let file = multipart_part("vaccination_card", Some("a.pdf"), PDF);
    let fields = [
        multipart_part("csrf_token", None, token.as_bytes()),
        multipart_part("idempotency_key", None, key.as_bytes()),
        multipart_part("action", None, b"draft"),
    ]
    .concat();
    let end = format!("--{MULTIPART_BOUNDARY}--\r\n").into_bytes();

    let file_first = [file.clone(), fields.clone(), end.clone()].concat();
    let res = browser
        .post_multipart_body("/services/00403002/apply", file_first)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("applications"), 0);
    assert_eq!(app.count("application_documents"), 0);

    // The same parts with the token first are a good draft.
    let token_first = [fields, file, end].concat();
    let res = browser
        .post_multipart_body("/services/00403002/apply", token_first)
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(app.count("application_documents"), 1);
}

/// Signs in at `form` (the citizens' or the staff sign-in) and checks that the session cookie
/// changed and that the one from before opens nothing afterwards.
async fn sign_in_renews_the_session(redis_url: Option<String>, serial: u16) {
    let app = TestApp::new();
    let citizen = Citizen::new(serial);
    let mut first = app.client_with(|c| c.redis_url = redis_url.clone()).await;
    assert_eq!(first.register(&citizen).await.status, StatusCode::SEE_OTHER);
    let login = format!("head.fixation{serial}");
    app.add_staff(Some("SCH-ALMALY-1"), "head", &login);

    for (form, home) in [("/login", "/cabinet"), ("/admin/login", "/admin")] {
        let mut victim = app.client_with(|c| c.redis_url = redis_url.clone()).await;
        let page = victim.get(form).await;
        assert_eq!(page.status, StatusCode::OK);
        let planted = victim
            .cookie("egov_session")
            .expect("the sign-in form starts a session")
            .to_string();
        let signed_in = if form == "/login" {
            victim.sign_in(&citizen.iin, &citizen.password).await
        } else {
            victim.sign_in_staff(&login).await
        };
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{form}");
        let now = victim.cookie("egov_session").unwrap();
        assert_ne!(now, planted, "{form}: a new session cookie at sign-in");
        assert_eq!(victim.get(home).await.status, StatusCode::OK, "{home}");

        // The cookie from before sign-in, replayed by whoever planted it.
        let mut attacker = app.client_with(|c| c.redis_url = redis_url.clone()).await;
        attacker.set_cookie("egov_session", &planted);
        let res = attacker.get(home).await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "{home} with the old cookie"
        );
        assert!(res.location().starts_with(form), "{}", res.location());
    }
}

/// Session fixation, with the cookie store: the cookie a browser holds before signing in is not
/// the one it holds after (citizen and staff), and that earlier cookie opens neither the
/// cabinet nor the admin area.
#[actix_web::test]
async fn sign_in_replaces_the_cookie_session() {
    sign_in_renews_the_session(None, 65).await;
}

/// The same with sessions in Redis, where the cookie is only a key: the key is changed at
/// sign-in and the old key opens nothing.
#[actix_web::test]
async fn sign_in_replaces_the_redis_session() {
    let url = std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    sign_in_renews_the_session(Some(url), 66).await;
}

/// Every cookie the portal sets — the session (before and after sign-in) and the language —
/// is `HttpOnly`, `SameSite=Lax` and `Path=/`; `Secure` exactly when `COOKIE_SECURE=1`.
#[actix_web::test]
async fn cookies_are_http_only_lax_site_wide_and_secure_behind_tls() {
    use actix_web::cookie::{Cookie, SameSite};
    let app = TestApp::new();
    let citizen = Citizen::new(67);
    let mut first = app.client().await;
    first.register(&citizen).await;
    for secure in [false, true] {
        let mut browser = app.client_with(|c| c.cookie_secure = secure).await;
        let mut set = vec![];
        let login = browser.get("/login").await;
        set.push(login.headers.clone());
        let token = login.csrf_token();
        let signed_in = browser
            .post_raw(
                "/login",
                &[
                    ("csrf_token", &token),
                    ("iin", &citizen.iin),
                    ("password", &citizen.password),
                ],
            )
            .await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
        set.push(signed_in.headers.clone());
        set.push(browser.get("/lang/ru?next=/cabinet").await.headers);
        let cookies: Vec<Cookie> = set
            .iter()
            .flat_map(|h| h.get_all(actix_web::http::header::SET_COOKIE))
            .map(|v| Cookie::parse(v.to_str().unwrap().to_string()).unwrap())
            .collect();
        let mut names: Vec<&str> = cookies.iter().map(|c| c.name()).collect();
        names.dedup();
        assert!(names.starts_with(&["egov_session", "lang"]), "{names:?}");
        for cookie in &cookies {
            let name = cookie.name();
            assert_eq!(cookie.http_only(), Some(true), "{name} HttpOnly");
            assert_eq!(cookie.same_site(), Some(SameSite::Lax), "{name} SameSite");
            assert_eq!(cookie.path(), Some("/"), "{name} Path");
            assert_eq!(cookie.secure().unwrap_or(false), secure, "{name} Secure");
        }
    }
}
