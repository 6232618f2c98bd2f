//! The model's zones without a server: a day is the coding between two local
//! midnights (23 or 25 hours apart when daylight saving changes), every zone's days
//! partition the same coding, and moving the account to another zone keeps its coding
//! and its creation.

use fake_wakatime::activity::{Activity, Dimension};
use fake_wakatime::{Clock, Zone};
use time::macros::datetime;

use crate::support::ymd;

fn zone(name: &str) -> Zone {
    name.parse().expect("an IANA zone")
}

/// An account in `zone` whose clock reads 2026-12-01T12:00Z, with a year of history.
fn account(name: &str) -> Activity {
    let clock = Clock::default();
    clock.set(datetime!(2026-12-01 12:00 UTC));
    Activity::on_clock(42, 365, clock, zone(name))
}

#[test]
fn new_york_s_spring_day_has_23_hours_and_its_autumn_day_25() {
    let activity = account("America/New_York");
    let hours = |date: &str| {
        let day = activity.day(ymd(date));
        assert_eq!(
            day.total_seconds,
            activity.seconds_between(day.start, day.end),
            "{date}"
        );
        (day.end - day.start).whole_hours()
    };
    assert_eq!(
        [
            hours("2026-03-08"),
            hours("2026-07-01"),
            hours("2026-11-01")
        ],
        [23, 24, 25]
    );
}

#[test]
fn every_zone_s_days_partition_the_same_coding() {
    let utc = account("UTC");
    let (first, last) = (ymd("2025-11-20"), ymd("2026-12-03"));
    let everything: u64 = utc
        .days(first, last)
        .iter()
        .map(|day| day.total_seconds)
        .sum();
    assert!(everything > 0, "a year of coding");
    for name in [
        "Etc/GMT+12",
        "Asia/Kolkata",
        "Pacific/Kiritimati",
        "America/New_York",
    ] {
        let days = utc.days_in(first, last, &zone(name));
        let sum: u64 = days.iter().map(|day| day.total_seconds).sum();
        assert_eq!(sum, everything, "{name}: the same history, other days");
        assert!(
            days.windows(2).all(|pair| pair[0].end == pair[1].start),
            "{name}: no gap"
        );
        let longest = days.iter().map(|day| day.total_seconds).max().unwrap_or(0);
        assert!(
            longest <= 16 * 3600,
            "{name}: at most two dates' coding: {longest}"
        );
        for day in days.iter().filter(|day| day.total_seconds > 0) {
            for dimension in Dimension::ALL {
                let per_name: u64 = day.dimension(dimension).iter().map(|(_, s)| s).sum();
                assert_eq!(
                    per_name, day.total_seconds,
                    "{name} {dimension:?} {}",
                    day.date
                );
            }
        }
    }
}

#[test]
fn moving_the_account_keeps_its_coding_and_its_creation_and_moves_today() {
    let utc = account("UTC");
    let moved = utc.with_zone(zone("Pacific/Kiritimati"));
    assert_eq!(moved.zone().name(), "Pacific/Kiritimati", "the new zone");
    assert_eq!(utc.today(), ymd("2026-12-01"), "UTC's today");
    assert_eq!(
        moved.today(),
        ymd("2026-12-02"),
        "Kiritimati's today at 12:00 UTC"
    );
    let created = utc.day(utc.created_on()).start;
    assert_eq!(created, datetime!(2025-12-01 0:00 UTC), "a year before");
    let span = |activity: &Activity| activity.seconds_between(created, utc.history_end());
    assert_eq!(span(&utc), span(&moved), "the same coding");
    assert_eq!(
        moved.created_on(),
        ymd("2025-12-01"),
        "created at the same instant"
    );
    let ends = (utc.history_end(), moved.history_end());
    let expected = (
        datetime!(2026-12-02 0:00 UTC),
        datetime!(2026-12-02 10:00 UTC),
    );
    assert_eq!(ends, expected, "history ends with the account's today");
}

#[test]
fn an_account_created_in_a_zone_begins_at_that_zone_s_midnight() {
    let activity = account("Asia/Kolkata");
    assert_eq!(
        activity.created_on(),
        ymd("2025-12-01"),
        "365 days before Kolkata's today"
    );
    let first = activity.day(activity.created_on());
    assert_eq!(
        first.start,
        datetime!(2025-11-30 18:30 UTC),
        "Kolkata's midnight"
    );
    let before = activity.day_in(ymd("2025-11-30"), &zone("UTC"));
    let unlived = activity.seconds_between(before.start, first.start);
    assert_eq!(
        unlived, 0,
        "nothing before the account's first local midnight"
    );
}

#[test]
fn zone_names_are_checked_and_kept_as_given() {
    assert_eq!(zone("Asia/Kolkata").to_string(), "Asia/Kolkata", "kept");
    assert_eq!(Zone::utc().name(), "UTC", "UTC by default");
    for name in ["", "Mars/Olympus_Mons", "Etc/Unknown", "+05:30"] {
        let error = Zone::named(name).expect_err(name);
        assert!(
            error.contains("IANA"),
            "{name:?}: says what it expects: {error}"
        );
    }
    let json = serde_json::to_value(zone("Etc/GMT+12")).expect("serialised");
    assert_eq!(
        json,
        serde_json::json!("Etc/GMT+12"),
        "a zone is its name in JSON"
    );
}
