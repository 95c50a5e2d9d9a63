//! Kazakh and Russian texts (Fluent), language negotiation and date formatting.
//!
//! The `.ftl` files are compiled into the binary, so the portal runs from any directory.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Kk,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Kk, Lang::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "kk" => Some(Lang::Kk),
            "ru" => Some(Lang::Ru),
            _ => None,
        }
    }

    /// The language from the `lang` cookie, else the best of `Accept-Language`, else Kazakh.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        cookie
            .and_then(Lang::parse)
            .or_else(|| accept_language.and_then(Lang::from_accept_language))
            .unwrap_or_default()
    }

    /// Picks kk or ru from an `Accept-Language` header by quality; the first listed wins ties.
    fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for item in header.split(',') {
            let mut parts = item.trim().split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let primary = tag.split(['-', '_']).next().unwrap_or("");
            let Some(lang) = Lang::parse(primary) else {
                continue;
            };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(_, bq)| q > bq) {
                best = Some((lang, q));
            }
        }
        best.map(|(lang, _)| lang)
    }
}

/// Every message file, per language. A test checks this list against `i18n/`.
pub const FILES: &[(&str, &str, &str)] = &[
    (
        "common.ftl",
        include_str!("../i18n/kk/common.ftl"),
        include_str!("../i18n/ru/common.ftl"),
    ),
    (
        "applications.ftl",
        include_str!("../i18n/kk/applications.ftl"),
        include_str!("../i18n/ru/applications.ftl"),
    ),
    (
        "auth.ftl",
        include_str!("../i18n/kk/auth.ftl"),
        include_str!("../i18n/ru/auth.ftl"),
    ),
    (
        "catalog.ftl",
        include_str!("../i18n/kk/catalog.ftl"),
        include_str!("../i18n/ru/catalog.ftl"),
    ),
    (
        "errors.ftl",
        include_str!("../i18n/kk/errors.ftl"),
        include_str!("../i18n/ru/errors.ftl"),
    ),
    (
        "admin.ftl",
        include_str!("../i18n/kk/admin.ftl"),
        include_str!("../i18n/ru/admin.ftl"),
    ),
    (
        "intake.ftl",
        include_str!("../i18n/kk/intake.ftl"),
        include_str!("../i18n/ru/intake.ftl"),
    ),
    (
        "monitoring.ftl",
        include_str!("../i18n/kk/monitoring.ftl"),
        include_str!("../i18n/ru/monitoring.ftl"),
    ),
    (
        "results.ftl",
        include_str!("../i18n/kk/results.ftl"),
        include_str!("../i18n/ru/results.ftl"),
    ),
    (
        "front_office.ftl",
        include_str!("../i18n/kk/front_office.ftl"),
        include_str!("../i18n/ru/front_office.ftl"),
    ),
    (
        "complaints.ftl",
        include_str!("../i18n/kk/complaints.ftl"),
        include_str!("../i18n/ru/complaints.ftl"),
    ),
];

pub struct Texts {
    kk: Language,
    ru: Language,
}

/// One language's messages; those that take no arguments already formatted, and those that only
/// put text arguments into text as their pieces. A page asks for hundreds of labels and times,
/// and formatting each through Fluent again cost more than the rest of the page.
struct Language {
    bundle: FluentBundle<FluentResource>,
    plain: Labels<String>,
    /// The plain texts escaped for HTML (`html`).
    html: Labels<String>,
    simple: Labels<Vec<Piece>>,
}

/// Messages by id. Ids are the portal's own, never a reader's input, so the map needs no
/// defence against chosen keys and takes foldhash's fast hasher: a page looks up dozens.
type Labels<T> = HashMap<String, T, foldhash::fast::RandomState>;

/// A piece of a message that only puts arguments into text.
enum Piece {
    Text(String),
    Arg(String),
}

/// The pieces of a pattern made only of text and `{ $argument }`s (what Fluent would write
/// for text arguments, isolation marks being off); `None` for anything else (selectors,
/// references, numbers), which Fluent formats.
fn pieces(pattern: &fluent_syntax::ast::Pattern<&str>) -> Option<Vec<Piece>> {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    pattern
        .elements
        .iter()
        .map(|element| match element {
            PatternElement::TextElement { value } => Some(Piece::Text(value.to_string())),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::VariableReference { id }),
            } => Some(Piece::Arg(id.name.to_string())),
            PatternElement::Placeable { .. } => None,
        })
        .collect()
}

/// The message of `pieces` with `args`, `None` when an argument is missing (Fluent then
/// formats it, and says so).
fn substitute(pieces: &[Piece], args: &[(&str, &str)]) -> Option<String> {
    let room = pieces.iter().map(|p| match p {
        Piece::Text(t) => t.len(),
        Piece::Arg(_) => 0,
    });
    let mut text = String::with_capacity(
        room.sum::<usize>() + args.iter().map(|(_, v)| v.len()).sum::<usize>(),
    );
    for piece in pieces {
        match piece {
            Piece::Text(t) => text.push_str(t),
            Piece::Arg(name) => text.push_str(args.iter().find(|(k, _)| k == name)?.1),
        }
    }
    Some(text)
}

