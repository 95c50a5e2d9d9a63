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

/// The one on whose behalf a request reads or changes applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in citizen: sees and changes only their own applications.
    Citizen(UserId),
}

impl Actor {
    /// How the trace names this kind of actor (`application_events.actor_kind`).
    pub fn kind(self) -> &'static str {
        match self {
            Actor::Citizen(_) => "applicant",
        }
    }

    pub fn user(self) -> UserId {
        match self {
            Actor::Citizen(id) => id,
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
        assert_eq!(actor.user(), UserId(7));
        assert_eq!(UserId::from(7).to_string(), "7");
    }
}
