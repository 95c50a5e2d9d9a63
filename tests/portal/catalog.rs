//! The service catalog: the files, the regulation tables pinned to the seeds, search, pages.

use actix_web::http::StatusCode;
use egov_portal::domain::catalog::{
    Channel, Counting, DocumentKind, DurationUnit, NoteAbout, Role, SourceKind,
};

use crate::common::{self, TestApp};

use DurationUnit::{CalendarDays as Cd, Hours as H, Minutes as M, WorkingDays as Wd};
use Role::{Applicant, Clerk, Courier, Executor, Head, Operator};

/// A regulation's steps as (role, amount, unit, the clause its Russian source names), in order.
type Table = &'static [(Role, u32, DurationUnit, &'static str)];

fn assert_steps(app: &TestApp, code: &str, channel: Channel, expected: Table) {
    let service = app
        .catalog
        .find(code)
        .unwrap_or_else(|| panic!("{code} is in the catalog"));
    let path = service
        .path(channel)
        .unwrap_or_else(|| panic!("{code} has a {channel:?} path"));
    let actual: Vec<_> = path
        .steps
        .iter()
        .map(|s| (s.role, s.duration.amount, s.duration.unit))
        .collect();
    let wanted: Vec<_> = expected.iter().map(|(r, a, u, _)| (*r, *a, *u)).collect();
    assert_eq!(actual, wanted, "{code} {channel:?}");
    for (step, (_, _, _, clause)) in path.steps.iter().zip(expected) {
        assert!(
            step.source.is_seed() && step.source.ru.contains(clause),
            "{code} {channel:?}: {clause} in {:?}",
            step.source
        );
    }
}

#[test]
fn tvet_duplicates_follow_seed_003_on_both_paths() {
    let app = TestApp::new();
    // Regulation p.5: 10 min, 3 h, 19 calendar days, 4 h, 15 min.
    assert_steps(
        &app,
        "EDU-TVET-DUPLICATE",
        Channel::Provider,
        &[
            (Clerk, 10, M, "п. 5 пп. 1)"),
            (Head, 3, H, "п. 5 пп. 2)"),
            (Executor, 19, Cd, "п. 5 пп. 3)"),
            (Head, 4, H, "п. 5 пп. 4)"),
            (Clerk, 15, M, "п. 5 пп. 5)"),
        ],
    );
    // Regulation p.8: check 5 min (refusal receipt), registration (no time given), consent
    // 5 min, the State Corporation sends the package by courier 1 calendar day, provider 19
    // calendar days, issue 15 min.
    assert_steps(
        &app,
        "EDU-TVET-DUPLICATE",
        Channel::StateCorporation,
        &[
            (Operator, 5, M, "п. 8 пп. 2)"),
            (Operator, 0, M, "п. 8 пп. 3)"),
            (Operator, 5, M, "п. 8 пп. 4)"),
            (Operator, 1, Cd, "п. 8 пп. 5)"),
            (Executor, 19, Cd, "п. 8 пп. 6)"),
            (Operator, 15, M, "п. 8 пп. 7)"),
        ],
    );
    let s = app.catalog.find("EDU-TVET-DUPLICATE").unwrap();
    assert!(!s.is_online(), "seed 003 p.10: not on the e-gov portal");
    assert!(s.path(Channel::StateCorporation).unwrap().steps[0].can_refuse);
    // The incomplete package is refused at acceptance with the Standard's receipt (p.8 pp.2)):
    // a refusal to accept, not a ground for refusing the service, which the regulation names none.
    assert_eq!(s.refusals_to_accept.len(), 1);
    assert_eq!(
        s.refusals_to_accept[0].channels,
        [Channel::StateCorporation]
    );
    assert!(s.refusals_to_accept[0].receipt.is_some());
    assert!(s.refusal_grounds.is_empty());
    // The seed gives step times, not a term: no term, so no date is promised.
    assert!(s.terms.is_empty());
}

