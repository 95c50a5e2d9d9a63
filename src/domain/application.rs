//! An application for a service: its statuses, its number, the checks of what the applicant
//! typed and uploaded, and its planned timeline.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::calendar::WorkingCalendar;
use super::catalog::{AgeRange, DayRange, Field, FieldType, Path, Service, Step};
use super::iin::Iin;
use super::workflow::{self, Duty};
use super::{FieldErrors, MsgId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Draft,
    Submitted,
    Registered,
    InProgress,
    ResultReady,
    Issued,
    Refused,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Draft,
        Status::Submitted,
        Status::Registered,
        Status::InProgress,
        Status::ResultReady,
        Status::Issued,
        Status::Refused,
        Status::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Registered => "registered",
            Status::InProgress => "in_progress",
            Status::ResultReady => "result_ready",
            Status::Issued => "issued",
            Status::Refused => "refused",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn message(self) -> MsgId {
        match self {
            Status::Draft => MsgId("status-draft"),
            Status::Submitted => MsgId("status-submitted"),
            Status::Registered => MsgId("status-registered"),
            Status::InProgress => MsgId("status-in-progress"),
            Status::ResultReady => MsgId("status-result-ready"),
            Status::Issued => MsgId("status-issued"),
            Status::Refused => MsgId("status-refused"),
            Status::Withdrawn => MsgId("status-withdrawn"),
        }
    }

    /// The applicant may withdraw until the provider registers the application.
    pub fn can_withdraw(self) -> bool {
        self == Status::Submitted
    }

    /// No more steps will run.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Issued | Status::Refused | Status::Withdrawn)
    }
}

