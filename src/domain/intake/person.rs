//! The person taken at the counter: the IIN the clerk types, and the record kept for someone
//! without a portal account.

use chrono::NaiveDate;

use crate::domain::iin::{Iin, Sex};
use crate::domain::registration::{normalize_phone, person_name};
use crate::domain::{FieldErrors, MsgId};

/// An IIN typed by the clerk: valid, and of someone already born.
pub fn check_iin(raw: &str, today: NaiveDate) -> Result<Iin, MsgId> {
    match Iin::parse(raw) {
        Ok(iin) if iin.birth_date() > today => Err(MsgId("error-iin-birth-date")),
        Ok(iin) => Ok(iin),
        Err(e) => Err(e.message()),
    }
}

/// What the clerk types for a person without a portal account (form field names).
#[derive(Debug, Default, Clone)]
pub struct PersonInput {
    pub iin: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub phone: String,
}

/// A person record to keep: names and phone as typed (normalised), birth date and sex from the
/// IIN. No password: they sign in only once they register on the portal themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    pub iin: Iin,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub phone: String,
}

pub fn check_person(input: &PersonInput, today: NaiveDate) -> Result<NewPerson, FieldErrors> {
    let mut errors = FieldErrors::default();
    let iin = check_iin(&input.iin, today)
        .map_err(|m| errors.add("iin", m))
        .ok();
    let last_name = person_name(&input.last_name, true, "last_name", &mut errors);
    let first_name = person_name(&input.first_name, true, "first_name", &mut errors);
    let middle_name = person_name(&input.middle_name, false, "middle_name", &mut errors);
    let phone = normalize_phone(&input.phone)
        .map_err(|m| errors.add("phone", m))
        .ok();
    match (iin, last_name, first_name, phone) {
        (Some(iin), Some(last_name), Some(first_name), Some(phone)) if errors.is_empty() => {
            Ok(NewPerson {
                birth_date: iin.birth_date(),
                sex: iin.sex(),
                iin,
                last_name,
                first_name,
                middle_name,
                phone,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    #[test]
    fn a_person_gets_birth_date_and_sex_from_the_iin() {
        let input = PersonInput {
            iin: "950415300122".into(),
            last_name: " Сәрсенбаев ".into(),
            first_name: "Нұрлан".into(),
            middle_name: "".into(),
            phone: "8 (701) 234-56-78".into(),
        };
        let p = check_person(&input, today()).unwrap();
        assert_eq!(p.birth_date, NaiveDate::from_ymd_opt(1995, 4, 15).unwrap());
        assert_eq!(p.sex, Sex::Male);
        assert_eq!(p.last_name, "Сәрсенбаев");
        assert_eq!(p.middle_name, None);
        assert_eq!(p.phone, "+77012345678");

        let bad = PersonInput {
            iin: "950415300123".into(),
            last_name: "".into(),
            first_name: "N1".into(),
            middle_name: "".into(),
            phone: "123".into(),
        };
        let e = check_person(&bad, today()).unwrap_err();
        assert_eq!(e.get("iin"), Some("error-iin-check-digit"));
        assert_eq!(e.get("last_name"), Some("error-name-required"));
        assert_eq!(e.get("first_name"), Some("error-name-characters"));
        assert_eq!(e.get("phone"), Some("error-phone-format"));
        assert_eq!(e.get("middle_name"), None);
    }

    #[test]
    fn an_iin_of_someone_not_yet_born_is_refused() {
        assert_eq!(
            check_iin("950415300122", NaiveDate::from_ymd_opt(1990, 1, 1).unwrap()),
            Err(MsgId("error-iin-birth-date"))
        );
        assert_eq!(check_iin("", today()), Err(MsgId("error-iin-required")));
        assert!(check_iin("950415300122", today()).is_ok());
    }
}
