//! The service catalog: every state service as data (principle 1 of DESIGN.md).
//!
//! One TOML file per service under `services/` holds its passport (names, result, documents,
//! grounds for refusal), the regulation it comes from, the ordered steps of each channel with
//! the acting role, the step's result, its duration and the clause, and the application form.
//! `services/README.md` documents the format. This module is the model; `checks` parses and
//! checks the files (it does no I/O: the caller hands in file names and contents), and
//! `search` finds services in the parsed catalog.

mod checks;
mod search;

use serde::{Deserialize, Serialize};

pub use checks::{FileError, latin_words};

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

/// Where a fact comes from. The text is shown on the passport in the page's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub kind: SourceKind,
    pub kk: String,
    pub ru: String,
}

impl Source {
    pub fn text(&self) -> Text {
        Text {
            kk: self.kk.clone(),
            ru: self.ru.clone(),
        }
    }

    /// The form kept in a database column (both languages, with the kind).
    pub fn to_column(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Written in the seed itself (the regulation, or the register entry and board of seed 004).
    pub fn is_seed(&self) -> bool {
        self.kind == SourceKind::Seed
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A clause of the seed text; the text names the clause.
    Seed,
    /// Not in the seed: taken from another act or source, which the text names.
    TakenFrom,
    /// Not in any source: our assumption, and the text says why.
    Assumed,
}

/// How a term is counted from the moment an application is received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// From the moment of receipt (hand-in, or submission on the portal).
    FromMoment,
    /// The day of acceptance is not counted: the term starts with the next working day.
    AcceptanceDayNotCounted,
}

/// The term of the service on some channels, with its counting rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub channels: Vec<Channel>,
    pub amount: u32,
    pub unit: DurationUnit,
    pub counting: Counting,
    /// The longest a recipient may wait in the queue, when the source sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_waiting: Option<Duration>,
    /// The longest the service of a recipient may take, when the source sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_service: Option<Duration>,
    pub source: Source,
    /// Where the counting rule comes from, when the term's own source does not state it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counting_source: Option<Source>,
}

impl Term {
    pub fn duration(&self) -> Duration {
        Duration {
            amount: self.amount,
            unit: self.unit,
        }
    }

    /// A legal deadline is computed only from a term the seed itself gives.
    pub fn gives_deadline(&self) -> bool {
        self.source.is_seed() && self.counting_source.as_ref().is_none_or(Source::is_seed)
    }
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
    /// Set when the act is no longer in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repealed: Option<Repeal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repeal {
    /// The act that repealed it.
    pub by: Text,
    pub date: chrono::NaiveDate,
    pub source: Source,
}

/// Where the passport's own facts come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassportSources {
    pub result: Source,
    pub cost: Source,
    pub channels: Source,
    pub form: Source,
    pub providers: Source,
}

/// How the applicant's document reaches the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Handed in (or uploaded) and kept in the file.
    BroughtKept,
    /// Shown to identify the applicant, and handed back.
    ShownReturned,
    /// Taken from state information systems by the one who acts (`fetched_by`): never asked of
    /// the applicant (Law 88-V).
    Fetched,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 3] = [
        DocumentKind::BroughtKept,
        DocumentKind::ShownReturned,
        DocumentKind::Fetched,
    ];
}

/// A form answer that makes a document required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerIs {
    pub field: String,
    pub values: Vec<String>,
}

impl AnswerIs {
    pub fn holds(&self, answers: &std::collections::BTreeMap<String, String>) -> bool {
        answers
            .get(&self.field)
            .is_some_and(|a| self.values.iter().any(|v| v == a))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Stable id, referenced by `file` form fields.
    pub id: String,
    pub name: Text,
    pub kind: DocumentKind,
    /// The channels this entry is for; empty means every channel of the service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    /// Who takes a fetched document from the information systems.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_by: Option<Role>,
    /// When the document is needed, as the source words it; without it, always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Text>,
    /// The form answer that makes it required; without it a conditional document is optional
    /// on the form (the applicant knows whether it applies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_when: Option<AnswerIs>,
    /// How long the document stays valid, e.g. one month from issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Text>,
    pub source: Source,
}

impl Document {
    pub fn on_channel(&self, channel: Channel) -> bool {
        self.channels.is_empty() || self.channels.contains(&channel)
    }
}

/// A refusal to accept the package at the counter (not a refusal of the service).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusalToAccept {
    pub text: Text,
    /// The receipt form handed to the applicant, when the source names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<Text>,
    /// Empty means every channel where documents are handed in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    pub source: Source,
}

/// A ground for a motivated refusal of the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusalGround {
    pub text: Text,
    pub source: Source,
}

