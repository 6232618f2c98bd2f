//! Servers where every requested day costs time: a self-hosted server (Wakapi computes
//! each day separately) gets the first sync in parts of at most three months, newest
//! first, each committed as it arrives; wakatime.com gets the year in one request, and
//! in parts only when that request times out or fails. A sync stopped halfway resumes
//! where it stopped. The stand-in's `summary_day_delay_ms` is the cost per day, and
//! the core's request timeout is short.

use std::sync::Mutex;
use std::time::Duration as StdDuration;

use fake_wakatime::{Flavor, Options};
use tokio::sync::Notify;
use wakadesk_core::stats::{dates, DashboardRange, SyncStep};

use crate::pinned::*;

const NOW: &str = "2026-12-01T15:00:00Z";
/// A year at 4 ms a day takes 1.46 s, three months 0.37 s.
const DAY_COST_MS: u64 = 4;
const TIMEOUT: StdDuration = StdDuration::from_secs(1);

async fn slow(flavor: Flavor) -> Pinned {
    let options = Options::default()
        .with_flavor(flavor)
        .with_switches(|s| s.summary_day_delay_ms = DAY_COST_MS);
    pinned(options, "Asia/Kolkata", NOW)
        .await
        .with_request_timeout(TIMEOUT)
}

/// `(from, to, window, windows)` of each summaries step.
type Steps = Mutex<Vec<(String, String, u32, u32)>>;

fn record(steps: &Steps) -> impl Fn(SyncStep) + Send + Sync + '_ {
    move |step| {
        if let SyncStep::Summaries {
            from,
            to,
            window,
            windows,
        } = step
        {
            steps.lock().unwrap().push((from, to, window, windows));
        }
    }
}

fn spans_asked(p: &Pinned) -> Vec<(String, String)> {
    p.summaries_requests()
        .iter()
        .map(|r| {
            (
                r.query_param("start").unwrap(),
                r.query_param("end").unwrap(),
            )
        })
        .collect()
}

fn span_days((start, end): &(String, String)) -> i64 {
    (dates::parse(end).unwrap() - dates::parse(start).unwrap()).whole_days() + 1
}

fn assert_the_year_is_the_servers(p: &Pinned, what: &str) {
    let activity = p.activity();
    for range in DashboardRange::ALL {
        assert_same_days(
            &p.dashboard(range),
            &activity,
            range,
            &format!("{what}, {range:?}"),
        );
    }
}

#[tokio::test]
async fn a_self_hosted_first_sync_comes_in_four_parts_newest_first() {
    let p = slow(Flavor::Wakapi).await;
    p.switches(|s| s.wakapi_range_date_is_now = true);
    p.connect_key().await;
    let steps = Steps::default();
    let report = p.sync_with(fast(), &record(&steps)).await.unwrap();
    let steps = steps.into_inner().unwrap();
    let parts: Vec<(u32, u32)> = steps.iter().map(|s| (s.2, s.3)).collect();
    assert_eq!(parts, [(1, 4), (2, 4), (3, 4), (4, 4)], "part X of Y");
    let asked = spans_asked(&p);
    assert_eq!(asked.len(), 4);
    assert!(asked.iter().all(|span| span_days(span) <= 92), "{asked:?}");
    assert!(
        asked.windows(2).all(|w| w[0].0 > w[1].1),
        "newest first, no day twice: {asked:?}"
    );
    assert_eq!(asked[0].1, dates::format(p.activity().today()));
    assert_eq!(report.days_fetched, 365);
    assert_eq!(
        report.requests, 6,
        "the profile, four parts, the all-time total"
    );
    assert!(p.state().backfill_next.is_none());
    assert_the_year_is_the_servers(&p, "Wakapi in parts");
}

#[tokio::test]
async fn a_sync_in_parts_stopped_halfway_resumes_where_it_stopped() {
    let p = slow(Flavor::Wakapi).await;
    p.connect_key().await;
    let third_part = Notify::new();
    let progress = |step: SyncStep| {
        if matches!(step, SyncStep::Summaries { window: 3, .. }) {
            third_part.notify_one();
        }
    };
    tokio::select! {
        done = p.sync_with(fast(), &progress) => panic!("the sync was to be stopped: {done:?}"),
        () = third_part.notified() => {}
    }
    // Dropped during its third request, like a window closed or a process killed.
    let state = p.state();
    let today = p.activity().today();
    assert_eq!(state.synced_through, Some(dates::format(today)));
    assert_eq!(
        state.backfill_next,
        Some(dates::format(dates::days_before(today, 184))),
        "two parts of 92 days are in"
    );
    let d = p.dashboard(DashboardRange::Last30Days);
    assert!(
        d.sync.backfill_pending && d.sync.must_sync_first(),
        "{:?}",
        d.sync
    );
    assert!(!d.sync.empty, "what arrived is shown meanwhile");
    assert_same_days(&d, &p.activity(), DashboardRange::Last30Days, "meanwhile");

    // The third request, cut off on this side, still finishes on the server's: let it
    // be recorded before the next sync's requests are.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while p.summaries_requests().len() < 3 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    p.h.fake.clear_requests();
    let report = p.sync().await.unwrap();
    let asked = spans_asked(&p);
    assert_eq!(
        asked[0],
        (dates::format(today), dates::format(today)),
        "today again first"
    );
    assert_eq!(
        asked[1..].iter().map(span_days).sum::<i64>(),
        365 - 184,
        "then only what was missing: {asked:?}"
    );
    assert_eq!(
        report.requests, 4,
        "today, the two parts left, the all-time total"
    );
    assert!(p.state().backfill_next.is_none());
    assert_the_year_is_the_servers(&p, "resumed");
}

#[tokio::test]
async fn on_wakatime_com_the_year_is_one_request_and_parts_only_after_a_timeout() {
    let p = slow(Flavor::Wakatime).await;
    p.connect_oauth().await;
    let report = p.sync().await.unwrap();
    let asked = spans_asked(&p);
    assert_eq!(span_days(&asked[0]), 365, "the year first, in one request");
    assert_eq!(
        asked.len(),
        5,
        "it did not answer in time, so four parts: {asked:?}"
    );
    assert!(asked[1..].iter().all(|span| span_days(span) <= 92));
    assert_eq!(
        report.requests, 6,
        "the year, four parts, the all-time total"
    );
    assert_the_year_is_the_servers(&p, "after a timeout");
}

#[tokio::test]
async fn on_wakatime_com_a_failing_year_request_is_not_retried_but_split() {
    let p = pinned(Options::default(), "Asia/Kolkata", NOW).await;
    p.connect_oauth().await;
    p.switches(|s| s.server_error_next = 1);
    let report = p.sync().await.unwrap();
    let statuses: Vec<Option<u16>> = p.summaries_requests().iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [Some(500), Some(200), Some(200), Some(200), Some(200)]
    );
    assert_eq!(report.days_fetched, 365);
    assert_the_year_is_the_servers(&p, "after a 500");
    // Without trouble, a year is one request and the whole sync two.
    let fine = pinned(Options::default(), "Asia/Kolkata", NOW).await;
    fine.connect_oauth().await;
    assert_eq!(fine.sync().await.unwrap().requests, 2);
}
