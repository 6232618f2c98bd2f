//! When the days the cache holds are not the user's days any more, they are fetched
//! again and replaced: the profile's zone changed (a student travels, or fixes their
//! profile), a Wakapi server answers in the user's new zone before the daily check,
//! or the cache was written by a version that counted UTC days (and may have recorded
//! a synced-through day in the future). No day is counted twice and none is lost.

use fake_wakatime::{Flavor, Options};
use time::Duration;
use wakadesk_core::db::Database;
use wakadesk_core::stats::DashboardRange;

use crate::pinned::*;

fn cached_days(p: &Pinned) -> i64 {
    p.h.db
        .lock()
        .conn()
        .query_row(
            "SELECT count(*) FROM daily_total WHERE user_id = ?1",
            [p.h.user_id],
            |r| r.get(0),
        )
        .unwrap()
}

fn assert_whole_year_is_the_servers(p: &Pinned, what: &str) {
    let activity = p.activity();
    for range in DashboardRange::ALL {
        let d = p.dashboard(range);
        assert_eq!(d.timezone, activity.zone().name(), "{what}: {range:?} zone");
        assert_same_days(&d, &activity, range, &format!("{what}, {range:?}"));
    }
    assert_eq!(
        cached_days(p),
        365,
        "{what}: a year of days, none left over"
    );
}

#[tokio::test]
async fn a_new_zone_in_the_profile_refetches_the_year_in_it_at_the_daily_check() {
    // 22:30 on 30 November in Kolkata: the cache holds 1 December 2025 to today.
    let p = pinned(Options::default(), "Asia/Kolkata", "2026-11-30T17:00:00Z").await;
    p.connect_oauth().await;
    p.sync().await.unwrap();
    assert_whole_year_is_the_servers(&p, "in Kolkata");

    // The student flies to New York and fixes the profile. A day later it is noon on
    // 1 December there: the year is 2 December 2025 to today, in New York's days.
    p.switches(|s| s.timezone = "America/New_York".parse().unwrap());
    p.advance(Duration::hours(24));
    p.h.fake.clear_requests();
    let report = p.sync().await.unwrap();
    assert_eq!(
        report.requests, 3,
        "the profile, the year again, the all-time total"
    );
    let asked = p.summaries_requests();
    assert_eq!(
        asked[0].query_param("timezone").as_deref(),
        Some("America/New_York")
    );
    assert_eq!(report.days_fetched, 365);
    assert_eq!(p.state().cache_zone.as_deref(), Some("America/New_York"));
    assert_whole_year_is_the_servers(&p, "after the move");
}

#[tokio::test]
async fn wakapi_answering_in_the_users_new_zone_is_noticed_before_the_daily_check() {
    let options = Options::default()
        .with_flavor(Flavor::Wakapi)
        .with_switches(|s| s.wakapi_range_date_is_now = true);
    let p = pinned(options, "Asia/Kolkata", "2026-11-30T20:00:00Z").await;
    p.connect_key().await;
    p.sync().await.unwrap();
    assert_whole_year_is_the_servers(&p, "Wakapi in Kolkata");

    // Wakapi ignores `timezone=` (older releases) and answers in the new location.
    p.switches(|s| s.timezone = "Europe/Berlin".parse().unwrap());
    p.advance(Duration::hours(2));
    p.h.fake.clear_requests();
    let report = p.sync().await.unwrap();
    let asked = p.summaries_requests();
    assert_eq!(
        asked.len(),
        5,
        "the recent days, then the year in Berlin in four parts (a self-hosted server)"
    );
    assert!(
        asked[1..]
            .iter()
            .all(|r| r.query_param("timezone").as_deref() == Some("Europe/Berlin")),
        "{asked:?}"
    );
    assert_eq!(
        report.requests, 7,
        "and the profile, and the all-time total"
    );
    assert_whole_year_is_the_servers(&p, "Wakapi in Berlin");
}

#[tokio::test]
async fn a_cache_of_utc_days_from_before_the_upgrade_is_repaired_by_one_resync() {
    // 20:00 on 30 November in New York, already 1 December in UTC.
    let p = pinned(Options::default(), "UTC", "2026-12-01T01:00:00Z").await;
    p.connect_oauth().await;
    p.sync().await.unwrap();
    // What the previous version left: UTC days, a synced-through day in the future
    // for a New York account, and schema version 5 (what versions 6 to 10 added undone).
    p.h.db
        .lock()
        .conn()
        .execute_batch(
            "DROP TABLE goal_notice;
             DROP TABLE desktop_session;
             DROP TABLE daily_goal;
             ALTER TABLE student DROP COLUMN week_start;
             ALTER TABLE student DROP COLUMN wakatime_project;
             DROP TABLE local_secret;
             ALTER TABLE user DROP COLUMN wakatime_client_id;
             DROP TRIGGER forget_zone_on_disconnect;
             DROP TABLE wakatime_zone;
             ALTER TABLE sync_state DROP COLUMN backfill_next;
             ALTER TABLE sync_state DROP COLUMN history_limit_days;
             ALTER TABLE sync_state DROP COLUMN cache_zone;
             UPDATE sync_state SET synced_through = '2026-12-01';
             PRAGMA user_version = 5;",
        )
        .unwrap();
    p.switches(|s| s.timezone = "America/New_York".parse().unwrap());
    let path = p.h.db.lock().path().to_path_buf();
    drop(Database::open(&path).expect("the upgrade migrates it"));
    let before = p.dashboard(DashboardRange::LastYear);
    assert_eq!(
        before.end, "2026-12-01",
        "the old cache's days are UTC days"
    );

    let d = p.dashboard(DashboardRange::Last7Days);
    assert!(
        d.sync.must_sync_first(),
        "the old cache asks for its resync"
    );
    assert!(
        d.sync.is_due(&*p.clock, i64::MAX),
        "due however recent the last sync"
    );
    p.h.fake.clear_requests();
    let report = p.sync().await.unwrap();
    assert_eq!(
        report.requests, 3,
        "the profile, the year, the all-time total"
    );
    assert_eq!(p.state().synced_through.as_deref(), Some("2026-11-30"));
    assert_whole_year_is_the_servers(&p, "repaired");
    let after = p.dashboard(DashboardRange::LastYear);
    assert!(!after.sync.must_sync_first(), "repaired once");
    assert!(after.all_time.is_some() && before.all_time.is_some());
    assert!(
        wakadesk_core::accounts::get(&p.h.db.lock(), p.h.user_id)
            .unwrap()
            .wakatime
            .connected,
        "still connected: nothing else lost"
    );
    p.h.fake.clear_requests();
    assert_eq!(
        p.sync().await.unwrap().requests,
        2,
        "then incremental again"
    );
}