#[test]
fn tvet_state_order_competition_follows_seed_000() {
    let app = TestApp::new();
    let code = "EDU-TVET-STATE-ORDER-COMPETITION";
    // Regulation p.5: documents 15 min, to the head 1 working day, result 8 working days,
    // handed out 1 working day.
    assert_steps(
        &app,
        code,
        Channel::Provider,
        &[
            (Applicant, 15, M, "п. 5 пп. 1)"),
            (Clerk, 1, Wd, "п. 5 пп. 2)"),
            (Executor, 8, Wd, "п. 5 пп. 3)"),
            (Clerk, 1, Wd, "п. 5 пп. 4)"),
        ],
    );
    // Regulation p.9–10: hand-in 15 min; operator: completeness 10 min (refusal receipt per
    // Standard annex 3), consent 2 min, identity 3 min, courier dispatch 15 min; the provider's
    // 15 min, 15 min, 8 working days, 1 working day; issue at the State Corporation 15 min.
    assert_steps(
        &app,
        code,
        Channel::StateCorporation,
        &[
            (Applicant, 15, M, "п. 9 пп. 1)"),
            (Operator, 10, M, "п. 9 пп. 2)"),
            (Operator, 2, M, "п. 9 пп. 2)"),
            (Operator, 3, M, "п. 9 пп. 2)"),
            (Operator, 15, M, "п. 9 пп. 2)"),
            (Courier, 0, M, "п. 9 пп. 2)"),
            (Clerk, 15, M, "п. 9 пп. 3)"),
            (Head, 15, M, "п. 9 пп. 4)"),
            (Executor, 8, Wd, "п. 9 пп. 5)"),
            (Clerk, 1, Wd, "п. 9 пп. 6)"),
            (Courier, 0, M, "п. 9 пп. 6)"),
            (Operator, 15, M, "п. 10"),
        ],
    );
    let s = app.catalog.find(code).unwrap();
    // p.9.2: an incomplete package is refused at acceptance, with the receipt of Standard
    // annex 3 — a refusal to accept, not a ground for refusing the service.
    assert_eq!(s.refusals_to_accept.len(), 1);
    let receipt = s.refusals_to_accept[0].receipt.as_ref().unwrap();
    assert!(
        receipt.ru.contains("приложени") && receipt.ru.contains('3'),
        "{receipt:?}"
    );
    assert!(
        s.refusal_grounds
            .iter()
            .all(|g| !g.text.ru.to_lowercase().contains("неполн")),
        "an incomplete package is not a ground for refusing the service"
    );
    // p.10: the identity document is shown to identify the applicant and handed back.
    assert!(
        s.documents
            .iter()
            .any(|d| d.kind == DocumentKind::ShownReturned && d.name.ru.contains("удостоверяющ"))
    );
    assert!(s.documents_of_kind(DocumentKind::Fetched).next().is_none());
    // The act was repealed; the passport says so.
    let repealed = s
        .regulation
        .repealed
        .as_ref()
        .expect("seed 000 is repealed");
    assert_eq!(repealed.date.to_string(), "2020-12-28");
}

#[test]
fn tvet_incomplete_education_certificate_follows_seed_001() {
    let app = TestApp::new();
    let code = "EDU-TVET-INCOMPLETE-CERTIFICATE";
    // Regulation p.5: 15 min, 30 min, 1 working day, 20 min, 20 min.
    assert_steps(
        &app,
        code,
        Channel::Provider,
        &[
            (Clerk, 15, M, "п. 5 действие 1"),
            (Head, 30, M, "п. 5 действие 2"),
            (Executor, 1, Wd, "п. 5 действие 3"),
            (Head, 20, M, "п. 5 действие 4"),
            (Clerk, 20, M, "п. 5 действие 5"),
        ],
    );
    let s = app.catalog.find(code).unwrap();
    // The State Corporation path keeps the head's review, signature and dispatch of p.5.
    let sc: Vec<_> = s
        .path(Channel::StateCorporation)
        .unwrap()
        .steps
        .iter()
        .map(|st| (st.role, st.duration.amount))
        .collect();
    for step in [(Head, 30), (Head, 20), (Clerk, 20)] {
        assert!(sc.contains(&step), "{step:?} in {sc:?}");
    }
    // The list points to the Standard p.9 and does not claim to be complete.
    assert!(
        s.notes_about(NoteAbout::Documents)
            .any(|n| n.text.ru.contains("пункт 9") || n.text.ru.contains("п. 9"))
    );
    // p.9.6 "data could not be obtained" is a notice, not a refusal ground.
    assert!(
        s.refusal_grounds
            .iter()
            .all(|g| !g.text.ru.contains("не удалось")),
        "{:?}",
        s.refusal_grounds
    );
    assert!(s.notes_about(NoteAbout::Refusals).next().is_some());
    let repealed = s
        .regulation
        .repealed
        .as_ref()
        .expect("seed 001 is repealed");
    assert_eq!(repealed.date.to_string(), "2020-03-26");
}

