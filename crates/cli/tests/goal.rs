//! `wakadesk-cli goal` and the goal's figures in `stats`: at pinned instants on both
//! sides of midnight in two zones, with a goal that some day of the stand-in's history
//! misses, today's progress and the streaks are those of the stand-in's own days.

mod synced_lab;

use fake_wakatime::Activity;
use synced_lab::{synced, Lab};
use test_support::text;
use time::Duration;
use wakadesk_core::stats::dates;

/// A goal in minutes that the day with the least coding among the 2nd to 10th days
/// before today misses, so the history has a missed day whatever the seed gives.
fn a_goal_with_a_missed_day(activity: &Activity) -> u64 {
    let today = activity.today();
    let least = (2..=10)
        .map(|n| activity.day(dates::days_before(today, n)).total_seconds)
        .min()
        .unwrap();
    least / 60 + 1
}

/// `(today's seconds, current streak, longest streak)` of the stand-in's days for a goal
/// of `minutes`, counted here day by day.
fn expected(activity: &Activity, minutes: u64) -> (u64, i64, i64) {
    let today = activity.today();
    let met = |date| activity.day(date).total_seconds >= minutes * 60;
    let mut longest = 0;
    let mut run = 0;
    let mut day = activity.created_on();
    while day <= today {
        run = if met(day) { run + 1 } else { 0 };
        longest = longest.max(run);
        day += Duration::days(1);
    }
    let mut current = 0;
    let mut day = if met(today) {
        today
    } else {
        today - Duration::days(1)
    };
    while day >= activity.created_on() && met(day) {
        current += 1;
        day -= Duration::days(1);
    }
    (activity.day(today).total_seconds, current, longest)
}

fn set_goal(lab: &Lab, args: &[&str]) -> String {
    let mut all = vec!["goal"];
    all.extend_from_slice(args);
    let out = lab.account(&all);
    assert!(out.status.success(), "goal {args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn around_midnight_in_two_zones_the_goal_and_streaks_are_the_stand_ins_days() {
    for (zone, now) in [
        ("UTC", "2026-11-29T23:50:00Z"),
        ("UTC", "2026-11-30T00:10:00Z"),
        ("Asia/Kolkata", "2026-11-29T18:20:00Z"),
        ("Asia/Kolkata", "2026-11-29T18:40:00Z"),
    ] {
        let what = format!("{zone} at {now}");
        let lab = synced(zone, now);
        let activity = lab.activity();
        let minutes = a_goal_with_a_missed_day(&activity);
        let printed = set_goal(&lab, &["--minutes", &minutes.to_string()]);
        assert!(printed.starts_with("Daily goal set: "), "{what}: {printed}");

        let d = lab.stats_json();
        let (today, current, longest) = expected(&activity, minutes);
        assert_eq!(d["goal"], minutes, "{what}");
        assert_eq!(
            d["goalProgress"]["date"],
            dates::format(activity.today()),
            "{what}: today is the account's"
        );
        assert_eq!(
            d["goalProgress"]["seconds"], today,
            "{what}: today's coding"
        );
        assert_eq!(d["goalProgress"]["goalSeconds"], minutes * 60, "{what}");
        assert_eq!(d["goalProgress"]["met"], today >= minutes * 60, "{what}");
        assert_eq!(d["currentStreak"], current, "{what}: the current streak");
        assert_eq!(d["longestStreak"], longest, "{what}: the longest streak");
        assert!(
            longest < 31,
            "{what}: the goal is missed on some day ({longest} days in a row)"
        );
        assert_eq!(
            d["today"]["seconds"], today,
            "{what}: the key it had keeps its value"
        );

        let out = lab.account(&["stats"]);
        let stdout = text(&out.stdout);
        assert!(
            stdout.contains("  Daily goal     ")
                && stdout.contains(&format!("  Streak         {current} day")),
            "{what}: the text says it: {stdout}"
        );
    }
}

#[test]
fn the_goal_is_removed_with_clear_or_zero_and_out_of_range_minutes_are_refused() {
    let lab = synced("Asia/Kolkata", "2026-11-29T06:00:00Z");
    let d = lab.stats_json();
    for key in ["goal", "goalProgress", "currentStreak", "longestStreak"] {
        assert!(d[key].is_null(), "no goal by default: {key} is {}", d[key]);
    }
    assert!(
        !text(&lab.account(&["stats"]).stdout).contains("Daily goal"),
        "no goal line without a goal"
    );

    assert!(set_goal(&lab, &["--minutes", "90"]).contains("1 hr 30 mins a day"));
    assert_eq!(lab.stats_json()["goal"], 90);
    assert_eq!(
        set_goal(&lab, &["--clear"]).lines().next(),
        Some("Daily goal removed.")
    );
    assert!(lab.stats_json()["goal"].is_null());
    set_goal(&lab, &["--minutes", "45"]);
    set_goal(&lab, &["--minutes", "0"]);
    assert!(lab.stats_json()["currentStreak"].is_null(), "0 removes it");

    let out = lab.account(&["goal", "--minutes", "1441"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("between 1 and 1440 minutes"));
    for usage in [
        vec!["goal"],
        vec!["goal", "--minutes", "30", "--clear"],
        vec!["goal", "--minutes", "-5"],
    ] {
        let out = lab.account(&usage);
        assert_eq!(out.status.code(), Some(2), "{usage:?}: a usage error");
    }
    let out = lab.cli.run(
        &test_support::account_args(synced_lab::ADA, &["goal", "--minutes", "30"]),
        "wrong password\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        lab.stats_json()["goal"].is_null(),
        "nothing set without the password"
    );
}
