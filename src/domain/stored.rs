//! Values read back from the database are strict: a status, a role or a unit this build does not
//! know (written by a newer node, or by hand) is an error, never a default. Failing closed keeps
//! an old node from treating, say, a registered application as an editable draft.

use super::application::Status;
use super::catalog::{DurationUnit, Role};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?} in the database")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
}

fn strict<T>(
    what: &'static str,
    value: String,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, UnknownValue> {
    parse(&value).ok_or(UnknownValue { what, value })
}

impl TryFrom<String> for Status {
    type Error = UnknownValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        strict("status", value, Status::parse)
    }
}

impl TryFrom<String> for Role {
    type Error = UnknownValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        const ROLES: [Role; 7] = [
            Role::Applicant,
            Role::Operator,
            Role::Courier,
            Role::Clerk,
            Role::Head,
            Role::Executor,
            Role::System,
        ];
        strict("role", value, |s| {
            ROLES.into_iter().find(|r| r.as_str() == s)
        })
    }
}

impl TryFrom<String> for DurationUnit {
    type Error = UnknownValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        strict("time unit", value, DurationUnit::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_parse_and_unknown_ones_are_errors() {
        assert_eq!(
            Status::try_from("submitted".to_string()),
            Ok(Status::Submitted)
        );
        assert_eq!(Role::try_from("head".to_string()), Ok(Role::Head));
        assert_eq!(
            DurationUnit::try_from("working_days".to_string()),
            Ok(DurationUnit::WorkingDays)
        );
        let e = Status::try_from("archived".to_string()).unwrap_err();
        assert_eq!(e.to_string(), "unknown status \"archived\" in the database");
        assert!(Role::try_from("janitor".to_string()).is_err());
        assert!(DurationUnit::try_from("weeks".to_string()).is_err());
        assert!(Status::try_from(String::new()).is_err());
    }
}
