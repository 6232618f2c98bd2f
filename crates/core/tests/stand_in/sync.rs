//! Syncing the stats cache from the stand-in's generated year of activity (the
//! dashboard's every figure and breakdown equal to the stand-in's own model for the
//! range), and the server's moods: 202, 429, a 302 in its place, 5xx, timeouts, plan
//! limits, offline.

use std::time::Duration;

use fake_wakatime::activity::{Dimension, StatsRange};
use fake_wakatime::peak_requests_per_second;
use time::Date;
use wakadesk_core::clock::TestClock;
use wakadesk_core::db::SharedDatabase;
use wakadesk_core::stats::figures::{Share, TOP_ITEMS};
use wakadesk_core::stats::{self, dates, Dashboard, DashboardRange, RetryPolicy};

use crate::support::*;

fn fast() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
        rate_limit_retries: 4,
        failure_retries: 2,
        min_interval: Duration::from_millis(110),
    }
}

async fn connected() -> Harness {
    let h = harness().await;
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    h.fake.clear_requests();
    h
}

fn today() -> Date {
    fake_wakatime::activity::today_utc()
}

/// A dashboard breakdown shows the stand-in's own sums for the range: every name with
/// its seconds, the first `TOP_ITEMS` as they are and the rest as one "Other", and each
/// share as its percent of the whole to two decimals.
fn assert_shares_are(shares: &[Share], server: &[(String, u64)], what: &str) {
    let total: u64 = server.iter().map(|(_, seconds)| seconds).sum();
    let rest: u64 = server
        .iter()
        .skip(TOP_ITEMS)
        .map(|(_, seconds)| seconds)
        .sum();
    let mut expected: Vec<(String, u64)> = server.iter().take(TOP_ITEMS).cloned().collect();
    if rest > 0 {
        expected.push(("Other".to_owned(), rest));
    }
    let shown: Vec<(String, u64)> = shares
        .iter()
        .map(|share| (share.name.clone(), share.seconds as u64))
        .collect();
    assert_eq!(shown, expected, "{what}: names and seconds");
    assert!(
        !shown.is_empty(),
        "{what}: the range has coding, so the check is not empty"
    );
    for share in shares {
        let exact = share.seconds as f64 * 100.0 / total as f64;
        assert!(
            (share.percent - exact).abs() <= 0.005 + 1e-9
                && (share.percent * 100.0 - (share.percent * 100.0).round()).abs() < 1e-6,
            "{what}: {} is {} % of the whole, to two decimals: {}",
            share.name,
            exact,
            share.percent
        );
    }
    let sum: f64 = shares.iter().map(|share| share.percent).sum();
    assert!(
        (sum - 100.0).abs() < 0.01 * shares.len() as f64,
        "{what}: shares add up to {sum}"
    );
}

/// The dashboard's figures for `range` from the cache, today.
fn dashboard(db: &SharedDatabase, user_id: i64, range: DashboardRange) -> Dashboard {
    stats::dashboard(&db.lock(), user_id, range, &now()).unwrap()
}

/// A clock on `day`: the user's today is `day`.
fn on(day: Date) -> TestClock {
    TestClock::on(day)
}

/// A clock on the stand-in's today.
fn now() -> TestClock {
    on(today())
}

async fn sync(h: &Harness, day: Date) -> wakadesk_core::Result<stats::SyncReport> {
    stats::sync(&h.db, &h.oauth.api(), h.user_id, &on(day), fast(), &|_| {}).await
}

fn stats_requests(h: &Harness) -> Vec<fake_wakatime::RecordedRequest> {
    h.fake.requests_under("/api/v1/users/current/")
}