static TEXTS: LazyLock<Texts> = LazyLock::new(|| Texts {
    kk: load(Lang::Kk),
    ru: load(Lang::Ru),
});

fn language(lang: Lang) -> &'static Language {
    match lang {
        Lang::Kk => &TEXTS.kk,
        Lang::Ru => &TEXTS.ru,
    }
}

fn load(lang: Lang) -> Language {
    let bundle = bundle(lang);
    let mut plain = Labels::default();
    let mut simple = Labels::default();
    for (_, kk, ru) in FILES {
        let source = match lang {
            Lang::Kk => kk,
            Lang::Ru => ru,
        };
        let Ok(resource) = FluentResource::try_new(source.to_string()) else {
            continue;
        };
        for entry in resource.entries() {
            let fluent_syntax::ast::Entry::Message(message) = entry else {
                continue;
            };
            let Some(pattern) = message
                .value
                .as_ref()
                .and(bundle.get_message(message.id.name).and_then(|m| m.value()))
            else {
                continue;
            };
            let mut errors = vec![];
            let text = bundle.format_pattern(pattern, None, &mut errors);
            // A message that needs an argument is formatted on each use: by substitution when
            // it only puts them into text, by Fluent otherwise (plural forms, references).
            if errors.is_empty() {
                plain.insert(message.id.name.to_string(), text.into_owned());
            } else if let Some(pieces) = message.value.as_ref().and_then(pieces) {
                simple.insert(message.id.name.to_string(), pieces);
            }
        }
    }
    let html = plain
        .iter()
        .map(|(id, text)| (id.clone(), escape_html(text)))
        .collect();
    Language {
        bundle,
        plain,
        html,
        simple,
    }
}

fn escape_html(text: &str) -> String {
    askama::filters::escape(text, askama::filters::Html)
        .map(|escaped| escaped.to_string())
        .unwrap_or_else(|never| match never {})
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let langid = lang
        .code()
        .parse()
        .expect("kk and ru are valid language ids");
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Unicode isolation marks around arguments would end up inside form values and URLs.
    bundle.set_use_isolating(false);
    for (name, kk, ru) in FILES {
        let source = match lang {
            Lang::Kk => kk,
            Lang::Ru => ru,
        };
        let resource = FluentResource::try_new(source.to_string())
            .unwrap_or_else(|(_, errs)| panic!("i18n/{}/{name}: {errs:?}", lang.code()));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errs| panic!("i18n/{}/{name}: {errs:?}", lang.code()));
    }
    bundle
}

/// Builds both bundles now, so a broken message file stops start-up instead of a page.
pub fn init() {
    LazyLock::force(&TEXTS);
}

/// The text of `id` in `lang` with text arguments. A missing id is logged and shown as itself.
pub fn t(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    if args.is_empty() {
        return text(lang, id).into_owned();
    }
    if let Some(text) = language(lang)
        .simple
        .get(id)
        .and_then(|pieces| substitute(pieces, args))
    {
        return text;
    }
    let args: Vec<_> = args
        .iter()
        .map(|(k, v)| (*k, FluentValue::from(*v)))
        .collect();
    format(lang, id, args)
}

/// The text of `id`, a message without arguments: borrowed from the texts formatted at start-up
/// (a page shows dozens of labels; each would otherwise be copied for one write).
pub fn text(lang: Lang, id: &str) -> Cow<'static, str> {
    match language(lang).plain.get(id) {
        Some(text) => Cow::Borrowed(text),
        None => Cow::Owned(format(lang, id, vec![])),
    }
}

/// A message as HTML, escaped once when the texts are loaded: a template writes it as it is
/// (askama's `HtmlSafe`) instead of escaping the same labels again on every view.
pub struct Html(Cow<'static, str>);

impl fmt::Display for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl askama::filters::HtmlSafe for Html {}

/// The text of `id` as HTML (`Html`): borrowed from the texts escaped at start-up.
pub fn html(lang: Lang, id: &str) -> Html {
    match language(lang).html.get(id) {
        Some(escaped) => Html(Cow::Borrowed(escaped)),
        None => Html(Cow::Owned(escape_html(&format(lang, id, vec![])))),
    }
}

/// The text of `id` with one number argument, so the message can choose its plural form.
pub fn t_count(lang: Lang, id: &str, name: &str, count: i64) -> String {
    format(lang, id, vec![(name, FluentValue::from(count))])
}

fn format(lang: Lang, id: &str, args: Vec<(&str, FluentValue)>) -> String {
    let language = language(lang);
    if args.is_empty()
        && let Some(text) = language.plain.get(id)
    {
        return text.clone();
    }
    let bundle = &language.bundle;
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        tracing::warn!(id, lang = lang.code(), "missing message");
        return id.to_string();
    };
    let fluent_args = (!args.is_empty()).then(|| {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(k, v);
        }
        a
    });
    let mut errors = vec![];
    let text: Cow<str> = bundle.format_pattern(pattern, fluent_args.as_ref(), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(id, lang = lang.code(), ?errors, "message formatting");
    }
    text.into_owned()
}

