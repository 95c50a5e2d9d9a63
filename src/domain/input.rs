//! What any value a client sends must be before the portal reads it: text without control
//! characters (PostgreSQL refuses a NUL byte, and no field of ours has a use for the others),
//! except the line breaks and tabs a multi-line field may hold. Checked once, where requests
//! are read (`web::input`), so no handler or query ever sees such a value.

/// A value of a form field: no control characters but `\t`, `\n`, `\r`.
pub fn is_clean_field(value: &str) -> bool {
    !value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// A request target (path or query, still percent-encoded): once decoded, UTF-8 without any
/// control character. A `%` not followed by two hex digits stays as it is (the router and the
/// query parser judge it).
pub fn is_clean_target(raw: &str) -> bool {
    let decoded = percent_decode(raw.as_bytes());
    match String::from_utf8(decoded) {
        Ok(text) => !text.chars().any(char::is_control),
        Err(_) => false,
    }
}

/// `%XX` → the byte XX; `+` stays (it is a space only in a query's values, and a space is not a
/// control character either way).
fn percent_decode(raw: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let pair = (raw[i] == b'%')
            .then(|| Some((hex(*raw.get(i + 1)?)?, hex(*raw.get(i + 2)?)?)))
            .flatten();
        match pair {
            Some((hi, lo)) => {
                out.push(hi << 4 | lo);
                i += 3;
            }
            None => {
                out.push(raw[i]);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_with_control_characters_or_broken_utf8_are_refused() {
        for good in [
            "/services/00403002/apply?region=almaty-city",
            "/cabinet/applications/KZ-2026-00000001",
            "/services?q=%D2%9B%D0%B0%D0%B7%D0%B0%D2%9B",
            "/services?q=a+b%20c",
            "/x?q=100%",
            "/x?q=%zz",
        ] {
            assert!(is_clean_target(good), "{good}");
        }
        for bad in [
            "/services/x/apply?region=%00",
            "/cabinet/applications/KZ%00",
            "/x?q=%0a",
            "/x?q=%7F",
            "/x?q=%C2%85",
            "/x?q=%FF",
            "/x?q=%C3",
        ] {
            assert!(!is_clean_target(bad), "{bad}");
        }
    }

    #[test]
    fn fields_may_break_lines_but_hold_no_other_control_character() {
        assert!(is_clean_field("Бірінші жол\r\nекінші\tжол"));
        assert!(is_clean_field(""));
        for bad in ["a\0b", "\u{1b}[31m", "a\u{7f}", "a\u{85}"] {
            assert!(!is_clean_field(bad), "{bad:?}");
        }
    }
}
