//! The failure switches of the stats endpoints: still calculating (202), rate limited
//! (429 or 302) and failing (500) with counters that run down, premium-only ranges
//! (402), no stats at all (404), the delay, and the request log a rate benchmark reads.

use std::time::{Duration, Instant};

use fake_wakatime::activity::today_utc;
use fake_wakatime::{peak_requests_per_second, Options, Switches};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::*;

const LAST_7_DAYS: &str = "/users/current/stats/last_7_days";
const ALL_TIME_SINCE_TODAY: &str = "/users/current/all_time_since_today";

fn today_summaries() -> String {
    summaries_path(today_utc(), today_utc())
}

#[tokio::test]
async fn calculating_stats_answer_202_with_empty_lists_and_zero_totals() {
    let (fake, token) = start_with_token(Options::default()).await;
    fake.update_switches(|s| s.calculating_percent = Some(37));
    let (status, body) = api_get(&fake, LAST_7_DAYS, &token).await;
    assert_eq!(status, StatusCode::ACCEPTED, "still calculating: {body}");
    let data = &body["data"];
    assert_eq!(data["is_up_to_date"], false, "not up to date");
    assert_eq!(data["percent_calculated"], 37, "percentage done");
    assert_eq!(data["status"], "pending_update", "status");
    assert_eq!(number(&data["total_seconds"]), 0.0, "zero total");
    assert_eq!(data["languages"], json!([]), "empty lists");
    assert_eq!(
        body["message"], "Calculating stats for this user. Check back later.",
        "message"
    );

    let (status, all_time) = api_get(&fake, ALL_TIME_SINCE_TODAY, &token).await;
    assert_eq!(status, StatusCode::ACCEPTED, "all time calculating too");
    assert_eq!(
        all_time["data"]["is_up_to_date"], false,
        "all time not up to date"
    );
    assert_eq!(
        all_time["data"]["percent_calculated"], 37,
        "all time percentage"
    );

    let (status, _) = api_get(&fake, &today_summaries(), &token).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "summaries are not stats: still served"
    );

    fake.update_switches(|s| s.calculating_percent = None);
    let (status, body) = api_get(&fake, LAST_7_DAYS, &token).await;
    assert_eq!(status, StatusCode::OK, "done calculating");
    assert_eq!(body["data"]["is_up_to_date"], true, "up to date again");
}

#[tokio::test]
async fn the_next_n_stats_requests_are_rate_limited_then_served() {
    let (fake, token) = start_with_token(Options::default()).await;
    fake.update_switches(|s| s.rate_limit_next = 3);
    let (status, user) = api_get(&fake, "/users/current", &token).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "users/current is never rate limited"
    );
    assert_eq!(
        fake.switches().rate_limit_next,
        3,
        "and uses up nothing: {user}"
    );

    for path in [LAST_7_DAYS, &today_summaries(), ALL_TIME_SINCE_TODAY] {
        let (status, body) = api_get(&fake, path, &token).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{path} rate limited");
        assert_eq!(
            body,
            json!({"error": "Rate limited"}),
            "JSON error for {path}"
        );
    }
    assert_eq!(fake.switches().rate_limit_next, 0, "counter ran down");
    let (status, _) = api_get(&fake, LAST_7_DAYS, &token).await;
    assert_eq!(status, StatusCode::OK, "served once the counter is used up");
}

#[tokio::test]
async fn an_unauthenticated_request_does_not_use_up_the_rate_limit() {
    let (fake, token) = start_with_token(Options::default()).await;
    fake.update_switches(|s| s.rate_limit_next = 1);
    let (status, _) = api_get(&fake, LAST_7_DAYS, "waka_tok_unknown").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "401 comes first");
    let (status, _) = api_get(&fake, LAST_7_DAYS, &token).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the limit is still pending"
    );
}

#[tokio::test]
async fn rate_limiting_can_answer_with_a_302_to_the_same_url() {
    let (fake, token) = start_with_token(Options::default()).await;
    fake.update_switches(|s| {
        s.rate_limit_next = 2;
        s.rate_limit_as_redirect = true;
    });
    let path = format!("{}&timezone=UTC", today_summaries());
    let response = client()
        .get(format!("{}{path}", fake.api_url()))
        .bearer_auth(&token)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::FOUND, "redirected");
    assert_eq!(
        location(&response),
        format!("/api/v1{path}"),
        "to the same URL"
    );

    let following = reqwest::Client::new();
    let response = following
        .get(format!("{}{path}", fake.api_url()))
        .bearer_auth(&token)
        .send()
        .await
        .expect("answered");
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "a client following the redirect gets through once the counter runs out"
    );
    let requests = fake.requests_under("/api/v1/users/current/summaries");
    let statuses: Vec<Option<u16>> = requests.iter().map(|request| request.status).collect();
    assert_eq!(
        statuses,
        [Some(302), Some(302), Some(200)],
        "each redirect was a request"
    );
}

#[tokio::test]
async fn the_next_n_stats_requests_fail_with_500_after_any_rate_limiting() {
    let (fake, token) = start_with_token(Options::default()).await;
    fake.update_switches(|s| {
        s.rate_limit_next = 1;
        s.server_error_next = 2;
    });
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(api_get(&fake, LAST_7_DAYS, &token).await.0);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::INTERNAL_SERVER_ERROR,
            StatusCode::INTERNAL_SERVER_ERROR,
            StatusCode::OK
        ],
        "rate limit, two failures, then served"
    );
    assert_eq!(fake.switches().server_error_next, 0, "counter ran down");
}