#[tokio::test]
async fn a_first_sync_fetches_a_year_in_two_requests_and_matches_the_servers_figures() {
    let h = connected().await;
    let report = sync(&h, today()).await.unwrap();
    assert_eq!(
        report.requests, 2,
        "one summaries request for the year, one all-time"
    );
    assert_eq!(report.days_fetched, 365);
    let seen = stats_requests(&h);
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(
        seen[0].query_param("start"),
        Some(dates::format(dates::days_before(today(), 364)))
    );

    let activity = h.fake.activity();
    for (ours, theirs) in [
        (DashboardRange::Last7Days, StatsRange::Last7Days),
        (DashboardRange::Last30Days, StatsRange::Last30Days),
        (DashboardRange::Last6Months, StatsRange::Last6Months),
        (DashboardRange::LastYear, StatsRange::LastYear),
    ] {
        let d = dashboard(&h.db, h.user_id, ours);
        let server = activity.stats(theirs);
        assert_eq!(
            d.total.seconds as u64, server.total_seconds,
            "{ours:?} total"
        );
        assert_eq!(
            d.daily_average.seconds as u64,
            server.daily_average(),
            "{ours:?} daily average"
        );
        let best = d
            .best_day
            .as_ref()
            .map(|b| (b.date.clone(), b.seconds as u64));
        let server_best = server.best_day.map(|(date, s)| (dates::format(date), s));
        assert_eq!(best, server_best, "{ours:?} best day");
        for (dimension, shares) in [
            (Dimension::Languages, &d.languages),
            (Dimension::Projects, &d.projects),
            (Dimension::Editors, &d.editors),
            (Dimension::OperatingSystems, &d.operating_systems),
        ] {
            let what = format!("{ours:?} {dimension:?}");
            assert_shares_are(shares, server.dimension(dimension), &what);
        }
        assert_eq!(
            d.today.seconds as u64,
            activity.day(today()).total_seconds,
            "today"
        );
    }
    let d = dashboard(&h.db, h.user_id, DashboardRange::Last7Days);
    assert!(d.all_time.is_some(), "all-time total cached");
    assert!(d.sync.covers_range && !d.sync.empty && d.sync.problem.is_none());
}

#[tokio::test]
async fn a_later_sync_fetches_only_from_the_last_synced_day() {
    let h = connected().await;
    let yesterday = dates::days_before(today(), 1);
    sync(&h, yesterday).await.unwrap();
    h.fake.clear_requests();
    let report = sync(&h, today()).await.unwrap();
    assert!(report.requests <= 2, "{report:?}");
    let seen = stats_requests(&h);
    let summaries: Vec<_> = seen
        .iter()
        .filter(|r| r.path.ends_with("/summaries"))
        .collect();
    assert_eq!(summaries.len(), 1);
    assert_eq!(
        summaries[0].query_param("start"),
        Some(dates::format(yesterday)),
        "from the last synced day"
    );
    assert_eq!(
        summaries[0].query_param("end"),
        Some(dates::format(today()))
    );
    let d = dashboard(&h.db, h.user_id, DashboardRange::Last7Days);
    assert_eq!(
        d.today.seconds as u64,
        h.fake.activity().day(today()).total_seconds,
        "the new day arrived"
    );
}

#[tokio::test]
async fn while_wakatime_calculates_the_cached_figures_stay_and_the_percent_is_reported() {
    let h = connected().await;
    sync(&h, today()).await.unwrap();
    let before = dashboard(&h.db, h.user_id, DashboardRange::LastYear);
    h.fake.update_switches(|s| s.calculating_percent = Some(40));
    let report = sync(&h, today()).await.expect("202 is not a failure");
    assert_eq!(report.calculating_percent, Some(40.0));
    let after = dashboard(&h.db, h.user_id, DashboardRange::LastYear);
    assert_eq!(after.sync.calculating_percent, Some(40.0));
    assert_eq!(after.total, before.total, "figures kept");
    assert_eq!(
        after.all_time, before.all_time,
        "the last complete all-time total is kept"
    );
}

#[tokio::test]
async fn rate_limits_are_waited_out_and_the_request_rate_stays_under_ten_per_second() {
    for as_redirect in [false, true] {
        let h = connected().await;
        h.fake.update_switches(|s| {
            s.rate_limit_as_redirect = as_redirect;
            s.rate_limit_next = 3;
        });
        let report = sync(&h, today())
            .await
            .unwrap_or_else(|e| panic!("redirect={as_redirect}: {e}"));
        assert_eq!(report.days_fetched, 365);
        let seen = stats_requests(&h);
        assert_eq!(seen.len(), 5, "three refused, then two answered: {seen:?}");
        assert!(
            peak_requests_per_second(&seen) < 10,
            "peak rate {}",
            peak_requests_per_second(&seen)
        );
    }
}

#[tokio::test]
async fn server_errors_are_retried_a_bounded_number_of_times_and_the_cache_survives() {
    let h = connected().await;
    sync(&h, today()).await.unwrap();
    let before = dashboard(&h.db, h.user_id, DashboardRange::Last30Days);
    h.fake.clear_requests();
    h.fake.update_switches(|s| s.server_error_next = 100);
    let err = sync(&h, today()).await.unwrap_err();
    assert_eq!(err.code(), "wakatime_server_error", "{err}");
    assert_eq!(stats_requests(&h).len(), 3, "one try and two retries");
    let after = dashboard(&h.db, h.user_id, DashboardRange::Last30Days);
    assert_eq!(after.total, before.total, "cached figures intact");
    assert!(
        after
            .sync
            .problem
            .as_deref()
            .unwrap_or_default()
            .contains("HTTP 500"),
        "{:?}",
        after.sync
    );
    assert_eq!(after.sync.last_success_at, before.sync.last_success_at);
}

