//! What a citizen types to open an account, checked field by field.

use chrono::NaiveDate;

use super::iin::{Iin, Sex};
use super::{FieldErrors, MsgId};

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;
pub const NAME_MAX_CHARS: usize = 100;
pub const EMAIL_MAX_CHARS: usize = 254;

/// The form as typed (field names are the form's: `iin`, `last_name`, …).
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct RegistrationInput {
    pub iin: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub phone: String,
    pub email: String,
    pub password: String,
    pub password_confirm: String,
}

/// A checked registration: normalised values plus what the IIN tells about the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCitizen {
    pub iin: Iin,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub phone: String,
    pub email: Option<String>,
    pub password: String,
}

pub fn validate(input: &RegistrationInput, today: NaiveDate) -> Result<NewCitizen, FieldErrors> {
    let mut errors = FieldErrors::default();

    let iin = match Iin::parse(&input.iin) {
        Ok(iin) if iin.birth_date() > today => {
            errors.add("iin", MsgId("error-iin-birth-date"));
            None
        }
        Ok(iin) => Some(iin),
        Err(e) => {
            errors.add("iin", e.message());
            None
        }
    };
    let last_name = person_name(&input.last_name, true, "last_name", &mut errors);
    let first_name = person_name(&input.first_name, true, "first_name", &mut errors);
    let middle_name = person_name(&input.middle_name, false, "middle_name", &mut errors);
    let phone = match normalize_phone(&input.phone) {
        Ok(p) => Some(p),
        Err(m) => {
            errors.add("phone", m);
            None
        }
    };
    let email = match normalize_email(&input.email) {
        Ok(e) => e,
        Err(m) => {
            errors.add("email", m);
            None
        }
    };
    if let Err(m) = check_new_password(&input.password, iin.as_ref()) {
        errors.add("password", m);
    } else if input.password != input.password_confirm {
        errors.add("password_confirm", MsgId("error-password-mismatch"));
    }

    match (iin, last_name, first_name, phone) {
        (Some(iin), Some(last_name), Some(first_name), Some(phone)) if errors.is_empty() => {
            Ok(NewCitizen {
                birth_date: iin.birth_date(),
                sex: iin.sex(),
                iin,
                last_name,
                first_name,
                middle_name,
                phone,
                email,
                password: input.password.clone(),
            })
        }
        _ => Err(errors),
    }
}

/// A name as it appears in documents: letters of any script, spaces, hyphens, apostrophes.
pub fn person_name(
    raw: &str,
    required: bool,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<String> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        if required {
            errors.add(field, MsgId("error-name-required"));
        }
        return None;
    }
    if name.chars().count() > NAME_MAX_CHARS {
        errors.add(field, MsgId("error-name-too-long"));
        return None;
    }
    let allowed = |c: char| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’');
    if !name.chars().all(allowed) || !name.chars().any(char::is_alphabetic) {
        errors.add(field, MsgId("error-name-characters"));
        return None;
    }
    Some(name)
}

/// Accepts `+7 701 234 56 78`, `8 (701) 234-56-78` and the like; returns `+77012345678`.
pub fn normalize_phone(raw: &str) -> Result<String, MsgId> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(MsgId("error-phone-required"));
    }
    if !trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'))
    {
        return Err(MsgId("error-phone-format"));
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let plus = trimmed.starts_with('+');
    let national = match (plus, digits.len(), digits.as_bytes().first()) {
        (true, 11, Some(b'7')) => &digits[1..],
        (false, 11, Some(b'8')) => &digits[1..],
        _ => return Err(MsgId("error-phone-format")),
    };
    Ok(format!("+7{national}"))
}

/// Optional e-mail: empty is fine; otherwise one `@`, a dotted domain, no spaces.
pub fn normalize_email(raw: &str) -> Result<Option<String>, MsgId> {
    let email = raw.trim();
    if email.is_empty() {
        return Ok(None);
    }
    let bad = MsgId("error-email-format");
    if email.chars().count() > EMAIL_MAX_CHARS || email.chars().any(char::is_whitespace) {
        return Err(bad);
    }
    let (local, domain) = email.split_once('@').ok_or(bad)?;
    let domain_ok = domain.contains('.')
        && !domain.contains('@')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    if local.is_empty() || !domain_ok {
        return Err(bad);
    }
    Ok(Some(email.to_string()))
}