#[test]
fn external_study_permission_follows_seed_002b() {
    let app = TestApp::new();
    // Regulation (b) p.5: 15 min, 30 min, 14 working days, 15 min.
    assert_steps(
        &app,
        "EDU-EXTERNAL-STUDY",
        Channel::Provider,
        &[
            (Executor, 15, M, "п. 5 пп. 1)"),
            (Head, 30, M, "п. 5 пп. 2)"),
            (Executor, 14, Wd, "п. 5 пп. 3)"),
            (Executor, 15, M, "п. 5 пп. 4)"),
        ],
    );
}

#[test]
fn home_schooling_follows_seed_002d() {
    let app = TestApp::new();
    // Regulation (d) p.5: registration 15 min, receipt handed out 15 min.
    assert_steps(
        &app,
        "EDU-HOME-SCHOOLING",
        Channel::Provider,
        &[
            (Executor, 15, M, "п. 5 пп. 1)"),
            (Executor, 15, M, "п. 5 пп. 2)"),
        ],
    );
    let s = app.catalog.find("EDU-HOME-SCHOOLING").unwrap();
    assert!(!s.is_online());
}

#[test]
fn supplementary_education_has_two_terms_and_identifies_by_channel() {
    let app = TestApp::new();
    let s = app.catalog.find("00403006").unwrap();
    // At the provider: 30 minutes from hand-in, waiting and service at most 15 minutes each.
    let provider = s.term(Channel::Provider).unwrap();
    assert_eq!((provider.amount, provider.unit), (30, M));
    assert_eq!(provider.counting, Counting::FromMoment);
    assert_eq!(
        provider.max_waiting.map(|d| (d.amount, d.unit)),
        Some((15, M))
    );
    assert_eq!(
        provider.max_service.map(|d| (d.amount, d.unit)),
        Some((15, M))
    );
    // The 15 + 15 are maxima, not steps.
    assert!(
        s.path(Channel::Provider)
            .unwrap()
            .steps
            .iter()
            .all(|st| st.duration.amount != 15)
    );
    // At the State Corporation: 1 working day, the day of acceptance not counted.
    let sc = s.term(Channel::StateCorporation).unwrap();
    assert_eq!((sc.amount, sc.unit), (1, Wd));
    assert_eq!(sc.counting, Counting::AcceptanceDayNotCounted);
    // Item 2): shown for identification at the provider; fetched only by the State
    // Corporation's employee.
    for d in s
        .documents
        .iter()
        .filter(|d| d.kind == DocumentKind::Fetched)
    {
        assert_eq!(d.channels, [Channel::StateCorporation], "{}", d.id);
        assert_eq!(d.fetched_by, Some(Operator));
    }
    assert!(
        s.documents
            .iter()
            .filter(|d| d.kind == DocumentKind::ShownReturned)
            .all(|d| d.on_channel(Channel::Provider))
    );
    assert!(
        s.documents
            .iter()
            .any(|d| d.kind == DocumentKind::ShownReturned)
    );
    // Vacant places and interviews are admission rules, not refusal grounds.
    for g in &s.refusal_grounds {
        assert!(
            !g.text.ru.contains("свободных мест") && !g.text.ru.contains("собеседован"),
            "{:?}",
            g.text.ru
        );
    }
}

