//! The package presented at the counter: the documents asked, what is missing, the scans
//! attached, and what the regulation says about refusing to accept at the counter.

use crate::domain::application::{FileKind, MAX_APPLICATION_BYTES, check_upload};
use crate::domain::catalog::{Channel, Document, DocumentKind, RefusalToAccept, Service};
use crate::domain::{FieldErrors, MsgId};

/// The documents asked at a counter of `channel` (the provider's or the State Corporation's),
/// in the service's order: those handed in and those shown. Fetched ones are taken from the
/// information systems.
pub fn asked_documents(service: &Service, channel: Channel) -> Vec<&Document> {
    service
        .documents
        .iter()
        .filter(|d| d.on_channel(channel))
        .filter(|d| {
            matches!(
                d.kind,
                DocumentKind::BroughtKept | DocumentKind::ShownReturned
            )
        })
        .collect()
}

/// A document with a condition ("if the document is damaged") is needed only when it applies,
/// which the clerk judges at the counter; one without is always needed.
pub fn is_required(document: &Document) -> bool {
    document.condition.is_none()
}

/// The required documents of the service that were not presented, in the service's order.
/// Empty: the package is complete.
pub fn missing<'a>(
    service: &'a Service,
    channel: Channel,
    presented: &[&str],
) -> Vec<&'a Document> {
    asked_documents(service, channel)
        .into_iter()
        .filter(|d| is_required(d) && !presented.contains(&d.id.as_str()))
        .collect()
}

/// What the service's regulation says about refusing to accept a package at a counter of
/// `channel` (entries for the other channel do not apply). Empty: it says nothing.
pub fn refusals_at_counter(service: &Service, channel: Channel) -> Vec<&RefusalToAccept> {
    service
        .refusals_to_accept
        .iter()
        .filter(|r| r.channels.is_empty() || r.channels.contains(&channel))
        .collect()
}

/// A scan the clerk attached to one document of the package.
pub struct Scan<'a> {
    pub document: &'a str,
    pub bytes: &'a [u8],
    /// Dropped on arrival for being over the per-file limit.
    pub too_large: bool,
}

/// A scan that passed its checks: which one (index into the scans given) and its file type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedScan {
    pub index: usize,
    pub document: String,
    pub kind: FileKind,
}

/// Checks the scans of a package: each of a document asked and ticked as presented, of an
/// accepted type and size, all together within the application's limit. Errors are keyed by
/// the document's id; a total over the limit is reported under `""`.
pub fn check_scans(
    service: &Service,
    channel: Channel,
    presented: &[&str],
    scans: &[Scan<'_>],
) -> Result<Vec<AcceptedScan>, FieldErrors> {
    let asked = asked_documents(service, channel);
    let mut errors = FieldErrors::default();
    let mut accepted = vec![];
    for (index, scan) in scans.iter().enumerate() {
        if !asked.iter().any(|d| d.id == scan.document) {
            continue;
        }
        if !presented.contains(&scan.document) {
            errors.add(scan.document, MsgId("intake-error-scan-not-presented"));
            continue;
        }
        if scan.too_large {
            errors.add(scan.document, MsgId("error-file-too-large"));
            continue;
        }
        match check_upload(scan.bytes) {
            Ok(kind) => accepted.push(AcceptedScan {
                index,
                document: scan.document.to_string(),
                kind,
            }),
            Err(m) => errors.add(scan.document, m),
        }
    }
    let total: usize = accepted.iter().map(|a| scans[a.index].bytes.len()).sum();
    if errors.is_empty() && total > MAX_APPLICATION_BYTES {
        errors.add("", MsgId("error-files-total-too-large"));
    }
    if errors.is_empty() {
        Ok(accepted)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Catalog;

    fn catalog() -> Catalog {
        crate::catalog::embedded().expect("the service files are valid")
    }

    #[test]
    fn the_duplicate_needs_the_application_and_the_identity_document() {
        let catalog = catalog();
        let service = catalog.find("EDU-SCHOOL-DUPLICATE").unwrap();
        let asked: Vec<&str> = asked_documents(service, Channel::Provider)
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(
            asked,
            ["application", "damaged-original", "identity-document"]
        );
        let ids = |docs: Vec<&Document>| docs.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(missing(service, Channel::Provider, &[])),
            ["application", "identity-document"]
        );
        assert_eq!(
            ids(missing(service, Channel::Provider, &["application"])),
            ["identity-document"]
        );
        // The damaged original is conditional: a package without it is complete.
        assert!(
            missing(
                service,
                Channel::Provider,
                &["application", "identity-document"]
            )
            .is_empty()
        );
    }

    #[test]
    fn fetched_documents_and_other_channels_documents_are_not_asked() {
        let catalog = catalog();
        for service in &catalog.services {
            for d in asked_documents(service, Channel::Provider) {
                assert_ne!(d.kind, DocumentKind::Fetched, "{}", service.code);
                assert!(d.on_channel(Channel::Provider), "{}", service.code);
            }
        }
    }

    #[test]
    fn only_refusals_to_accept_at_the_provider_are_cited() {
        let catalog = catalog();
        // Its refusal to accept is the State Corporation's (regulation p.8 2)), not the college's.
        let tvet = catalog.find("EDU-TVET-DUPLICATE").unwrap();
        assert!(!tvet.refusals_to_accept.is_empty());
        assert!(refusals_at_counter(tvet, Channel::Provider).is_empty());
        let mut everywhere = tvet.clone();
        everywhere.refusals_to_accept[0].channels.clear();
        assert_eq!(refusals_at_counter(&everywhere, Channel::Provider).len(), 1);
        let mut provider = tvet.clone();
        provider.refusals_to_accept[0].channels = vec![Channel::Provider];
        assert_eq!(refusals_at_counter(&provider, Channel::Provider).len(), 1);
        // At the State Corporation's counter it is cited.
        assert_eq!(
            refusals_at_counter(tvet, Channel::StateCorporation).len(),
            1
        );
    }

    #[test]
    fn scans_must_be_of_presented_documents_and_of_accepted_types() {
        let catalog = catalog();
        let service = catalog.find("EDU-SCHOOL-DUPLICATE").unwrap();
        let pdf = b"%PDF-1.7 scan".as_slice();
        let scans = [
            Scan {
                document: "application",
                bytes: pdf,
                too_large: false,
            },
            Scan {
                document: "not-a-document-of-this-service",
                bytes: pdf,
                too_large: false,
            },
        ];
        let accepted = check_scans(service, Channel::Provider, &["application"], &scans).unwrap();
        assert_eq!(
            accepted,
            [AcceptedScan {
                index: 0,
                document: "application".into(),
                kind: FileKind::Pdf
            }]
        );

        let e = check_scans(service, Channel::Provider, &[], &scans).unwrap_err();
        assert_eq!(
            e.get("application"),
            Some("intake-error-scan-not-presented")
        );

        let exe = [Scan {
            document: "identity-document",
            bytes: b"MZ\x90\x00",
            too_large: false,
        }];
        let e = check_scans(service, Channel::Provider, &["identity-document"], &exe).unwrap_err();
        assert_eq!(e.get("identity-document"), Some("error-file-type"));

        let big = [Scan {
            document: "application",
            bytes: b"",
            too_large: true,
        }];
        let e = check_scans(service, Channel::Provider, &["application"], &big).unwrap_err();
        assert_eq!(e.get("application"), Some("error-file-too-large"));
    }
}
