//! The journeys, in headless Chromium, each in Kazakh and in Russian: a citizen registers,
//! applies with uploads and follows it in the cabinet; a provider's staff take a paper
//! application at the counter and work it from the queue to issue; the citizen downloads the
//! signed result and `/verify` confirms it; the State Corporation's operator takes a paper
//! application, sends it on and hands the result out. Every page on the way is checked with
//! axe-core and the Nu Html Checker.

use chrono::{Datelike, TimeDelta};
use egov_portal::domain::iin::with_check_digit;
use egov_portal::domain::local_date;
use egov_portal::i18n::Lang;

use crate::harness::{Browser, Portal};

/// The demo citizen of `seed --demo`.
pub const DEMO_IIN: &str = "900315400017";
pub const DEMO_PASSWORD: &str = "demo-citizen-1";
/// A college with one demo account per role, giving the TVET duplicate (seed 003).
pub const COLLEGE: &str = "COL-ALMATY-POLY";
pub const DUPLICATE: &str = "EDU-TVET-DUPLICATE";
pub const PRESCHOOL: &str = "00403002";

/// A message in the language `code` names.
pub fn t(code: &str, id: &str) -> String {
    egov_portal::i18n::t(lang(code), id, &[])
}

pub fn lang(code: &str) -> Lang {
    if code == "ru" { Lang::Ru } else { Lang::Kk }
}

/// A valid IIN of someone born on 1 January 1990 (`serial` tells them apart).
pub fn adult_iin(serial: u16) -> String {
    with_check_digit(&format!("9001013{serial:04}")).expect("a serial with a check digit")
}

/// A valid IIN of a boy born three years ago (of preschool age).
pub fn child_iin() -> String {
    let today = local_date(chrono::Utc::now());
    let born = today
        .with_day(1)
        .and_then(|d| d.with_year(d.year() - 3))
        .expect("a date");
    (1..100)
        .find_map(|serial| with_check_digit(&format!("{}5{serial:04}", born.format("%y%m%d"))))
        .expect("a serial")
}