/// Whether `id` exists in both languages (used by tests and start-up checks).
pub fn has_message(lang: Lang, id: &str) -> bool {
    match lang {
        Lang::Kk => TEXTS.kk.bundle.has_message(id),
        Lang::Ru => TEXTS.ru.bundle.has_message(id),
    }
}

/// A stored notification (message id + JSON arguments) as text in `lang`. ISO dates among the
/// arguments are written the way the language writes dates.
pub fn render_notification(lang: Lang, message_id: &str, args: &serde_json::Value) -> String {
    let args: Vec<(String, String)> = args
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| {
                    let text = v.as_str().map_or_else(|| v.to_string(), String::from);
                    let text = text.parse().map(|d| format_date(lang, d)).unwrap_or(text);
                    (k.clone(), text)
                })
                .collect()
        })
        .unwrap_or_default();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    t(lang, message_id, &args)
}

/// A date the way each language writes it: "2026 жылғы 23 қараша", "23 ноября 2026 г.".
pub fn format_date(lang: Lang, date: NaiveDate) -> String {
    const KK: [&str; 12] = [
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ];
    const RU: [&str; 12] = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ];
    let month = date.month0() as usize;
    match lang {
        Lang::Kk => format!("{} жылғы {} {}", date.year(), date.day(), KK[month]),
        Lang::Ru => format!("{} {} {} г.", date.day(), RU[month], date.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_put_together_by_substitution_read_as_fluent_writes_them() {
        for lang in [Lang::Kk, Lang::Ru] {
            let language = language(lang);
            assert!(
                language.simple.len() > 20,
                "{lang:?}: {}",
                language.simple.len()
            );
            for (id, pieces) in &language.simple {
                let values: Vec<(String, String)> = pieces
                    .iter()
                    .filter_map(|p| match p {
                        Piece::Arg(name) => Some((name.clone(), format!("«{name} 1»"))),
                        Piece::Text(_) => None,
                    })
                    .collect();
                let args: Vec<(&str, &str)> = values
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                let fluent_args: Vec<_> = args
                    .iter()
                    .map(|(k, v)| (*k, FluentValue::from(*v)))
                    .collect();
                assert_eq!(
                    substitute(pieces, &args),
                    Some(format(lang, id, fluent_args)),
                    "{lang:?} {id}"
                );
            }
        }
    }

    #[test]
    fn negotiation_prefers_cookie_then_header_then_kazakh() {
        assert_eq!(Lang::negotiate(Some("ru"), Some("kk")), Lang::Ru);
        assert_eq!(
            Lang::negotiate(Some("en"), Some("ru-RU,ru;q=0.9")),
            Lang::Ru
        );
        assert_eq!(Lang::negotiate(None, Some("en-US,en;q=0.9")), Lang::Kk);
        assert_eq!(
            Lang::negotiate(None, Some("en;q=1, ru;q=0.5, kk;q=0.8")),
            Lang::Kk
        );
        assert_eq!(Lang::negotiate(None, Some("ru;q=0, kk;q=0.1")), Lang::Kk);
        assert_eq!(Lang::negotiate(None, Some("ru, kk")), Lang::Ru);
        assert_eq!(Lang::negotiate(None, None), Lang::Kk);
    }

    #[test]
    fn dates_use_each_languages_month_names() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 21).unwrap();
        assert_eq!(format_date(Lang::Kk, d), "2026 жылғы 21 наурыз");
        assert_eq!(format_date(Lang::Ru, d), "21 марта 2026 г.");
        let d = NaiveDate::from_ymd_opt(1995, 11, 2).unwrap();
        assert_eq!(format_date(Lang::Kk, d), "1995 жылғы 2 қараша");
        assert_eq!(format_date(Lang::Ru, d), "2 ноября 1995 г.");
    }

    #[test]
    fn messages_take_arguments() {
        let kk = t(Lang::Kk, "cabinet-greeting", &[("name", "Айгерім")]);
        let ru = t(Lang::Ru, "cabinet-greeting", &[("name", "Айгерім")]);
        assert!(kk.contains("Айгерім"), "{kk}");
        assert!(ru.contains("Айгерім"), "{ru}");
        assert_ne!(kk, ru);
    }

    #[test]
    fn russian_chooses_the_plural_form_for_numbers() {
        let ru = |n| t_count(Lang::Ru, "error-sign-in-locked", "minutes", n);
        assert!(ru(1).contains("1 минуту"), "{}", ru(1));
        assert!(ru(3).contains("3 минуты"), "{}", ru(3));
        assert!(ru(15).contains("15 минут"), "{}", ru(15));
        let kk = t_count(Lang::Kk, "error-sign-in-locked", "minutes", 15);
        assert!(kk.contains("15 минут"), "{kk}");
    }
}
