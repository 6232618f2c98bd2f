//! `GET /users/current/summaries`: one entry per day, equal to the pure `Activity`
//! figures, zeros outside the account's life, strict dates, the optional length cap,
//! and the same authentication as `users/current`.

use fake_wakatime::activity::{today_utc, Activity, DayActivity, Dimension};
use fake_wakatime::Options;
use reqwest::StatusCode;
use serde_json::Value;
use time::Duration;

use crate::support::*;

/// Asserts one `data[]` entry shows exactly `day`.
fn assert_entry_is(entry: &Value, day: &DayActivity) {
    let date = iso_date(day.date);
    assert_eq!(entry["range"]["date"], date.as_str(), "entry date");
    assert_eq!(entry["range"]["timezone"], "UTC", "timezone of {date}");
    assert_eq!(
        number(&entry["grand_total"]["total_seconds"]),
        day.total_seconds as f64,
        "grand total of {date}"
    );
    let hours = day.total_seconds / 3600;
    let minutes = day.total_seconds % 3600 / 60;
    assert_eq!(entry["grand_total"]["hours"], hours, "hours of {date}");
    assert_eq!(
        entry["grand_total"]["minutes"], minutes,
        "minutes of {date}"
    );
    assert_eq!(
        entry["grand_total"]["digital"],
        format!("{hours}:{minutes:02}").as_str(),
        "digital of {date}"
    );
    for dimension in Dimension::ALL {
        let served: Vec<(String, u64)> = entry[dimension.key()]
            .as_array()
            .unwrap_or_else(|| panic!("{} is a list on {date}", dimension.key()))
            .iter()
            .map(|item| {
                let seconds = number(&item["total_seconds"]);
                assert_eq!(seconds.fract(), 0.0, "whole seconds");
                (text(item, "name"), seconds as u64)
            })
            .collect();
        assert_eq!(
            served,
            day.dimension(dimension),
            "{} of {date}",
            dimension.key()
        );
    }
}

#[tokio::test]
async fn summaries_for_a_range_equal_the_pure_activity_figures() {
    let (fake, token) = start_with_token(Options::default().with_activity(7, 60)).await;
    let expected = Activity::new(7, 60);
    let (start, end) = (today_utc() - Duration::days(20), today_utc());
    let (status, body) = api_get(&fake, &summaries_path(start, end), &token).await;
    assert_eq!(status, StatusCode::OK, "summaries served: {body}");
    let entries = body["data"].as_array().expect("data is a list");
    assert_eq!(entries.len(), 21, "one entry per day, both ends included");
    for (entry, day) in entries.iter().zip(expected.days(start, end)) {
        assert_entry_is(entry, &day);
    }
    assert!(
        entries
            .iter()
            .any(|entry| number(&entry["grand_total"]["total_seconds"]) > 0.0),
        "three weeks of a generated history have some coding"
    );
    assert_eq!(
        body["start"],
        format!("{}T00:00:00Z", iso_date(start)).as_str(),
        "range start"
    );
    assert_eq!(
        body["end"],
        format!("{}T23:59:59Z", iso_date(end)).as_str(),
        "range end"
    );
}

#[tokio::test]
async fn days_before_creation_and_after_today_are_zero() {
    let (fake, token) = start_with_token(Options::default().with_activity(42, 5)).await;
    let created = fake.activity().created_on();
    let start = created - Duration::days(3);
    let end = today_utc() + Duration::days(2);
    let (status, body) = api_get(&fake, &summaries_path(start, end), &token).await;
    assert_eq!(status, StatusCode::OK, "summaries served: {body}");
    let entries = body["data"].as_array().expect("data is a list");
    assert_eq!(entries.len(), 3 + 6 + 2, "before, life, after");
    for entry in entries[..3].iter().chain(&entries[9..]) {
        assert_eq!(
            entry["grand_total"]["text"], "0 secs",
            "zero outside the account's life: {entry}"
        );
        assert_eq!(
            number(&entry["grand_total"]["total_seconds"]),
            0.0,
            "zero seconds"
        );
        for dimension in Dimension::ALL {
            assert_eq!(
                entry[dimension.key()],
                serde_json::json!([]),
                "no {}",
                dimension.key()
            );
        }
    }
    for (entry, day) in entries[3..9]
        .iter()
        .zip(fake.activity().days(created, today_utc()))
    {
        assert_entry_is(entry, &day);
    }
}

#[tokio::test]
async fn the_cumulative_total_and_daily_average_cover_the_whole_range() {
    let (fake, token) = start_with_token(Options::default()).await;
    let (start, end) = (today_utc() - Duration::days(13), today_utc());
    let (_, body) = api_get(&fake, &summaries_path(start, end), &token).await;
    let days = fake.activity().days(start, end);
    let total: u64 = days.iter().map(|day| day.total_seconds).sum();
    let coding_days = days.iter().filter(|day| day.total_seconds > 0).count() as u64;
    assert_eq!(
        number(&body["cumulative_total"]["seconds"]),
        total as f64,
        "cumulative total"
    );
    let average = &body["daily_average"];
    assert_eq!(average["days_including_holidays"], 14, "every day counted");
    assert_eq!(
        average["days_minus_holidays"], coding_days,
        "days with coding"
    );
    assert_eq!(average["holidays"], 14 - coding_days, "idle days");
    assert_eq!(
        average["seconds"],
        total / coding_days.max(1),
        "averaged over the days with coding, as WakaTime does"
    );
}

