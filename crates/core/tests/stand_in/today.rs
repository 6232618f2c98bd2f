//! The tray's refresh of today (`stats::today::refresh`): one request for today in the
//! account's zone while the cache is synced through today, the full sync otherwise
//! (a new day, no cache yet), and the days before today left as the last sync saved
//! them. At pinned instants in several zones.

use fake_wakatime::Options;
use time::Duration;
use wakadesk_core::clock::Clock;
use wakadesk_core::stats::{dates, today, DashboardRange};

use crate::pinned::*;

const ZONES: [(&str, &str); 3] = [
    ("UTC", "2026-11-30T10:00:00Z"),
    // 23:00 in Kolkata: the refresh still asks for the 30th.
    ("Asia/Kolkata", "2026-11-30T17:30:00Z"),
    // Already December in UTC, still the 30th in Los Angeles.
    ("America/Los_Angeles", "2026-12-01T03:00:00Z"),
];

#[tokio::test]
async fn a_refresh_on_the_same_day_is_one_request_for_today_in_the_accounts_zone() {
    for (zone, now) in ZONES {
        let what = format!("{zone} at {now}");
        let p = pinned(Options::default(), zone, now).await;
        p.connect_oauth().await;
        p.sync().await.unwrap();
        let before = p.dashboard(DashboardRange::Last7Days);
        p.h.fake.clear_requests();

        p.advance(Duration::minutes(5));
        let report = today::refresh(&p.h.db, &p.connections.api(), p.h.user_id, &*p.clock)
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(report.requests, 1, "{what}");
        let asked = p.api_requests();
        assert_eq!(asked.len(), 1, "{what}: {asked:?}");
        let today = p.activity().today();
        assert_eq!(dates::format(today), "2026-11-30", "{what}");
        assert!(asked[0].path.ends_with("/summaries"), "{what}");
        for (param, value) in [
            ("start", "2026-11-30"),
            ("end", "2026-11-30"),
            ("timezone", zone),
        ] {
            assert_eq!(
                asked[0].query_param(param).as_deref(),
                Some(value),
                "{what}: {param}"
            );
        }
        let after = p.dashboard(DashboardRange::Last7Days);
        assert_eq!(
            after.today.seconds as u64,
            p.activity().day(today).total_seconds,
            "{what}: today is the server's today"
        );
        assert_eq!(
            chart(&after)[..6],
            chart(&before)[..6],
            "{what}: the days before today are left as they were"
        );
        assert_eq!(
            after.sync.last_success_at,
            Some(p.clock.unix()),
            "{what}: the refresh counts as a sync"
        );
    }
}

#[tokio::test]
async fn a_refresh_on_a_new_day_or_without_a_cache_is_the_full_sync() {
    let p = pinned(Options::default(), "Asia/Kolkata", "2026-11-30T18:00:00Z").await;
    p.connect_oauth().await;
    // No cache yet: the first sync.
    let first = today::refresh(&p.h.db, &p.connections.api(), p.h.user_id, &*p.clock)
        .await
        .unwrap();
    assert_eq!(
        first.requests, 2,
        "a first sync: a year and the all-time total"
    );
    // 23:30 → 00:10 in Kolkata: yesterday is finished by the incremental sync.
    p.set_now(at("2026-11-30T18:40:00Z"));
    p.h.fake.clear_requests();
    let next = today::refresh(&p.h.db, &p.connections.api(), p.h.user_id, &*p.clock)
        .await
        .unwrap();
    assert_eq!(next.requests, 2, "the incremental sync");
    let asked = p.summaries_requests();
    assert_eq!(asked[0].query_param("start").as_deref(), Some("2026-11-30"));
    assert_eq!(asked[0].query_param("end").as_deref(), Some("2026-12-01"));
    assert_same_days(
        &p.dashboard(DashboardRange::Last7Days),
        &p.activity(),
        DashboardRange::Last7Days,
        "after midnight",
    );
}