/// A small real PDF on disk, for the file inputs.
pub fn pdf_file() -> String {
    let path = std::env::temp_dir().join("egov-browser-upload.pdf");
    std::fs::write(&path, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").expect("pdf");
    path.to_string_lossy().into_owned()
}

pub async fn register(browser: &mut Browser, iin: &str, password: &str) {
    browser.go("/register").await;
    browser.check("register").await;
    for (name, value) in [
        ("iin", iin),
        ("last_name", "Сейтқали"),
        ("first_name", "Әлия"),
        ("phone", "+77015550101"),
        ("email", "aliya@example.kz"),
        ("password", password),
        ("password_confirm", password),
    ] {
        browser.type_into(&format!("#{name}"), value).await;
    }
    browser
        .submit("form[action='/register'] button[type=submit]")
        .await;
    assert_eq!(
        browser.path().await,
        "/cabinet",
        "registered and in the cabinet"
    );
}

pub async fn sign_in_citizen(browser: &Browser, iin: &str, password: &str) {
    browser.go("/login").await;
    browser.type_into("#iin", iin).await;
    browser.type_into("#password", password).await;
    browser
        .submit("form[action='/login'] button[type=submit]")
        .await;
    assert_eq!(browser.path().await, "/cabinet");
}

/// Signs whoever is signed in out, then signs `login` in at the staff door.
pub async fn sign_in_staff(browser: &Browser, login: &str, password: &str) {
    for door in ["/admin/logout", "/logout"] {
        let button = format!("form[action='{door}'] button");
        if browser.has(&button).await {
            browser.submit(&button).await;
        }
    }
    browser.go("/admin/login").await;
    browser.type_into("#login", login).await;
    browser.type_into("#password", password).await;
    browser
        .submit("form[action='/admin/login'] button[type=submit]")
        .await;
    assert!(
        !browser.path().await.starts_with("/admin/login"),
        "{login} signed in"
    );
}

/// Fills the application page's form of `action` and sends it.
pub async fn act(browser: &Browser, number: &str, action: &str, fields: &[(&str, &str)]) {
    browser.go(&format!("/admin/applications/{number}")).await;
    let form = format!("form.action-form:has(input[name=action][value={action}])");
    assert!(
        browser.has(&form).await,
        "{action} is offered on {number}: {}",
        browser.text().await
    );
    for (name, value) in fields {
        let field = format!("{form} [name={name}]");
        match browser
            .find(&field)
            .await
            .tag_name()
            .await
            .expect("tag")
            .as_str()
        {
            "select" => browser.select(&field, value).await,
            _ if *value == "on" => browser.click(&field).await,
            _ => browser.type_into(&field, value).await,
        }
    }
    browser.submit(&format!("{form} button[type=submit]")).await;
}

/// The number in an `/admin/applications/{number}…` address.
pub fn number_in(path: &str) -> String {
    path.trim_start_matches("/admin/applications/")
        .split(['/', '?'])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Register → apply for a preschool place with three uploads → check → sign → receipt →
/// cabinet → the application's page.
async fn a_citizen_applies_online(code: &str, serial: u16) {
    let portal = Portal::start();
    let mut browser = Browser::open(&portal).await;
    browser.go("/").await;
    browser.use_language(code).await;
    browser.check("home").await;
    let (iin, password) = (adult_iin(serial), "Qwerty-2026!");
    register(&mut browser, &iin, password).await;
    browser.check("cabinet, empty").await;

    browser.go(&format!("/services/{PRESCHOOL}")).await;
    browser.check("passport").await;
    browser
        .submit(&format!("a[href='/services/{PRESCHOOL}/apply']"))
        .await;
    browser.check("apply form").await;
    // Sent empty first: the error summary, in the reader's language.
    browser.submit("button[name=action][value=continue]").await;
    assert!(
        browser.has(".error-summary").await,
        "an error summary at {}: {}",
        browser.path().await,
        browser.text().await
    );
    browser.check_posted("apply form with errors").await;
    fill_preschool_form(&portal, &browser).await;
    browser.submit("button[name=action][value=continue]").await;
    let review = browser.path().await;
    assert!(
        review.ends_with("/review"),
        "{review}: {}",
        browser.text().await
    );
    browser.check("review").await;
    browser.click("#consent").await;
    browser.type_into("#password", password).await;
    browser
        .submit("form[action$='/submit'] > button[type=submit]")
        .await;
    let receipt = browser.path().await;
    assert!(receipt.ends_with("/receipt"), "{receipt}");
    browser.check("receipt").await;
    let number = receipt.split('/').nth(3).expect("a number").to_string();
    assert!(browser.shows(&number).await);

    browser.go("/cabinet").await;
    assert!(browser.shows(&number).await, "listed in the cabinet");
    browser.check("cabinet").await;
    browser
        .submit(&format!("a[href='/cabinet/applications/{number}']"))
        .await;
    assert!(browser.shows(&t(code, "status-submitted")).await);
    browser.check("application").await;
    browser.go("/cabinet/notifications").await;
    browser.check("notifications").await;
    browser.go("/cabinet/profile").await;
    browser.check("profile").await;
    browser.assert_accessible_and_valid();
    browser.close().await;
}

/// The preschool form filled as a parent would: provider, child's IIN, date, choices, files.
pub async fn fill_preschool_form(portal: &Portal, browser: &Browser) {
    let kindergarten =
        portal.text("SELECT id::text AS value FROM organizations WHERE code = 'KG-ALMALY-1'");
    browser.select("#organization_id", &kindergarten).await;
    browser.type_into("#child_iin", &child_iin()).await;
    let date = local_date(chrono::Utc::now()) + TimeDelta::days(30);
    // A date input types in the browser's own order (en-US: month, day, year).
    browser
        .find("#desired_admission_date")
        .await
        .send_keys(&date.format("%m%d%Y").to_string())
        .await
        .expect("a date");
    for select in ["language_of_instruction", "residency", "priority_basis"] {
        browser
            .find(&format!("#{select}"))
            .await
            .select_by_index(1)
            .await
            .expect("a choice");
    }
    let pdf = pdf_file();
    for file in [
        "vaccination_card",
        "child_health_passport",
        "medical_certificate_027",
    ] {
        browser
            .find(&format!("#{file}"))
            .await
            .send_keys(&pdf)
            .await
            .expect("a file chosen");
    }
}

#[tokio::test]
async fn a_citizen_applies_online_in_kazakh() {
    a_citizen_applies_online("kk", 11).await;
}

#[tokio::test]
async fn a_citizen_applies_online_in_russian() {
    a_citizen_applies_online("ru", 12).await;
}

const NEXT_STAGE: &str = "form:has(input[name=stage]) button[type=submit]";

/// The counter intake at `intake` up to the documents of the TVET duplicate: the person found
/// by `iin` (recorded from `person` when there is no record), the service chosen; each page
/// checked.
async fn to_the_documents(browser: &mut Browser, intake: &str, iin: &str, person: &[(&str, &str)]) {
    browser.go(intake).await;
    browser.check("counter intake: find").await;
    browser.type_into("form [name=iin]", iin).await;
    browser.submit(NEXT_STAGE).await;
    browser.check_posted("counter intake: the person").await;
    for (name, value) in person {
        browser.type_into(&format!("#{name}"), value).await;
    }
    if browser.has("input[name=stage][value=person]").await {
        browser.submit(NEXT_STAGE).await;
    }
    browser
        .click(&format!("input[name=service][value={DUPLICATE}]"))
        .await;
    browser.check_posted("counter intake: service").await;
    browser.submit(NEXT_STAGE).await;
    browser.check_posted("counter intake: documents").await;
}

/// Takes a paper application for the TVET duplicate at the counter `intake` (see
/// `to_the_documents`): every document ticked, the provider chosen where the desk asks for it,
/// the consent ticked where asked. Returns the number the application is registered under.
async fn take_at_the_counter(
    browser: &mut Browser,
    intake: &str,
    iin: &str,
    person: &[(&str, &str)],
    provider: Option<&str>,
) -> String {
    to_the_documents(browser, intake, iin, person).await;
    for checkbox in browser
        .client
        .find_all(fantoccini::Locator::Css("input[type=checkbox][name^=doc_]"))
        .await
        .expect("documents")
    {
        checkbox.click().await.expect("ticked");
    }
    if let Some(provider) = provider {
        browser.select("#provider", provider).await;
    }
    if browser.has("#consent").await {
        browser.click("#consent").await;
    }
    browser.submit(NEXT_STAGE).await;
    let number = number_in(&browser.path().await);
    assert!(
        number.starts_with("KZ-"),
        "registered: {}",
        browser.text().await
    );
    number
}

/// The college's clerk takes a paper application for the demo citizen at the counter; the
/// clerk registers it, the head assigns it, the executor prepares the result, the head signs
/// it, the clerk hands it out; the citizen downloads the signed PDF and `/verify` confirms it,
/// by its code and by the file.
async fn a_counter_application_runs_from_queue_to_issue_and_verifies(code: &str) {
    let portal = Portal::start();
    let mut browser = Browser::open(&portal).await;
    let college = COLLEGE.to_lowercase();
    sign_in_staff(&browser, &format!("clerk.{college}"), "demo-clerk").await;
    browser.use_language(code).await;
    browser.check("queue").await;
    let number =
        take_at_the_counter(&mut browser, "/admin/applications/new", DEMO_IIN, &[], None).await;
    browser.check("application (staff)").await;
    browser
        .go(&format!("/admin/applications/{number}/receipt"))
        .await;
    browser.check("receipt of acceptance").await;

    act(&browser, &number, "register", &[]).await;
    sign_in_staff(&browser, &format!("head.{college}"), "demo-head").await;
    let executor = portal.text(&format!(
        "SELECT s.id::text AS value FROM staff s WHERE s.login = 'executor.{college}'"
    ));
    act(
        &browser,
        &number,
        "assign",
        &[
            ("executor", &executor),
            ("resolution", "Орындауға / К исполнению"),
        ],
    )
    .await;
    sign_in_staff(&browser, &format!("executor.{college}"), "demo-executor").await;
    browser.go("/admin").await;
    assert!(browser.shows(&number).await, "in the executor's queue");
    act(
        &browser,
        &number,
        "prepare_result",
        &[("result", "Телнұсқа дайын")],
    )
    .await;
    sign_in_staff(&browser, &format!("head.{college}"), "demo-head").await;
    act(&browser, &number, "sign", &[("password", "demo-head")]).await;
    sign_in_staff(&browser, &format!("clerk.{college}"), "demo-clerk").await;
    act(
        &browser,
        &number,
        "issue",
        &[
            ("identity_checked", "on"),
            ("comment", "Жеке куәлік / Удостоверение"),
        ],
    )
    .await;
    browser.go(&format!("/admin/applications/{number}")).await;
    assert!(browser.shows(&t(code, "status-issued")).await);
    let status = format!("SELECT status AS value FROM applications WHERE number = '{number}'");
    assert_eq!(portal.text(&status), "issued");
    browser.check("application issued (staff)").await;
    browser.go("/admin/monitoring").await;
    browser.check("monitoring").await;

    // The citizen: the result in the cabinet, downloaded, and verified two ways.
    browser.submit("form[action='/admin/logout'] button").await;
    sign_in_citizen(&browser, DEMO_IIN, DEMO_PASSWORD).await;
    browser.go(&format!("/cabinet/applications/{number}")).await;
    browser.check("application issued (citizen)").await;
    let pdf = download(
        &browser,
        &format!("/cabinet/applications/{number}/result.pdf"),
    )
    .await;
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    let href = browser
        .find("a[href^='/verify?number=']")
        .await
        .attr("href")
        .await
        .expect("href")
        .expect("a link");
    browser.submit("a[href^='/verify?number=']").await;
    assert!(
        browser.shows(&t(code, "verify-authentic")).await,
        "{}",
        browser.text().await
    );
    browser.check("verify by code").await;
    let file = std::env::temp_dir().join(format!("egov-result-{number}.pdf"));
    std::fs::write(&file, &pdf).expect("saved");
    browser.go("/verify").await;
    let query = href.split_once('?').map_or("", |(_, q)| q);
    for pair in query.split('&') {
        if let Some((name, value)) = pair.split_once('=') {
            browser.type_into(&format!("#upload-{name}"), value).await;
        }
    }
    browser
        .find("#document")
        .await
        .send_keys(&file.to_string_lossy())
        .await
        .expect("the file chosen");
    browser
        .submit("form[action='/verify'][method=post] button[type=submit]")
        .await;
    assert!(
        browser.shows(&t(code, "verify-authentic")).await,
        "{}",
        browser.text().await
    );
    browser.check_posted("verify by file").await;
    browser.assert_accessible_and_valid();
    browser.close().await;
}

/// The bytes at `path`, fetched by the page (with its cookies) as a download would be.
pub async fn download(browser: &Browser, path: &str) -> Vec<u8> {
    use base64::Engine;
    let encoded = browser
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            fetch(arguments[0], { credentials: 'same-origin' })
              .then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status))
              .then(b => { let s = ''; new Uint8Array(b).forEach(c => s += String.fromCharCode(c));
                           done(btoa(s)); })
              .catch(e => done('failed ' + e));"#,
            vec![serde_json::json!(path)],
        )
        .await
        .expect("fetched");
    base64::engine::general_purpose::STANDARD
        .decode(encoded.as_str().unwrap_or_default())
        .unwrap_or_else(|_| panic!("{path}: {encoded}"))
}

