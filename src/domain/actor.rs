//! Who acts, and the typed ids of what they act on. Every repo loader takes an `Actor`, so the
//! query that loads a record is the one place that decides whether the actor may see it
//! (principle 4 of DESIGN.md).

use std::fmt;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub i64);

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                $name(id)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id!(
    /// A person with an account (a citizen; later also staff).
    UserId
);
id!(
    /// An application, by its row (the public handle is its number).
    ApplicationId
);
id!(
    /// An uploaded document of an application.
    DocumentId
);
id!(
    /// A provider organization.
    OrganizationId
);
id!(
    /// A staff account (provider staff, a State Corporation operator, an administrator).
    StaffId
);

/// What a staff account may do. Provider roles belong to one organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaffRole {
    /// The office (канцелярия): registers and issues.
    Clerk,
    /// Assigns executors with a resolution, signs results.
    Head,
    /// Examines and prepares the result or the motivated refusal.
    Executor,
    /// Manages the organization's staff; reads its audit and monitoring.
    OrgAdmin,
    /// The whole portal: the working calendar, every organization's audit and monitoring.
    Sysadmin,
    /// The State Corporation's front office.
    Operator,
}

impl StaffRole {
    pub const ALL: [StaffRole; 6] = [
        StaffRole::Clerk,
        StaffRole::Head,
        StaffRole::Executor,
        StaffRole::OrgAdmin,
        StaffRole::Sysadmin,
        StaffRole::Operator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Clerk => "clerk",
            StaffRole::Head => "head",
            StaffRole::Executor => "executor",
            StaffRole::OrgAdmin => "org_admin",
            StaffRole::Sysadmin => "sysadmin",
            StaffRole::Operator => "operator",
        }
    }

    pub fn parse(s: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether the role belongs to one provider organization.
    pub fn in_organization(self) -> bool {
        !matches!(self, StaffRole::Sysadmin | StaffRole::Operator)
    }

    /// Heads, organization administrators and the sysadmin read the monitoring figures.
    pub fn sees_monitoring(self) -> bool {
        matches!(
            self,
            StaffRole::Head | StaffRole::OrgAdmin | StaffRole::Sysadmin
        )
    }
}

/// The one on whose behalf a request reads or changes applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in citizen: sees and changes only their own applications.
    Citizen(UserId),
    /// A staff member: sees their organization's applications, acts in their role.
    Staff(Staff),
}

/// A signed-in staff member as every query about applications needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Staff {
    pub id: StaffId,
    pub role: StaffRole,
    pub organization: Option<OrganizationId>,
}

impl Actor {
    /// How the trace names this kind of actor (`application_events.actor_kind`).
    pub fn kind(self) -> &'static str {
        match self {
            Actor::Citizen(_) => "applicant",
            Actor::Staff(_) => "staff",
        }
    }

    /// The acting account's row id (a user's or a staff member's, as `kind` says).
    pub fn account_id(self) -> i64 {
        match self {
            Actor::Citizen(id) => id.0,
            Actor::Staff(staff) => staff.id.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citizen_is_traced_as_the_applicant() {
        let actor = Actor::Citizen(UserId(7));
        assert_eq!(actor.kind(), "applicant");
        assert_eq!(actor.account_id(), 7);
        for role in StaffRole::ALL {
            assert_eq!(StaffRole::parse(role.as_str()), Some(role));
        }
        assert!(StaffRole::parse("janitor").is_none());
        assert_eq!(UserId::from(7).to_string(), "7");
    }
}
