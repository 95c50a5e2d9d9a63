//! The service catalog: every state service as data (principle 1 of DESIGN.md).
//!
//! One TOML file per service under `services/` holds its passport (names, result, documents,
//! grounds for refusal), the regulation it comes from, the ordered steps of each channel with
//! the acting role, the step's result, its duration and the clause, and the application form.
//! `services/README.md` documents the format. This module parses and checks the files; it
//! does no I/O (the caller hands in file names and contents).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

/// A text in both languages. Both must be present and non-empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub kk: String,
    pub ru: String,
}

impl Text {
    pub fn get(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Kk => &self.kk,
            crate::i18n::Lang::Ru => &self.ru,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Preschool,
    School,
    Tvet,
    Supplementary,
    Teachers,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Preschool,
        Category::School,
        Category::Tvet,
        Category::Supplementary,
        Category::Teachers,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Preschool => "preschool",
            Category::School => "school",
            Category::Tvet => "tvet",
            Category::Supplementary => "supplementary",
            Category::Teachers => "teachers",
        }
    }
}

/// Who gives the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    School,
    College,
    PreschoolOrganization,
    SupplementaryEducationOrganization,
    DistrictEducationDepartment,
    CityEducationDepartment,
    RegionalEducationDepartment,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::School => "school",
            ProviderKind::College => "college",
            ProviderKind::PreschoolOrganization => "preschool_organization",
            ProviderKind::SupplementaryEducationOrganization => {
                "supplementary_education_organization"
            }
            ProviderKind::DistrictEducationDepartment => "district_education_department",
            ProviderKind::CityEducationDepartment => "city_education_department",
            ProviderKind::RegionalEducationDepartment => "regional_education_department",
        }
    }
}

/// Where an application can be handed in and the result received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The e-government portal (this portal): online application.
    Portal,
    /// The provider's own office.
    Provider,
    /// The State Corporation "Government for Citizens" (front office, ЦОН).
    StateCorporation,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Portal => "portal",
            Channel::Provider => "provider",
            Channel::StateCorporation => "state_corporation",
        }
    }
}

/// Who acts in a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Applicant,
    Operator,
    Courier,
    Clerk,
    Head,
    Executor,
    /// An information system acting on its own (the portal, the State Corporation IS).
    System,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Operator => "operator",
            Role::Courier => "courier",
            Role::Clerk => "clerk",
            Role::Head => "head",
            Role::Executor => "executor",
            Role::System => "system",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    Minutes,
    Hours,
    WorkingDays,
    CalendarDays,
}

impl DurationUnit {
    pub const ALL: [DurationUnit; 4] = [
        DurationUnit::Minutes,
        DurationUnit::Hours,
        DurationUnit::WorkingDays,
        DurationUnit::CalendarDays,
    ];

    pub fn parse(s: &str) -> Option<DurationUnit> {
        DurationUnit::ALL.into_iter().find(|u| u.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DurationUnit::Minutes => "minutes",
            DurationUnit::Hours => "hours",
            DurationUnit::WorkingDays => "working_days",
            DurationUnit::CalendarDays => "calendar_days",
        }
    }
}

/// A time limit: an amount of a unit, as the regulation writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duration {
    pub amount: u32,
    pub unit: DurationUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceForm {
    Electronic,
    Paper,
    ElectronicOrPaper,
}

impl ServiceForm {
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceForm::Electronic => "electronic",
            ServiceForm::Paper => "paper",
            ServiceForm::ElectronicOrPaper => "electronic_or_paper",
        }
    }
}

/// The legal act a service's regulation is part of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regulation {
    /// Title of the act, e.g. the akimat resolution.
    pub act: Text,
    /// Adoption date, ISO 8601.
    pub date: chrono::NaiveDate,
    pub number: String,
    /// The seed file it was taken from (`000_…txt`), for tracing data back to its source.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Stable id, referenced by `file` form fields.
    pub id: String,
    pub name: Text,
    #[serde(default = "yes")]
    pub mandatory: bool,
    /// Fetched from state information systems: never asked of the applicant (Law 88-V).
    #[serde(default)]
    pub from_state_systems: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub role: Role,
    pub action: Text,
    pub result: Text,
    pub duration: Duration,
    /// The regulation's clause, e.g. "5.1" for п. 5 пп. 1).
    pub clause: String,
    /// The step may end the application with a refusal (drawn as a decision).
    #[serde(default)]
    pub can_refuse: bool,
    /// Set when the duration is not in the source and was assumed; says why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