#[tokio::test]
async fn durations_are_written_the_way_wakatime_writes_them() {
    let (fake, token) = start_with_token(Options::default()).await;
    let (start, end) = (today_utc() - Duration::days(60), today_utc());
    let (_, body) = api_get(&fake, &summaries_path(start, end), &token).await;
    for entry in body["data"].as_array().expect("data is a list") {
        let total = number(&entry["grand_total"]["total_seconds"]) as u64;
        let (hours, minutes) = (total / 3600, total % 3600 / 60);
        let expected = match (hours, minutes) {
            (0, 0) if total == 1 => "1 sec".to_owned(),
            (0, 0) => format!("{total} secs"),
            (0, 1) => "1 min".to_owned(),
            (0, m) => format!("{m} mins"),
            (1, 0) => "1 hr".to_owned(),
            (1, 1) => "1 hr 1 min".to_owned(),
            (1, m) => format!("1 hr {m} mins"),
            (h, 0) => format!("{h} hrs"),
            (h, 1) => format!("{h} hrs 1 min"),
            (h, m) => format!("{h} hrs {m} mins"),
        };
        assert_eq!(
            entry["grand_total"]["text"],
            expected.as_str(),
            "text of {total} s"
        );
    }
}

#[tokio::test]
async fn bad_or_missing_dates_are_refused_with_400() {
    let (fake, token) = start_with_token(Options::default()).await;
    for query in [
        "",
        "?start=2025-03-01",
        "?end=2025-03-01",
        "?start=2025-3-1&end=2025-03-07",
        "?start=2025-02-30&end=2025-03-07",
        "?start=03/01/2025&end=2025-03-07",
        "?start=2025-03-08&end=2025-03-07",
        "?start=2025/03/01&end=2025-03-07",
        "?start=2025-13-01&end=2025-03-07",
        "?start=2025-03-01T00:00:00Z&end=2025-03-07",
        "?start=%2B2025-03-01&end=2025-03-07",
        "?start=%2B025-03-01&end=2025-03-07",
        "?range=last_7_days",
    ] {
        let (status, body) =
            api_get(&fake, &format!("/users/current/summaries{query}"), &token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query:?} refused");
        assert!(
            body["error"].is_string(),
            "JSON error for {query:?}: {body}"
        );
    }
}

#[tokio::test]
async fn a_summaries_range_longer_than_the_cap_is_refused() {
    let (fake, token) = start_with_token(Options::default()).await;
    let end = today_utc();
    let two_years = summaries_path(end - Duration::days(730), end);
    let (status, _) = api_get(&fake, &two_years, &token).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "no cap by default, as on wakatime.com"
    );

    fake.update_switches(|s| s.max_summary_days = Some(366));
    let full = summaries_path(end - Duration::days(365), end);
    let (status, body) = api_get(&fake, &full, &token).await;
    assert_eq!(status, StatusCode::OK, "366 days fit the cap");
    assert_eq!(body["data"].as_array().map(Vec::len), Some(366), "all days");
    let over = summaries_path(end - Duration::days(366), end);
    let (status, body) = api_get(&fake, &over, &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "367 days exceed it");
    assert!(body["error"].is_string(), "JSON error: {body}");
}

#[tokio::test]
async fn the_stats_endpoints_require_credentials_like_users_current() {
    let fake = start(Options::default()).await;
    let today = today_utc();
    let paths = [
        summaries_path(today, today),
        "/users/current/stats/last_7_days".to_owned(),
        "/users/current/status_bar/today".to_owned(),
        "/users/current/all_time_since_today".to_owned(),
    ];
    let api_key = fake.api_key().expect("an API key").to_owned();
    let basic = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &api_key);
    for path in &paths {
        let url = format!("{}{path}", fake.api_url());
        let anonymous = client().get(&url).send().await.expect("answered");
        assert_eq!(
            anonymous.status(),
            StatusCode::UNAUTHORIZED,
            "{path} without credentials"
        );
        let (status, _) = api_get(&fake, path, "waka_tok_unknown").await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{path} with an unknown token"
        );
        let with_key = client()
            .get(&url)
            .header(reqwest::header::AUTHORIZATION, format!("Basic {basic}"))
            .send()
            .await
            .expect("answered");
        assert_eq!(with_key.status(), StatusCode::OK, "{path} with the API key");
    }
}

#[tokio::test]
async fn days_are_titled_today_yesterday_or_by_weekday_and_date() {
    let options = pinned(Options::default(), "UTC", "2025-03-10T12:00:00Z");
    let fake = start(options).await;
    let (_, body) = key_get(
        &fake,
        "/users/current/summaries?start=2025-02-11&end=2025-03-10",
    )
    .await;
    let titles: Vec<String> = (body["data"].as_array().expect("days").iter())
        .map(|day| text(&day["range"], "text"))
        .collect();
    assert_eq!(titles[0], "Tue Feb 11th 2025", "teens take th");
    assert_eq!(
        titles[20..23],
        ["Mon Mar 3rd 2025", "Tue Mar 4th 2025", "Wed Mar 5th 2025"]
    );
    assert_eq!(
        titles[10..12],
        ["Fri Feb 21st 2025", "Sat Feb 22nd 2025"],
        "st, nd"
    );
    assert_eq!(titles[26..], ["Yesterday", "Today"], "the last two");
}
