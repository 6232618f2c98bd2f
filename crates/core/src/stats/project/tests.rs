//! The project view from a cache written directly, at pinned instants.

use super::choice::{choose, set_week_start};
use super::{view, MatchedBy, ProjectView};
use crate::stats::range::DashboardRange;
use crate::stats::test_cache::{account, at, Cache};
use crate::stats::week::WeekStart;

fn week_of(cache: &Cache, instant: &str) -> ProjectView {
    view(
        &cache.db,
        cache.user,
        DashboardRange::Last7Days,
        &at(instant),
    )
    .unwrap()
    .expect("a student has a project view")
}

/// 15 to 30 November 2026 on "compiler" (the day of the month in minutes) and on
/// "homework" (1000 s a day).
fn november(zone: &str) -> Cache {
    let cache = account(zone, Some("Compiler"));
    for day in 15..=30 {
        cache.day(
            &format!("2026-11-{day}"),
            &[
                ("projects", "compiler", day * 60),
                ("projects", "homework", 1000),
                ("languages", "Rust", day * 60 + 1000),
            ],
        );
    }
    cache
}

/// The "compiler" seconds of 15..=30 November days `first..=last`.
fn minutes(first: i64, last: i64) -> i64 {
    (first..=last).map(|d| d * 60).sum()
}

#[test]
fn this_week_and_last_week_start_on_the_chosen_day_in_the_users_zone() {
    // 29 November 2026 is a Sunday. At 18:20 UTC it is 23:50 that Sunday in Kolkata;
    // at 18:40 UTC and at 23:30 UTC it is already Monday the 30th there, while UTC is
    // still on Sunday.
    for (zone, instant, start, this, last) in [
        (
            "UTC",
            "2026-11-29T23:30:00Z",
            WeekStart::Monday,
            (23, 29),
            (16, 22),
        ),
        (
            "UTC",
            "2026-11-29T23:30:00Z",
            WeekStart::Sunday,
            (29, 29),
            (22, 28),
        ),
        (
            "UTC",
            "2026-11-30T00:10:00Z",
            WeekStart::Monday,
            (30, 30),
            (23, 29),
        ),
        (
            "UTC",
            "2026-11-30T00:10:00Z",
            WeekStart::Sunday,
            (29, 30),
            (22, 28),
        ),
        (
            "Asia/Kolkata",
            "2026-11-29T18:20:00Z",
            WeekStart::Monday,
            (23, 29),
            (16, 22),
        ),
        (
            "Asia/Kolkata",
            "2026-11-29T18:20:00Z",
            WeekStart::Sunday,
            (29, 29),
            (22, 28),
        ),
        (
            "Asia/Kolkata",
            "2026-11-29T18:40:00Z",
            WeekStart::Monday,
            (30, 30),
            (23, 29),
        ),
        (
            "Asia/Kolkata",
            "2026-11-29T18:40:00Z",
            WeekStart::Sunday,
            (29, 30),
            (22, 28),
        ),
        (
            "Asia/Kolkata",
            "2026-11-29T23:30:00Z",
            WeekStart::Monday,
            (30, 30),
            (23, 29),
        ),
        (
            "Asia/Kolkata",
            "2026-11-29T23:30:00Z",
            WeekStart::Sunday,
            (29, 30),
            (22, 28),
        ),
    ] {
        let what = format!("{zone} at {instant}, weeks from {start:?}");
        let cache = november(zone);
        if start == WeekStart::Sunday {
            set_week_start(&cache.db, cache.user, start).unwrap();
        }
        let v = week_of(&cache, instant);
        assert_eq!(v.week_start, start, "{what}");
        assert_eq!(v.timezone, zone, "{what}");
        assert_eq!(v.end, format!("2026-11-{}", this.1), "{what}: today");
        assert_eq!(
            (v.this_week.start.as_str(), v.this_week.end.as_str()),
            (
                format!("2026-11-{}", this.0).as_str(),
                format!("2026-11-{}", this.1).as_str()
            ),
            "{what}: this week"
        );
        assert_eq!(
            (v.last_week.start.clone(), v.last_week.end.clone()),
            (format!("2026-11-{}", last.0), format!("2026-11-{}", last.1)),
            "{what}: last week"
        );
        assert_eq!(
            v.this_week.seconds,
            minutes(this.0, this.1),
            "{what}: time this week"
        );
        assert_eq!(
            v.last_week.seconds,
            minutes(last.0, last.1),
            "{what}: time last week"
        );
        assert_eq!(
            v.this_week.text,
            crate::stats::format::duration_text(minutes(this.0, this.1)),
            "{what}"
        );
    }
}

