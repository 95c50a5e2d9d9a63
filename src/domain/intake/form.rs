//! What the intake form posts, parsed at the boundary. Every step posts the same form, whose
//! `stage` says which step it is; the IIN, the service and the idempotency key travel as hidden
//! fields and are checked again at every step; each document asked has a tick box `doc_<id>`
//! and a file input `scan_<id>`.

use crate::domain::application::is_idempotency_key;
use std::collections::BTreeMap;

use super::package::asked_documents;
use super::person::PersonInput;
use crate::domain::catalog::{Channel, Service};
use crate::domain::iin::Iin;

/// The posted text fields, by name.
pub type Fields = BTreeMap<String, String>;

const TICK: &str = "doc_";
const SCAN: &str = "scan_";

/// The step a post is for (field `stage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The IIN typed (`find`).
    Find,
    /// The name and phone of a person without a record (`person`).
    Person,
    /// The service chosen (`service`).
    Service,
    /// The documents presented and their scans (`package`).
    Package,
}

impl Stage {
    pub fn parse(s: &str) -> Option<Stage> {
        match s {
            "find" => Some(Stage::Find),
            "person" => Some(Stage::Person),
            "service" => Some(Stage::Service),
            "package" => Some(Stage::Package),
            _ => None,
        }
    }
}

/// A field's value; one not posted reads as empty.
pub fn value<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).map_or("", String::as_str)
}

/// The IIN a later step carries in a hidden field. `None`: no browser's doing.
pub fn hidden_iin(fields: &Fields) -> Option<Iin> {
    Iin::parse(value(fields, "iin")).ok()
}

/// The person form as typed, to check and to show again.
pub fn person_input(fields: &Fields) -> PersonInput {
    PersonInput {
        iin: value(fields, "iin").to_string(),
        last_name: value(fields, "last_name").to_string(),
        first_name: value(fields, "first_name").to_string(),
        middle_name: value(fields, "middle_name").to_string(),
        phone: value(fields, "phone").to_string(),
    }
}

/// The hidden fields of the documents form: who, which service (still to be checked against
/// the office's), and the key that makes a repeated post register once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackagePost<'a> {
    pub iin: Iin,
    pub service: &'a str,
    pub idempotency_key: &'a str,
}

/// `None` when a hidden field is not what the form sends: no browser's doing.
pub fn package_post(fields: &Fields) -> Option<PackagePost<'_>> {
    let iin = hidden_iin(fields)?;
    let key = value(fields, "idempotency_key");
    is_idempotency_key(key).then_some(PackagePost {
        iin,
        service: value(fields, "service"),
        idempotency_key: key,
    })
}

/// The documents asked whose tick box came checked, in the service's order.
pub fn presented<'a>(service: &'a Service, channel: Channel, fields: &Fields) -> Vec<&'a str> {
    asked_documents(service, channel)
        .into_iter()
        .filter(|d| value(fields, &tick_field(&d.id)) == "on")
        .map(|d| d.id.as_str())
        .collect()
}

/// The tick box of a document.
pub fn tick_field(document: &str) -> String {
    format!("{TICK}{document}")
}

/// The file input of a document's scan.
pub fn scan_field(document: &str) -> String {
    format!("{SCAN}{document}")
}

/// The document a file input is the scan of; a file under another name is none.
pub fn scan_of(field: &str) -> Option<&str> {
    field.strip_prefix(SCAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn only_the_four_stages_are_steps() {
        assert_eq!(Stage::parse("find"), Some(Stage::Find));
        assert_eq!(Stage::parse("person"), Some(Stage::Person));
        assert_eq!(Stage::parse("service"), Some(Stage::Service));
        assert_eq!(Stage::parse("package"), Some(Stage::Package));
        assert_eq!(Stage::parse("Package"), None);
        assert_eq!(Stage::parse(""), None);
    }

    #[test]
    fn the_documents_form_needs_a_valid_iin_and_key() {
        let key = "AbC-def_0123456789";
        let good = fields(&[
            ("iin", "950415300122"),
            ("service", "EDU-SCHOOL-DUPLICATE"),
            ("idempotency_key", key),
        ]);
        let post = package_post(&good).unwrap();
        assert_eq!(post.iin.as_str(), "950415300122");
        assert_eq!(post.service, "EDU-SCHOOL-DUPLICATE");
        assert_eq!(post.idempotency_key, key);

        let mut bad_iin = good.clone();
        bad_iin.insert("iin".into(), "950415300123".into());
        assert_eq!(package_post(&bad_iin), None);
        for bad in [
            "",
            "short-key-123",
            "with space in the key!",
            &"k".repeat(65),
        ] {
            let mut bad_key = good.clone();
            bad_key.insert("idempotency_key".into(), bad.to_string());
            assert_eq!(package_post(&bad_key), None, "{bad:?}");
        }
        assert!(is_idempotency_key(&"k".repeat(16)));
        assert!(is_idempotency_key(&"k".repeat(64)));
        assert!(!is_idempotency_key(&"k".repeat(15)));
    }

    #[test]
    fn presented_are_the_ticked_documents_the_service_asks() {
        let catalog = crate::catalog::embedded().expect("the service files are valid");
        let service = catalog.find("EDU-SCHOOL-DUPLICATE").unwrap();
        let posted = fields(&[
            (&tick_field("identity-document"), "on"),
            (&tick_field("application"), "on"),
            (&tick_field("damaged-original"), ""),
            (&tick_field("not-a-document-of-this-service"), "on"),
        ]);
        // In the service's order, not the form's.
        assert_eq!(
            presented(service, Channel::Provider, &posted),
            ["application", "identity-document"]
        );
        assert_eq!(tick_field("application"), "doc_application");
        assert_eq!(scan_field("application"), "scan_application");
        assert_eq!(scan_of("scan_application"), Some("application"));
        assert_eq!(scan_of("doc_application"), None);
    }

    #[test]
    fn a_field_not_posted_reads_as_empty() {
        let posted = fields(&[("last_name", "Сәрсенбаев"), ("iin", "950415300122")]);
        let input = person_input(&posted);
        assert_eq!(input.last_name, "Сәрсенбаев");
        assert_eq!(input.first_name, "");
        assert_eq!(value(&posted, "phone"), "");
        assert_eq!(
            hidden_iin(&posted).map(|i| i.as_str().to_string()),
            Some(input.iin)
        );
        assert_eq!(hidden_iin(&fields(&[])), None);
    }
}
