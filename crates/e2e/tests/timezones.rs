//! The student's own day in the window: with the stand-in and the app pinned to the same
//! instant, and the account in a time zone far from UTC, the dashboard's Today, its
//! 7-day total and its chart's days are the stand-in's own days in that zone, on both
//! sides of the zone's midnight and on a daylight-saving day.
//!
//! Needs a desktop session and built binaries:
//! `cargo build -p wakadesk -p fake-wakatime && scripts/test-session.sh cargo test -p wakadesk-e2e`.
#![forbid(unsafe_code)]

mod support;

use support::dashboard::*;
use support::wakatime::*;
use support::*;
use wakadesk_e2e::Session;

/// `(zone, instant, the first and last day of the user's week then)`: UTC+14 late in
/// the UTC evening (already the next day there), UTC−12 just before its midnight, New
/// York on the day its clocks go back (25 hours long).
const CASES: [(&str, &str, &str, &str); 3] = [
    (
        "Pacific/Kiritimati",
        "2026-11-30T22:20:00Z",
        "2026-11-25",
        "2026-12-01",
    ),
    (
        "Etc/GMT+12",
        "2026-12-01T11:50:00Z",
        "2026-11-24",
        "2026-11-30",
    ),
    (
        "America/New_York",
        "2026-11-01T23:30:00Z",
        "2026-10-26",
        "2026-11-01",
    ),
];

#[test]
fn today_the_week_and_the_chart_are_the_users_own_days_in_their_time_zone() {
    for (zone, instant, week_start, today) in CASES {
        let fake = start_stand_in(&["--auto-approve", "--timezone", zone]);
        fake.set_clock(instant)
            .unwrap_or_else(|e| panic!("the stand-in's clock should be settable: {e}"));
        let (_one_window, app) = launch_against(&fake, &[("WAKADESK_NOW", instant)]);
        let s: &Session = &app;

        sign_up(s, "ada@example.edu", "Ada Lovelace", "analytical-engine");
        click(s, "#connect");
        wait_wakatime_status(&app, "Connected as ada", "approving connects the window");
        wait_displayed(s, "#dashboard", "a connected account sees the dashboard");
        // Waiting for the sync's end, not its progress: a fast sync may be over before
        // its progress could be seen.
        wait_text(
            s,
            "#last-synced",
            "Last synced just now",
            "the dashboard syncs when it first opens",
        );
        wait_text(
            s,
            "#data-timezone",
            &format!("Days in {zone}"),
            "the dashboard says whose days it shows",
        );

        // Asked without a zone, the stand-in answers in the account's, as WakaTime does.
        let days = server_days(&fake, week_start, today);
        assert_eq!(
            days.last().map(|d| d.0.as_str()),
            Some(today),
            "{zone} at {instant}: the stand-in's own today is the user's date"
        );
        assert_eq!(
            chart_days(s),
            days,
            "{zone} at {instant}: one bar per day of the user's week, each the server's day"
        );
        assert_eq!(
            seconds_of(s, "#stat-today"),
            days.last().map_or(-1, |d| d.1),
            "{zone} at {instant}: Today is the user's today"
        );
        assert_eq!(
            seconds_of(s, "#stat-total"),
            days.iter().map(|d| d.1).sum::<i64>(),
            "{zone} at {instant}: the 7-day total is the sum of the server's days"
        );
        screenshot(&app, &format!("30-timezone-{}", zone.replace('/', "-")));
    }
}
