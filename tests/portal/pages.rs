//! Public pages: languages, language switch, error pages, headers, health check.

use actix_web::http::StatusCode;

use crate::common::{self, TestApp};

#[actix_web::test]
async fn the_home_page_is_kazakh_by_default_and_russian_when_the_browser_asks() {
    let app = TestApp::new();
    let mut kk = app.client().await;
    let home = kk.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.has(r#"<html lang="kk">"#));
    assert!(home.shows(&common::kk("home-heading")));

    let mut ru = app.client().await;
    ru.accept_language = Some("ru-RU,ru;q=0.9,en;q=0.8".into());
    let home = ru.get("/").await;
    assert!(home.has(r#"<html lang="ru">"#));
    assert!(home.shows(&common::ru("home-heading")));

    // The cookie wins over the header.
    ru.set_cookie("lang", "kk");
    assert!(ru.get("/").await.has(r#"<html lang="kk">"#));
}

#[actix_web::test]
async fn the_language_switch_sets_a_cookie_and_returns_to_the_page() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    let register = browser.get("/register").await;
    assert!(register.has(r#"href="/lang/ru?next=/register""#));

    let res = browser.get("/lang/ru?next=%2Fregister").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/register");
    assert_eq!(browser.cookie("lang"), Some("ru"));
    let page = browser.get("/register").await;
    assert!(page.has(r#"<html lang="ru">"#));
    assert!(page.shows(&common::ru("register-title")));

    browser.get("/lang/kk?next=/register").await;
    assert!(
        browser
            .get("/register")
            .await
            .shows(&common::kk("register-title"))
    );
}

#[actix_web::test]
async fn the_language_switch_never_leads_to_another_host() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    for next in [
        "https%3A%2F%2Fevil.example%2F",
        "%2F%2Fevil.example",
        "%2F%5Cevil.example",
        "evil.example",
    ] {
        let res = browser.get(&format!("/lang/ru?next={next}")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(res.location(), "/", "{next}");
    }
    assert_eq!(browser.get("/lang/ru").await.location(), "/");
    assert_eq!(
        browser.get("/lang/en?next=/").await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn an_unknown_page_gets_the_404_page_in_both_languages() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    let kk = browser.get("/no/such/page").await;
    assert_eq!(kk.status, StatusCode::NOT_FOUND);
    assert!(kk.has(r#"<html lang="kk">"#));
    assert!(kk.shows(&common::kk("error-404-title")));
    assert!(kk.header("content-type").starts_with("text/html"));

    browser.set_cookie("lang", "ru");
    let ru = browser.get("/no/such/page").await;
    assert_eq!(ru.status, StatusCode::NOT_FOUND);
    assert!(ru.has(r#"<html lang="ru">"#));
    assert!(ru.shows(&common::ru("error-404-title")));
}

#[actix_web::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    for path in ["/", "/register", "/no-such-page", "/healthz"] {
        let res = browser.get(path).await;
        let csp = res.header("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(res.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(res.header("referrer-policy"), "same-origin", "{path}");
        assert!(!res.has("<script>"), "{path}: no inline script");
        assert!(!res.has(" style="), "{path}: no inline style");
    }
}

#[actix_web::test]
async fn the_session_cookie_is_http_only_and_same_site_lax() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    let res = browser.get("/login").await;
    let cookie = res.header("set-cookie");
    assert!(cookie.starts_with("egov_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
}

#[actix_web::test]
async fn healthz_answers_200_only_while_the_database_does() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    let ok = browser.get("/healthz").await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.has(r#""database":"ok""#));

    app.db.drop_now();
    let down = browser.get("/healthz").await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(down.has("unreachable"));
}

#[actix_web::test]
async fn static_files_are_served_with_their_types() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    let css = browser.get("/static/app.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.header("content-type").starts_with("text/css"));
    assert!(css.has(":focus"));
    // The phone cards' column names, in each language from its messages (web::columns).
    for (lang, label) in [
        ("kk", common::kk("receipt-number")),
        ("ru", common::ru("receipt-number")),
    ] {
        let rule = format!(":lang({lang}) .columns-cabinet {{ --column-1: \"{label}\";");
        assert!(css.has(&rule), "{rule}");
    }
    assert_eq!(
        browser.get("/static/../Cargo.toml").await.status,
        StatusCode::NOT_FOUND
    );
    // Pages link the files with a content version, so they can be cached for long.
    let home = browser.get("/").await;
    assert!(home.has(r#"href="/static/app.css?v="#));
    assert!(css.header("cache-control").contains("immutable"));
}

#[actix_web::test]
async fn a_get_to_logout_is_not_allowed() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    let res = browser.get("/logout").await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(res.shows(&common::kk("error-405-title")));
}

#[actix_web::test]
async fn an_internal_error_shows_a_localized_page_without_details() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    browser.register(&crate::common::Citizen::new(11)).await;
    browser.set_cookie("lang", "ru");
    app.db.drop_now();
    let res = browser.get("/cabinet").await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(res.shows(&common::ru("error-500-title")));
    assert!(!res.to_lowercase_contains("database"));
    assert!(!res.to_lowercase_contains("diesel"));
}

#[actix_web::test]
async fn an_oversized_form_is_refused_before_anything_is_read() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    let token = browser.get("/register").await.csrf_token();
    let huge = "а".repeat(100 * 1024);
    let res = browser
        .post_raw("/register", &[("csrf_token", &token), ("last_name", &huge)])
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.shows(&common::kk("error-413-title")));
    assert_eq!(app.count("users"), 0);
}

#[actix_web::test]
async fn viewing_pages_does_not_write_the_session_again() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    browser.register(&common::Citizen::new(81)).await;
    // The registration's notice is shown (and so taken from the session) once.
    assert_eq!(browser.get("/cabinet").await.status, StatusCode::OK);
    // Within the minute of the last-seen time's precision, pages only read the session.
    for path in ["/cabinet", "/services", "/cabinet/profile", "/cabinet"] {
        let res = browser.get(path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert_eq!(res.header("set-cookie"), "", "{path} wrote the session");
    }
}