#[test]
fn preschool_documents_are_required_under_the_boards_conditions() {
    let app = TestApp::new();
    let s = app.catalog.find("00403002").unwrap();
    let term = s.term(Channel::Portal).unwrap();
    assert_eq!(
        (term.amount, term.unit, term.counting),
        (1, Wd, Counting::FromMoment)
    );
    assert!(term.gives_deadline());
    let field = |name: &str| s.fields.iter().find(|f| f.name == name).unwrap();
    let answers = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let plain = answers(&[("residency", "resident"), ("priority_basis", "none")]);
    // Items 2)–4) always; the rest only under their condition.
    for name in [
        "vaccination_card",
        "child_health_passport",
        "medical_certificate_027",
    ] {
        assert!(s.file_required(field(name), &plain), "{name}");
    }
    for name in [
        "pmpk_conclusion",
        "service_workplace_certificate",
        "nonresident_parent_identity",
    ] {
        assert!(!s.file_required(field(name), &plain), "{name}");
    }
    let non_resident = answers(&[("residency", "non_resident")]);
    assert!(s.file_required(field("nonresident_parent_identity"), &non_resident));
    assert!(s.file_required(field("nonresident_child_birth_document"), &non_resident));
    let military = answers(&[("priority_basis", "service_member")]);
    assert!(s.file_required(field("service_workplace_certificate"), &military));
    let certificate = s.document("service-workplace-certificate").unwrap();
    assert!(certificate.validity.is_some(), "valid one month from issue");
}

#[test]
fn school_enrolment_promises_no_term_and_requires_no_unnamed_upload() {
    let app = TestApp::new();
    let s = app.catalog.find("EDU-SCHOOL-ENROLMENT").unwrap();
    assert!(
        s.terms.is_empty(),
        "seed 002 gives no term for the enrolment order"
    );
    assert!(s.notes_about(NoteAbout::Term).next().is_some());
    for name in ["medical_card", "child_health_passport", "photo"] {
        let f = s.fields.iter().find(|f| f.name == name).unwrap();
        assert!(!f.required, "{name} is not named by the seed");
    }
}

#[test]
fn school_duplicates_term_is_marked_as_taken_from_another_standard() {
    let app = TestApp::new();
    let s = app.catalog.find("EDU-SCHOOL-DUPLICATE").unwrap();
    for term in &s.terms {
        assert_eq!((term.amount, term.unit), (15, Wd));
        assert_eq!(term.source.kind, SourceKind::TakenFrom);
        assert!(!term.gives_deadline());
    }
    assert!(!s.terms.is_empty());
}

#[test]
fn teacher_attestation_requires_items_5_7_and_8() {
    let app = TestApp::new();
    let s = app.catalog.find("EDU-TEACHER-ATTESTATION").unwrap();
    for name in [
        "professional_development_certificate",
        "professional_achievements",
        "student_achievements",
    ] {
        let f = s.fields.iter().find(|f| f.name == name).unwrap();
        assert!(f.required, "{name}");
    }
    let t = app.catalog.find("EDU-TEACHER-COMPETITION").unwrap();
    // Item 2): the identity document is shown for identification, not fetched.
    assert!(t.documents_of_kind(DocumentKind::ShownReturned).count() >= 1);
    assert!(t.documents_of_kind(DocumentKind::Fetched).next().is_none());
}

#[test]
fn all_eleven_services_of_the_seeds_are_in_the_catalog() {
    let app = TestApp::new();
    let mut codes: Vec<&str> = app
        .catalog
        .services
        .iter()
        .map(|s| s.code.as_str())
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "00403002",
            "00403006",
            "EDU-EXTERNAL-STUDY",
            "EDU-HOME-SCHOOLING",
            "EDU-SCHOOL-DUPLICATE",
            "EDU-SCHOOL-ENROLMENT",
            "EDU-TEACHER-ATTESTATION",
            "EDU-TEACHER-COMPETITION",
            "EDU-TVET-DUPLICATE",
            "EDU-TVET-INCOMPLETE-CERTIFICATE",
            "EDU-TVET-STATE-ORDER-COMPETITION",
        ]
    );
    let online: Vec<&str> = app
        .catalog
        .services
        .iter()
        .filter(|s| s.is_online())
        .map(|s| s.code.as_str())
        .collect();
    assert!(online.contains(&"00403002") && online.contains(&"EDU-SCHOOL-ENROLMENT"));
    assert!(!online.contains(&"EDU-TVET-DUPLICATE"), "seed 003 p.10");
}