#[tokio::test]
async fn a_counter_application_runs_from_queue_to_issue_and_verifies_in_kazakh() {
    a_counter_application_runs_from_queue_to_issue_and_verifies("kk").await;
}

#[tokio::test]
async fn a_counter_application_runs_from_queue_to_issue_and_verifies_in_russian() {
    a_counter_application_runs_from_queue_to_issue_and_verifies("ru").await;
}

/// The State Corporation: the operator takes a paper application from someone with no portal
/// account (the documents ticked, the provider chosen, written consent), prints the receipt,
/// sends the package on; the college's executor works it and sends the result back; the
/// operator hands it out after checking the identity document.
async fn an_operator_takes_a_paper_application_and_hands_the_result_out(code: &str, serial: u16) {
    let portal = Portal::start();
    let mut browser = Browser::open(&portal).await;
    sign_in_staff(&browser, "operator", "demo-operator").await;
    browser.use_language(code).await;
    assert_eq!(browser.path().await, "/operator");
    browser.check("front office desk").await;
    let person = [
        ("last_name", "Оспанова"),
        ("first_name", "Гүлнар"),
        ("phone", "+77015556677"),
    ];
    let iin = adult_iin(serial);
    let intake = "/operator/applications/new";
    // First with nothing presented: the refusal to accept, with its receipt; nothing registered.
    to_the_documents(&mut browser, intake, &iin, &person).await;
    browser.select("#provider", COLLEGE).await;
    browser.click("#consent").await;
    browser.submit(NEXT_STAGE).await;
    assert!(browser.shows(&t(code, "intake-refusal-title")).await);
    browser.check_posted("refusal to accept").await;
    let count = "SELECT count(*)::text AS value FROM applications";
    assert_eq!(portal.text(count), "0");
    // The person is on record now: the form asks for nothing more.
    let number = take_at_the_counter(&mut browser, intake, &iin, &[], Some(COLLEGE)).await;
    let channel = format!("SELECT channel AS value FROM applications WHERE number = '{number}'");
    assert_eq!(portal.text(&channel), "state_corporation");
    browser
        .go(&format!("/admin/applications/{number}/receipt"))
        .await;
    browser.check("operator receipt").await;
    act(&browser, &number, "dispatch", &[]).await;
    assert_eq!(browser.path().await, "/operator");

    let college = COLLEGE.to_lowercase();
    sign_in_staff(&browser, &format!("executor.{college}"), "demo-executor").await;
    browser.go("/admin").await;
    assert!(browser.shows(&number).await, "at the provider");
    act(&browser, &number, "take", &[]).await;
    act(
        &browser,
        &number,
        "prepare_result",
        &[("result", "Телнұсқа дайын")],
    )
    .await;

    sign_in_staff(&browser, "operator", "demo-operator").await;
    browser.go("/operator").await;
    assert!(browser.shows(&number).await, "back at the desk to hand out");
    browser.check("front office desk, to hand out").await;
    act(&browser, &number, "issue", &[("identity_checked", "on")]).await;
    let status = format!("SELECT status AS value FROM applications WHERE number = '{number}'");
    assert_eq!(portal.text(&status), "issued");
    let open = format!(
        "SELECT count(*)::text AS value FROM application_steps s JOIN applications a \
         ON a.id = s.application_id WHERE a.number = '{number}' AND s.done_at IS NULL"
    );
    assert_eq!(portal.text(&open), "0", "every step's time recorded");
    browser.assert_accessible_and_valid();
    browser.close().await;
}

