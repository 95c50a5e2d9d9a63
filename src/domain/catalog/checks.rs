//! The rules of `catalog check`: parsing a service file and everything it must keep, each
//! problem naming the field it is about. The order of the checks is the order of the report.

use std::collections::HashSet;

use super::{
    Catalog, Category, Channel, Document, DocumentKind, DurationUnit, Field, FieldType, Path,
    Service, Source, Step, Term, Text,
};

/// Everything wrong with one file, each problem naming the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {problems}", problems = problems.join("; "))]
pub struct FileError {
    pub file: String,
    pub problems: Vec<String>,
}

impl Service {
    /// Parses and checks one service file.
    pub fn parse(file: &str, source: &str) -> Result<Service, FileError> {
        let fail = |problems: Vec<String>| FileError {
            file: file.to_string(),
            problems,
        };
        let service: Service = toml::from_str(source).map_err(|e| {
            let line = e
                .span()
                .map(|span| source[..span.start.min(source.len())].matches('\n').count() + 1);
            let at = line.map(|l| format!("line {l}: ")).unwrap_or_default();
            fail(vec![format!("{at}{}", e.message())])
        })?;
        let problems = service.problems();
        if problems.is_empty() {
            Ok(service)
        } else {
            Err(fail(problems))
        }
    }

    /// The rules a service file must keep, as "field: what is wrong".
    pub fn problems(&self) -> Vec<String> {
        let mut p = Problems::default();
        self.check_identity(&mut p);
        self.check_passport(&mut p);
        self.check_terms(&mut p);
        self.check_refusals_and_notes(&mut p);
        self.check_regulation(&mut p);
        self.check_documents(&mut p);
        self.check_paths(&mut p);
        self.check_fields(&mut p);
        p.0
    }

    fn check_identity(&self, p: &mut Problems) {
        let code_ok = if self.register_code {
            self.code.len() == 8 && self.code.bytes().all(|b| b.is_ascii_digit())
        } else {
            self.code.starts_with("EDU-")
                && self.code.len() > 4
                && self.code[4..]
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        };
        p.check(
            code_ok,
            "code",
            "a register code is 8 digits; a code of ours is EDU- and capitals, digits, hyphens",
        );
        p.check(
            is_slug(&self.slug),
            "slug",
            "lower-case latin letters, digits and hyphens",
        );
    }

    /// The passport's texts, channels and the sources of its facts.
    fn check_passport(&self, p: &mut Problems) {
        for (name, text) in [
            ("name", &self.name),
            ("description", &self.description),
            ("result", &self.result),
            ("regulation.act", &self.regulation.act),
        ] {
            p.text(name, text);
        }
        p.check(
            !self.provider_kinds.is_empty(),
            "provider_kinds",
            "at least one",
        );
        p.check(!self.channels.is_empty(), "channels", "at least one");
        p.check(
            self.channels.len() == self.channels.iter().collect::<HashSet<_>>().len(),
            "channels",
            "listed twice",
        );
        match (&self.not_online_reason, self.is_online()) {
            (Some(t), false) => p.text("not_online_reason", t),
            (Some(_), true) => p.fail("not_online_reason", "only for services not on the portal"),
            (None, false) => p.fail(
                "not_online_reason",
                "required when the portal is not a channel",
            ),
            (None, true) => {}
        }
        for (name, source) in [
            ("sources.result", &self.sources.result),
            ("sources.cost", &self.sources.cost),
            ("sources.channels", &self.sources.channels),
            ("sources.form", &self.sources.form),
            ("sources.providers", &self.sources.providers),
        ] {
            p.source(name, source);
        }
    }