/// The ordered steps of one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Path {
    pub channel: Channel,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Textarea,
    Date,
    Select,
    Checkbox,
    Number,
    File,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectOption {
    pub value: String,
    pub label: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// A regular expression the whole value must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<SelectOption>,
    /// For `file` fields: the id of the document uploaded here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The state services register code (e.g. "00403002") or, when the sources give none, a
    /// code of ours starting with "EDU-" (`register_code = false`).
    pub code: String,
    pub register_code: bool,
    pub slug: String,
    pub category: Category,
    pub name: Text,
    pub description: Text,
    pub provider_kinds: Vec<ProviderKind>,
    pub channels: Vec<Channel>,
    /// Why the service is not on the portal, when it is not (shown on its page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_online_reason: Option<Text>,
    pub form: ServiceForm,
    /// The total term, as the service standard sets it.
    pub term: Duration,
    /// Where the total term comes from (standard, clause, or a marked assumption).
    pub term_source: String,
    /// Free of charge.
    pub free: bool,
    pub result: Text,
    pub refusal_grounds: Vec<Text>,
    #[serde(default)]
    pub documents: Vec<Document>,
    /// Extra words people search with (both languages, any case).
    #[serde(default)]
    pub keywords: Vec<String>,
    pub regulation: Regulation,
    pub paths: Vec<Path>,
    #[serde(default)]
    pub fields: Vec<Field>,
}

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

    pub fn is_online(&self) -> bool {
        self.channels.contains(&Channel::Portal)
    }

    pub fn path(&self, channel: Channel) -> Option<&Path> {
        self.paths.iter().find(|p| p.channel == channel)
    }

    /// Documents the applicant brings, and those the provider fetches from state systems.
    pub fn documents_split(&self) -> (Vec<&Document>, Vec<&Document>) {
        self.documents.iter().partition(|d| !d.from_state_systems)
    }

    /// The rules a service file must keep, as "field: what is wrong".
    pub fn problems(&self) -> Vec<String> {
        let mut p = Problems::default();
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
        p.check(self.term.amount > 0, "term.amount", "must be positive");
        p.check(
            !self.term_source.trim().is_empty(),
            "term_source",
            "say where the term comes from",
        );
        p.check(
            !self.refusal_grounds.is_empty(),
            "refusal_grounds",
            "at least one",
        );
        for (i, g) in self.refusal_grounds.iter().enumerate() {
            p.text(&format!("refusal_grounds[{i}]"), g);
        }
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

        let mut doc_ids = HashSet::new();
        for (i, d) in self.documents.iter().enumerate() {
            p.check(
                is_slug(&d.id),
                &format!("documents[{i}].id"),
                "lower-case latin, digits, hyphens",
            );
            p.check(
                doc_ids.insert(d.id.as_str()),
                &format!("documents[{i}].id"),
                "used twice",
            );
            p.text(&format!("documents[{i}].name"), &d.name);
        }

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
                let at = format!("paths[{i}].steps[{j}]");
                p.text(&format!("{at}.action"), &s.action);
                p.text(&format!("{at}.result"), &s.result);
                // Zero means "the regulation sets no time for this step"; that must be explained.
                p.check(
                    s.duration.amount > 0 || s.assumption.is_some(),
                    &format!("{at}.duration.amount"),
                    "zero only with an assumption saying why",
                );
                p.check(
                    !s.clause.trim().is_empty(),
                    &format!("{at}.clause"),
                    "name the clause",
                );
                if let Some(a) = &s.assumption {
                    p.check(!a.trim().is_empty(), &format!("{at}.assumption"), "say why");
                }
            }
        }

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
            match (f.field_type, &f.document) {
                (FieldType::File, Some(id)) => match self.documents.iter().find(|d| &d.id == id) {
                    None => p.fail(&format!("{at}.document"), "no such document id"),
                    Some(d) if d.from_state_systems => p.fail(
                        &format!("{at}.document"),
                        "this document is fetched from state systems and must not be asked for",
                    ),
                    Some(_) => {}
                },
                (FieldType::File, None) => {
                    p.fail(&format!("{at}.document"), "a file field names its document")
                }
                (_, Some(_)) => p.fail(&format!("{at}.document"), "only for file fields"),
                (_, None) => {}
            }
        }
        p.0
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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

    fn text(&mut self, field: &str, text: &Text) {
        self.check(!text.kk.trim().is_empty(), &format!("{field}.kk"), "empty");
        self.check(!text.ru.trim().is_empty(), &format!("{field}.ru"), "empty");
    }
}