#[tokio::test]
async fn an_operator_takes_a_paper_application_and_hands_the_result_out_in_kazakh() {
    an_operator_takes_a_paper_application_and_hands_the_result_out("kk", 21).await;
}

#[tokio::test]
async fn an_operator_takes_a_paper_application_and_hands_the_result_out_in_russian() {
    an_operator_takes_a_paper_application_and_hands_the_result_out("ru", 22).await;
}

/// What has the keyboard's focus: id, tag, type, and whether the focus is drawn.
struct Focused {
    id: String,
    tag: String,
    kind: String,
    visible: bool,
}

/// Presses `keys` on the keyboard (whatever has the focus gets them) and says what has the
/// focus then.
async fn press(browser: &Browser, keys: &str) -> Focused {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut typing = KeyActions::new("keyboard".into());
    for value in keys.chars() {
        typing = typing
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
    }
    browser
        .client
        .perform_actions(typing)
        .await
        .expect("keys pressed");
    let found = browser
        .client
        .execute(
            "const e = document.activeElement, s = getComputedStyle(e);
             return [e.id, e.tagName.toLowerCase(), e.type || '',
                     s.outlineStyle !== 'none' || s.boxShadow !== 'none'
                       || s.backgroundColor !== getComputedStyle(e.parentElement).backgroundColor];",
            vec![],
        )
        .await
        .expect("the focused element");
    let text = |i: usize| found[i].as_str().unwrap_or_default().to_string();
    Focused {
        id: text(0),
        tag: text(1),
        kind: text(2),
        visible: found[3].as_bool().unwrap_or(false),
    }
}

