//! A plan with limited history refuses summaries that start too long ago (402, or 400
//! and 403 naming the plan or the range), counting back from the user's today; and a
//! self-hosted server's cost per requested day makes a year outlast a client's timeout
//! while three months do not.

use std::time::{Duration, Instant};

use fake_wakatime::{Flavor, Options};
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::*;

/// The status and error of summaries from `start` through 2026-12-01.
async fn from(fake: &fake_wakatime::FakeWakatime, start: &str) -> (StatusCode, Value) {
    key_get(
        fake,
        &format!("/users/current/summaries?start={start}&end=2026-12-01"),
    )
    .await
}

#[tokio::test]
async fn seven_days_of_history_serve_today_and_six_before_and_refuse_one_more_with_402() {
    let options = Options::default().with_switches(|s| s.history_days = Some(7));
    // Kiritimati's today is already 2026-12-01 at 22:20 UTC on the 30th.
    let fake = start(pinned(
        options,
        "Pacific/Kiritimati",
        "2026-11-30T22:20:00Z",
    ))
    .await;
    let (status, body) = from(&fake, "2026-11-25").await;
    assert_eq!(status, StatusCode::OK, "seven days, today included: {body}");
    assert_eq!(body["data"].as_array().map(Vec::len), Some(7), "all served");
    let (status, body) = from(&fake, "2026-11-24").await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "eight days: {body}");
    let error = body["error"].as_str().expect("a JSON error");
    assert!(
        error.contains("plan") && error.contains("7 days"),
        "names plan and range: {error}"
    );
    assert_eq!(
        body.as_object().map(|o| o.len()),
        Some(1),
        "only the error: {body}"
    );
}

#[tokio::test]
async fn fourteen_days_of_history_refused_with_400_or_403_when_the_server_says_so() {
    let options = Options::default().with_switches(|s| s.history_days = Some(14));
    let fake = start(pinned(options, "Etc/GMT+12", "2026-12-02T11:50:00Z")).await;
    assert_eq!(
        iso_date(fake.activity().today()),
        "2026-12-01",
        "UTC−12's today"
    );
    for status in [400, 403, 402] {
        fake.update_switches(|s| s.history_refusal_status = status);
        let (served, body) = from(&fake, "2026-11-18").await;
        assert_eq!(served, StatusCode::OK, "{status}: fourteen days: {body}");
        let (refused, body) = from(&fake, "2026-11-17").await;
        assert_eq!(refused.as_u16(), status, "fifteen days: {body}");
        let error = body["error"].as_str().expect("a JSON error");
        assert!(
            error.contains("plan") && error.contains("2026-11-18"),
            "{error}"
        );
    }
}

#[tokio::test]
async fn the_history_counts_back_from_today_in_the_zone_asked_for() {
    let options = Options::default().with_switches(|s| s.history_days = Some(7));
    let fake = start(pinned(options, "UTC", "2026-11-30T22:20:00Z")).await;
    let (status, _) = from(&fake, "2026-11-24").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "UTC's today is the 30th: seven days"
    );
    let kiritimati = summaries_in("2026-11-24", "2026-12-01", "Pacific/Kiritimati");
    let (status, _) = key_get(&fake, &kiritimati).await;
    assert_eq!(
        status,
        StatusCode::PAYMENT_REQUIRED,
        "Kiritimati's today is the 1st"
    );
}

#[tokio::test]
async fn a_refusal_status_other_than_400_402_or_403_is_refused() {
    let fake = start(Options::default()).await;
    let url = format!("{}/__fake/config", fake.base_url());
    let (status, body) = post_json(&url, &serde_json::json!({"history_refusal_status": 500})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        fake.switches().history_refusal_status,
        402,
        "402 by default, kept"
    );
}

#[tokio::test]
async fn a_year_at_four_ms_a_day_outlasts_a_one_second_timeout_and_three_months_do_not() {
    let options = Options::default()
        .with_flavor(Flavor::Wakapi)
        .with_switches(|s| s.summary_day_delay_ms = 4);
    let fake = start(pinned(options, "UTC", "2026-11-30T12:00:00Z")).await;
    let key = fake.api_key().expect("a key").to_owned();
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_secs(1))
        .build()
        .expect("a client");
    let ask = |start: &str| {
        let url = format!(
            "{}/users/current/summaries?start={start}&end=2026-11-30",
            fake.api_url()
        );
        impatient.get(url).basic_auth(&key, None::<&str>).send()
    };
    let begun = Instant::now();
    let quarter = ask("2026-09-01")
        .await
        .expect("91 days answer within a second");
    assert_eq!(quarter.status(), StatusCode::OK, "served");
    assert!(
        begun.elapsed() >= Duration::from_millis(91 * 4),
        "it waited 4 ms a day"
    );
    let year = ask("2025-12-01").await;
    assert!(year.is_err_and(|e| e.is_timeout()), "365 days take 1.46 s");
}
