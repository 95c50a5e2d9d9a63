//! The individual identification number (ЖСН / ИИН) of a person of Kazakhstan.
//!
//! Layout: `YYMMDD C NNNN K` — date of birth, the century-and-sex digit (1/2: 1800s, 3/4:
//! 1900s, 5/6: 2000s; odd is male, even is female), a serial number and the check digit.
//! The check digit is the weighted sum of the first eleven digits modulo 11 with weights
//! 1..11; when that gives 10, the weights 3..11,1,2 are used; when that gives 10 too, the
//! number is not valid.

use chrono::NaiveDate;

use super::MsgId;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Iin(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    pub fn parse(s: &str) -> Option<Sex> {
        match s {
            "male" => Some(Sex::Male),
            "female" => Some(Sex::Female),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IinError {
    #[error("IIN is empty")]
    Empty,
    #[error("IIN must be 12 digits")]
    NotTwelveDigits,
    #[error("IIN has an invalid century/sex digit")]
    CenturyDigit,
    #[error("IIN has an impossible date of birth")]
    BirthDate,
    #[error("IIN check digit does not match")]
    CheckDigit,
}

impl IinError {
    pub fn message(self) -> MsgId {
        match self {
            IinError::Empty => MsgId("error-iin-required"),
            IinError::NotTwelveDigits => MsgId("error-iin-format"),
            IinError::CenturyDigit => MsgId("error-iin-century"),
            IinError::BirthDate => MsgId("error-iin-birth-date"),
            IinError::CheckDigit => MsgId("error-iin-check-digit"),
        }
    }
}

const WEIGHTS_FIRST: [u32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const WEIGHTS_SECOND: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/// The check digit for the first eleven digits, or `None` when both weight sequences give 10
/// (no valid IIN starts with these digits).
pub fn check_digit(first_eleven: &[u8; 11]) -> Option<u8> {
    let sum = |weights: &[u32; 11]| -> u32 {
        first_eleven
            .iter()
            .zip(weights)
            .map(|(d, w)| u32::from(*d) * w)
            .sum::<u32>()
            % 11
    };
    match sum(&WEIGHTS_FIRST) {
        10 => match sum(&WEIGHTS_SECOND) {
            10 => None,
            k => Some(k as u8),
        },
        k => Some(k as u8),
    }
}

/// The full 12-digit IIN for its first eleven digits, or `None` when they are not eleven
/// digits or no check digit exists for them. (Demo data and tests build numbers with it.)
pub fn with_check_digit(first_eleven: &str) -> Option<String> {
    let digits: [u8; 11] = first_eleven
        .bytes()
        .map(|b| b.is_ascii_digit().then(|| b - b'0'))
        .collect::<Option<Vec<u8>>>()?
        .try_into()
        .ok()?;
    check_digit(&digits).map(|k| format!("{first_eleven}{k}"))
}

impl Iin {
    /// Parses what a person typed: surrounding and inner spaces are ignored.
    pub fn parse(input: &str) -> Result<Iin, IinError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(IinError::Empty);
        }
        if compact.len() != 12 || !compact.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IinError::NotTwelveDigits);
        }
        let digits: Vec<u8> = compact.bytes().map(|b| b - b'0').collect();
        let iin = Iin(compact);
        if !(1..=6).contains(&digits[6]) {
            return Err(IinError::CenturyDigit);
        }
        if iin.decode_birth_date().is_none() {
            return Err(IinError::BirthDate);
        }
        let first: [u8; 11] = digits[..11].try_into().expect("12 digits checked above");
        match check_digit(&first) {
            Some(k) if k == digits[11] => Ok(iin),
            _ => Err(IinError::CheckDigit),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn digit(&self, i: usize) -> u32 {
        u32::from(self.0.as_bytes()[i] - b'0')
    }

    fn decode_birth_date(&self) -> Option<NaiveDate> {
        let century = match self.digit(6) {
            1 | 2 => 1800,
            3 | 4 => 1900,
            5 | 6 => 2000,
            _ => return None,
        };
        let two = |i| self.digit(i) * 10 + self.digit(i + 1);
        NaiveDate::from_ymd_opt(century + two(0) as i32, two(2), two(4))
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.decode_birth_date().expect("validated by Iin::parse")
    }

    pub fn sex(&self) -> Sex {
        if self.digit(6) % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }
}

impl std::fmt::Display for Iin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a valid IIN from its parts, for tests only.
    fn make(date: &str, century_sex: u8, serial: &str) -> String {
        with_check_digit(&format!("{date}{century_sex}{serial}")).unwrap()
    }

    #[test]
    fn accepts_known_valid_numbers_and_derives_birth_date_and_sex() {
        // 1st weights: 9*1+5*3+1*6+3*7+... checked by hand for this one:
        // 9 5 0 4 1 5 3 0 0 1 2 -> 9+10+0+16+5+30+21+0+0+10+22 = 123; 123 % 11 = 2.
        let iin = Iin::parse("950415300122").unwrap();
        assert_eq!(
            iin.birth_date(),
            NaiveDate::from_ymd_opt(1995, 4, 15).unwrap()
        );
        assert_eq!(iin.sex(), Sex::Male);

        let iin = Iin::parse(&make("080229", 6, "1234")).unwrap();
        assert_eq!(
            iin.birth_date(),
            NaiveDate::from_ymd_opt(2008, 2, 29).unwrap()
        );
        assert_eq!(iin.sex(), Sex::Female);

        let iin = Iin::parse(&make("991231", 1, "0001")).unwrap();
        assert_eq!(
            iin.birth_date(),
            NaiveDate::from_ymd_opt(1899, 12, 31).unwrap()
        );
        assert_eq!(iin.sex(), Sex::Male);
    }

    #[test]
    fn ignores_spaces_a_person_may_type() {
        assert_eq!(
            Iin::parse(" 950415 300122 ").unwrap().as_str(),
            "950415300122"
        );
    }

    #[test]
    fn rejects_wrong_shapes() {
        assert_eq!(Iin::parse(""), Err(IinError::Empty));
        assert_eq!(Iin::parse("   "), Err(IinError::Empty));
        assert_eq!(Iin::parse("95041530012"), Err(IinError::NotTwelveDigits));
        assert_eq!(Iin::parse("9504153001223"), Err(IinError::NotTwelveDigits));
        assert_eq!(Iin::parse("95041530012a"), Err(IinError::NotTwelveDigits));
        assert_eq!(
            Iin::parse("９５０４１５３００１２２"),
            Err(IinError::NotTwelveDigits)
        );
    }

    #[test]
    fn rejects_wrong_check_digit() {
        for last in (0..=9).filter(|d| *d != 2) {
            let s = format!("95041530012{last}");
            assert_eq!(Iin::parse(&s), Err(IinError::CheckDigit), "{s}");
        }
    }

    #[test]
    fn uses_the_second_weights_when_the_first_give_ten() {
        // 9 0 0 1 0 1 3 0 0 8 1 with weights 1..11: 9+0+0+4+0+6+21+0+0+80+11 = 131 ≡ 10;
        // with weights 3..11,1,2: 27+0+0+6+0+8+27+0+0+8+2 = 78 ≡ 1.
        assert_eq!(
            with_check_digit("90010130081").as_deref(),
            Some("900101300811")
        );
        assert!(Iin::parse("900101300811").is_ok());
    }

    #[test]
    fn rejects_numbers_whose_check_digit_is_ten_both_times() {
        // 9 0 0 1 0 1 3 0 0 8 0: 120 ≡ 10 with the first weights, 76 ≡ 10 with the second.
        assert_eq!(with_check_digit("90010130080"), None);
        for last in 0..=9 {
            let s = format!("90010130080{last}");
            assert_eq!(Iin::parse(&s), Err(IinError::CheckDigit), "{s}");
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        for date in ["951315", "950431", "950230", "010229", "000000", "950400"] {
            let mut s = format!("{date}3001");
            s.push_str("22"); // the check digit is irrelevant: the date fails first
            assert_eq!(Iin::parse(&s), Err(IinError::BirthDate), "{s}");
        }
    }

    #[test]
    fn rejects_century_digits_outside_one_to_six() {
        for c in [0, 7, 8, 9] {
            let s = format!("950415{c}00122");
            assert_eq!(Iin::parse(&s), Err(IinError::CenturyDigit), "{s}");
        }
    }

    #[test]
    fn every_error_has_a_message() {
        for e in [
            IinError::Empty,
            IinError::NotTwelveDigits,
            IinError::CenturyDigit,
            IinError::BirthDate,
            IinError::CheckDigit,
        ] {
            assert!(e.message().id().starts_with("error-iin-"));
        }
    }
}