/// A form's idempotency key as the portal gives one out: 16 to 64 letters, digits, `-` or `_`
/// (a double-clicked form makes one application).
pub fn is_idempotency_key(key: &str) -> bool {
    (16..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `KZ-2026-00001234`: the year of creation and a sequence number that is never reused.
pub fn format_number(year: i32, sequence: i64) -> String {
    format!("KZ-{year}-{sequence:08}")
}

/// Longest text accepted in a text field without its own limit, and in a textarea.
pub const TEXT_MAX_CHARS: usize = 500;
pub const TEXTAREA_MAX_CHARS: usize = 4000;

/// Checks the typed answers against the service's form on `today` (file fields are checked on
/// upload). Returns the answers to keep: every non-file field, trimmed; unchecked boxes as
/// "false".
pub fn validate_answers(
    service: &Service,
    input: &BTreeMap<String, String>,
    today: NaiveDate,
) -> Result<BTreeMap<String, String>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut answers = BTreeMap::new();
    for field in service
        .fields
        .iter()
        .filter(|f| f.field_type != FieldType::File)
    {
        let raw = input.get(&field.name).map(|v| v.trim()).unwrap_or("");
        match check_field(field, raw, today) {
            Ok(value) => {
                answers.insert(field.name.clone(), value);
            }
            Err((msg, args)) => errors.add_with(&field.name, msg, args),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

type Problem = (MsgId, Vec<(&'static str, String)>);

fn check_field(field: &Field, raw: &str, today: NaiveDate) -> Result<String, Problem> {
    let plain = |id| (MsgId(id), vec![]);
    if field.field_type == FieldType::Checkbox {
        let on = matches!(raw, "on" | "true" | "1" | "yes");
        if field.required && !on {
            return Err(plain("error-field-must-check"));
        }
        return Ok(on.to_string());
    }
    if raw.is_empty() {
        return if field.required {
            Err(plain("error-field-required"))
        } else {
            Ok(String::new())
        };
    }
    let chars = raw.chars().count();
    match field.field_type {
        FieldType::Text | FieldType::Textarea => {
            let default_max = if field.field_type == FieldType::Text {
                TEXT_MAX_CHARS
            } else {
                TEXTAREA_MAX_CHARS
            };
            let max = field.max_length.map_or(default_max, |m| m as usize);
            if let Some(min) = field.min_length
                && chars < min as usize
            {
                return Err((
                    MsgId("error-field-too-short"),
                    vec![("min", min.to_string())],
                ));
            }
            if chars > max {
                return Err((
                    MsgId("error-field-too-long"),
                    vec![("max", max.to_string())],
                ));
            }
            if let Some(pattern) = &field.pattern {
                let matches = regex::Regex::new(&format!("^(?:{pattern})$"))
                    .map(|re| re.is_match(raw))
                    .unwrap_or(false);
                if !matches {
                    return Err(plain("error-field-pattern"));
                }
            }
            if let Some(age) = field.iin_age {
                check_age(raw, age, today)?;
            }
            Ok(raw.to_string())
        }
        FieldType::Number => {
            let n: f64 = raw
                .replace(',', ".")
                .parse()
                .map_err(|_| plain("error-field-number"))?;
            if !n.is_finite() {
                return Err(plain("error-field-number"));
            }
            if let Some(min) = field.min
                && n < min
            {
                return Err((MsgId("error-field-min"), vec![("min", min.to_string())]));
            }
            if let Some(max) = field.max
                && n > max
            {
                return Err((MsgId("error-field-max"), vec![("max", max.to_string())]));
            }
            Ok(raw.to_string())
        }
        FieldType::Date => {
            let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .map_err(|_| plain("error-field-date"))?;
            if let Some(range) = field.days_from_today {
                check_day_range(date, range, today)?;
            }
            Ok(date.to_string())
        }
        FieldType::Select => field
            .options
            .iter()
            .find(|o| o.value == raw)
            .map(|o| o.value.clone())
            .ok_or_else(|| plain("error-field-option")),
        FieldType::Checkbox | FieldType::File => Ok(raw.to_string()),
    }
}

/// A date within `range` days of `today`; the message names the first or last date accepted.
fn check_day_range(date: NaiveDate, range: DayRange, today: NaiveDate) -> Result<(), Problem> {
    let day = |n: i32| today + chrono::TimeDelta::days(i64::from(n));
    if let Some(min) = range.min
        && date < day(min)
    {
        return Err((
            MsgId("error-field-date-before"),
            vec![("date", day(min).format("%d.%m.%Y").to_string())],
        ));
    }
    if let Some(max) = range.max
        && date > day(max)
    {
        return Err((
            MsgId("error-field-date-after"),
            vec![("date", day(max).format("%d.%m.%Y").to_string())],
        ));
    }
    Ok(())
}

/// The person whose IIN this is must be of an age (full years) on `today`.
fn check_age(raw: &str, range: AgeRange, today: NaiveDate) -> Result<(), Problem> {
    let iin = Iin::parse(raw).map_err(|e| (e.message(), vec![]))?;
    let born = iin.birth_date();
    let years = today.years_since(born).map_or(-1, i64::from);
    let too_young = range.min_years.is_some_and(|min| years < i64::from(min));
    let too_old = range.max_years.is_some_and(|max| years > i64::from(max));
    if too_young || too_old {
        return Err((
            MsgId("error-field-age"),
            vec![
                ("min", range.min_years.unwrap_or(0).to_string()),
                ("max", range.max_years.map_or("—".into(), |m| m.to_string())),
            ],
        ));
    }
    Ok(())
}

/// One file as the form sent it.
pub struct Received<'a> {
    pub field: &'a str,
    pub bytes: &'a [u8],
    /// Dropped on arrival for being over the per-file limit.
    pub too_large: bool,
}

/// An upload that passed its checks: which received file, for which field and document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedUpload {
    pub received: usize,
    pub field: String,
    pub document: String,
    pub kind: FileKind,
}

/// What a posted application form amounts to.
#[derive(Debug, Default)]
pub struct CheckedForm {
    /// The answers to keep (for a draft: what was typed, trimmed and cut to size).
    pub answers: BTreeMap<String, String>,
    pub uploads: Vec<AcceptedUpload>,
    pub errors: FieldErrors,
}

/// Checks a posted form on `today`. "Save draft" keeps whatever was typed; "continue"
/// (`finishing`) checks every answer and requires every upload the answers make required,
/// counting those already stored in the draft (`stored_fields`).
pub fn check_form(
    service: &Service,
    input: &BTreeMap<String, String>,
    received: &[Received<'_>],
    stored_fields: &[&str],
    finishing: bool,
    today: NaiveDate,
) -> CheckedForm {
    let mut checked = CheckedForm::default();
    checked.answers = if finishing {
        validate_answers(service, input, today).unwrap_or_else(|e| {
            checked.errors.extend(e);
            BTreeMap::new()
        })
    } else {
        draft_answers(service, input)
    };
    for f in service
        .fields
        .iter()
        .filter(|f| f.field_type == FieldType::File)
    {
        match received.iter().position(|r| r.field == f.name) {
            Some(i) if received[i].too_large => {
                checked.errors.add(&f.name, MsgId("error-file-too-large"))
            }
            Some(i) => match check_upload(received[i].bytes) {
                Ok(kind) => checked.uploads.push(AcceptedUpload {
                    received: i,
                    field: f.name.clone(),
                    document: f.document.clone().unwrap_or_default(),
                    kind,
                }),
                Err(m) => checked.errors.add(&f.name, m),
            },
            None if finishing
                && service.file_required(f, &checked.answers)
                && !stored_fields.contains(&f.name.as_str()) =>
            {
                checked.errors.add(&f.name, MsgId("error-file-required"))
            }
            None => {}
        }
    }
    checked
}

/// A draft keeps what was typed in the form's own fields, trimmed and cut to size.
fn draft_answers(service: &Service, input: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    service
        .fields
        .iter()
        .filter(|f| f.field_type != FieldType::File)
        .filter_map(|f| {
            input.get(&f.name).map(|v| {
                let kept = v.trim().chars().take(TEXTAREA_MAX_CHARS).collect();
                (f.name.clone(), kept)
            })
        })
        .collect()
}

/// The file types accepted for documents, recognised by their first bytes, not their name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
}

impl FileKind {
    pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
        if bytes.starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(FileKind::Png)
        } else {
            None
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
        }
    }
}

pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_APPLICATION_BYTES: usize = 30 * 1024 * 1024;

/// Checks one upload: its type by content and its size.
pub fn check_upload(bytes: &[u8]) -> Result<FileKind, MsgId> {
    if bytes.is_empty() {
        return Err(MsgId("error-file-empty"));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(MsgId("error-file-too-large"));
    }
    FileKind::sniff(bytes).ok_or(MsgId("error-file-type"))
}

/// One regulated step with its planned due instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedStep {
    pub position: i32,
    pub step: Step,
    pub due_at: DateTime<Utc>,
    /// Steps that are over when the application is submitted (the applicant's own, and the
    /// information systems' that precede any staff work).
    pub done_at: Option<DateTime<Utc>>,
}

/// Each step is due its regulated time after the previous step's due instant, starting from
/// submission; the last due instant is the expected result date. The steps before anyone's
/// work (the applicant's own, the information systems', and what the State Corporation does at
/// its counter while the citizen is there) are over at submission.
pub fn plan(
    path: &Path,
    submitted_at: DateTime<Utc>,
    calendar: &WorkingCalendar,
) -> Vec<PlannedStep> {
    let duties = workflow::duties(path);
    let mut at = submitted_at;
    let mut work_reached = false;
    path.steps
        .iter()
        .zip(duties)
        .enumerate()
        .map(|(i, (step, duty))| {
            work_reached |= !matches!(duty, Duty::Auto | Duty::Counter);
            at = calendar.due(at, step.duration);
            PlannedStep {
                position: i as i32 + 1,
                step: step.clone(),
                due_at: at,
                done_at: (!work_reached).then_some(submitted_at),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::WorkingHours;
    use crate::domain::catalog::{Duration, DurationUnit, Role, SelectOption, Text};

    fn field(name: &str, field_type: FieldType) -> Field {
        Field {
            name: name.into(),
            field_type,
            label: Text {
                kk: "Өріс".into(),
                ru: "Поле".into(),
            },
            help: None,
            required: true,
            min_length: None,
            max_length: None,
            pattern: None,
            min: None,
            max: None,
            options: vec![],
            document: None,
            days_from_today: None,
            iin_age: None,
            rule_source: None,
        }
    }

    /// Thursday 3 December 2026.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    fn check(f: &Field, raw: &str) -> Result<String, &'static str> {
        check_field(f, raw, today()).map_err(|(m, _)| m.id())
    }

    #[test]
    fn a_date_rule_counts_from_today() {
        let mut date = field("desired_admission_date", FieldType::Date);
        date.days_from_today = Some(DayRange {
            min: Some(0),
            max: Some(366),
        });
        assert_eq!(check(&date, "2026-12-03"), Ok("2026-12-03".into()));
        assert_eq!(check(&date, "2027-09-01"), Ok("2027-09-01".into()));
        assert_eq!(check(&date, "2021-05-10"), Err("error-field-date-before"));
        assert_eq!(check(&date, "2026-12-02"), Err("error-field-date-before"));
        assert_eq!(check(&date, "2027-12-05"), Err("error-field-date-after"));
        let (_, args) = check_field(&date, "2021-05-10", today()).unwrap_err();
        assert_eq!(args, vec![("date", "03.12.2026".to_string())]);
    }

    #[test]
    fn an_iin_rule_checks_the_persons_age() {
        let mut iin = field("child_iin", FieldType::Text);
        iin.iin_age = Some(AgeRange {
            min_years: None,
            max_years: Some(6),
        });
        // Born 1 January 2020: six full years on 3 December 2026.
        assert_eq!(check(&iin, "200101500013"), Ok("200101500013".into()));
        // Born 1 January 2019: seven.
        let seven = crate::domain::iin::with_check_digit("19010150001").unwrap();
        assert_eq!(check(&iin, &seven), Err("error-field-age"));
        assert_eq!(check(&iin, "200101500016"), Err("error-iin-check-digit"));
    }

    #[test]
    fn numbers_are_formatted_with_year_and_eight_digits() {
        assert_eq!(format_number(2026, 1234), "KZ-2026-00001234");
        assert_eq!(format_number(2027, 123_456_789), "KZ-2027-123456789");
    }

    #[test]
    fn each_field_type_is_checked() {
        let mut iin = field("child_iin", FieldType::Text);
        iin.pattern = Some("[0-9]{12}".into());
        iin.min_length = Some(12);
        iin.max_length = Some(12);
        assert_eq!(check(&iin, "080229612345"), Ok("080229612345".into()));
        assert_eq!(check(&iin, ""), Err("error-field-required"));
        assert_eq!(check(&iin, "0802296123"), Err("error-field-too-short"));
        assert_eq!(check(&iin, "0802296123456"), Err("error-field-too-long"));
        assert_eq!(check(&iin, "08022961234a"), Err("error-field-pattern"));

        let date = field("d", FieldType::Date);
        assert_eq!(check(&date, "2026-09-01"), Ok("2026-09-01".into()));
        assert_eq!(check(&date, "2026-02-30"), Err("error-field-date"));

        let mut select = field("lang", FieldType::Select);
        select.options = vec![SelectOption {
            value: "kk".into(),
            label: Text {
                kk: "a".into(),
                ru: "b".into(),
            },
        }];
        assert_eq!(check(&select, "kk"), Ok("kk".into()));
        assert_eq!(check(&select, "en"), Err("error-field-option"));

        let mut number = field("n", FieldType::Number);
        number.min = Some(1.0);
        number.max = Some(11.0);
        assert_eq!(check(&number, "5"), Ok("5".into()));
        assert_eq!(check(&number, "0"), Err("error-field-min"));
        assert_eq!(check(&number, "12"), Err("error-field-max"));
        assert_eq!(check(&number, "five"), Err("error-field-number"));

        let mut optional = field("o", FieldType::Text);
        optional.required = false;
        assert_eq!(check(&optional, ""), Ok("".into()));
        assert_eq!(
            check(&optional, &"я".repeat(501)),
            Err("error-field-too-long")
        );

        let consent = field("c", FieldType::Checkbox);
        assert_eq!(check(&consent, "on"), Ok("true".into()));
        assert_eq!(check(&consent, ""), Err("error-field-must-check"));
    }

    #[test]
    fn uploads_are_recognised_by_content() {
        assert_eq!(check_upload(b"%PDF-1.7\n..."), Ok(FileKind::Pdf));
        assert_eq!(
            check_upload(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Ok(FileKind::Jpeg)
        );
        assert_eq!(
            check_upload(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Ok(FileKind::Png)
        );
        assert_eq!(
            check_upload(b"MZ\x90\x00 an exe named scan.pdf"),
            Err(MsgId("error-file-type"))
        );
        assert_eq!(check_upload(b""), Err(MsgId("error-file-empty")));
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_FILE_BYTES + 1, b' ');
        assert_eq!(check_upload(&big), Err(MsgId("error-file-too-large")));
    }

    #[test]
    fn the_plan_chains_due_instants_and_closes_the_applicants_own_steps() {
        let text = || Text {
            kk: "Қадам".into(),
            ru: "Шаг".into(),
        };
        let step = |role, amount, unit| Step {
            role,
            action: text(),
            result: text(),
            duration: Duration { amount, unit },
            source: crate::domain::catalog::Source {
                kind: crate::domain::catalog::SourceKind::Seed,
                kk: "1-тармақ".into(),
                ru: "п. 1".into(),
            },
            duration_source: None,
            can_refuse: false,
        };
        let path = Path {
            channel: crate::domain::catalog::Channel::Portal,
            steps: vec![
                step(Role::Applicant, 0, DurationUnit::Minutes),
                step(Role::System, 0, DurationUnit::Minutes),
                step(Role::Clerk, 15, DurationUnit::Minutes),
                step(Role::Executor, 1, DurationUnit::WorkingDays),
                step(Role::System, 0, DurationUnit::Minutes),
            ],
        };
        let cal = WorkingCalendar::new([], WorkingHours::default());
        // Monday 23 Nov 2026, 10:00 in Almaty.
        let submitted = "2026-11-23T05:00:00Z".parse().unwrap();
        let planned = plan(&path, submitted, &cal);
        let local = |t: DateTime<Utc>| {
            crate::domain::calendar::local(t)
                .format("%d %H:%M")
                .to_string()
        };
        let dues: Vec<String> = planned.iter().map(|p| local(p.due_at)).collect();
        assert_eq!(
            dues,
            ["23 10:00", "23 10:00", "23 10:15", "24 18:30", "24 18:30"]
        );
        let done: Vec<bool> = planned.iter().map(|p| p.done_at.is_some()).collect();
        assert_eq!(done, [true, true, false, false, false]);
    }
}