#[test]
fn the_catalog_is_written_to_the_database() {
    let app = TestApp::new();
    assert_eq!(app.count("services"), app.catalog.services.len() as i64);
    let steps: usize = app
        .catalog
        .services
        .iter()
        .flat_map(|s| &s.paths)
        .map(|p| p.steps.len())
        .sum();
    assert_eq!(app.count("service_steps"), steps as i64);
    // Writing it again changes nothing.
    egov_portal::repo::services::sync(&mut app.db.conn(), &app.catalog).unwrap();
    assert_eq!(app.count("services"), app.catalog.services.len() as i64);
    assert_eq!(app.count("service_steps"), steps as i64);
}

#[actix_web::test]
async fn search_finds_duplicates_by_kazakh_and_russian_words_in_any_case() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    for q in ["телнұсқа", "ТЕЛНҰСҚА", "дубликат", "Дубликат"] {
        let page = browser
            .get(&format!(
                "/services?q={}",
                egov_portal::web::page::encode_path_param(q)
            ))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has("/services/EDU-TVET-DUPLICATE"), "{q}");
        for s in app
            .catalog
            .services
            .iter()
            .filter(|s| s.slug.contains("duplicate"))
        {
            assert!(
                page.has(&format!("/services/{}", s.code)),
                "{q} finds {}",
                s.code
            );
        }
    }
    let nothing = browser.get("/services?q=zzzz").await;
    assert!(nothing.shows(&common::kk("search-nothing")));
}

#[actix_web::test]
async fn the_passport_page_says_durations_in_words_in_each_language() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    let kk = browser.get("/services/EDU-TVET-DUPLICATE").await;
    assert_eq!(kk.status, StatusCode::OK);
    for words in [
        "15 минут",
        "3 сағат",
        "19 күнтізбелік күн",
        "1 күнтізбелік күн",
    ] {
        assert!(kk.has(words), "kk: {words}");
    }
    browser.set_cookie("lang", "ru");
    let ru = browser.get("/services/EDU-TVET-DUPLICATE").await;
    for words in [
        "15 минут",
        "3 часа",
        "4 часа",
        "19 календарных дней",
        "1 календарный день",
        "5 минут",
    ] {
        assert!(ru.has(words), "ru: {words}");
    }
    assert!(
        ru.has("не оказывается через веб-портал"),
        "why it is not online"
    );
    assert!(
        !ru.has("/services/EDU-TVET-DUPLICATE/apply"),
        "no online form for it"
    );
}

#[actix_web::test]
async fn every_passport_page_renders_with_well_formed_diagrams() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    for service in &app.catalog.services {
        for lang in ["kk", "ru"] {
            browser.set_cookie("lang", lang);
            let page = browser.get(&format!("/services/{}", service.code)).await;
            assert_eq!(page.status, StatusCode::OK, "{}", service.code);
            let svgs: Vec<&str> = page
                .body
                .split("<svg ")
                .skip(1)
                .map(|rest| &rest[..rest.find("</svg>").expect("closed svg") + 6])
                .collect();
            assert_eq!(
                svgs.len(),
                service.paths.len(),
                "{}: one diagram per channel",
                service.code
            );
            for (svg, path) in svgs.iter().zip(&service.paths) {
                let xml = format!("<svg {svg}");
                let doc = roxmltree::Document::parse(&xml)
                    .unwrap_or_else(|e| panic!("{} {lang}: {e}", service.code));
                let boxes = doc
                    .descendants()
                    .filter(|n| n.has_tag_name("rect") && n.attribute("rx") == Some("6"))
                    .count();
                assert_eq!(boxes, path.steps.len(), "{}: a box per step", service.code);
            }
            let apply = format!("/services/{}/apply", service.code);
            assert_eq!(
                page.has(&apply),
                service.is_online(),
                "{}: apply button",
                service.code
            );
        }
    }
}