    fn check_refusals_and_notes(&self, p: &mut Problems) {
        for (i, r) in self.refusals_to_accept.iter().enumerate() {
            let at = format!("refusals_to_accept[{i}]");
            p.text(&format!("{at}.text"), &r.text);
            if let Some(receipt) = &r.receipt {
                p.text(&format!("{at}.receipt"), receipt);
            }
            self.check_channels(p, &format!("{at}.channels"), &r.channels);
            p.source(&format!("{at}.source"), &r.source);
        }
        for (i, g) in self.refusal_grounds.iter().enumerate() {
            p.text(&format!("refusal_grounds[{i}].text"), &g.text);
            p.source(&format!("refusal_grounds[{i}].source"), &g.source);
        }
        for (i, n) in self.notes.iter().enumerate() {
            p.text(&format!("notes[{i}].text"), &n.text);
            p.source(&format!("notes[{i}].source"), &n.source);
        }
    }

    /// The act's number and seed file, and its repeal (the act's title is a passport text).
    fn check_regulation(&self, p: &mut Problems) {
        p.check(
            !self.regulation.number.trim().is_empty(),
            "regulation.number",
            "required",
        );
        p.check(
            !self.regulation.source.trim().is_empty(),
            "regulation.source",
            "required",
        );
        if let Some(r) = &self.regulation.repealed {
            p.text("regulation.repealed.by", &r.by);
            p.source("regulation.repealed.source", &r.source);
            p.check(
                r.date >= self.regulation.date,
                "regulation.repealed.date",
                "before the act's own date",
            );
        }
    }

    fn check_channels(&self, p: &mut Problems, at: &str, channels: &[Channel]) {
        for c in channels {
            p.check(
                self.channels.contains(c),
                at,
                &format!("{} is not one of the service's channels", c.as_str()),
            );
        }
    }

    fn check_terms(&self, p: &mut Problems) {
        let mut seen = HashSet::new();
        for (i, t) in self.terms.iter().enumerate() {
            let at = format!("terms[{i}]");
            p.check(
                !t.channels.is_empty(),
                &format!("{at}.channels"),
                "at least one",
            );
            self.check_channels(p, &format!("{at}.channels"), &t.channels);
            for c in &t.channels {
                p.check(
                    seen.insert(*c),
                    &format!("{at}.channels"),
                    &format!("{} has two terms", c.as_str()),
                );
            }
            p.check(t.amount > 0, &format!("{at}.amount"), "must be positive");
            for (name, d) in [
                ("max_waiting", &t.max_waiting),
                ("max_service", &t.max_service),
            ] {
                if let Some(d) = d {
                    p.check(
                        d.amount > 0,
                        &format!("{at}.{name}.amount"),
                        "must be positive",
                    );
                }
            }
            p.source(&format!("{at}.source"), &t.source);
            if let Some(s) = &t.counting_source {
                p.source(&format!("{at}.counting_source"), s);
            }
            // The regulated steps must fit in the term (checked on a plain week from Monday 9:00).
            for c in &t.channels {
                if let Some(path) = self.path(*c) {
                    let fits = steps_fit_term(path, t);
                    p.check(
                        fits,
                        &at,
                        &format!("the steps of channel {} run past the term", c.as_str()),
                    );
                }
            }
        }
    }

    fn check_documents(&self, p: &mut Problems) {
        let mut doc_ids = HashSet::new();
        for (i, d) in self.documents.iter().enumerate() {
            let at = format!("documents[{i}]");
            p.check(
                is_slug(&d.id),
                &format!("{at}.id"),
                "lower-case latin, digits, hyphens",
            );
            p.check(
                doc_ids.insert(d.id.as_str()),
                &format!("{at}.id"),
                "used twice",
            );
            p.text(&format!("{at}.name"), &d.name);
            self.check_channels(p, &format!("{at}.channels"), &d.channels);
            match (d.kind, d.fetched_by) {
                (DocumentKind::Fetched, None) => {
                    p.fail(&format!("{at}.fetched_by"), "say who fetches it")
                }
                (DocumentKind::Fetched, Some(_)) | (_, None) => {}
                (_, Some(_)) => p.fail(&format!("{at}.fetched_by"), "only for fetched documents"),
            }
            if let Some(c) = &d.condition {
                p.text(&format!("{at}.condition"), c);
            }
            if let Some(v) = &d.validity {
                p.text(&format!("{at}.validity"), v);
            }
            self.check_required_when(p, &at, d);
            p.source(&format!("{at}.source"), &d.source);
        }
    }