#[tokio::test]
async fn a_server_that_does_not_answer_in_time_is_reported_as_unreachable() {
    let h = connected().await;
    let Harness {
        fake,
        oauth,
        user_id,
        db,
        dir: _dir,
        ..
    } = h;
    let oauth = oauth
        .with_request_timeout(Duration::from_millis(300))
        .unwrap();
    fake.update_switches(|s| s.delay_ms = 1_500);
    let policy = RetryPolicy {
        failure_retries: 0,
        ..fast()
    };
    let err = stats::sync(&db, &oauth.api(), user_id, &on(today()), policy, &|_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code(), "wakatime_unreachable", "{err}");
    assert!(err.to_string().contains("did not answer in time"), "{err}");
    let d = dashboard(&db, user_id, DashboardRange::Last7Days);
    assert!(
        d.sync.problem.is_some(),
        "the problem is recorded for the dashboard"
    );
}

#[tokio::test]
async fn offline_the_dashboard_still_shows_the_cache_with_the_problem() {
    let h = connected().await;
    sync(&h, today()).await.unwrap();
    let before = dashboard(&h.db, h.user_id, DashboardRange::Last7Days);
    let h = h.offline().await;
    let err = stats::sync(&h.db, &h.oauth.api(), h.user_id, &now(), fast(), &|_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code(), "wakatime_unreachable");
    let d = dashboard(&h.db, h.user_id, DashboardRange::Last7Days);
    assert_eq!(d.total, before.total, "cached figures shown");
    assert!(
        d.sync
            .problem
            .as_deref()
            .unwrap_or_default()
            .contains("could not be reached"),
        "{:?}",
        d.sync
    );
    assert!(d.sync.last_success_at.is_some(), "and when they are from");
}

#[tokio::test]
async fn plan_limited_and_missing_stats_ranges_do_not_matter_because_figures_come_from_summaries() {
    let h = connected().await;
    h.fake.update_switches(|s| {
        s.plan_limited_ranges = StatsRange::ALL.map(|r| r.name().to_owned()).to_vec();
        s.missing_stats = true;
    });
    sync(&h, today())
        .await
        .expect("sync does not depend on stats ranges");
    let d = dashboard(&h.db, h.user_id, DashboardRange::LastYear);
    assert_eq!(
        d.total.seconds as u64,
        h.fake.activity().stats(StatsRange::LastYear).total_seconds
    );
}

#[tokio::test]
async fn a_new_account_with_no_activity_syncs_to_zero_figures() {
    let h = harness_with(
        fake_wakatime::Options::default()
            .with_switches(|s| s.auto_approve = true)
            .with_activity(7, 0),
    )
    .await;
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    sync(&h, today()).await.unwrap();
    let d = dashboard(&h.db, h.user_id, DashboardRange::Last30Days);
    assert!(
        d.total.seconds <= h.fake.activity().day(today()).total_seconds as i64,
        "at most today's coding"
    );
    assert!(!d.sync.empty, "synced, even if there was nothing");
}

#[tokio::test]
async fn disconnecting_removes_the_cached_stats() {
    let h = connected().await;
    sync(&h, today()).await.unwrap();
    h.oauth.disconnect(h.user_id).await.unwrap();
    let d = dashboard(&h.db, h.user_id, DashboardRange::LastYear);
    assert_eq!(d.total.seconds, 0);
    assert!(d.sync.empty, "the cache is gone with the connection");
}

#[tokio::test]
async fn all_synced_shows_every_cached_day_from_the_oldest_through_today() {
    let h = connected().await;
    sync(&h, today()).await.unwrap();
    let d = dashboard(&h.db, h.user_id, DashboardRange::AllSynced);
    let (oldest, newest, days, seconds): (String, String, i64, i64) =
        h.db.lock()
            .conn()
            .query_row(
                "SELECT min(date), max(date), count(*), sum(total_seconds) FROM daily_total
             WHERE user_id = ?1",
                [h.user_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
    assert_eq!(d.range, DashboardRange::AllSynced);
    assert_eq!(
        (d.start.as_str(), d.end.as_str()),
        (oldest.as_str(), newest.as_str())
    );
    assert!(
        d.series.len() as i64 >= days && days > 300,
        "{days} cached days"
    );
    assert_eq!(d.total.seconds, seconds, "every cached second");
    let year = dashboard(&h.db, h.user_id, DashboardRange::LastYear);
    assert!(d.series.len() >= year.series.len());
}