#[actix_web::test]
async fn the_catalog_lists_every_service_and_an_unknown_code_is_404() {
    let app = TestApp::new();
    let mut browser = app.client().await;
    let list = browser.get("/services").await;
    for s in &app.catalog.services {
        assert!(list.has(&format!("/services/{}", s.code)), "{}", s.code);
    }
    let missing = browser.get("/services/00000000").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.shows(&common::kk("error-404-title")));
}

#[test]
fn kazakh_texts_use_kazakh_letters_and_russian_names_do_not() {
    let app = TestApp::new();
    let kazakh = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];
    for s in &app.catalog.services {
        let lower = s.name.kk.to_lowercase();
        assert!(
            lower.chars().any(|c| kazakh.contains(&c)),
            "{}: {}",
            s.code,
            s.name.kk
        );
        let ru = s.name.ru.to_lowercase();
        assert!(
            !ru.chars().any(|c| kazakh.contains(&c)),
            "{}: {}",
            s.code,
            s.name.ru
        );
        assert_ne!(s.name.kk, s.name.ru);
    }
}

/// The visible text of the page's `<main>`: tags dropped, entities decoded.
fn main_text(html: &str) -> String {
    let start = html.find("<main").expect("a main element");
    let end = html.rfind("</main>").expect("main closed");
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[actix_web::test]
async fn no_latin_script_words_on_any_passport_in_either_language() {
    use egov_portal::domain::catalog::latin_words;
    let app = TestApp::new();
    let mut browser = app.client().await;
    for service in &app.catalog.services {
        for lang in ["kk", "ru"] {
            browser.set_cookie("lang", lang);
            let page = browser.get(&format!("/services/{}", service.code)).await;
            assert_eq!(page.status, StatusCode::OK);
            let text = main_text(&page.body);
            // The service's own code ("EDU-TVET-DUPLICATE") is a code, not a word.
            let words: Vec<&str> = latin_words(&text)
                .into_iter()
                .filter(|w| !service.code.contains(w))
                .collect();
            assert!(words.is_empty(), "{} {lang}: {words:?}", service.code);
        }
    }
}

/// `catalog check DIR` as an editor of the service files runs it.
fn catalog_check(files: &[(&str, String)]) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!(
        "egov-catalog-{}-{}",
        std::process::id(),
        files.len() + files.iter().map(|(_, s)| s.len()).sum::<usize>()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, source) in files {
        std::fs::write(dir.join(name), source).unwrap();
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_egov-portal"))
        .args(["catalog", "check", dir.to_str().unwrap()])
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs");
    std::fs::remove_dir_all(&dir).unwrap();
    out
}

#[test]
fn catalog_check_refuses_a_file_that_breaks_the_format_rules() {
    let supplementary = include_str!("../../services/supplementary-education-admission.toml");
    let ok = catalog_check(&[("s.toml", supplementary.to_string())]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    let broken = [
        // A term without its counting rule.
        (
            "counting = \"from_moment\"\n",
            "",
            "missing field `counting`",
        ),
        // A document of a kind the format does not know.
        (
            "kind = \"shown_returned\"",
            "kind = \"photocopied\"",
            "unknown variant `photocopied`",
        ),
        // English on a page.
        (
            "ru = \"Реестр, 00403006, информационный стенд: «Результат»\"",
            "ru = \"register 00403006, board: result\"",
            "Latin-script words in page text: register, board, result",
        ),
    ];
    // A fact without its source: the first refusal ground's source line taken away.
    let ground = supplementary.find("[[refusal_grounds]]").unwrap();
    let line = ground + supplementary[ground..].find("\nsource = ").unwrap();
    let end = line + 1 + supplementary[line + 1..].find('\n').unwrap();
    let unsourced = format!("{}{}", &supplementary[..line], &supplementary[end..]);
    let cases = broken
        .into_iter()
        .map(|(from, to, problem)| {
            assert!(supplementary.contains(from), "the file has {from:?}");
            (supplementary.replacen(from, to, 1), problem)
        })
        .chain([(unsourced, "missing field `source`")]);
    for (source, problem) in cases {
        let out = catalog_check(&[("s.toml", source)]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{problem}");
        assert!(stderr.contains(problem), "{problem}: {stderr}");
    }
}