    /// The form answer that makes a conditional document required must be one the form can give.
    fn check_required_when(&self, p: &mut Problems, at: &str, d: &Document) {
        let Some(w) = &d.required_when else {
            return;
        };
        let at = format!("{at}.required_when");
        p.check(
            d.condition.is_some(),
            &at,
            "a conditional document says its condition in words too",
        );
        p.check(
            !w.values.is_empty(),
            &format!("{at}.values"),
            "at least one",
        );
        match self.fields.iter().find(|f| f.name == w.field) {
            None => p.fail(&format!("{at}.field"), "no such field"),
            Some(f) => {
                let known = |v: &String| match f.field_type {
                    FieldType::Select => f.options.iter().any(|o| &o.value == v),
                    FieldType::Checkbox => v == "true",
                    _ => false,
                };
                p.check(
                    w.values.iter().all(known),
                    &format!("{at}.values"),
                    "not an answer the field can give (an option of a select, or \"true\")",
                );
            }
        }
    }

    fn check_paths(&self, p: &mut Problems) {
        for channel in &self.channels {
            p.check(
                self.path(*channel).is_some(),
                "paths",
                &format!("no steps for channel {}", channel.as_str()),
            );
        }
        for (i, path) in self.paths.iter().enumerate() {
            p.check(
                self.channels.contains(&path.channel),
                &format!("paths[{i}].channel"),
                "not one of the service's channels",
            );
            p.check(
                self.paths
                    .iter()
                    .filter(|o| o.channel == path.channel)
                    .count()
                    == 1,
                &format!("paths[{i}].channel"),
                "two paths for one channel",
            );
            p.check(
                !path.steps.is_empty(),
                &format!("paths[{i}].steps"),
                "at least one step",
            );
            for (j, s) in path.steps.iter().enumerate() {
                check_step(p, &format!("paths[{i}].steps[{j}]"), s);
            }
        }
    }

    fn check_fields(&self, p: &mut Problems) {
        p.check(
            self.is_online() != self.fields.is_empty(),
            "fields",
            "a portal service has an application form; a service not on the portal has none",
        );
        let mut names = HashSet::new();
        for (i, f) in self.fields.iter().enumerate() {
            let at = format!("fields[{i}]");
            p.check(
                !f.name.is_empty()
                    && f.name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                &format!("{at}.name"),
                "lower-case latin, digits, underscores",
            );
            p.check(
                names.insert(f.name.as_str()),
                &format!("{at}.name"),
                "used twice",
            );
            check_field_input(p, &at, f);
            check_field_rule(p, &at, f);
            self.check_file_field(p, &at, f);
        }
    }

    /// A file field uploads a document brought on the portal, and is required exactly when the
    /// document is needed without condition.
    fn check_file_field(&self, p: &mut Problems, at: &str, f: &Field) {
        let at = format!("{at}.document");
        match (f.field_type, &f.document) {
            (FieldType::File, Some(id)) => match self.document(id) {
                None => p.fail(&at, "no such document id"),
                Some(d) if d.kind == DocumentKind::Fetched => p.fail(
                    &at,
                    "this document is fetched from state systems and must not be asked for",
                ),
                Some(d) if d.kind == DocumentKind::ShownReturned => p.fail(
                    &at,
                    "this document is shown for identification and handed back, not uploaded",
                ),
                Some(d) if !d.on_channel(Channel::Portal) => {
                    p.fail(&at, "this document is not asked for on the portal")
                }
                Some(d) => {
                    let needed = d.condition.is_none();
                    p.check(
                        f.required == needed,
                        &at,
                        if needed {
                            "the document is needed without condition, so the field is required"
                        } else {
                            "the document is conditional, so the field is not required \
                             (use required_when for an answer that makes it required)"
                        },
                    );
                }
            },
            (FieldType::File, None) => p.fail(&at, "a file field names its document"),
            (_, Some(_)) => p.fail(&at, "only for file fields"),
            (_, None) => {}
        }
    }
}

