//! The dashboard in the window, against the local stand-in: it syncs when it first
//! opens, shows exactly what the server serves (compared with the stand-in's own API,
//! asked directly by the test), switches ranges from the cache, shows a sync's progress,
//! and keeps the figures when the server is gone, with a banner saying so.
//!
//! Needs a desktop session and built binaries:
//! `cargo build -p wakadesk -p fake-wakatime && scripts/test-session.sh cargo test -p wakadesk-e2e`.
#![forbid(unsafe_code)]

mod support;

use support::dashboard::*;
use support::wakatime::*;
use support::*;
use wakadesk_e2e::Session;

/// Slow enough answers that each step of a sync stays on screen for a while.
const SERVER_DELAY_MS: &str = "700";

#[test]
fn the_dashboard_shows_the_servers_figures_syncs_and_keeps_them_when_offline() {
    let fake = start_stand_in(&["--auto-approve", "--delay-ms", SERVER_DELAY_MS]);
    let (_one_window, app) = launch_against(&fake, &[]);
    let s: &Session = &app;

    sign_up(s, "ada@example.edu", "Ada Lovelace", "analytical-engine");
    click(s, "#connect");
    wait_wakatime_status(&app, "Connected as ada", "approving connects the window");
    wait_displayed(s, "#dashboard", "a connected account sees the dashboard");

    let progress = watch_sync(s, "the dashboard syncs when it first opens");
    let (year_start, today) = stats_dates(&server_stats(&fake, "last_year"));
    let fetching = format!("Fetching daily summaries {year_start} to {today}…");
    assert!(
        progress.contains(&fetching),
        "the first sync says it fetches the last year ({fetching:?}), but showed {progress:?}"
    );
    wait_text(
        s,
        "#last-synced",
        "Last synced just now",
        "a finished sync says when it ran",
    );
    assert_eq!(
        text_of(s, "#data-source"),
        "Data from 127.0.0.1",
        "the dashboard names the server the data comes from"
    );

    let week = server_stats(&fake, "last_7_days");
    let (week_start, _) = stats_dates(&week);
    wait_total(
        s,
        week["human_readable_total"].as_str().unwrap_or_default(),
        "the 7-day total reads as the server writes it",
    );
    assert_eq!(
        seconds_of(s, "#stat-total"),
        total_seconds(&week),
        "the 7-day total is the server's, to the second"
    );
    let days = server_days(&fake, &week_start, &today);
    assert_eq!(
        chart_days(s),
        days,
        "one bar per day of the week, each as long as the server's summary of that day"
    );
    assert_eq!(
        seconds_of(s, "#stat-today"),
        days.last().map_or(-1, |d| d.1),
        "today's figure is today's summary"
    );
    assert_eq!(
        by_name(&breakdown(s, "#list-languages")),
        by_name(&expected_breakdown(&week, "languages")),
        "the languages are the server's top eight and the rest as Other"
    );
    assert_eq!(
        by_name(&breakdown(s, "#list-os")),
        by_name(&expected_breakdown(&week, "operating_systems")),
        "the operating systems are the server's"
    );
    for (css, key) in [("#list-projects", "projects"), ("#list-editors", "editors")] {
        assert_eq!(
            breakdown(s, css).len(),
            expected_breakdown(&week, key).len(),
            "{css} lists as many entries as the server's {key}"
        );
    }
    assert!(
        !is_displayed(s, "#stats-banner"),
        "a successful sync shows no banner, but it says {:?}",
        text_of(s, "#stats-banner")
    );
    screenshot(&app, "16-dashboard");

    click(s, "#range-picker [data-range=\"last_30_days\"]");
    let month = server_stats(&fake, "last_30_days");
    let (month_start, _) = stats_dates(&month);
    wait_total(
        s,
        month["human_readable_total"].as_str().unwrap_or_default(),
        "switching to 30 days shows the server's 30-day total",
    );
    assert_eq!(
        s.find("#stat-total-label")
            .and_then(|e| e.property("textContent"))
            .unwrap_or_default(),
        "Last 30 days",
        "the total says which range it covers"
    );
    assert_eq!(
        chart_days(s),
        server_days(&fake, &month_start, &today),
        "the chart shows the 30 days of the server's summaries"
    );
    let (hovered, row) = hover_bar(s, 27);
    assert!(
        !hovered.is_empty() && hovered == row,
        "the pointer over a bar shows that day and its time ({row:?}), but the label reads \
         {hovered:?}"
    );
    let (heading, rows) = chart_table(s);
    assert_eq!(
        (heading.as_str(), rows.len()),
        ("Day", 30),
        "for 30 days the chart's text twin has a row per day"
    );
    scroll_into_view(s, "#chart-days");
    screenshot(&app, "17-dashboard-30-days");

    click(s, "#range-picker [data-range=\"last_year\"]");
    let year = server_stats(&fake, "last_year");
    let (year_start, _) = stats_dates(&year);
    wait_total(
        s,
        year["human_readable_total"].as_str().unwrap_or_default(),
        "switching to a year shows the server's year total",
    );
    wait_displayed(s, "#heatmap", "a year is drawn as a calendar of days");
    assert!(
        !is_displayed(s, "#chart-days"),
        "the calendar takes the bars' place"
    );
    let year_days = server_days(&fake, &year_start, &today);
    let (first, count, bounds, levels) = heatmap_facts(s);
    assert_eq!(
        (first.as_str(), count),
        (year_start.as_str(), year_days.len()),
        "the calendar has every day of the year"
    );
    assert_eq!(
        (bounds, levels),
        expected_levels(&year_days),
        "each day is shaded by its quartile among the year's coding days"
    );
    let months: std::collections::BTreeSet<&str> =
        year_days.iter().map(|(date, _)| &date[..7]).collect();
    let (heading, rows) = chart_table(s);
    assert_eq!(
        (heading.as_str(), rows.len()),
        ("Month", months.len()),
        "for a year the text twin has a row per month, not per day: {rows:?}"
    );
    let hovered = hover_heatmap_day(s, year_days.len() - 1);
    assert!(
        hovered.ends_with(&text_of(s, "#stat-today")),
        "over today's cell the label gives today's time ({:?}), but reads {hovered:?}",
        text_of(s, "#stat-today")
    );
    scroll_into_view(s, "#heatmap");
    screenshot(&app, "17b-dashboard-year-calendar");

    let summaries_before = summaries_requests(&fake);
    click(s, "#sync");
    let progress = watch_sync(s, "Sync syncs again");
    assert!(
        progress
            .iter()
            .any(|p| p.starts_with("Fetching daily summaries")),
        "a sync says what it fetches, but showed {progress:?}"
    );
    wait_text(
        s,
        "#last-synced",
        "Last synced just now",
        "after Sync the dashboard says it just synced",
    );
    assert_eq!(
        summaries_requests(&fake),
        summaries_before + 1,
        "a sync after the first asks only for the days since, in one request"
    );

    let (total_before, chart_before) = (text_of(s, "#stat-total"), heatmap_facts(s));
    drop(fake);
    click(s, "#sync");
    wait_displayed(s, "#stats-banner", "a failed sync is announced in a banner");
    let banner = text_of(s, "#stats-banner");
    assert!(
        banner.contains("could not be reached") && banner.contains("from the last sync"),
        "the banner says the server could not be reached and how old the figures are, \
         but says {banner:?}"
    );
    assert_eq!(
        text_of(s, "#stat-total"),
        total_before,
        "the figures stay when the server is gone"
    );
    assert_eq!(heatmap_facts(s), chart_before, "the calendar stays too");
    assert!(
        is_enabled(s, "#sync"),
        "Sync can be tried again after a failure"
    );
    scroll_into_view(s, "#dashboard");
    screenshot(&app, "18-dashboard-offline");
}

/// How many summaries requests the stand-in has answered.
fn summaries_requests(fake: &wakadesk_e2e::StandInProcess) -> usize {
    fake.requests()
        .unwrap_or_else(|e| panic!("the stand-in's request log should be readable: {e}"))
        .iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("/users/current/summaries"))
        })
        .count()
}