#[test]
fn the_registered_project_is_found_loosely_with_its_days_and_share() {
    let cache = account("UTC", Some("Compiler Project"));
    cache.day(
        "2026-11-24",
        &[
            ("projects", "compiler_project", 1800),
            ("projects", "website", 600),
            ("languages", "Rust", 2400),
        ],
    );
    cache.day(
        "2026-11-25",
        &[
            ("projects", "compiler-project", 1200),
            ("projects", "compiler_project", 600),
            ("projects", "homework", 1800),
            ("languages", "Rust", 3600),
        ],
    );
    // Before the range: counts towards the candidates, not towards the figures.
    cache.day("2026-11-01", &[("projects", "wakadesk", 99_999)]);

    let v = week_of(&cache, "2026-11-25T12:00:00Z");
    assert_eq!(
        v.registered, "Compiler Project",
        "the registered name is kept"
    );
    assert_eq!(v.matched.as_deref(), Some("compiler_project"), "most time");
    assert_eq!(v.matched_by, Some(MatchedBy::Name));
    assert_eq!(v.names, ["compiler_project", "compiler-project"]);
    assert_eq!(
        v.candidates,
        [
            "wakadesk",
            "compiler_project",
            "homework",
            "compiler-project",
            "website"
        ],
        "every synced project, most time first"
    );
    assert_eq!(v.total.seconds, 1800 + 1200 + 600);
    assert_eq!(v.total.text, "1 hr");
    assert_eq!(v.percent, 60.0, "3600 of the range's 6000 s");
    assert_eq!(v.series.len(), 7);
    let days: Vec<(&str, i64)> = v
        .series
        .iter()
        .map(|d| (d.date.as_str(), d.seconds))
        .collect();
    assert_eq!(
        days,
        [
            ("2026-11-19", 0),
            ("2026-11-20", 0),
            ("2026-11-21", 0),
            ("2026-11-22", 0),
            ("2026-11-23", 0),
            ("2026-11-24", 1800),
            ("2026-11-25", 1800)
        ]
    );
}

#[test]
fn with_no_match_the_synced_names_are_offered_to_choose_from() {
    let mut cache = account("UTC", Some("My Final Project"));
    cache.day(
        "2026-11-25",
        &[
            ("projects", "capstone", 3000),
            ("projects", "dotfiles", 600),
        ],
    );
    let v = week_of(&cache, "2026-11-25T12:00:00Z");
    assert_eq!((v.matched.clone(), v.matched_by), (None, None));
    assert!(v.names.is_empty());
    assert_eq!(v.candidates, ["capstone", "dotfiles"]);
    assert_eq!(
        (v.total.seconds, v.this_week.seconds, v.percent),
        (0, 0, 0.0)
    );

    let err = choose(&mut cache.db, cache.user, Some("Capstone")).unwrap_err();
    assert_eq!(err.code(), "project_not_synced", "names as listed, exactly");
}

#[test]
fn a_chosen_name_counts_until_it_is_cleared_and_the_registered_name_stays() {
    let mut cache = account("UTC", Some("My Final Project"));
    cache.day(
        "2026-11-25",
        &[
            ("projects", "capstone", 3000),
            ("projects", "dotfiles", 600),
        ],
    );
    choose(&mut cache.db, cache.user, Some("capstone")).unwrap();
    let v = week_of(&cache, "2026-11-25T12:00:00Z");
    assert_eq!(v.matched.as_deref(), Some("capstone"));
    assert_eq!(v.matched_by, Some(MatchedBy::Choice));
    assert_eq!(v.registered, "My Final Project");
    assert_eq!((v.total.seconds, v.this_week.seconds), (3000, 3000));
    assert_eq!(v.percent, 83.33, "3000 of 3600 s");

    let again = crate::db::Database::open(cache.db.path()).unwrap();
    let v = view(
        &again,
        cache.user,
        DashboardRange::Last7Days,
        &at("2026-11-26T12:00:00Z"),
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        v.matched.as_deref(),
        Some("capstone"),
        "saved with the student"
    );
    assert_eq!(v.last_week.seconds, 0, "weeks from Monday 23rd");
    assert_eq!(v.this_week.seconds, 3000);

    choose(&mut cache.db, cache.user, None).unwrap();
    let v = week_of(&cache, "2026-11-25T12:00:00Z");
    assert_eq!(v.matched, None, "back to matching the registered name");
}

#[test]
fn an_account_that_is_not_a_student_has_no_project() {
    let mut cache = account("UTC", None);
    cache.day("2026-11-25", &[("projects", "capstone", 3000)]);
    let v = view(
        &cache.db,
        cache.user,
        DashboardRange::Last7Days,
        &at("2026-11-25T12:00:00Z"),
    );
    assert_eq!(v.unwrap(), None);
    let err = choose(&mut cache.db, cache.user, Some("capstone")).unwrap_err();
    assert_eq!(err.code(), "not_student");
    let err = set_week_start(&cache.db, cache.user, WeekStart::Sunday).unwrap_err();
    assert_eq!(err.code(), "not_student");
}

#[test]
fn the_project_view_json_is_camel_case_with_lowercase_words() {
    let cache = november("UTC");
    let json = serde_json::to_value(week_of(&cache, "2026-11-29T12:00:00Z")).unwrap();
    for key in [
        "registered",
        "matched",
        "matchedBy",
        "names",
        "candidates",
        "range",
        "start",
        "end",
        "timezone",
        "weekStart",
        "thisWeek",
        "lastWeek",
        "total",
        "percent",
        "series",
    ] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    assert_eq!(json["matchedBy"], "name");
    assert_eq!(json["weekStart"], "monday");
    assert_eq!(json["range"], "last_7_days");
    assert_eq!(json["thisWeek"]["start"], "2026-11-23");
    assert_eq!(json["series"][6]["date"], "2026-11-29");
}
