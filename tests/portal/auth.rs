//! Registration, sign-in, sign-out, CSRF and throttling.

use actix_web::http::StatusCode;
use diesel::prelude::*;

use crate::common::{Citizen, TestApp, kk, msg};
use egov_portal::i18n::Lang;

#[actix_web::test]
async fn a_citizen_registers_lands_in_the_cabinet_and_the_iin_tells_birth_date_and_sex() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    let citizen = Citizen::new(1);

    let res = browser.register(&citizen).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), "/cabinet");

    let cabinet = browser.get("/cabinet").await;
    assert_eq!(cabinet.status, StatusCode::OK);
    assert!(
        cabinet.shows(&kk("notice-registered")),
        "flash notice shown once"
    );
    assert!(cabinet.has(&citizen.iin));
    assert!(cabinet.has("Сәрсенбаев Нұрлан"));
    assert!(
        cabinet.has("1995 жылғы 15 сәуір"),
        "birth date from the IIN, in Kazakh"
    );
    assert!(cabinet.has("<dd>Ер</dd>"), "sex from the IIN");
    assert!(cabinet.has("+77012345678"), "phone normalised");
    assert!(
        !browser
            .get("/cabinet")
            .await
            .shows(&kk("notice-registered"))
    );

    let hash: Option<String> = egov_portal::db::schema::users::table
        .select(egov_portal::db::schema::users::password_hash)
        .first(&mut app.db.conn())
        .unwrap();
    let hash = hash.expect("a registered citizen has a password");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains(&citizen.password));
}

