//! The stand-in's clock, from Rust and over `/__fake/clock`: it moves expiry and "today"
//! without a test waiting, and starts where `--now` says.

use fake_wakatime::activity::{today_utc, Dimension, StatsRange};
use fake_wakatime::Options;
use reqwest::StatusCode;
use serde_json::{json, Value};
use time::Duration;

use crate::support::*;

async fn post_clock(fake: &fake_wakatime::FakeWakatime, change: Value) -> (StatusCode, Value) {
    post_json(&format!("{}/__fake/clock", fake.base_url()), &change).await
}

#[tokio::test]
async fn the_clock_endpoint_advances_and_sets_the_stand_in_s_now() {
    let fake = start_auto().await;
    let read: Value = get_json(&format!("{}/__fake/clock", fake.base_url())).await;
    assert_eq!(
        read["offset_secs"], 0,
        "the system clock by default: {read}"
    );
    assert!(
        text(&read, "now").starts_with(&iso_date(today_utc())),
        "{read}"
    );

    let (status, moved) = post_clock(&fake, json!({"advance_secs": 2 * 86_400})).await;
    assert_eq!(status, StatusCode::OK, "advanced: {moved}");
    assert_eq!(moved["offset_secs"], 2 * 86_400, "two days ahead: {moved}");
    assert_eq!(
        fake.clock().today(),
        today_utc() + Duration::days(2),
        "Rust sees it"
    );

    let (_, set) = post_clock(&fake, json!({"now": "2030-01-15T12:00:00Z"})).await;
    assert!(
        text(&set, "now").starts_with("2030-01-15T12:00"),
        "set: {set}"
    );
    assert_eq!(iso_date(fake.clock().today()), "2030-01-15", "Rust sees it");

    for change in [json!({"advance": 5}), json!({"now": "tomorrow"})] {
        let (status, body) = post_clock(&fake, change.clone()).await;
        assert!(status.is_client_error(), "{change} refused: {body}");
    }
    assert_eq!(
        iso_date(fake.clock().today()),
        "2030-01-15",
        "a refused change changes nothing"
    );
}

#[tokio::test]
async fn moving_the_clock_moves_today_but_not_the_account_s_creation() {
    let (fake, token) = start_with_token(Options::default().with_activity(11, 30)).await;
    let created = fake.activity().created_on();
    fake.clock().advance(Duration::days(3));
    let today = fake.clock().today();
    assert_eq!(today, today_utc() + Duration::days(3), "three days on");

    let (_, week) = api_get(&fake, "/users/current/stats/last_7_days", &token).await;
    assert_eq!(
        &text(&week["data"], "end")[..10],
        iso_date(today),
        "ends on the new today"
    );
    let expected = fake.activity().stats(StatsRange::Last7Days);
    assert_eq!(
        number(&week["data"]["total_seconds"]),
        expected.total_seconds as f64,
        "the figures of the week that ends on the new today"
    );
    assert_eq!(
        week["data"]["languages"].as_array().map(Vec::len),
        Some(expected.dimension(Dimension::Languages).len()),
        "its languages"
    );

    let (_, bar) = api_get(&fake, "/users/current/status_bar/today", &token).await;
    assert_eq!(
        bar["data"]["range"]["date"],
        iso_date(today).as_str(),
        "status bar: {bar}"
    );
    let (_, days) = api_get(
        &fake,
        &summaries_path(today - Duration::days(1), today),
        &token,
    )
    .await;
    assert_eq!(
        days["data"][1]["range"]["text"], "Today",
        "titled on the new today"
    );
    assert_eq!(
        number(&days["data"][1]["grand_total"]["total_seconds"]),
        fake.activity().day(today).total_seconds as f64,
        "the new today has its generated coding, no longer the future's zero"
    );

    let (_, all_time) = api_get(&fake, "/users/current/all_time_since_today", &token).await;
    assert_eq!(
        all_time["data"]["range"]["start_date"],
        iso_date(created).as_str(),
        "the account was still created on the same day"
    );
}
