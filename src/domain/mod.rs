//! Pure rules of the portal: no HTTP, no SQL, no clock (the caller passes "now").

pub mod actor;
pub mod application;
pub mod calendar;
pub mod calendar_edit;
pub mod catalog;
pub mod complaint;
pub mod deadline_watch;
pub mod iin;
pub mod input;
pub mod intake;
pub mod one_time_code;
pub mod organization;
pub mod password;
pub mod registration;
pub mod signature;
pub mod stored;
pub mod workflow;

/// A Fluent message id. User-facing text never lives in Rust: errors and notices carry
/// one of these and the page renders it in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MsgId(pub &'static str);

impl MsgId {
    pub fn id(&self) -> &'static str {
        self.0
    }
}

/// What is wrong with one field: a message and its arguments (e.g. the maximum length).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: MsgId,
    pub args: Vec<(&'static str, String)>,
}

/// Validation failures of one form, each tied to the field it is about, in form order; the
/// first failure of a field wins.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: MsgId) {
        self.add_with(field, message, vec![]);
    }

    pub fn add_with(&mut self, field: &str, message: MsgId, args: Vec<(&'static str, String)>) {
        if self.find(field).is_none() {
            self.0.push(FieldError {
                field: field.to_string(),
                message,
                args,
            });
        }
    }

    /// The message id of the field's error, if it has one.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.find(field).map(|e| e.message.0)
    }

    pub fn find(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds another form's errors (a field already in error keeps its first message).
    pub fn extend(&mut self, other: FieldErrors) {
        for e in other.0 {
            self.add_with(&e.field, e.message, e.args);
        }
    }
}

/// The portal's time zone: Kazakhstan has one, UTC+5, since 1 March 2024.
pub const TIME_ZONE: chrono_tz::Tz = chrono_tz::Asia::Almaty;

/// Today's date in Kazakhstan at the instant `now`.
pub fn local_date(now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    now.with_timezone(&TIME_ZONE).date_naive()
}

#[cfg(test)]
mod tests {
    use chrono::{Offset, TimeZone, Utc};

    use super::*;

    #[test]
    fn the_tz_data_knows_kazakhstan_moved_to_utc_plus_five() {
        let offset = |y, m, d| {
            TIME_ZONE
                .from_utc_datetime(&Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap().naive_utc())
                .offset()
                .fix()
                .local_minus_utc()
        };
        assert_eq!(offset(2024, 2, 1), 6 * 3600);
        assert_eq!(offset(2024, 6, 1), 5 * 3600);
        assert_eq!(offset(2026, 11, 23), 5 * 3600);
    }

    #[test]
    fn local_date_turns_at_midnight_almaty_time() {
        let before = Utc.with_ymd_and_hms(2026, 11, 23, 18, 59, 0).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 11, 23, 19, 0, 0).unwrap();
        assert_eq!(local_date(before).to_string(), "2026-11-23");
        assert_eq!(local_date(after).to_string(), "2026-11-24");
    }
}
