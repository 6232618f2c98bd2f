//! The date and time rules at pinned instants: the clock the core is given, not the
//! system's, decides when a token is refreshed, when the browser's answer comes too
//! late, which days a sync asks for, and when those things happened.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use time::macros::datetime;
use time::Duration;
use wakadesk_core::clock::{Clock, TestClock};
use wakadesk_core::connections::{ConfigSource, Connections};
use wakadesk_core::oauth::{DEEP_LINK_REDIRECT_URI, REFRESH_MARGIN_SECS, REQUEST_LIFETIME_SECS};
use wakadesk_core::stats::{self, DashboardRange, RetryPolicy};

use crate::support::*;

/// The harness's account and stand-in, through connections on `clock`.
fn on_clock(h: &Harness, clock: &Arc<TestClock>) -> Connections {
    Connections::new(
        h.db.clone(),
        h.vault.clone(),
        ConfigSource::Fixed(Box::new(config_for(&h.fake))),
        clock.clone(),
    )
    .unwrap()
}

async fn connect(h: &Harness, connections: &Connections) {
    let authorize = connections
        .start(h.user_id, DEEP_LINK_REDIRECT_URI)
        .unwrap();
    connections.finish(&follow(&authorize).await).await.unwrap();
}

fn refreshes(h: &Harness) -> usize {
    h.fake
        .requests_to("/oauth/token")
        .iter()
        .filter(|r| r.form_param("grant_type") == Some("refresh_token"))
        .count()
}

fn stored_expiry(h: &Harness) -> Option<i64> {
    h.db.lock()
        .conn()
        .query_row(
            "SELECT wakatime_token_expires_at FROM user WHERE id = ?1",
            [h.user_id],
            |r| r.get(0),
        )
        .unwrap()
}

#[tokio::test]
async fn a_token_is_refreshed_from_exactly_one_day_before_the_expiry_the_clock_reached() {
    const LIFETIME: i64 = 30 * 86_400;
    let h = harness_with(fake_wakatime::Options::default().with_switches(|s| {
        s.auto_approve = true;
        s.token_lifetime_secs = LIFETIME as u64;
    }))
    .await;
    let clock = Arc::new(TestClock::at(datetime!(2026-01-10 08:00 UTC)));
    let connections = on_clock(&h, &clock);
    connect(&h, &connections).await;
    assert_eq!(
        stored_expiry(&h),
        Some(clock.unix() + LIFETIME),
        "the expiry counts from the clock's instant of the answer"
    );
    h.fake.clear_requests();

    clock.advance(Duration::seconds(LIFETIME - REFRESH_MARGIN_SECS - 1));
    connections.access_token(h.user_id).await.unwrap();
    assert_eq!(refreshes(&h), 0, "a day and a second before: used as is");
    clock.advance(Duration::seconds(1));
    connections.access_token(h.user_id).await.unwrap();
    assert_eq!(refreshes(&h), 1, "a day before: refreshed");
    assert_eq!(stored_expiry(&h), Some(clock.unix() + LIFETIME));
    connections.access_token(h.user_id).await.unwrap();
    assert_eq!(refreshes(&h), 1, "the fresh token is good for a while");
}

#[tokio::test]
async fn the_browsers_answer_is_late_from_ten_minutes_after_the_start_by_the_clock() {
    let h = harness().await;
    let clock = Arc::new(TestClock::at(datetime!(2026-01-10 08:00 UTC)));
    let connections = on_clock(&h, &clock);
    let start = || connections.start(h.user_id, DEEP_LINK_REDIRECT_URI);
    let in_time = follow(&start().unwrap()).await;
    let late = follow(&start().unwrap()).await;

    clock.advance(Duration::seconds(REQUEST_LIFETIME_SECS - 1));
    assert!(connections.is_waiting(h.user_id).unwrap());
    connections
        .finish(&in_time)
        .await
        .expect("a second before the end: in time");
    clock.advance(Duration::seconds(1));
    assert!(
        !connections.is_waiting(h.user_id).unwrap(),
        "nothing waits after ten minutes"
    );
    let err = connections.finish(&late).await.unwrap_err();
    assert_eq!(err.code(), "auth_expired", "{err}");
}

#[tokio::test]
async fn a_sync_asks_for_the_days_the_clock_says_and_stamps_them_with_its_time() {
    let h = harness().await;
    let clock = Arc::new(TestClock::at(datetime!(2024-03-01 23:59:59 UTC)));
    let connections = on_clock(&h, &clock);
    connect(&h, &connections).await;
    let policy = RetryPolicy {
        min_interval: StdDuration::ZERO,
        ..RetryPolicy::default()
    };
    let sync_and_ask = || async {
        h.fake.clear_requests();
        stats::sync(
            &h.db,
            &connections.api(),
            h.user_id,
            &*clock,
            policy.clone(),
            &|_| {},
        )
        .await
        .unwrap();
        let asked: Vec<(String, String)> = h
            .fake
            .requests_under("/api/v1/users/current/")
            .iter()
            .filter(|r| r.path.ends_with("/summaries"))
            .map(|r| {
                (
                    r.query_param("start").unwrap(),
                    r.query_param("end").unwrap(),
                )
            })
            .collect();
        asked
    };
    let span = |start: &str, end: &str| vec![(start.to_owned(), end.to_owned())];

    assert_eq!(
        sync_and_ask().await,
        span("2023-03-03", "2024-03-01"),
        "a first sync: 365 days through today, over a leap day"
    );
    let d = stats::dashboard(&h.db.lock(), h.user_id, DashboardRange::Last7Days, &*clock).unwrap();
    assert_eq!(
        (d.start.as_str(), d.end.as_str()),
        ("2024-02-24", "2024-03-01")
    );
    assert_eq!(
        d.sync.last_success_at,
        Some(clock.unix()),
        "stamped by the clock"
    );

    clock.advance(Duration::seconds(1));
    assert_eq!(
        sync_and_ask().await,
        span("2024-03-01", "2024-03-02"),
        "a second later it is tomorrow: the last synced day again, and today"
    );
    clock.advance(Duration::days(400));
    assert_eq!(
        sync_and_ask().await,
        span("2024-04-07", "2025-04-06"),
        "after a long break: a year back, not from the last synced day"
    );
}