const TAB: &str = "\u{e004}";
const ENTER: &str = "\u{e007}";
const SPACE: &str = "\u{e00d}";
const ARROW_DOWN: &str = "\u{e015}";

/// The apply journey with the keyboard only: from the form's first control to the receipt,
/// each control reached with Tab (its focus drawn), chosen with the arrow keys, typed into,
/// ticked with Space, sent with Enter. Files are given to the focused file input, as a
/// screen reader's user would pick them in the file dialog.
async fn a_citizen_applies_with_the_keyboard_only(code: &str) {
    let portal = Portal::start();
    let browser = Browser::open(&portal).await;
    sign_in_citizen(&browser, DEMO_IIN, DEMO_PASSWORD).await;
    browser.use_language(code).await;
    browser.go(&format!("/services/{PRESCHOOL}/apply")).await;
    let pdf = pdf_file();
    let date = (local_date(chrono::Utc::now()) + TimeDelta::days(30))
        .format("%m%d%Y")
        .to_string();
    let mut sent = false;
    for _ in 0..120 {
        let focused = press(&browser, TAB).await;
        assert!(focused.visible, "the focus on {} is drawn", focused.id);
        let keys = match (focused.id.as_str(), focused.kind.as_str()) {
            // The file dialog's part: the path goes to the focused file input.
            (_, "file") if focused.id != "pmpk_conclusion" && !focused.id.contains("workplace") => {
                browser
                    .client
                    .active_element()
                    .await
                    .expect("focused")
                    .send_keys(&pdf)
                    .await
                    .expect("a file chosen");
                continue;
            }
            ("organization_id" | "language_of_instruction" | "residency" | "priority_basis", _) => {
                ARROW_DOWN.to_string()
            }
            ("child_iin", _) => child_iin(),
            ("desired_admission_date", _) => date.clone(),
            _ if focused.tag == "button" && browser.shows(&t(code, "apply-continue")).await => {
                let label = browser.find(":focus").await.text().await.expect("label");
                if label == t(code, "apply-continue") {
                    browser.mark_page().await;
                    press(&browser, ENTER).await;
                    sent = true;
                    break;
                }
                continue;
            }
            _ => continue,
        };
        press(&browser, &keys).await;
    }
    assert!(sent, "the continue button was reached with Tab");
    browser.wait_for_next_page().await;
    assert!(
        browser.path().await.ends_with("/review"),
        "{}: {}",
        browser.path().await,
        browser.text().await
    );
    // Review: Tab to the consent box, Space; Tab to the password, type it; Enter sends.
    loop {
        let focused = press(&browser, TAB).await;
        assert!(focused.visible, "the focus on {} is drawn", focused.id);
        match focused.id.as_str() {
            "consent" => {
                press(&browser, SPACE).await;
            }
            "password" => {
                browser.mark_page().await;
                press(&browser, &format!("{DEMO_PASSWORD}{ENTER}")).await;
                break;
            }
            _ => {}
        }
    }
    browser.wait_for_next_page().await;
    assert!(
        browser.path().await.ends_with("/receipt"),
        "{}",
        browser.text().await
    );
    browser.close().await;
}

#[tokio::test]
async fn a_citizen_applies_with_the_keyboard_only_in_kazakh() {
    a_citizen_applies_with_the_keyboard_only("kk").await;
}

#[tokio::test]
async fn a_citizen_applies_with_the_keyboard_only_in_russian() {
    a_citizen_applies_with_the_keyboard_only("ru").await;
}
