//! 100 000 due-date computations over 2024–2027 with every unit: deadline computation must
//! never be a hot spot (the staff queue and monitoring compute many at once).
//! Run: `cargo bench --bench deadlines`.

use std::hint::black_box;

use chrono::{TimeDelta, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use egov_portal::domain::calendar::{DayKind, WorkingCalendar, WorkingHours};
use egov_portal::domain::catalog::{Duration, DurationUnit};

fn calendar() -> WorkingCalendar {
    // A year's worth of entries, like the real table.
    let days = [
        "2026-01-01",
        "2026-01-02",
        "2026-01-07",
        "2026-03-08",
        "2026-03-09",
        "2026-03-21",
        "2026-03-22",
        "2026-03-23",
        "2026-03-24",
        "2026-03-25",
        "2026-05-01",
        "2026-05-07",
        "2026-05-09",
        "2026-05-11",
        "2026-05-27",
        "2026-07-06",
        "2026-10-25",
        "2026-10-26",
        "2026-12-16",
    ];
    WorkingCalendar::new(
        days.iter().map(|d| (d.parse().unwrap(), DayKind::Holiday)),
        WorkingHours::default(),
    )
}

fn due_dates(c: &mut Criterion) {
    let cal = calendar();
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 4, 0, 0).unwrap();
    let units = [
        (DurationUnit::Minutes, 15),
        (DurationUnit::Hours, 3),
        (DurationUnit::WorkingDays, 8),
        (DurationUnit::CalendarDays, 19),
    ];
    c.bench_function("100k due dates", |b| {
        b.iter(|| {
            for i in 0..100_000i64 {
                let (unit, amount) = units[(i % 4) as usize];
                let at = start + TimeDelta::minutes(i * 7 % (365 * 24 * 60));
                black_box(cal.due(black_box(at), Duration { amount, unit }));
            }
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = due_dates
}
criterion_main!(benches);