/// What a passport section says besides its list (e.g. "the list points to the Standard").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteAbout {
    Service,
    Term,
    Documents,
    Refusals,
    Steps,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub about: NoteAbout,
    pub text: Text,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub role: Role,
    pub action: Text,
    pub result: Text,
    /// Zero means the source sets no time for the step (`duration_source` says so).
    pub duration: Duration,
    /// The clause the step comes from.
    pub source: Source,
    /// Where the duration comes from, when not from the step's own clause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_source: Option<Source>,
    /// The step may end the application with a refusal (drawn as a decision).
    #[serde(default)]
    pub can_refuse: bool,
}

impl Step {
    /// The step or its duration is not written in the seed.
    pub fn is_outside_seed(&self) -> bool {
        !self.source.is_seed() || self.duration_source.as_ref().is_some_and(|s| !s.is_seed())
    }
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
    /// For `date` fields: the range of dates accepted, in days from the day of the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_from_today: Option<DayRange>,
    /// For an IIN text field: the age the person must be of on the day of the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iin_age: Option<AgeRange>,
    /// Where the field's rule (`days_from_today`, `iin_age`) comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_source: Option<Source>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayRange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i32>,
}

/// Full years of age, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeRange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_years: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_years: Option<u32>,
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
    /// The term on each channel; a channel the source gives no term for has none.
    #[serde(default)]
    pub terms: Vec<Term>,
    /// Free of charge.
    pub free: bool,
    pub result: Text,
    pub sources: PassportSources,
    #[serde(default)]
    pub refusals_to_accept: Vec<RefusalToAccept>,
    #[serde(default)]
    pub refusal_grounds: Vec<RefusalGround>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub notes: Vec<Note>,
    /// Extra words people search with (both languages, any case).
    #[serde(default)]
    pub keywords: Vec<String>,
    pub regulation: Regulation,
    pub paths: Vec<Path>,
    #[serde(default)]
    pub fields: Vec<Field>,
}

impl Service {
    pub fn is_online(&self) -> bool {
        self.channels.contains(&Channel::Portal)
    }

    pub fn path(&self, channel: Channel) -> Option<&Path> {
        self.paths.iter().find(|p| p.channel == channel)
    }

    /// The term on a channel, if the sources give one.
    pub fn term(&self, channel: Channel) -> Option<&Term> {
        self.terms.iter().find(|t| t.channels.contains(&channel))
    }

    pub fn notes_about(&self, about: NoteAbout) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(move |n| n.about == about)
    }

    pub fn documents_of_kind(&self, kind: DocumentKind) -> impl Iterator<Item = &Document> {
        self.documents.iter().filter(move |d| d.kind == kind)
    }

    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// Whether a file field must be uploaded, given the form's other answers: always for a
    /// required field, and for a conditional document when its answer holds.
    pub fn file_required(
        &self,
        field: &Field,
        answers: &std::collections::BTreeMap<String, String>,
    ) -> bool {
        field.required
            || field
                .document
                .as_deref()
                .and_then(|id| self.document(id))
                .and_then(|d| d.required_when.as_ref())
                .is_some_and(|w| w.holds(answers))
    }
}

/// All services, in a stable order (category, then code).
#[derive(Debug, Clone)]
pub struct Catalog {
    pub services: Vec<Service>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest valid service file; the tests of `checks` and `search` change it.
    pub(super) const MINIMAL: &str = r#"
code = "EDU-TEST"
register_code = false
slug = "test-service"
category = "school"
provider_kinds = ["school"]
channels = ["provider"]
form = "paper"
free = true
name = { kk = "Сынақ қызметі", ru = "Тестовая услуга" }
description = { kk = "Сипаттама", ru = "Описание" }
result = { kk = "Нәтиже", ru = "Результат" }
not_online_reason = { kk = "Порталда жоқ", ru = "Нет на портале" }

[sources]
result = { kind = "seed", kk = "4-тармақ", ru = "п. 4" }
cost = { kind = "assumed", kk = "Тегін деп алынды", ru = "Принято бесплатной" }
channels = { kind = "seed", kk = "3-тармақ", ru = "п. 3" }
form = { kind = "seed", kk = "3-тармақ", ru = "п. 3" }
providers = { kind = "seed", kk = "2-тармақ", ru = "п. 2" }

[[terms]]
channels = ["provider"]
amount = 1
unit = "working_days"
counting = "acceptance_day_not_counted"
source = { kind = "seed", kk = "4-тармақ", ru = "п. 4" }

[[refusal_grounds]]
text = { kk = "Негіз", ru = "Основание" }
source = { kind = "seed", kk = "9-тармақ", ru = "п. 9" }

[[documents]]
id = "application"
name = { kk = "Өтініш", ru = "Заявление" }
kind = "brought_kept"
source = { kind = "seed", kk = "9-тармақ", ru = "п. 9" }

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
source = { kind = "seed", kk = "5-тармақ", ru = "п. 5" }
"#;

    #[test]
    fn a_minimal_file_parses() {
        let s = Service::parse("test.toml", MINIMAL).unwrap();
        assert_eq!(s.paths[0].steps[0].duration.unit, DurationUnit::Minutes);
        assert!(!s.is_online());
    }
}
