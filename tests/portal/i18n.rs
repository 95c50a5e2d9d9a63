//! Every message exists in Kazakh and Russian, and every id the code or a template uses exists.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use fluent_syntax::parser::parse;

const KAZAKH_LETTERS: [char; 9] = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = vec![];
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Message id → its text (values only, attributes are not used by the portal).
fn messages(lang: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    for file in files_under(&root().join("i18n").join(lang), "ftl") {
        let source = fs::read_to_string(&file).unwrap();
        let resource = parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", file.display()));
        let mut junk = vec![];
        for entry in resource.body {
            match entry {
                Entry::Message(m) => {
                    let text = m.value.as_ref().map(pattern_text).unwrap_or_default();
                    out.push((m.id.name.to_string(), text));
                }
                Entry::Junk { content } => junk.push(content.to_string()),
                _ => {}
            }
        }
        assert!(junk.is_empty(), "{}: unparsable {junk:?}", file.display());
    }
    out
}

/// The literal text of a pattern, including every variant of a select expression.
fn pattern_text(pattern: &Pattern<&str>) -> String {
    let mut text = String::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => text.push_str(value),
            PatternElement::Placeable { expression } => match expression {
                Expression::Select { variants, .. } => {
                    for v in variants {
                        text.push_str(&pattern_text(&v.value));
                    }
                }
                Expression::Inline(InlineExpression::StringLiteral { value }) => {
                    text.push_str(value)
                }
                Expression::Inline(_) => {}
            },
        }
    }
    text
}

fn ids(lang: &str) -> BTreeSet<String> {
    messages(lang).into_iter().map(|(id, _)| id).collect()
}

#[test]
fn both_languages_have_the_same_message_ids() {
    let kk = ids("kk");
    let ru = ids("ru");
    assert!(kk.len() > 50, "messages were read");
    let only_kk: Vec<_> = kk.difference(&ru).collect();
    let only_ru: Vec<_> = ru.difference(&kk).collect();
    assert!(only_kk.is_empty(), "only in Kazakh: {only_kk:?}");
    assert!(only_ru.is_empty(), "only in Russian: {only_ru:?}");
}

#[test]
fn no_id_is_defined_twice() {
    for lang in ["kk", "ru"] {
        let all = messages(lang);
        let unique: BTreeSet<_> = all.iter().map(|(id, _)| id).collect();
        assert_eq!(all.len(), unique.len(), "{lang} has duplicate ids");
    }
}

#[test]
fn every_message_file_is_compiled_into_the_binary() {
    for lang in ["kk", "ru"] {
        let on_disk: BTreeSet<String> = files_under(&root().join("i18n").join(lang), "ftl")
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let compiled: BTreeSet<String> = egov_portal::i18n::FILES
            .iter()
            .map(|(name, _, _)| name.to_string())
            .collect();
        assert_eq!(on_disk, compiled, "i18n/{lang} vs i18n::FILES");
    }
}

/// Quoted kebab-case strings inside template tags (`{{ … }}`, `{% … %}`): the message ids.
fn ids_in_template(source: &str) -> Vec<String> {
    let mut found = vec![];
    let mut rest = source;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let Some(end) = after.find(close) else { break };
        found.extend(quoted_ids(&after[1..end]));
        rest = &after[end..];
    }
    found
}

fn quoted_ids(code: &str) -> Vec<String> {
    code.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.contains('-')
                && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        .map(str::to_string)
        .collect()
}

/// Ids the Rust code names: `MsgId("…")`, `.t("…")`, `.t1("…"`, `.t_count("…"`.
fn ids_in_rust(source: &str) -> Vec<String> {
    let mut found = vec![];
    for marker in ["MsgId(\"", ".t(\"", ".t1(\"", ".t_count(\""] {
        for piece in source.split(marker).skip(1) {
            if let Some(end) = piece.find('"') {
                found.push(piece[..end].to_string());
            }
        }
    }
    found
}

#[test]
fn every_id_used_by_a_template_or_the_code_exists_in_both_languages() {
    let kk = ids("kk");
    let ru = ids("ru");
    let mut used = vec![];
    for file in files_under(&root().join("templates"), "html") {
        let source = fs::read_to_string(&file).unwrap();
        used.extend(
            ids_in_template(&source)
                .into_iter()
                .map(|id| (file.clone(), id)),
        );
    }
    for file in files_under(&root().join("src"), "rs") {
        let source = fs::read_to_string(&file).unwrap();
        used.extend(
            ids_in_rust(&source)
                .into_iter()
                .map(|id| (file.clone(), id)),
        );
    }
    assert!(used.len() > 50, "ids were found: {}", used.len());
    let missing: Vec<_> = used
        .iter()
        .filter(|(_, id)| !kk.contains(id) || !ru.contains(id))
        .map(|(file, id)| format!("{}: {id}", file.display()))
        .collect();
    assert!(
        missing.is_empty(),
        "ids missing in kk or ru:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_scanners_find_ids_where_they_are_written() {
    assert_eq!(
        ids_in_template(r#"<p class="x-y">{{ ctx.t("home-title") }}</p>{% if a == "b-c" %}"#),
        vec!["home-title", "b-c"]
    );
    assert_eq!(
        ids_in_rust(r#"MsgId("error-x") ctx.t("nav-y") ctx.t_count("z-z", "n", 1)"#),
        vec!["error-x", "nav-y", "z-z"]
    );
}

#[test]
fn kazakh_texts_are_written_with_kazakh_letters_and_russian_texts_without() {
    let kk: String = messages("kk").into_iter().map(|(_, text)| text).collect();
    for letter in KAZAKH_LETTERS.iter().filter(|c| **c != 'һ') {
        assert!(kk.contains(*letter), "no '{letter}' in any Kazakh message");
    }
    for (id, text) in messages("ru") {
        if id == "lang-name-kk" {
            continue; // the language's own name, written in Kazakh on purpose
        }
        let kazakh: Vec<char> = text
            .chars()
            .filter(|c| KAZAKH_LETTERS.contains(&c.to_lowercase().next().unwrap()))
            .collect();
        assert!(
            kazakh.is_empty(),
            "Russian message {id} has Kazakh letters {kazakh:?}"
        );
    }
}
