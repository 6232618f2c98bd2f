//! The wakapi flavor as Wakapi answers: the addresses a student's config gives (the
//! heartbeat root `/api` has no `users/current`), its zone names (an abbreviation such
//! as CET for a user without a location), the `timezone` parameter ignored by older
//! releases and honoured by newer ones, and its way of writing a day's range.

use fake_wakatime::{FakeWakatime, Flavor, Options};
use reqwest::StatusCode;
use serde_json::json;

use crate::support::*;

async fn wakapi(zone: &str, change: impl FnOnce(&mut fake_wakatime::Switches)) -> FakeWakatime {
    let options = Options::default()
        .with_flavor(Flavor::Wakapi)
        .with_switches(change);
    start(pinned(options, zone, "2026-11-30T12:00:00Z")).await
}

/// Status, Content-Type and body text of a GET with the API key.
async fn raw_get(fake: &FakeWakatime, url: &str) -> (StatusCode, String, String) {
    let key = fake.api_key().expect("a key");
    let response = client().get(url).basic_auth(key, None::<&str>).send().await;
    let response = response.expect("answered");
    let kind = content_type(&response);
    (
        response.status(),
        kind,
        response.text().await.expect("a body"),
    )
}

#[tokio::test]
async fn the_handle_tells_the_server_heartbeat_and_compat_roots() {
    let fake = wakapi("UTC", |_| {}).await;
    let root = fake.base_url();
    assert_eq!(fake.server_root(), root, "the server root");
    assert_eq!(
        fake.heartbeat_root(),
        format!("{root}/api"),
        "what ~/.wakatime.cfg says"
    );
    assert_eq!(
        fake.compat_root(),
        format!("{root}/api/compat/wakatime/v1"),
        "the API"
    );
    assert_eq!(
        fake.compat_root(),
        fake.api_url(),
        "api_url() is the compat root"
    );
}

