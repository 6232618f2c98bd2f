//! A plan with limited history: summaries older than the plan serves are refused (402,
//! or 400/403 naming the plan). The first sync finds the depth with a handful of
//! requests, caches what is served, and remembers the depth: later syncs never ask for
//! more, and the dashboard says so for longer ranges.

use fake_wakatime::{Flavor, Options};
use time::Duration;
use wakadesk_core::stats::{dates, DashboardRange};

use crate::pinned::*;

const NOW: &str = "2026-12-01T15:00:00Z";

fn limited(days: u32, status: u16) -> Options {
    Options::default().with_switches(|s| {
        s.history_days = Some(days);
        s.history_refusal_status = status;
    })
}

fn refused(p: &Pinned) -> usize {
    p.summaries_requests()
        .iter()
        .filter(|r| matches!(r.status, Some(400 | 402 | 403)))
        .count()
}

#[tokio::test]
async fn the_served_depth_is_found_once_cached_and_never_asked_beyond() {
    for (days, status) in [(14, 402), (7, 402), (14, 400), (7, 403)] {
        let what = format!("{days} days, refused with {status}");
        let p = pinned(limited(days, status), "Asia/Kolkata", NOW).await;
        p.connect_oauth().await;
        let report = p.sync().await.unwrap_or_else(|e| panic!("{what}: {e}"));
        let activity = p.activity();
        let today = activity.today();
        assert_eq!(report.days_fetched, days as usize, "{what}: each day once");
        assert!(
            report.requests <= 12,
            "{what}: a handful of requests: {report:?}"
        );
        assert_eq!(
            p.state().history_limit_days,
            Some(i64::from(days)),
            "{what}"
        );
        assert!(p.state().last_problem.is_none(), "{what}: not a failure");

        let week = p.dashboard(DashboardRange::Last7Days);
        assert_same_days(&week, &activity, DashboardRange::Last7Days, &what);
        assert!(
            !week.beyond_history && week.history_note.is_none(),
            "{what}"
        );
        let month = p.dashboard(DashboardRange::Last30Days);
        assert!(month.beyond_history, "{what}");
        assert_eq!(month.history_limit_days, Some(i64::from(days)), "{what}");
        assert_eq!(
            month.history_note.as_deref(),
            Some(format!("Your WakaTime plan shows the last {days} days.").as_str()),
            "{what}"
        );
        let served = servers_days(
            &activity,
            dates::days_before(today, i64::from(days) - 1),
            today,
        );
        let total: u64 = served.iter().map(|(_, s)| s).sum();
        assert_eq!(month.total.seconds as u64, total, "{what}: what is served");
        assert_eq!(
            month.daily_average.seconds as u64,
            total / u64::from(days),
            "{what}: averaged over the days the plan shows"
        );

        p.advance(Duration::days(2));
        p.h.fake.clear_requests();
        let later = p.sync().await.unwrap();
        assert_eq!(refused(&p), 0, "{what}: never asked beyond again");
        assert_eq!(
            later.requests, 3,
            "{what}: incremental, with the daily check"
        );
    }
}

#[tokio::test]
async fn a_resync_in_another_zone_asks_only_for_the_plans_days() {
    let p = pinned(limited(14, 402), "Asia/Kolkata", NOW).await;
    p.connect_oauth().await;
    p.sync().await.unwrap();
    p.switches(|s| s.timezone = "Etc/GMT+12".parse().unwrap());
    p.advance(Duration::days(1));
    p.h.fake.clear_requests();
    p.sync().await.unwrap();
    assert_eq!(refused(&p), 0);
    let asked = p.summaries_requests();
    let today = p.activity().today();
    assert_eq!(
        asked[0].query_param("start"),
        Some(dates::format(dates::days_before(today, 13)))
    );
    assert_same_days(
        &p.dashboard(DashboardRange::Last7Days),
        &p.activity(),
        DashboardRange::Last7Days,
        "in the new zone",
    );
}

#[tokio::test]
async fn a_refusal_of_a_later_part_is_narrowed_within_that_part() {
    let options = Options::default()
        .with_flavor(Flavor::Wakapi)
        .with_switches(|s| s.history_days = Some(100));
    let p = pinned(options, "UTC", NOW).await;
    p.connect_key().await;
    let report = p.sync().await.unwrap();
    assert_eq!(report.days_fetched, 100);
    assert_eq!(p.state().history_limit_days, Some(100));
    assert!(p.state().backfill_next.is_none(), "nothing pending");
    let longest = p
        .summaries_requests()
        .iter()
        .map(|r| {
            let day = |name| dates::parse(&r.query_param(name).unwrap()).unwrap();
            (day("end") - day("start")).whole_days() + 1
        })
        .max();
    assert_eq!(longest, Some(92), "parts of three months at most");
    let half = p.dashboard(DashboardRange::Last6Months);
    assert!(half.beyond_history);
    assert_eq!(
        half.total.seconds as u64,
        p.activity()
            .totals(
                dates::days_before(p.activity().today(), 99),
                p.activity().today()
            )
            .total_seconds
    );
}

#[tokio::test]
async fn a_server_refusing_even_today_fails_the_sync_and_says_so() {
    // No day at all is served: whatever the refusal is about, it is not the age.
    let p = pinned(limited(0, 402), "UTC", NOW).await;
    p.connect_oauth().await;
    let err = p.sync().await.unwrap_err();
    assert_eq!(err.code(), "wakatime_not_available", "{err}");
    assert!(
        p.summaries_requests().len() <= 12,
        "a handful, then it stops"
    );
    let state = p.state();
    assert!(state.last_problem.is_some() && state.history_limit_days.is_none());
}
