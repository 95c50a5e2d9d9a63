//! Counter intake at the provider: which services an office takes, which documents it asks the
//! citizen for, what a presented package is missing, who the person taken at the counter is
//! when they have no portal account, and what the intake form posts (`form`).

pub mod form;
mod package;
mod person;

pub use package::{
    AcceptedScan, Scan, asked_documents, check_scans, is_required, missing, refusals_at_counter,
};
pub use person::{NewPerson, PersonInput, check_iin, check_person};

use super::catalog::{Catalog, Channel, Service};

/// Where a paper application is taken: a provider's office (its clerk) or the State
/// Corporation's front office (an operator, for any provider of the service).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desk {
    Office,
    FrontOffice,
}

impl Desk {
    /// The channel whose steps, documents and term an application taken here runs.
    pub fn channel(self) -> Channel {
        match self {
            Desk::Office => Channel::Provider,
            Desk::FrontOffice => Channel::StateCorporation,
        }
    }

    /// Where its intake form posts.
    pub fn form_path(self) -> &'static str {
        match self {
            Desk::Office => "/admin/applications/new",
            Desk::FrontOffice => "/operator/applications/new",
        }
    }
}

/// The services the State Corporation takes at its counters: those with a State Corporation
/// channel and path in their regulation.
pub fn services_at_front_office(catalog: &Catalog) -> Vec<&Service> {
    catalog
        .services
        .iter()
        .filter(|s| s.channels.contains(&Channel::StateCorporation))
        .filter(|s| s.path(Channel::StateCorporation).is_some())
        .collect()
}

/// The services the office of an organization of `kind` (`organizations.kind`) takes at its
/// counter: those it provides that are handed in at the provider, with a provider path to run.
pub fn services_at_counter<'a>(catalog: &'a Catalog, kind: &str) -> Vec<&'a Service> {
    catalog
        .services
        .iter()
        .filter(|s| s.provider_kinds.iter().any(|k| k.as_str() == kind))
        .filter(|s| s.channels.contains(&Channel::Provider))
        .filter(|s| s.path(Channel::Provider).is_some())
        .collect()
}

/// The service with this code if the office takes it at its counter: the only ones a clerk may
/// choose, whatever the form posts.
pub fn service_at_counter<'a>(catalog: &'a Catalog, kind: &str, code: &str) -> Option<&'a Service> {
    services_at_counter(catalog, kind)
        .into_iter()
        .find(|s| s.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::ProviderKind;

    fn catalog() -> Catalog {
        crate::catalog::embedded().expect("the service files are valid")
    }

    #[test]
    fn a_school_office_takes_the_services_handed_in_at_a_school() {
        let catalog = catalog();
        let codes: Vec<&str> = services_at_counter(&catalog, ProviderKind::School.as_str())
            .iter()
            .map(|s| s.code.as_str())
            .collect();
        assert!(codes.contains(&"EDU-SCHOOL-DUPLICATE"), "{codes:?}");
        assert!(codes.contains(&"EDU-HOME-SCHOOLING"), "{codes:?}");
        // Portal-only services and other kinds' services are not taken at its counter.
        assert!(!codes.contains(&"EDU-TEACHER-ATTESTATION"), "{codes:?}");
        assert!(!codes.contains(&"EDU-TVET-DUPLICATE"), "{codes:?}");
        assert!(!codes.contains(&"00403002"), "{codes:?}");
        assert!(services_at_counter(&catalog, "no_such_kind").is_empty());
    }

    #[test]
    fn a_clerk_may_choose_only_a_service_the_office_takes() {
        let catalog = catalog();
        let school = ProviderKind::School.as_str();
        let chosen = service_at_counter(&catalog, school, "EDU-SCHOOL-DUPLICATE");
        assert_eq!(
            chosen.map(|s| s.code.as_str()),
            Some("EDU-SCHOOL-DUPLICATE")
        );
        assert!(service_at_counter(&catalog, school, "EDU-TVET-DUPLICATE").is_none());
        assert!(service_at_counter(&catalog, school, "EDU-TEACHER-ATTESTATION").is_none());
        assert!(service_at_counter(&catalog, school, "").is_none());
    }
}