/// All services, in a stable order (category, then code).
#[derive(Debug, Clone)]
pub struct Catalog {
    pub services: Vec<Service>,
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

    pub fn find(&self, code: &str) -> Option<&Service> {
        self.services
            .iter()
            .find(|s| s.code == code || s.slug == code)
    }

    pub fn in_category(&self, category: Category) -> impl Iterator<Item = &Service> {
        self.services.iter().filter(move |s| s.category == category)
    }

    /// Services whose names, descriptions or keywords contain every word of the query, in either
    /// language, ignoring case (Kazakh letters included).
    pub fn search(&self, query: &str) -> Vec<&Service> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return self.services.iter().collect();
        }
        self.services
            .iter()
            .filter(|s| {
                let haystack = [
                    &s.name.kk,
                    &s.name.ru,
                    &s.description.kk,
                    &s.description.ru,
                    &s.code,
                ]
                .into_iter()
                .chain(s.keywords.iter())
                .map(|t| t.to_lowercase())
                .collect::<Vec<_>>()
                .join("\n");
                words.iter().all(|w| haystack.contains(w.as_str()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
code = "EDU-TEST"
register_code = false
slug = "test-service"
category = "school"
provider_kinds = ["school"]
channels = ["provider"]
form = "paper"
term = { amount = 1, unit = "working_days" }
term_source = "test"
free = true
name = { kk = "Сынақ қызметі", ru = "Тестовая услуга" }
description = { kk = "Сипаттама", ru = "Описание" }
result = { kk = "Нәтиже", ru = "Результат" }
not_online_reason = { kk = "Порталда жоқ", ru = "Нет на портале" }
refusal_grounds = [{ kk = "Негіз", ru = "Основание" }]

[regulation]
act = { kk = "Қаулы", ru = "Постановление" }
date = "2020-01-01"
number = "1"
source = "test"

[[paths]]
channel = "provider"

[[paths.steps]]
role = "clerk"
action = { kk = "Қабылдайды", ru = "Принимает" }
result = { kk = "Тіркелді", ru = "Зарегистрировано" }
duration = { amount = 15, unit = "minutes" }
clause = "5.1"
"#;

    fn problems_of(source: &str) -> Vec<String> {
        Service::parse("test.toml", source).unwrap_err().problems
    }

    #[test]
    fn a_minimal_file_parses() {
        let s = Service::parse("test.toml", MINIMAL).unwrap();
        assert_eq!(s.paths[0].steps[0].duration.unit, DurationUnit::Minutes);
        assert!(!s.is_online());
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

    #[test]
    fn a_portal_service_needs_a_form_and_never_asks_for_fetched_documents() {
        let online = MINIMAL
            .replace("channels = [\"provider\"]", "channels = [\"portal\", \"provider\"]")
            .replace("not_online_reason = { kk = \"Порталда жоқ\", ru = \"Нет на портале\" }\n", "")
            .replace("[[paths]]\nchannel = \"provider\"", "[[paths]]\nchannel = \"portal\"\n\n[[paths.steps]]\nrole = \"applicant\"\naction = { kk = \"Жібереді\", ru = \"Отправляет\" }\nresult = { kk = \"Жіберілді\", ru = \"Отправлено\" }\nduration = { amount = 5, unit = \"minutes\" }\nclause = \"6\"\n\n[[paths]]\nchannel = \"provider\"");
        let p = problems_of(&online);
        assert!(p.iter().any(|m| m.starts_with("fields:")), "{p:?}");

        let with_form = format!(
            "{online}\n[[documents]]\nid = \"identity\"\nname = {{ kk = \"Куәлік\", ru = \"Удостоверение\" }}\nfrom_state_systems = true\n\n[[fields]]\nname = \"identity_scan\"\ntype = \"file\"\nlabel = {{ kk = \"Куәлік\", ru = \"Удостоверение\" }}\ndocument = \"identity\"\n"
        );
        let p = problems_of(&with_form);
        assert_eq!(
            p,
            vec![
                "fields[0].document: this document is fetched from state systems and must not be asked for"
            ]
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

    #[test]
    fn search_ignores_case_in_kazakh_and_russian() {
        let catalog = Catalog::parse(&[("a.toml", MINIMAL)]).unwrap();
        for q in ["сынақ", "СЫНАҚ", "Тестовая", "ТЕСТОВ", "услуга тест"]
        {
            assert_eq!(catalog.search(q).len(), 1, "{q}");
        }
        assert!(catalog.search("балабақша").is_empty());
    }
}