#[actix_web::test]
async fn an_invalid_iin_gets_a_clear_message_keeps_the_values_and_stores_nothing() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    // A valid number with its check digit changed.
    let mut citizen = Citizen::new(2);
    let check = citizen.iin.as_bytes()[11] - b'0';
    citizen.iin = format!("{}{}", &citizen.iin[..11], (check + 1) % 10);

    let res = browser.register(&citizen).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.shows(&kk("error-iin-check-digit")));
    assert!(
        res.has(r#"class="error-summary""#),
        "error summary at the top"
    );
    assert!(res.has(r##"href="#iin""##), "summary links to the field");
    assert!(res.has(r#"aria-invalid="true""#));
    assert!(
        res.has(&format!(r#"value="{}""#, citizen.iin)),
        "typed IIN kept"
    );
    assert!(res.has(r#"value="Сәрсенбаев""#), "other values kept");
    assert!(!res.has(&citizen.password), "passwords are never sent back");
    assert_eq!(app.count("users"), 0);
}

#[actix_web::test]
async fn every_bad_field_is_named_in_russian_too() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    browser.set_cookie("lang", "ru");
    let res = browser
        .submit(
            "/register",
            "/register",
            &[
                ("iin", "12345"),
                ("last_name", ""),
                ("first_name", "Ivan2"),
                ("phone", "555"),
                ("email", "not-an-email"),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "ИИН должен состоять из 12 цифр.",
        "Заполните это поле.",
        "Допустимы только буквы, пробел, дефис и апостроф.",
        "Введите номер телефона в формате +7",
        "Введите адрес электронной почты",
        "Пароль должен содержать не менее 8 символов.",
    ] {
        assert!(res.has(message), "missing: {message}");
    }
    assert_eq!(app.count("users"), 0);
}

#[actix_web::test]
async fn a_second_account_with_the_same_iin_is_refused() {
    let app = TestApp::new();
    let citizen = Citizen::new(3);
    let mut first = app.client().await;
    assert_eq!(first.register(&citizen).await.status, StatusCode::SEE_OTHER);

    let mut second = app.client().await;
    let res = second.register(&citizen).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.shows(&kk("error-iin-taken")));
    assert_eq!(app.count("users"), 1);
}

#[actix_web::test]
async fn sign_in_with_the_right_password_sign_out_and_the_cabinet_closes() {
    let app = TestApp::new();
    let citizen = Citizen::new(4);
    app.client().await.register(&citizen).await;

    let mut browser = app.client().await;
    let anonymous = browser.get("/cabinet").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.location(), "/login?next=/cabinet");

    let wrong = browser.sign_in(&citizen.iin, "not-the-password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.shows(&kk("error-sign-in-failed")));
    assert!(wrong.has(&format!(r#"value="{}""#, citizen.iin)));

    let token_before = browser.get("/login").await.csrf_token();
    let ok = browser
        .submit(
            "/login?next=/cabinet",
            "/login",
            &[
                ("iin", &citizen.iin),
                ("password", &citizen.password),
                ("next", "/cabinet"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.location(), "/cabinet");
    let cabinet = browser.get("/cabinet").await;
    assert_eq!(cabinet.status, StatusCode::OK);
    assert!(cabinet.shows(&msg(Lang::Kk, "cabinet-greeting", &[("name", "Нұрлан")])));

    // The session was renewed at sign-in: the token from before no longer works.
    let token_after = cabinet.csrf_token();
    assert_ne!(token_before, token_after);
    let stale = browser
        .post_raw("/logout", &[("csrf_token", &token_before)])
        .await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    assert_eq!(browser.get("/cabinet").await.status, StatusCode::OK);

    let out = browser
        .post_raw("/logout", &[("csrf_token", &token_after)])
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.location(), "/");
    assert!(browser.get("/").await.shows(&kk("notice-signed-out")));
    assert_eq!(browser.get("/cabinet").await.status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn after_sign_in_only_local_next_paths_are_followed() {
    let app = TestApp::new();
    let citizen = Citizen::new(5);
    app.client().await.register(&citizen).await;
    let mut browser = app.client().await;
    let res = browser
        .submit(
            "/login",
            "/login",
            &[
                ("iin", &citizen.iin),
                ("password", &citizen.password),
                ("next", "//evil.example/phish"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/cabinet");
}

#[actix_web::test]
async fn a_post_without_a_valid_token_is_refused_and_changes_nothing() {
    let app = TestApp::new();
    let citizen = Citizen::new(6);
    let mut browser = app.client().await;
    browser.get("/register").await; // the session has a token, the form below does not send it

    let missing = browser.post_raw("/register", &citizen.form()).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(missing.shows(&kk("error-403-text")), "localized 403 page");

    let mut forged = citizen.form();
    forged.push(("csrf_token", "forged"));
    assert_eq!(
        browser.post_raw("/register", &forged).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count("users"), 0);

    // Another browser's valid token does not work in this one.
    let mut other = app.client().await;
    let other_token = other.get("/register").await.csrf_token();
    let mut foreign = citizen.form();
    foreign.push(("csrf_token", &other_token));
    assert_eq!(
        browser.post_raw("/register", &foreign).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count("users"), 0);

    let login = browser
        .post_raw(
            "/login",
            &[("iin", &citizen.iin), ("password", &citizen.password)],
        )
        .await;
    assert_eq!(login.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("sign_in_attempts"), 0);
}

#[actix_web::test]
async fn five_failures_lock_the_iin_for_fifteen_minutes_even_with_the_right_password() {
    let app = TestApp::new();
    let citizen = Citizen::new(7);
    app.client().await.register(&citizen).await;
    let mut browser = app.client().await;

    for attempt in 1..=5 {
        let res = browser.sign_in(&citizen.iin, "wrong-password").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let locked = browser.sign_in(&citizen.iin, &citizen.password).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        locked.shows(&msg(Lang::Kk, "error-sign-in-locked", &[("minutes", "15")])),
        "{}",
        locked.body
    );
    assert_eq!(browser.get("/cabinet").await.status, StatusCode::SEE_OTHER);

    browser.set_cookie("lang", "ru");
    let locked_ru = browser.sign_in(&citizen.iin, &citizen.password).await;
    assert!(locked_ru.shows(&msg(Lang::Ru, "error-sign-in-locked", &[("minutes", "15")])));

    // Another IIN from the same address is not affected.
    let other = Citizen::new(8);
    app.client().await.register(&other).await;
    assert_eq!(
        browser.sign_in(&other.iin, &other.password).await.status,
        StatusCode::SEE_OTHER
    );

    // Fifteen minutes later (moved back in the database) the right password works again.
    diesel::sql_query("UPDATE sign_in_lockouts SET locked_until = now() - interval '1 second'")
        .execute(&mut app.db.conn())
        .unwrap();
    diesel::sql_query(
        "UPDATE sign_in_attempts SET attempted_at = attempted_at - interval '16 minutes'",
    )
    .execute(&mut app.db.conn())
    .unwrap();
    let mut fresh = app.client().await;
    assert_eq!(
        fresh.sign_in(&citizen.iin, &citizen.password).await.status,
        StatusCode::SEE_OTHER
    );
}

#[actix_web::test]
async fn twenty_failures_from_one_address_lock_that_address() {
    let app = TestApp::new();
    let victim = Citizen::new(20);
    app.client().await.register(&victim).await;

    let mut attacker = app.client().await;
    attacker.peer = "10.1.2.3:5555".parse().unwrap();
    // Spread over many IINs so that no single IIN reaches its own limit.
    for n in 0..20u16 {
        let guess = Citizen::new(100 + n * 7);
        let res = attacker.sign_in(&guess.iin, "guess").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    let res = attacker.sign_in(&victim.iin, &victim.password).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);

    let mut citizen_elsewhere = app.client().await;
    citizen_elsewhere.peer = "10.9.9.9:4444".parse().unwrap();
    assert_eq!(
        citizen_elsewhere
            .sign_in(&victim.iin, &victim.password)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[actix_web::test]
async fn a_signed_in_citizen_visiting_register_or_login_goes_to_the_cabinet() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    browser.register(&Citizen::new(9)).await;
    assert_eq!(browser.get("/register").await.location(), "/cabinet");
    assert_eq!(browser.get("/login").await.location(), "/cabinet");
}

#[actix_web::test]
async fn an_idle_session_ends_and_says_why() {
    let app = TestApp::new();
    let mut browser = app
        .client_with(|c| c.session_idle = std::time::Duration::from_secs(1))
        .await;
    browser.register(&Citizen::new(10)).await;
    assert_eq!(browser.get("/cabinet").await.status, StatusCode::OK);

    actix_web::rt::time::sleep(std::time::Duration::from_millis(2100)).await;
    let res = browser.get("/cabinet").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/login?next=/cabinet");
    assert!(
        browser
            .get("/login")
            .await
            .shows(&kk("notice-session-expired"))
    );
}

#[actix_web::test]
async fn the_profile_shows_what_the_iin_tells_and_changes_contacts_and_password() {
    let app = TestApp::new();
    let citizen = Citizen::new(12);
    let mut browser = app.client().await;
    browser.register(&citizen).await;
    let profile = browser.get("/cabinet/profile").await;
    assert_eq!(profile.status, StatusCode::OK);
    assert!(
        profile.has(&citizen.iin)
            && profile.has("1995 жылғы 15 сәуір")
            && profile.has("<dd>Ер</dd>")
    );

    let token = profile.csrf_token();
    let bad = browser
        .post_raw(
            "/cabinet/profile",
            &[("csrf_token", &token), ("phone", "12"), ("email", "x@")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.shows(&kk("error-phone-format")));
    let ok = browser
        .post_raw(
            "/cabinet/profile",
            &[
                ("csrf_token", &token),
                ("phone", "8 (702) 111-22-33"),
                ("email", "nurlan@mail.kz"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let after = browser.get("/cabinet/profile").await;
    assert!(after.has("+77021112233") && after.has("nurlan@mail.kz"));

    let wrong_current = browser
        .post_raw(
            "/cabinet/profile/password",
            &[
                ("csrf_token", &token),
                ("current_password", "not-it-at-all"),
                ("new_password", "жаңа-құпиясөз-1"),
                ("new_password_confirm", "жаңа-құпиясөз-1"),
            ],
        )
        .await;
    assert_eq!(wrong_current.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong_current.shows(&kk("error-current-password")));
    let changed = browser
        .post_raw(
            "/cabinet/profile/password",
            &[
                ("csrf_token", &token),
                ("current_password", &citizen.password),
                ("new_password", "жаңа-құпиясөз-1"),
                ("new_password_confirm", "жаңа-құпиясөз-1"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    let mut fresh = app.client().await;
    assert_eq!(
        fresh.sign_in(&citizen.iin, &citizen.password).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        fresh.sign_in(&citizen.iin, "жаңа-құпиясөз-1").await.status,
        StatusCode::SEE_OTHER
    );
}

#[actix_web::test]
async fn with_redis_a_session_started_on_one_node_works_on_another() {
    let app = TestApp::new();
    let url = std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let mut node_a = app.client_with(|c| c.redis_url = Some(url.clone())).await;
    node_a.register(&Citizen::new(14)).await;
    assert_eq!(node_a.get("/cabinet").await.status, StatusCode::OK);
    let cookie = node_a.cookie("egov_session").unwrap().to_string();
    assert!(
        cookie.len() < 160,
        "the cookie holds a key, not the session: {cookie}"
    );

    let mut node_b = app.client_with(|c| c.redis_url = Some(url.clone())).await;
    node_b.set_cookie("egov_session", &cookie);
    let cabinet = node_b.get("/cabinet").await;
    assert_eq!(cabinet.status, StatusCode::OK);
    assert!(cabinet.shows(&msg(Lang::Kk, "cabinet-greeting", &[("name", "Нұрлан")])));
    // Signing out on one node ends the session everywhere.
    let out = node_b
        .post_raw("/logout", &[("csrf_token", &cabinet.csrf_token())])
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let mut node_c = app.client().await;
    node_c.set_cookie("egov_session", &cookie);
    assert_eq!(node_c.get("/cabinet").await.status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn behind_a_trusted_proxy_failures_count_against_the_forwarded_address() {
    let app = TestApp::new();
    let victim = Citizen::new(21);
    app.client().await.register(&victim).await;
    let proxy: std::net::IpAddr = "10.0.0.1".parse().unwrap();
    let mut via_proxy = app.client_with(|c| c.trusted_proxies = vec![proxy]).await;
    via_proxy.peer = "10.0.0.1:443".parse().unwrap();
    via_proxy.forwarded_for = Some("1.2.3.4, 203.0.113.7".into());
    for n in 0..20u16 {
        via_proxy
            .sign_in(&Citizen::new(300 + n * 7).iin, "guess")
            .await;
    }
    let rows = app.count("sign_in_attempts WHERE ip = '203.0.113.7'");
    assert_eq!(
        rows, 20,
        "the proxy's own entry counts, not the forgeable first one"
    );
    // Another citizen behind the same proxy is not locked out.
    via_proxy.forwarded_for = Some("198.51.100.9".into());
    assert_eq!(
        via_proxy
            .sign_in(&victim.iin, &victim.password)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}
