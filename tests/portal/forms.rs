//! The markup every form field shares (`templates/partials/fields.html`): a label for each
//! control, hints and errors tied to their control by `aria-describedby`, invalid controls
//! marked, and error-summary links that lead to a control. Screen readers depend on these ids.

use std::collections::HashSet;

use actix_web::http::StatusCode;
use regex::Regex;

use crate::common::{Citizen, TestApp};

struct Control {
    id: String,
    described_by: Vec<String>,
    invalid: bool,
}

fn controls(page: &str) -> Vec<Control> {
    let tag = Regex::new(r"<(input|select|textarea)\b[^>]*>").unwrap();
    let attr = |tag: &str, name: &str| {
        Regex::new(&format!(r#"\b{name}="([^"]*)""#))
            .unwrap()
            .captures(tag)
            .map(|c| c[1].to_string())
    };
    tag.find_iter(page)
        .map(|m| m.as_str())
        .filter(|t| !t.contains(r#"type="hidden""#))
        .filter_map(|t| {
            Some(Control {
                id: attr(t, "id")?,
                described_by: attr(t, "aria-describedby")
                    .map(|d| d.split_whitespace().map(String::from).collect())
                    .unwrap_or_default(),
                invalid: attr(t, "aria-invalid").as_deref() == Some("true"),
            })
        })
        .collect()
}

fn captures(page: &str, pattern: &str) -> Vec<String> {
    Regex::new(pattern)
        .unwrap()
        .captures_iter(page)
        .map(|c| c[1].to_string())
        .collect()
}

/// Checks the page's fields and returns how many carry an error.
pub fn assert_fields_tied(page: &str) -> usize {
    let ids: HashSet<String> = captures(page, r#"\bid="([^"]+)""#).into_iter().collect();
    let controls = controls(page);
    let control = |id: &str| {
        controls
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("no control with id {id}"))
    };
    for c in &controls {
        for d in &c.described_by {
            assert!(ids.contains(d), "{} is described by a missing {d}", c.id);
        }
    }
    for name in captures(page, r#"<label for="([^"]+)""#) {
        control(&name);
    }
    for name in captures(page, r#"<p class="hint" id="([^"]+)-hint""#) {
        let hint = format!("{name}-hint");
        assert!(
            control(&name).described_by.contains(&hint),
            "{hint} is not read with {name}"
        );
    }
    let errors = captures(page, r#"<p class="field-error" id="([^"]+)-error""#);
    for name in &errors {
        let c = control(name);
        let error = format!("{name}-error");
        assert!(
            c.described_by.contains(&error),
            "{error} is not read with {name}"
        );
        assert!(c.invalid, "{name} has an error but is not marked invalid");
    }
    for c in controls.iter().filter(|c| c.invalid) {
        assert!(
            errors.contains(&c.id),
            "{} is marked invalid without a message",
            c.id
        );
    }
    for target in captures(page, r##"<li><a href="#([^"]+)">"##) {
        control(&target);
    }
    errors.len()
}

#[actix_web::test]
async fn sign_in_registration_and_profile_fields_are_tied_to_their_hints_and_errors() {
    let app = TestApp::new();
    let citizen = Citizen::new(41);
    let mut browser = app.client().await;
    assert_eq!(assert_fields_tied(&browser.get("/register").await.body), 0);
    let bad = [
        ("iin", "123"),
        ("last_name", ""),
        ("first_name", ""),
        ("phone", "1"),
        ("email", "a@"),
        ("password", "short"),
        ("password_confirm", "other"),
    ];
    let res = browser.submit("/register", "/register", &bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(assert_fields_tied(&res.body) >= 5, "{}", res.body);
    let res = browser
        .submit("/login", "/login", &[("iin", ""), ("password", "")])
        .await;
    assert!(assert_fields_tied(&res.body) >= 1, "{}", res.body);

    browser.register(&citizen).await;
    let token = browser.get("/cabinet/profile").await.csrf_token();
    let res = browser
        .post_raw(
            "/cabinet/profile",
            &[("csrf_token", &token), ("phone", "12"), ("email", "x@")],
        )
        .await;
    assert_eq!(assert_fields_tied(&res.body), 2, "{}", res.body);
    let res = browser
        .post_raw("/cabinet/profile/password", &[("csrf_token", &token)])
        .await;
    assert!(assert_fields_tied(&res.body) >= 1, "{}", res.body);
}

#[actix_web::test]
async fn every_application_form_ties_its_answers_to_their_hints_and_errors() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    browser.register(&Citizen::new(42)).await;
    for service in app.catalog.services.iter().filter(|s| s.is_online()) {
        let path = format!("/services/{}/apply", service.code);
        let form = browser.get(&path).await;
        assert_eq!(assert_fields_tied(&form.body), 0, "{}", service.code);
        // Sent empty: the provider and every required answer are in error.
        let fields = [
            ("csrf_token", form.csrf_token()),
            ("idempotency_key", form.hidden("idempotency_key")),
            ("action", "continue".into()),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = browser.post_multipart(&path, &fields, &[]).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            service.code
        );
        let required = service.fields.iter().filter(|f| f.required).count();
        assert!(
            assert_fields_tied(&res.body) > required,
            "{}: {}",
            service.code,
            res.body
        );
    }
}