/// Rules for a new password: long enough, not absurdly long, not the IIN itself.
pub fn check_new_password(password: &str, iin: Option<&Iin>) -> Result<(), MsgId> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err(MsgId("error-password-too-short"));
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(MsgId("error-password-too-long"));
    }
    if iin.is_some_and(|iin| password.trim() == iin.as_str()) {
        return Err(MsgId("error-password-is-iin"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn valid() -> RegistrationInput {
        RegistrationInput {
            iin: "950415300122".into(),
            last_name: "Сәрсенбаев".into(),
            first_name: "Нұрлан".into(),
            middle_name: "".into(),
            phone: "+7 701 234 56 78".into(),
            email: "".into(),
            password: "қауіпсіз-құпия".into(),
            password_confirm: "қауіпсіз-құпия".into(),
        }
    }

    #[test]
    fn a_valid_form_gives_a_citizen_with_data_from_the_iin() {
        let c = validate(&valid(), today()).unwrap();
        assert_eq!(c.birth_date, NaiveDate::from_ymd_opt(1995, 4, 15).unwrap());
        assert_eq!(c.sex, Sex::Male);
        assert_eq!(c.phone, "+77012345678");
        assert_eq!(c.middle_name, None);
        assert_eq!(c.email, None);
        assert_eq!(c.first_name, "Нұрлан");
    }

    #[test]
    fn each_bad_field_gets_its_own_message() {
        let input = RegistrationInput {
            iin: "950415300123".into(),
            last_name: " ".into(),
            first_name: "N1".into(),
            middle_name: "x".repeat(101),
            phone: "12345".into(),
            email: "a@b".into(),
            password: "short".into(),
            password_confirm: "".into(),
        };
        let e = validate(&input, today()).unwrap_err();
        assert_eq!(e.get("iin"), Some("error-iin-check-digit"));
        assert_eq!(e.get("last_name"), Some("error-name-required"));
        assert_eq!(e.get("first_name"), Some("error-name-characters"));
        assert_eq!(e.get("middle_name"), Some("error-name-too-long"));
        assert_eq!(e.get("phone"), Some("error-phone-format"));
        assert_eq!(e.get("email"), Some("error-email-format"));
        assert_eq!(e.get("password"), Some("error-password-too-short"));
        assert_eq!(e.get("password_confirm"), None);
    }

    #[test]
    fn passwords_must_match_and_must_not_be_the_iin() {
        let mut input = valid();
        input.password_confirm = "something-else".into();
        let e = validate(&input, today()).unwrap_err();
        assert_eq!(e.get("password_confirm"), Some("error-password-mismatch"));

        let mut input = valid();
        input.password = input.iin.clone();
        input.password_confirm = input.iin.clone();
        let e = validate(&input, today()).unwrap_err();
        assert_eq!(e.get("password"), Some("error-password-is-iin"));
    }

    #[test]
    fn a_birth_date_in_the_future_is_refused() {
        let e = validate(&valid(), NaiveDate::from_ymd_opt(1990, 1, 1).unwrap()).unwrap_err();
        assert_eq!(e.get("iin"), Some("error-iin-birth-date"));
    }

    #[test]
    fn phones_in_the_usual_shapes() {
        assert_eq!(normalize_phone("+77012345678").unwrap(), "+77012345678");
        assert_eq!(
            normalize_phone("8 (701) 234-56-78").unwrap(),
            "+77012345678"
        );
        assert_eq!(
            normalize_phone("").unwrap_err().id(),
            "error-phone-required"
        );
        for bad in [
            "7012345678",
            "+87012345678",
            "+7701234567",
            "+7 701 abc",
            "+770123456789",
        ] {
            assert_eq!(
                normalize_phone(bad).unwrap_err().id(),
                "error-phone-format",
                "{bad}"
            );
        }
    }

    #[test]
    fn emails() {
        assert_eq!(normalize_email("  ").unwrap(), None);
        assert_eq!(
            normalize_email(" aigerim@mail.kz ").unwrap().as_deref(),
            Some("aigerim@mail.kz")
        );
        for bad in [
            "a@b",
            "@mail.kz",
            "a b@mail.kz",
            "a@.kz",
            "a@mail..kz",
            "a@b@c.kz",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_keep_kazakh_letters_and_collapse_spaces() {
        let mut input = valid();
        input.last_name = "  Әбдіқадыр-Ұлы   Үмбетқали ".into();
        input.middle_name = "О'Коннор".into();
        let c = validate(&input, today()).unwrap();
        assert_eq!(c.last_name, "Әбдіқадыр-Ұлы Үмбетқали");
        assert_eq!(c.middle_name.as_deref(), Some("О'Коннор"));
    }

    #[test]
    fn password_length_is_counted_in_characters() {
        assert!(check_new_password("әәәәәәәә", None).is_ok());
        assert_eq!(
            check_new_password("әәәәәәә", None).unwrap_err().id(),
            "error-password-too-short"
        );
        assert_eq!(
            check_new_password(&"a".repeat(129), None).unwrap_err().id(),
            "error-password-too-long"
        );
    }
}