#[tokio::test]
async fn plan_limited_ranges_answer_402_and_others_are_served() {
    let (fake, token) = start_with_token(Options::default()).await;
    fake.update_switches(|s| s.plan_limited_ranges = vec!["last_year".into(), "all_time".into()]);
    for range in ["last_year", "all_time"] {
        let (status, body) = api_get(&fake, &format!("/users/current/stats/{range}"), &token).await;
        assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "{range} premium only");
        assert_eq!(
            body,
            json!({"error": "This range requires a premium plan"}),
            "{range} error"
        );
    }
    let (status, _) = api_get(&fake, LAST_7_DAYS, &token).await;
    assert_eq!(status, StatusCode::OK, "a free range is served");
    let (status, _) = api_get(&fake, ALL_TIME_SINCE_TODAY, &token).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "all_time_since_today is not a stats range"
    );
}

#[tokio::test]
async fn without_stats_every_range_is_404_but_summaries_are_served() {
    let (fake, token) = start_with_token(Options::default()).await;
    fake.update_switches(|s| s.missing_stats = true);
    for range in fake_wakatime::activity::StatsRange::ALL {
        let (status, _) = api_get(
            &fake,
            &format!("/users/current/stats/{}", range.name()),
            &token,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{range:?} missing");
    }
    let (status, _) = api_get(&fake, &today_summaries(), &token).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "summaries still there to compute from"
    );
}

#[tokio::test]
async fn the_stats_switches_are_set_over_http_and_null_clears_them() {
    let (fake, token) = start_with_token(Options::default()).await;
    let url = format!("{}/__fake/config", fake.base_url());
    let patch = json!({
        "calculating_percent": 50,
        "rate_limit_next": 1,
        "rate_limit_as_redirect": true,
        "server_error_next": 2,
        "plan_limited_ranges": ["all_time"],
        "missing_stats": true,
        "max_summary_days": 366,
    });
    let (_, answer) = post_json(&url, &patch).await;
    let switches: Switches = serde_json::from_value(answer).expect("the full switches");
    assert_eq!(switches.calculating_percent, Some(50), "calculating");
    assert_eq!(switches.rate_limit_next, 1, "rate limit");
    assert!(switches.rate_limit_as_redirect, "as redirect");
    assert_eq!(switches.server_error_next, 2, "server errors");
    assert_eq!(switches.plan_limited_ranges, ["all_time"], "plan limited");
    assert!(switches.missing_stats, "missing stats");
    assert_eq!(switches.max_summary_days, Some(366), "summary cap");

    let (status, _) = api_get(&fake, LAST_7_DAYS, &token).await;
    assert_eq!(status, StatusCode::FOUND, "the HTTP-set switches apply");
    let remaining: Value = get_json(&url).await;
    assert_eq!(
        remaining["rate_limit_next"], 0,
        "the counter shows over HTTP"
    );

    let nulls = json!({"calculating_percent": null, "max_summary_days": null});
    let (_, cleared) = post_json(&url, &nulls).await;
    assert_eq!(cleared["calculating_percent"], Value::Null, "null clears");
    assert_eq!(
        cleared["max_summary_days"],
        Value::Null,
        "null lifts the cap"
    );
    assert_eq!(cleared["missing_stats"], true, "absent switches are kept");
}

#[tokio::test]
async fn the_delay_switch_slows_every_answer_the_stats_and_the_refusals_too() {
    let (fake, token) = start_with_token(Options::default()).await;
    fake.update_switches(|s| s.delay_ms = 250);
    for (token, expected) in [
        (token.as_str(), StatusCode::OK),
        ("waka_tok_none", StatusCode::UNAUTHORIZED),
    ] {
        let started = Instant::now();
        let (status, _) = api_get(&fake, LAST_7_DAYS, token).await;
        assert_eq!(status, expected, "still answered");
        assert!(
            started.elapsed() >= Duration::from_millis(250),
            "a {status} waited for the delay: {:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn the_log_counts_requests_per_path_with_their_arrival_times() {
    let (fake, token) = start_with_token(Options::default()).await;
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as u64;
    for _ in 0..5 {
        api_get(&fake, LAST_7_DAYS, &token).await;
    }
    api_get(&fake, &today_summaries(), &token).await;
    let stats = fake.requests_to(&format!("/api/v1{LAST_7_DAYS}"));
    assert_eq!(stats.len(), 5, "five stats requests");
    assert_eq!(
        fake.requests_under("/api/v1/users/current/").len(),
        6,
        "six under users/current/"
    );
    assert!(
        stats.windows(2).all(|pair| pair[0].at_ms <= pair[1].at_ms),
        "arrival times in order"
    );
    assert!(
        stats
            .iter()
            .all(|request| request.at_ms >= before.saturating_sub(5)),
        "wall-clock milliseconds"
    );
    let peak = peak_requests_per_second(&fake.requests());
    assert!(
        (1..=6).contains(&peak),
        "six quick requests peak at most at six per second: {peak}"
    );
}
