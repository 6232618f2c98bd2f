//! The user's days: at pinned instants on both sides of local midnight in zones from
//! UTC−12 to UTC+14 and across a daylight-saving change, the zone learned when
//! connecting is sent with every summaries request, and today, the week's total and
//! the chart's days are the stand-in's own days of that zone. A sync never records a
//! synced-through day after the user's today, and an incremental sync stays at two
//! requests (three when the daily check of the profile's zone falls due).

use fake_wakatime::Options;
use time::Duration;
use wakadesk_core::stats::{dates, DashboardRange};

use crate::pinned::*;

/// (zone, instant): ten minutes either side of a local midnight, and the instants of
/// what was seen (22:20 UTC is already tomorrow at UTC+14; late afternoon in the
/// Americas is already tomorrow in UTC).
#[rustfmt::skip]
const INSTANTS: [(&str, &str); 12] = [
    ("Etc/GMT+12", "2026-12-01T11:50:00Z"),
    ("Etc/GMT+12", "2026-12-01T12:10:00Z"),
    ("UTC", "2026-11-30T23:50:00Z"),
    ("UTC", "2026-12-01T00:10:00Z"),
    ("Asia/Kolkata", "2026-11-30T18:20:00Z"),
    ("Asia/Kolkata", "2026-11-30T18:40:00Z"),
    ("Pacific/Kiritimati", "2026-11-30T09:50:00Z"),
    ("Pacific/Kiritimati", "2026-11-30T22:20:00Z"),
    // 1 November 2026: New York's clocks go back, a day of 25 hours.
    ("America/New_York", "2026-11-01T03:50:00Z"),
    ("America/New_York", "2026-11-01T04:10:00Z"),
    ("America/New_York", "2026-11-02T04:50:00Z"),
    ("America/New_York", "2026-12-01T01:00:00Z"),
];

#[tokio::test]
async fn today_the_week_and_the_chart_are_the_accounts_days_on_both_sides_of_midnight() {
    for (zone, now) in INSTANTS {
        let what = format!("{zone} at {now}");
        let p = pinned(Options::default(), zone, now).await;
        p.connect_oauth().await;
        let report = p.sync().await.unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            report.requests, 2,
            "{what}: the zone was learned when connecting"
        );

        let activity = p.activity();
        let today = activity.today();
        let asked = p.summaries_requests();
        assert_eq!(asked.len(), 1, "{what}");
        assert_eq!(
            asked[0].query_param("timezone").as_deref(),
            Some(zone),
            "{what}: the zone is sent, encoded"
        );
        assert_eq!(
            asked[0].query_param("end"),
            Some(dates::format(today)),
            "{what}: through the account's today"
        );
        assert_eq!(
            asked[0].query_param("start"),
            Some(dates::format(dates::days_before(today, 364))),
            "{what}: a year of the account's days"
        );
        for range in [DashboardRange::Last7Days, DashboardRange::Last30Days] {
            let d = p.dashboard(range);
            assert_eq!(d.timezone, zone, "{what}: the figures say their zone");
            assert_same_days(&d, &activity, range, &format!("{what}, {range:?}"));
        }
        assert_eq!(
            p.state().synced_through,
            Some(dates::format(today)),
            "{what}: synced through the account's today, never a day after"
        );
    }
}

#[tokio::test]
async fn etc_gmt_plus_12_arrives_with_its_plus_sign() {
    let p = pinned(Options::default(), "Etc/GMT+12", "2026-12-01T12:10:00Z").await;
    p.connect_oauth().await;
    p.sync().await.unwrap();
    let asked = &p.summaries_requests()[0];
    assert!(
        asked
            .query
            .as_deref()
            .unwrap_or_default()
            .contains("timezone=Etc%2FGMT%2B12"),
        "{:?}",
        asked.query
    );
}

#[tokio::test]
async fn evening_work_in_the_americas_is_fetched_the_next_morning() {
    // 20:00 in New York on 30 November: already 1 December in UTC.
    let p = pinned(
        Options::default(),
        "America/New_York",
        "2026-12-01T01:00:00Z",
    )
    .await;
    p.connect_oauth().await;
    p.sync().await.unwrap();
    assert_eq!(p.state().synced_through.as_deref(), Some("2026-11-30"));
    // The evening goes on; the next morning's sync starts from the 30th again.
    p.set_now(at("2026-12-01T13:00:00Z"));
    p.h.fake.clear_requests();
    p.sync().await.unwrap();
    let asked = &p.summaries_requests()[0];
    assert_eq!(
        (asked.query_param("start"), asked.query_param("end")),
        (Some("2026-11-30".into()), Some("2026-12-01".into())),
        "the last synced day again, it was partial"
    );
    let d = p.dashboard(DashboardRange::Last7Days);
    assert_same_days(
        &d,
        &p.activity(),
        DashboardRange::Last7Days,
        "the next morning",
    );
}

#[tokio::test]
async fn an_incremental_sync_is_two_requests_and_three_when_the_daily_zone_check_is_due() {
    let p = pinned(Options::default(), "Asia/Kolkata", "2026-12-01T06:00:00Z").await;
    p.connect_oauth().await;
    p.sync().await.unwrap();

    p.advance(Duration::hours(23));
    p.h.fake.clear_requests();
    let report = p.sync().await.unwrap();
    assert_eq!(report.requests, 2, "{report:?}");
    assert_eq!(p.api_requests().len(), 2, "summaries and all time");

    p.advance(Duration::hours(1));
    p.h.fake.clear_requests();
    let report = p.sync().await.unwrap();
    assert_eq!(report.requests, 3, "{report:?}");
    let paths: Vec<String> = p.api_requests().iter().map(|r| r.path.clone()).collect();
    assert!(
        paths[0].ends_with("/users/current"),
        "a day after connecting, the profile's zone is checked first: {paths:?}"
    );

    p.advance(Duration::hours(2));
    p.h.fake.clear_requests();
    assert_eq!(p.sync().await.unwrap().requests, 2, "checked once a day");
    assert_same_days(
        &p.dashboard(DashboardRange::Last7Days),
        &p.activity(),
        DashboardRange::Last7Days,
        "after three syncs",
    );
}

#[tokio::test]
async fn the_last_synced_moment_is_written_in_the_users_zone() {
    let p = pinned(Options::default(), "Asia/Kolkata", "2026-11-30T20:00:00Z").await;
    p.connect_oauth().await;
    p.sync().await.unwrap();
    let text = |p: &Pinned| p.dashboard(DashboardRange::Last7Days).sync.last_synced_text;
    assert_eq!(text(&p).as_deref(), Some("just now"));
    p.advance(Duration::minutes(5));
    assert_eq!(text(&p).as_deref(), Some("5 minutes ago"));
    p.advance(Duration::minutes(115));
    assert_eq!(
        text(&p).as_deref(),
        Some("today at 01:30"),
        "1 December in Kolkata"
    );
    p.advance(Duration::hours(21));
    assert_eq!(text(&p).as_deref(), Some("yesterday at 01:30"));
    p.advance(Duration::days(3));
    assert_eq!(text(&p).as_deref(), Some("on 1 Dec at 01:30"));
}
