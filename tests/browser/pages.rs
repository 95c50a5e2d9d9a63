//! Every page type, citizen and staff, in each language, through axe-core (WCAG 2.1 A/AA) and
//! the Nu Html Checker: the public pages, the error pages, the cabinet with a draft and a
//! complaint, the staff queue, application, staff, monitoring, complaints, notifications, the
//! sysadmin's calendar and audit log. The journeys check the pages on their own way; this tour
//! adds the rest.

use crate::harness::{Browser, Portal};
use crate::journeys::{
    DEMO_IIN, DEMO_PASSWORD, PRESCHOOL, act, fill_preschool_form, sign_in_citizen, sign_in_staff, t,
};

async fn every_page_type_is_accessible_and_valid(code: &str) {
    let portal = Portal::start();
    let mut browser = Browser::open(&portal).await;
    browser.go("/").await;
    browser.use_language(code).await;
    for (path, label) in [
        ("/services", "catalog"),
        (
            "/services?q=%D0%B4%D1%83%D0%B1%D0%BB%D0%B8%D0%BA%D0%B0%D1%82",
            "catalog search",
        ),
        (
            "/services/EDU-TVET-STATE-ORDER-COMPETITION",
            "passport with two paths",
        ),
        (
            "/services/EDU-HOME-SCHOOLING",
            "passport of a service not on the portal",
        ),
        ("/statistics", "public statistics"),
        ("/login", "sign-in"),
        ("/verify", "verify"),
        ("/verify?number=R-0&code=WRONG", "verify, not found"),
        ("/admin/login", "staff sign-in"),
    ] {
        browser.go(path).await;
        browser.check(label).await;
    }
    // The error pages are sent with their status; fetched again, they are the same page.
    browser.go("/no-such-page").await;
    assert!(browser.shows(&t(code, "error-404-title")).await);
    browser.check("404").await;
    browser.go("/services?q=%00").await;
    assert!(browser.shows(&t(code, "error-400-title")).await);
    browser.check("400").await;
    // A sign-in refused: the form again with its error summary.
    browser.go("/login").await;
    browser.type_into("#iin", DEMO_IIN).await;
    browser.type_into("#password", "not-the-password").await;
    browser
        .submit("form[action='/login'] button[type=submit]")
        .await;
    assert!(browser.has(".error-summary").await);
    browser.check_posted("sign-in refused").await;

    // The demo citizen: a draft kept and resumed, an application submitted and complained of.
    sign_in_citizen(&browser, DEMO_IIN, DEMO_PASSWORD).await;
    browser.go(&format!("/services/{PRESCHOOL}/apply")).await;
    fill_preschool_form(&portal, &browser).await;
    browser.submit("button[name=action][value=draft]").await;
    browser.go("/cabinet").await;
    browser.check("cabinet with a draft").await;
    let draft = portal.text("SELECT number AS value FROM applications WHERE status = 'draft'");
    browser
        .go(&format!("/services/{PRESCHOOL}/apply?draft={draft}"))
        .await;
    browser.check("apply form, a draft resumed").await;
    browser.submit("button[name=action][value=continue]").await;
    browser.click("#consent").await;
    browser.type_into("#password", DEMO_PASSWORD).await;
    browser
        .submit("form[action$='/submit'] > button[type=submit]")
        .await;
    assert!(browser.path().await.ends_with("/receipt"));
    let number = draft;
    browser.go(&format!("/cabinet/applications/{number}")).await;
    browser
        .type_into("#complaint_text", "Жауап әлі жоқ. / Ответа пока нет.")
        .await;
    browser
        .submit(&format!(
            "form[action='/cabinet/applications/{number}/complaints'] button"
        ))
        .await;
    browser.check("application with a complaint").await;
    browser.go("/cabinet?status=submitted").await;
    browser.check("cabinet filtered").await;

    // The kindergarten's head: queue, application, staff, monitoring, the complaint answered.
    sign_in_staff(&browser, "head.kg-almaly-1", "demo-head").await;
    for (path, label) in [
        ("/admin", "staff queue"),
        ("/admin/staff", "staff and absences"),
        ("/admin/monitoring", "monitoring"),
        ("/admin/complaints", "complaints"),
        ("/admin/notifications", "staff notifications"),
    ] {
        browser.go(path).await;
        browser.check(label).await;
    }
    browser.go(&format!("/admin/applications/{number}")).await;
    browser.check("staff application page").await;
    let complaint = portal.text("SELECT id::text AS value FROM complaints");
    browser.go(&format!("/admin/complaints/{complaint}")).await;
    browser.check("complaint").await;
    browser
        .type_into("#answer", "Өтініш қаралуда. / Заявление рассматривается.")
        .await;
    browser
        .submit(&format!(
            "form[action='/admin/complaints/{complaint}/answer'] button"
        ))
        .await;
    browser.check("complaint answered").await;
    // The executor takes it: the action forms of a running application.
    sign_in_staff(&browser, "executor.kg-almaly-1", "demo-executor").await;
    act(&browser, &number, "take", &[]).await;
    browser.check("application taken, its decision forms").await;

    // The sysadmin: calendar, audit log, monitoring of every organization.
    sign_in_staff(&browser, "sysadmin", "demo-sysadmin").await;
    for (path, label) in [
        ("/admin/calendar", "calendar"),
        ("/admin/audit", "audit log"),
        ("/admin/monitoring", "monitoring, every organization"),
    ] {
        browser.go(path).await;
        browser.check(label).await;
    }
    // A 360-px phone: wide tables and diagrams scroll in regions reached by keyboard.
    browser
        .client
        .set_window_size(360, 740)
        .await
        .expect("a phone's width");
    for (path, label) in [
        (
            "/services/EDU-TVET-STATE-ORDER-COMPETITION",
            "passport on a phone",
        ),
        ("/admin/audit", "audit log on a phone"),
        ("/admin/monitoring", "monitoring on a phone"),
    ] {
        browser.go(path).await;
        browser.check(label).await;
    }
    browser.assert_accessible_and_valid();
    browser.close().await;
}

#[tokio::test]
async fn every_page_type_is_accessible_and_valid_in_kazakh() {
    every_page_type_is_accessible_and_valid("kk").await;
}

#[tokio::test]
async fn every_page_type_is_accessible_and_valid_in_russian() {
    every_page_type_is_accessible_and_valid("ru").await;
}
