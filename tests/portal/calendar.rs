//! The working calendar table and the `deadline` / `calendar` commands, run as a user would.

use std::process::{Command, Output};

use chrono::{Datelike, NaiveDate, Weekday};
use egov_portal::domain::calendar::WorkingHours;
use egov_portal::repo;

use crate::common::TestDb;

fn run(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_egov-portal"))
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn the_migration_holds_the_2026_calendar_of_the_reference_notes() {
    let db = TestDb::new();
    let days = repo::calendar::list_year(&mut db.conn(), 2026).unwrap();
    let listed: Vec<(String, &str)> = days
        .iter()
        .map(|d| (d.date.to_string(), d.kind.as_str()))
        .collect();
    let expected = [
        ("2026-01-01", "holiday"),
        ("2026-01-02", "holiday"),
        ("2026-01-07", "holiday"),
        ("2026-03-08", "holiday"),
        ("2026-03-09", "day_off_moved_here"),
        ("2026-03-21", "holiday"),
        ("2026-03-22", "holiday"),
        ("2026-03-23", "holiday"),
        ("2026-03-24", "day_off_moved_here"),
        ("2026-03-25", "day_off_moved_here"),
        ("2026-05-01", "holiday"),
        ("2026-05-07", "holiday"),
        ("2026-05-09", "holiday"),
        ("2026-05-11", "day_off_moved_here"),
        ("2026-05-27", "holiday"),
        ("2026-07-06", "holiday"),
        ("2026-10-25", "holiday"),
        ("2026-10-26", "day_off_moved_here"),
        ("2026-12-16", "holiday"),
    ];
    let expected: Vec<(String, &str)> = expected.iter().map(|(d, k)| (d.to_string(), *k)).collect();
    assert_eq!(listed, expected);

    // Every year 2024–2027 is there, and every day-off moved here falls on a Monday–Friday.
    let mut conn = db.conn();
    for year in 2024..=2027 {
        let days = repo::calendar::list_year(&mut conn, year).unwrap();
        assert!(days.len() >= 15, "{year}: {} entries", days.len());
        for d in days {
            let weekend = matches!(d.date.weekday(), Weekday::Sat | Weekday::Sun);
            match d.kind.as_str() {
                "day_off_moved_here" => assert!(!weekend, "{}", d.date),
                "working_day_moved_here" => assert!(weekend, "{}", d.date),
                _ => {}
            }
            assert!(!d.name_kk.is_empty() && !d.name_ru.is_empty());
        }
    }
    let cal = repo::calendar::load(&mut conn, WorkingHours::default()).unwrap();
    let date = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert!(
        cal.is_working_day(date("2026-08-31")),
        "no Constitution Day in 2026"
    );
    assert!(
        !cal.is_working_day(date("2027-03-15")),
        "the new Constitution Day"
    );
    assert!(
        cal.is_working_day(date("2024-05-04")),
        "a Saturday worked by transfer"
    );
    assert!(
        cal.is_working_day(date("2025-01-05")),
        "a Sunday worked by transfer"
    );
    assert!(!cal.is_working_day(date("2025-01-03")));
}

#[test]
fn deadline_answers_in_kazakhstan_time() {
    let db = TestDb::new();
    let cases = [
        (
            ["2026-03-20T17:45", "1", "working_days"],
            "2026-03-26T18:30:00+05:00",
        ),
        (
            ["2026-03-20T17:45", "3", "hours"],
            "2026-03-26T11:15:00+05:00",
        ),
        (
            ["2026-11-23T10:00", "19", "calendar_days"],
            "2026-12-14T18:30:00+05:00",
        ),
        (
            ["2026-11-23T10:00", "15", "minutes"],
            "2026-11-23T10:15:00+05:00",
        ),
        (
            ["2026-11-23T05:00:00Z", "1", "working_days"],
            "2026-11-24T18:30:00+05:00",
        ),
    ];
    for ([from, amount, unit], expected) in cases {
        let out = run(
            &db,
            &[
                "deadline", "--from", from, "--amount", amount, "--unit", unit,
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(stdout(&out), expected, "{from} + {amount} {unit}");
    }
}

#[test]
fn deadline_counts_a_term_by_its_counting_rule() {
    let db = TestDb::new();
    // 1 working day received Tuesday 15 December 2026 at 11:00; 16 December is a holiday.
    for (counting, expected) in [
        ("from_moment", "2026-12-17T11:00:00+05:00"),
        ("acceptance_day_not_counted", "2026-12-17T18:30:00+05:00"),
    ] {
        let out = run(
            &db,
            &[
                "deadline",
                "--from",
                "2026-12-15T11:00",
                "--amount",
                "1",
                "--unit",
                "working_days",
                "--counting",
                counting,
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(stdout(&out), expected, "{counting}");
    }
    let wrong = run(
        &db,
        &[
            "deadline",
            "--from",
            "2026-12-15T11:00",
            "--amount",
            "1",
            "--unit",
            "working_days",
            "--counting",
            "whenever",
        ],
    );
    assert!(!wrong.status.success());
}

#[test]
fn a_holiday_added_from_the_command_line_is_honoured_by_the_next_computation() {
    let db = TestDb::new();
    let due = |db: &TestDb| {
        stdout(&run(
            db,
            &[
                "deadline",
                "--from",
                "2026-11-24T10:00",
                "--amount",
                "1",
                "--unit",
                "working_days",
            ],
        ))
    };
    assert_eq!(due(&db), "2026-11-25T18:30:00+05:00");

    let add = run(
        &db,
        &[
            "calendar",
            "add",
            "--date",
            "2026-11-25",
            "--kind",
            "holiday",
            "--name-kk",
            "Сынақ мерекесі",
            "--name-ru",
            "Тестовый праздник",
        ],
    );
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    assert_eq!(due(&db), "2026-11-26T18:30:00+05:00");

    let list = stdout(&run(&db, &["calendar", "list", "--year", "2026"]));
    assert!(
        list.contains("2026-11-25") && list.contains("Сынақ мерекесі"),
        "{list}"
    );

    assert!(
        run(&db, &["calendar", "remove", "--date", "2026-11-25"])
            .status
            .success()
    );
    assert_eq!(due(&db), "2026-11-25T18:30:00+05:00");
}

#[test]
fn bad_calendar_input_is_refused_clearly_and_writes_nothing() {
    let db = TestDb::new();
    let before = repo::calendar::list_year(&mut db.conn(), 2026)
        .unwrap()
        .len();
    let attempts: [&[&str]; 5] = [
        &[
            "calendar",
            "add",
            "--date",
            "2026-02-30",
            "--kind",
            "holiday",
            "--name-kk",
            "a",
            "--name-ru",
            "b",
        ],
        &[
            "calendar",
            "add",
            "--date",
            "2026-11-25",
            "--kind",
            "party",
            "--name-kk",
            "a",
            "--name-ru",
            "b",
        ],
        &[
            "calendar",
            "add",
            "--date",
            "2026-11-25",
            "--kind",
            "holiday",
            "--name-kk",
            " ",
            "--name-ru",
            "b",
        ],
        &[
            "calendar",
            "add",
            "--date",
            "2026-11-25",
            "--kind",
            "working_day_moved_here",
            "--name-kk",
            "a",
            "--name-ru",
            "b",
        ],
        &[
            "calendar",
            "add",
            "--date",
            "2026-03-21",
            "--kind",
            "holiday",
            "--name-kk",
            "a",
            "--name-ru",
            "b",
        ],
    ];
    for args in attempts {
        let out = run(&db, args);
        assert!(!out.status.success(), "{args:?} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("error"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    let bad_unit = run(
        &db,
        &[
            "deadline",
            "--from",
            "2026-03-20T17:45",
            "--amount",
            "1",
            "--unit",
            "weeks",
        ],
    );
    assert!(!bad_unit.status.success());
    assert!(String::from_utf8_lossy(&bad_unit.stderr).contains("working_days"));
    assert!(
        !run(&db, &["calendar", "remove", "--date", "2026-11-25"])
            .status
            .success()
    );
    assert_eq!(
        repo::calendar::list_year(&mut db.conn(), 2026)
            .unwrap()
            .len(),
        before
    );
}