fn check_step(p: &mut Problems, at: &str, s: &Step) {
    p.text(&format!("{at}.action"), &s.action);
    p.text(&format!("{at}.result"), &s.result);
    p.source(&format!("{at}.source"), &s.source);
    // Zero means "the source sets no time for this step"; that must be explained.
    p.check(
        s.duration.amount > 0 || s.duration_source.is_some(),
        &format!("{at}.duration.amount"),
        "zero only with a duration_source saying why",
    );
    if let Some(d) = &s.duration_source {
        p.source(&format!("{at}.duration_source"), d);
    }
}

/// A field's label and help, and the limits of what may be typed or chosen in it.
fn check_field_input(p: &mut Problems, at: &str, f: &Field) {
    p.text(&format!("{at}.label"), &f.label);
    if let Some(h) = &f.help {
        p.text(&format!("{at}.help"), h);
    }
    if let (Some(lo), Some(hi)) = (f.min_length, f.max_length) {
        p.check(
            lo <= hi,
            &format!("{at}.min_length"),
            "greater than max_length",
        );
    }
    if let (Some(lo), Some(hi)) = (f.min, f.max) {
        p.check(lo <= hi, &format!("{at}.min"), "greater than max");
    }
    if let Some(re) = &f.pattern {
        p.check(
            regex::Regex::new(&format!("^(?:{re})$")).is_ok(),
            &format!("{at}.pattern"),
            "not a valid regular expression",
        );
    }
    match f.field_type {
        FieldType::Select => {
            p.check(
                !f.options.is_empty(),
                &format!("{at}.options"),
                "a select needs options",
            );
            for (k, o) in f.options.iter().enumerate() {
                p.text(&format!("{at}.options[{k}].label"), &o.label);
            }
        }
        _ => p.check(
            f.options.is_empty(),
            &format!("{at}.options"),
            "only for select",
        ),
    }
}

/// A date range or an age rule fits the field's type, and says where it comes from.
fn check_field_rule(p: &mut Problems, at: &str, f: &Field) {
    if let Some(r) = f.days_from_today {
        p.check(
            f.field_type == FieldType::Date,
            &format!("{at}.days_from_today"),
            "only for date fields",
        );
        if let (Some(lo), Some(hi)) = (r.min, r.max) {
            p.check(
                lo <= hi,
                &format!("{at}.days_from_today"),
                "min greater than max",
            );
        }
    }
    if let Some(r) = f.iin_age {
        p.check(
            f.field_type == FieldType::Text,
            &format!("{at}.iin_age"),
            "only for text fields holding an IIN",
        );
        if let (Some(lo), Some(hi)) = (r.min_years, r.max_years) {
            p.check(lo <= hi, &format!("{at}.iin_age"), "min greater than max");
        }
    }
    match (
        &f.rule_source,
        f.days_from_today.is_some() || f.iin_age.is_some(),
    ) {
        (Some(s), true) => p.source(&format!("{at}.rule_source"), s),
        (None, true) => p.fail(
            &format!("{at}.rule_source"),
            "say where the rule comes from",
        ),
        (Some(_), false) => p.fail(&format!("{at}.rule_source"), "only with a rule"),
        (None, false) => {}
    }
}
/// Whether a channel's steps, chained from a Monday 9:00 on a plain week, end by its term.
fn steps_fit_term(path: &Path, term: &Term) -> bool {
    use crate::domain::calendar::{WorkingCalendar, WorkingHours, local, utc};
    let calendar = WorkingCalendar::new([], WorkingHours::default());
    let start = utc(chrono::NaiveDate::from_ymd_opt(2026, 1, 5)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid date"));
    let end = path
        .steps
        .iter()
        .fold(start, |at, s| calendar.due(at, s.duration));
    let deadline = calendar.deadline(start, term.duration(), term.counting);
    match term.unit {
        // A term in days ends with its last day; the steps' own clock times within it do not
        // matter.
        DurationUnit::WorkingDays | DurationUnit::CalendarDays => {
            local(end).date() <= local(deadline).date()
        }
        DurationUnit::Minutes | DurationUnit::Hours => end <= deadline,
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Words of Latin script in a text meant for a Kazakh or Russian page. Codes and numbers (a
/// word with a digit, e.g. "KZ-2026" or "027/е"), web addresses and e-mail addresses are not
/// words of a language and pass.
pub fn latin_words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || "()[]{}«»\"„“”,;:!?".contains(c))
        .map(|w| w.trim_matches(|c: char| c.is_ascii_punctuation()))
        .filter(|w| {
            w.chars().any(|c| c.is_ascii_alphabetic())
                && !w.chars().any(|c| c.is_ascii_digit())
                && !w.contains('.')
                && !w.contains('@')
        })
        .collect()
}

#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn fail(&mut self, field: &str, what: &str) {
        self.0.push(format!("{field}: {what}"));
    }

    fn check(&mut self, ok: bool, field: &str, what: &str) {
        if !ok {
            self.fail(field, what);
        }
    }

    /// Both languages present, and no Latin-script words on a Kazakh or Russian page.
    fn text(&mut self, field: &str, text: &Text) {
        for (lang, t) in [("kk", &text.kk), ("ru", &text.ru)] {
            let at = format!("{field}.{lang}");
            self.check(!t.trim().is_empty(), &at, "empty");
            let latin = latin_words(t);
            self.check(
                latin.is_empty(),
                &at,
                &format!("Latin-script words in page text: {}", latin.join(", ")),
            );
        }
    }

    fn source(&mut self, field: &str, source: &Source) {
        self.text(field, &source.text());
    }
}