#[tokio::test]
async fn only_the_compat_root_has_users_current_and_the_rest_is_go_s_404() {
    let fake = wakapi("UTC", |_| {}).await;
    let (status, _, body) = raw_get(&fake, &format!("{}/users/current", fake.compat_root())).await;
    assert_eq!(status, StatusCode::OK, "compat root: {body}");
    for root in [
        fake.heartbeat_root(),
        fake.server_root(),
        format!("{}/api/v1", fake.server_root()),
    ] {
        let (status, kind, body) = raw_get(&fake, &format!("{root}/users/current")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{root}/users/current");
        assert_eq!(
            (kind.as_str(), body.as_str()),
            ("text/plain; charset=utf-8", "404 page not found\n")
        );
    }
    let (status, _, _) = raw_get(
        &fake,
        &format!("{}/users/current/nothing", fake.compat_root()),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "unknown compat path");
}

#[tokio::test]
async fn the_status_bar_and_stats_also_answer_outside_the_compat_root_as_on_wakapi() {
    let fake = wakapi("UTC", |_| {}).await;
    let root = fake.server_root();
    for path in [
        "/api/users/current/statusbar/today",
        "/api/v1/users/current/statusbar/today",
        "/api/v1/users/current/stats/last_7_days",
    ] {
        let (status, _, body) = raw_get(&fake, &format!("{root}{path}")).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
    }
    let (status, _, _) = raw_get(&fake, &format!("{root}/api/users/current/summaries")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "summaries only under the compat root"
    );
}

#[tokio::test]
async fn a_user_without_a_location_gets_the_server_zone_s_abbreviation() {
    let fake = wakapi("Europe/Berlin", |s| {
        s.wakapi_timezone_text = Some("CET".into())
    })
    .await;
    let (_, user) = key_get(&fake, "/users/current").await;
    assert_eq!(
        user["data"]["timezone"], "CET",
        "an abbreviation, not an IANA name"
    );
    let (_, body) = key_get(
        &fake,
        "/users/current/summaries?start=2026-11-30&end=2026-11-30",
    )
    .await;
    let range = &body["data"][0]["range"];
    assert_eq!(range["timezone"], "CET", "range.timezone too");
    assert_eq!(
        range["start"], "2026-11-30T00:00:00+01:00",
        "Berlin's day, with its offset"
    );
    assert_eq!(range["end"], "2026-11-30T23:59:59+01:00", "its last second");
    assert_eq!(range["date"], "2026-11-30", "the date");
    assert_eq!(range["text"], "", "Wakapi writes no title");
}

#[tokio::test]
async fn with_a_location_users_current_names_it_and_range_timezone_names_the_server_s() {
    let fake = wakapi("Asia/Kolkata", |_| {}).await;
    let (_, user) = key_get(&fake, "/users/current").await;
    assert_eq!(
        user["data"]["timezone"], "Asia/Kolkata",
        "the user's location"
    );
    let (_, body) = key_get(
        &fake,
        "/users/current/summaries?start=2026-11-30&end=2026-11-30",
    )
    .await;
    let range = &body["data"][0]["range"];
    assert_eq!(
        (&range["start"], &range["timezone"]),
        (&json!("2026-11-30T00:00:00+05:30"), &json!("UTC"))
    );
}

#[tokio::test]
async fn older_wakapi_ignores_the_timezone_parameter_and_newer_honours_a_valid_one() {
    let fake = wakapi("Europe/Berlin", |_| {}).await;
    let asked = summaries_in("2026-11-30", "2026-11-30", "Asia/Kolkata");
    let (_, body) = key_get(&fake, &asked).await;
    assert_eq!(
        body["data"][0]["range"]["start"], "2026-11-30T00:00:00+01:00",
        "older: ignored"
    );

    fake.update_switches(|s| s.wakapi_honours_timezone = true);
    let (_, body) = key_get(&fake, &asked).await;
    assert_eq!(
        body["data"][0]["range"]["start"], "2026-11-30T00:00:00+05:30",
        "newer: honoured"
    );
    let zoned = "Asia/Kolkata".parse().expect("a zone");
    let day = fake.activity().day_in(ymd("2026-11-30"), &zoned);
    assert_eq!(
        number(&body["data"][0]["grand_total"]["total_seconds"]),
        day.total_seconds as f64
    );
    let unknown = summaries_in("2026-11-30", "2026-11-30", "Mars/Olympus_Mons");
    let (status, body) = key_get(&fake, &unknown).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "an unknown zone is ignored, not refused"
    );
    assert_eq!(
        body["data"][0]["range"]["start"], "2026-11-30T00:00:00+01:00",
        "the user's"
    );
}

#[tokio::test]
async fn range_date_can_be_the_moment_of_the_request_as_wakapi_writes_it() {
    let fake = wakapi("UTC", |s| s.wakapi_range_date_is_now = true).await;
    let (_, body) = key_get(
        &fake,
        "/users/current/summaries?start=2026-11-28&end=2026-11-29",
    )
    .await;
    for day in body["data"].as_array().expect("days") {
        let date = day["range"]["date"].as_str().expect("a string");
        assert!(
            date.starts_with("2026-11-30T12:0") && date.ends_with('Z'),
            "now, not the day: {date}"
        );
    }
    assert_eq!(
        body["data"][0]["range"]["start"], "2026-11-28T00:00:00Z",
        "the day is in start"
    );
}

#[tokio::test]
async fn wakapi_averages_over_every_day_and_counts_no_holidays() {
    let fake = wakapi("UTC", |_| {}).await;
    let (_, body) = key_get(
        &fake,
        "/users/current/summaries?start=2026-11-01&end=2026-11-30",
    )
    .await;
    let total = fake
        .activity()
        .totals(ymd("2026-11-01"), ymd("2026-11-30"))
        .total_seconds;
    let average = &body["daily_average"];
    assert_eq!(average["seconds"], total / 30, "over all 30 days");
    assert_eq!(
        (&average["days_minus_holidays"], &average["holidays"]),
        (&json!(30), &json!(0))
    );
}
