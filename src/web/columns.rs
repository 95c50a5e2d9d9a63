//! The columns of the tables that become a card per row on a phone (`.app-table` in
//! `static/app.css`), where each cell shows its column's name above its value. The names go into
//! the stylesheet once, in each language, as custom properties of the table (`--column-1`, …)
//! that the cells' `::before` show; they used to be written into every cell of every page (a
//! quarter of the cabinet's list). Templates write their table headers from the same lists.

use std::fmt::Write;

use crate::i18n::{self, Lang};

/// A table's class and the message of each of its columns, in order.
pub struct Columns {
    pub class: &'static str,
    pub labels: &'static [&'static str],
}

pub const CABINET: Columns = Columns {
    class: "columns-cabinet",
    labels: &[
        "receipt-number",
        "receipt-service",
        "apply-organization",
        "cabinet-submitted",
        "cabinet-status",
        "receipt-expected",
    ],
};

pub const QUEUE: Columns = Columns {
    class: "columns-queue",
    labels: &[
        "receipt-number",
        "receipt-service",
        "admin-applicant",
        "cabinet-status",
        "admin-step-due",
        "admin-legal-deadline",
    ],
};

pub const FRONT_OFFICE: Columns = Columns {
    class: "columns-front-office",
    labels: &[
        "receipt-number",
        "receipt-service",
        "admin-applicant",
        "admin-step-due",
        "admin-legal-deadline",
    ],
};

pub const COMPLAINTS: Columns = Columns {
    class: "columns-complaints",
    labels: &[
        "complaint-col-complaint",
        "receipt-number",
        "receipt-service",
        "complaint-registered",
        "complaint-due",
        "complaint-col-status",
    ],
};

pub const CALENDAR: Columns = Columns {
    class: "columns-calendar",
    labels: &[
        "calendar-col-date",
        "calendar-col-weekday",
        "calendar-col-kind",
        "calendar-col-name",
        "calendar-col-action",
    ],
};

pub const AUDIT: Columns = Columns {
    class: "columns-audit",
    labels: &[
        "audit-col-time",
        "audit-col-who",
        "audit-col-action",
        "audit-col-object",
        "audit-col-details",
    ],
};

const ALL: [&Columns; 6] = [
    &CABINET,
    &QUEUE,
    &FRONT_OFFICE,
    &COMPLAINTS,
    &CALENDAR,
    &AUDIT,
];

/// As many columns as `static/app.css` gives a `::before` to.
pub const MOST_COLUMNS: usize = 6;

/// The rules that name every table's columns in every language, for the stylesheet.
pub fn stylesheet() -> String {
    let mut css =
        String::from("/* Column names of the phone cards, from i18n/ (web::columns). */\n");
    for lang in Lang::ALL {
        for table in ALL {
            let _ = write!(css, ":lang({}) .{} {{", lang.code(), table.class);
            for (n, id) in table.labels.iter().enumerate() {
                let label = css_string(&i18n::text(lang, id));
                let _ = write!(css, " --column-{}: \"{label}\";", n + 1);
            }
            css.push_str(" }\n");
        }
    }
    css
}

/// `text` as the inside of a double-quoted CSS string.
fn css_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                quoted.push('\\');
                quoted.push(c);
            }
            // A line break (or any control character) as its code point, then the space that
            // ends the escape.
            c if c.is_control() => {
                let _ = write!(quoted, "\\{:x} ", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_breaks_are_escaped_in_css_strings() {
        assert_eq!(css_string(r#"a "b" \ c"#), r#"a \"b\" \\ c"#);
        assert_eq!(css_string("a\nb"), "a\\a b");
        assert_eq!(css_string("Өтініш нөмірі"), "Өтініш нөмірі");
    }

    #[test]
    fn every_column_has_a_message_in_both_languages_and_a_rule_in_the_stylesheet() {
        i18n::init();
        let css = stylesheet();
        for table in ALL {
            assert!(table.labels.len() <= MOST_COLUMNS, "{}", table.class);
            for lang in Lang::ALL {
                for id in table.labels {
                    assert!(i18n::has_message(lang, id), "{id} in {}", lang.code());
                }
                let rule = format!(":lang({}) .{} {{", lang.code(), table.class);
                let line = css.lines().find(|l| l.starts_with(&rule)).expect(&rule);
                assert_eq!(
                    line.matches("--column-").count(),
                    table.labels.len(),
                    "{line}"
                );
            }
        }
        assert!(css.contains(":lang(kk) .columns-cabinet { --column-1: \"Өтініш нөмірі\";"));
    }
}