impl Catalog {
    /// Parses every file; fails with every problem of every file, and on duplicate codes or slugs.
    pub fn parse(files: &[(&str, &str)]) -> Result<Catalog, Vec<FileError>> {
        let mut services = vec![];
        let mut errors = vec![];
        for (name, source) in files {
            match Service::parse(name, source) {
                Ok(s) => services.push((name.to_string(), s)),
                Err(e) => errors.push(e),
            }
        }
        let mut seen_codes = HashSet::new();
        let mut seen_slugs = HashSet::new();
        for (file, s) in &services {
            let mut problems = vec![];
            if !seen_codes.insert(s.code.clone()) {
                problems.push(format!("code: {} is used by another file", s.code));
            }
            if !seen_slugs.insert(s.slug.clone()) {
                problems.push(format!("slug: {} is used by another file", s.slug));
            }
            if !problems.is_empty() {
                errors.push(FileError {
                    file: file.clone(),
                    problems,
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut services: Vec<Service> = services.into_iter().map(|(_, s)| s).collect();
        services.sort_by(|a, b| {
            let pos = |c: Category| Category::ALL.iter().position(|x| *x == c);
            pos(a.category)
                .cmp(&pos(b.category))
                .then(a.code.cmp(&b.code))
        });
        Ok(Catalog { services })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::MINIMAL;
    use super::*;

    fn problems_of(source: &str) -> Vec<String> {
        Service::parse("test.toml", source).unwrap_err().problems
    }

    #[test]
    fn a_syntax_error_names_the_line() {
        let broken = MINIMAL.replace("number = \"1\"", "number = ");
        let e = Service::parse("broken.toml", &broken).unwrap_err();
        assert_eq!(e.file, "broken.toml");
        assert!(e.problems[0].starts_with("line "), "{:?}", e.problems);
        assert!(e.to_string().starts_with("broken.toml: line "), "{e}");
    }

    #[test]
    fn unknown_units_roles_and_keys_are_refused() {
        for (from, to) in [
            ("unit = \"minutes\"", "unit = \"weeks\""),
            ("role = \"clerk\"", "role = \"janitor\""),
            ("free = true", "free = true\ncolour = \"blue\""),
        ] {
            let e = Service::parse("t.toml", &MINIMAL.replace(from, to)).unwrap_err();
            assert_eq!(e.problems.len(), 1, "{to}: {:?}", e.problems);
        }
    }

    #[test]
    fn rule_violations_name_the_field() {
        let p = problems_of(&MINIMAL.replace("ru = \"Принимает\"", "ru = \" \""));
        assert_eq!(p, vec!["paths[0].steps[0].action.ru: empty"]);

        let p = problems_of(&MINIMAL.replace("amount = 15", "amount = 0"));
        assert!(
            p[0].starts_with("paths[0].steps[0].duration.amount"),
            "{p:?}"
        );

        let p = problems_of(&MINIMAL.replace(
            "channels = [\"provider\"]",
            "channels = [\"provider\", \"state_corporation\"]",
        ));
        assert_eq!(p, vec!["paths: no steps for channel state_corporation"]);

        let p = problems_of(&MINIMAL.replace("code = \"EDU-TEST\"", "code = \"12\""));
        assert!(p[0].starts_with("code:"), "{p:?}");
    }

    /// MINIMAL made a portal service with a form whose upload is the given document.
    fn online_with_upload(document: &str, required: bool) -> String {
        let online = MINIMAL
            .replace("channels = [\"provider\"]", "channels = [\"portal\", \"provider\"]")
            .replace("not_online_reason = { kk = \"Порталда жоқ\", ru = \"Нет на портале\" }\n", "")
            .replace("[[paths]]\nchannel = \"provider\"", "[[paths]]\nchannel = \"portal\"\n\n[[paths.steps]]\nrole = \"applicant\"\naction = { kk = \"Жібереді\", ru = \"Отправляет\" }\nresult = { kk = \"Жіберілді\", ru = \"Отправлено\" }\nduration = { amount = 5, unit = \"minutes\" }\nsource = { kind = \"seed\", kk = \"6-тармақ\", ru = \"п. 6\" }\n\n[[paths]]\nchannel = \"provider\"");
        format!(
            "{online}\n{document}\n[[fields]]\nname = \"residency\"\ntype = \"select\"\nlabel = {{ kk = \"Резиденттік\", ru = \"Резидентство\" }}\noptions = [{{ value = \"resident\", label = {{ kk = \"Резидент\", ru = \"Резидент\" }} }}, {{ value = \"non_resident\", label = {{ kk = \"Резидент емес\", ru = \"Нерезидент\" }} }}]\n\n[[fields]]\nname = \"scan\"\ntype = \"file\"\nlabel = {{ kk = \"Құжат\", ru = \"Документ\" }}\nrequired = {required}\ndocument = \"scan\"\n"
        )
    }

    const SOURCE: &str = "source = { kind = \"seed\", kk = \"9-тармақ\", ru = \"п. 9\" }";

    #[test]
    fn a_portal_service_needs_a_form_and_never_asks_for_fetched_or_shown_documents() {
        let no_form = online_with_upload("", true);
        let no_form = &no_form[..no_form.find("\n[[fields]]").unwrap()];
        let p = problems_of(no_form);
        assert!(p.iter().any(|m| m.starts_with("fields:")), "{p:?}");

        let doc = |kind: &str| {
            format!(
                "[[documents]]\nid = \"scan\"\nname = {{ kk = \"Куәлік\", ru = \"Удостоверение\" }}\nkind = \"{kind}\"\n{SOURCE}\n"
            )
        };
        let p = problems_of(&online_with_upload(
            &format!("{}fetched_by = \"system\"\n", doc("fetched")),
            true,
        ));
        assert_eq!(
            p,
            vec![
                "fields[1].document: this document is fetched from state systems and must not be asked for"
            ]
        );
        let p = problems_of(&online_with_upload(&doc("shown_returned"), true));
        assert_eq!(
            p,
            vec![
                "fields[1].document: this document is shown for identification and handed back, not uploaded"
            ]
        );
        assert!(Service::parse("t.toml", &online_with_upload(&doc("brought_kept"), true)).is_ok());
        // A document needed without condition is a required upload.
        let p = problems_of(&online_with_upload(&doc("brought_kept"), false));
        assert!(
            p[0].starts_with("fields[1].document: the document is needed"),
            "{p:?}"
        );
    }

    #[test]
    fn document_kinds_and_conditions_are_checked() {
        let p = Service::parse(
            "t.toml",
            &MINIMAL.replace("kind = \"brought_kept\"", "kind = \"photocopied\""),
        )
        .unwrap_err()
        .problems;
        assert!(p[0].contains("unknown variant `photocopied`"), "{p:?}");

        let p = problems_of(&MINIMAL.replace("kind = \"brought_kept\"", "kind = \"fetched\""));
        assert_eq!(p, vec!["documents[0].fetched_by: say who fetches it"]);

        let conditional = |field: &str, value: &str| {
            online_with_upload(
                &format!(
                    "[[documents]]\nid = \"scan\"\nname = {{ kk = \"Көшірме\", ru = \"Копия\" }}\nkind = \"brought_kept\"\ncondition = {{ kk = \"Резидент еместер үшін\", ru = \"Для нерезидентов\" }}\nrequired_when = {{ field = \"{field}\", values = [\"{value}\"] }}\n{SOURCE}\n"
                ),
                false,
            )
        };
        let service = Service::parse("t.toml", &conditional("residency", "non_resident")).unwrap();
        let field = &service.fields[1];
        let answers = |v: &str| {
            [("residency".to_string(), v.to_string())]
                .into_iter()
                .collect()
        };
        assert!(service.file_required(field, &answers("non_resident")));
        assert!(!service.file_required(field, &answers("resident")));

        let p = problems_of(&conditional("citizenship", "non_resident"));
        assert_eq!(p, vec!["documents[1].required_when.field: no such field"]);
        let p = problems_of(&conditional("residency", "martian"));
        assert!(
            p[0].starts_with("documents[1].required_when.values"),
            "{p:?}"
        );
    }

    #[test]
    fn every_fact_needs_a_source_and_every_term_a_counting_rule() {
        let e = Service::parse(
            "t.toml",
            &MINIMAL.replace("counting = \"acceptance_day_not_counted\"\n", ""),
        )
        .unwrap_err();
        assert!(e.problems[0].contains("missing field `counting`"), "{e}");

        let e = Service::parse(
            "t.toml",
            &MINIMAL.replace("text = { kk = \"Негіз\", ru = \"Основание\" }\nsource = { kind = \"seed\", kk = \"9-тармақ\", ru = \"п. 9\" }", "text = { kk = \"Негіз\", ru = \"Основание\" }"),
        )
        .unwrap_err();
        assert!(e.problems[0].contains("missing field `source`"), "{e}");

        let p = problems_of(&MINIMAL.replace("kk = \"5-тармақ\"", "kk = \" \""));
        assert_eq!(p, vec!["paths[0].steps[0].source.kk: empty"]);
    }

    #[test]
    fn latin_words_never_reach_a_kazakh_or_russian_page() {
        let p = problems_of(&MINIMAL.replace(
            "ru = \"п. 5\"",
            "ru = \"register 00403002, steps: assumption\"",
        ));
        assert_eq!(
            p,
            vec![
                "paths[0].steps[0].source.ru: Latin-script words in page text: register, steps, assumption"
            ]
        );
        assert!(latin_words("Форма № 027/е, код KZ-2026, сайт egov.kz").is_empty());
    }

    #[test]
    fn steps_must_fit_their_term() {
        let p = problems_of(&MINIMAL.replace(
            "duration = { amount = 15, unit = \"minutes\" }",
            "duration = { amount = 2, unit = \"working_days\" }",
        ));
        assert_eq!(
            p,
            vec!["terms[0]: the steps of channel provider run past the term"]
        );
        let p = problems_of(&MINIMAL.replace(
            "channels = [\"provider\"]\namount",
            "channels = [\"state_corporation\"]\namount",
        ));
        assert!(
            p.iter()
                .any(|m| m.contains("state_corporation is not one of the service's channels")),
            "{p:?}"
        );
    }

    #[test]
    fn duplicate_codes_across_files_are_refused() {
        let other = MINIMAL.replace("slug = \"test-service\"", "slug = \"other\"");
        let errors = Catalog::parse(&[("a.toml", MINIMAL), ("b.toml", &other)]).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].file, "b.toml");
        assert!(errors[0].problems[0].starts_with("code:"));
    }
}
