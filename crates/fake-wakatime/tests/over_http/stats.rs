//! `GET /users/current/stats/{range}`, `status_bar/today` and `all_time_since_today`:
//! figures that agree with the summaries of the same days and with the pure
//! `Activity`, whichever server computes them.

use std::collections::BTreeMap;

use fake_wakatime::activity::{today_utc, Dimension, StatsRange};
use fake_wakatime::Options;
use reqwest::StatusCode;
use serde_json::Value;
use time::Duration;

use crate::support::*;

fn stats_path(range: StatsRange) -> String {
    format!("/users/current/stats/{}", range.name())
}

/// Per-name sums of one dimension over summary entries.
fn summed(entries: &[Value], key: &str) -> BTreeMap<String, u64> {
    let mut sums = BTreeMap::new();
    for item in entries
        .iter()
        .flat_map(|entry| entry[key].as_array().cloned().unwrap_or_default())
    {
        *sums.entry(text(&item, "name")).or_default() += number(&item["total_seconds"]) as u64;
    }
    sums
}

fn listed(data: &Value, key: &str) -> BTreeMap<String, u64> {
    data[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is a list"))
        .iter()
        .map(|item| (text(item, "name"), number(&item["total_seconds"]) as u64))
        .collect()
}

#[tokio::test]
async fn stats_totals_equal_the_sum_of_summaries_over_the_same_days() {
    // 200 days of history: last_year and all_time reach back before the creation.
    let (fake, token) = start_with_token(Options::default().with_activity(9, 200)).await;
    for range in StatsRange::ALL {
        let (status, body) = api_get(&fake, &stats_path(range), &token).await;
        assert_eq!(status, StatusCode::OK, "{range:?} served: {body}");
        let data = &body["data"];
        let start = text(data, "start");
        let end = text(data, "end");
        let (first, last) = (&start[..10], &end[..10]);
        assert_eq!(last, iso_date(today_utc()), "{range:?} ends today");
        let (_, summaries) = api_get(
            &fake,
            &format!("/users/current/summaries?start={first}&end={last}"),
            &token,
        )
        .await;
        let entries = summaries["data"].as_array().expect("summaries list");
        if let Some(days) = range.length_days() {
            assert_eq!(entries.len() as u32, days, "{range:?} length");
        }
        assert_eq!(
            data["days_including_holidays"],
            entries.len(),
            "{range:?} day count"
        );
        let total: f64 = entries
            .iter()
            .map(|entry| number(&entry["grand_total"]["total_seconds"]))
            .sum();
        assert_eq!(number(&data["total_seconds"]), total, "{range:?} total");
        assert_eq!(
            data["daily_average"],
            total as u64 / entries.len() as u64,
            "{range:?} average counts idle days"
        );
        for dimension in Dimension::ALL {
            assert_eq!(
                listed(data, dimension.key()),
                summed(entries, dimension.key()),
                "{range:?} {}",
                dimension.key()
            );
        }
        let pure = fake.activity().stats(range);
        assert_eq!(
            number(&data["total_seconds"]),
            pure.total_seconds as f64,
            "{range:?} pure total"
        );
    }
}

#[tokio::test]
async fn stats_lists_are_sorted_and_their_percents_add_up_to_100() {
    let (fake, token) = start_with_token(Options::default()).await;
    let (_, body) = api_get(&fake, &stats_path(StatsRange::Last30Days), &token).await;
    let data = &body["data"];
    let total = number(&data["total_seconds"]);
    assert!(total > 0.0, "a month of generated history has coding");
    for dimension in Dimension::ALL {
        let items = data[dimension.key()].as_array().expect("a list");
        let seconds: Vec<f64> = items
            .iter()
            .map(|item| number(&item["total_seconds"]))
            .collect();
        assert!(
            seconds.windows(2).all(|pair| pair[0] >= pair[1]),
            "{} sorted most first: {seconds:?}",
            dimension.key()
        );
        let percents: f64 = items.iter().map(|item| number(&item["percent"])).sum();
        assert!(
            (percents - 100.0).abs() < 0.01 * items.len() as f64,
            "{} percents add up to 100: {percents}",
            dimension.key()
        );
        for item in items {
            let share = number(&item["total_seconds"]) * 100.0 / total;
            assert!(
                (number(&item["percent"]) - share).abs() <= 0.005 + 1e-9,
                "percent is the share with two decimals: {item}"
            );
        }
    }
    for key in ["machines", "dependencies"] {
        assert_eq!(data[key], serde_json::json!([]), "{key} empty");
    }
    assert_eq!(data["status"], "ok", "status");
    assert_eq!(data["is_up_to_date"], true, "up to date");
    assert_eq!(data["percent_calculated"], 100, "fully calculated");
    assert_eq!(data["timezone"], "UTC", "timezone");
    assert_eq!(data["range"], "last_30_days", "range name");
}

#[tokio::test]
async fn the_best_day_is_the_day_with_the_most_coding() {
    let (fake, token) = start_with_token(Options::default()).await;
    let (_, body) = api_get(&fake, &stats_path(StatsRange::LastYear), &token).await;
    let best = &body["data"]["best_day"];
    let today = today_utc();
    let days = fake.activity().days(today - Duration::days(364), today);
    let most = days
        .iter()
        .map(|day| day.total_seconds)
        .max()
        .expect("days");
    let first_best = days
        .iter()
        .find(|day| day.total_seconds == most)
        .expect("a best day");
    assert_eq!(
        best["date"],
        iso_date(first_best.date).as_str(),
        "best date: {best}"
    );
    assert_eq!(number(&best["total_seconds"]), most as f64, "best total");
    assert!(best["text"].is_string(), "best text");
}

#[tokio::test]
async fn an_unknown_stats_range_is_404() {
    let (fake, token) = start_with_token(Options::default()).await;
    for range in ["last_week", "Last_7_Days", "2025"] {
        let (status, _) = api_get(&fake, &format!("/users/current/stats/{range}"), &token).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{range} is not a range");
    }
}

#[tokio::test]
async fn the_status_bar_shows_today_s_summary() {
    let (fake, token) = start_with_token(Options::default()).await;
    let today = today_utc();
    let (status, bar) = api_get(&fake, "/users/current/status_bar/today", &token).await;
    assert_eq!(status, StatusCode::OK, "status bar served: {bar}");
    assert!(
        bar["cached_at"]
            .as_str()
            .is_some_and(|at| at.ends_with('Z')),
        "cached_at: {bar}"
    );
    let (_, summaries) = api_get(&fake, &summaries_path(today, today), &token).await;
    assert_eq!(
        bar["data"], summaries["data"][0],
        "the same entry as today's summary"
    );
    assert_eq!(bar["data"]["range"]["text"], "Today", "titled Today");
}

#[tokio::test]
async fn all_time_since_today_equals_the_all_time_stats() {
    let (fake, token) = start_with_token(Options::default().with_activity(3, 90)).await;
    let (status, body) = api_get(&fake, "/users/current/all_time_since_today", &token).await;
    assert_eq!(status, StatusCode::OK, "served: {body}");
    let data = &body["data"];
    let (_, stats) = api_get(&fake, &stats_path(StatsRange::AllTime), &token).await;
    assert_eq!(
        data["total_seconds"], stats["data"]["total_seconds"],
        "same total"
    );
    assert_eq!(data["is_up_to_date"], true, "up to date");
    assert_eq!(data["percent_calculated"], 100, "fully calculated");
    assert_eq!(data["timeout"], 15, "keystroke timeout");
    assert_eq!(
        data["range"]["start_date"],
        iso_date(fake.activity().created_on()).as_str(),
        "counted from the creation day"
    );
}

#[tokio::test]
async fn two_servers_with_the_same_seed_serve_the_same_figures() {
    let (first, first_token) = start_with_token(Options::default().with_activity(5, 365)).await;
    let (second, second_token) = start_with_token(Options::default().with_activity(5, 365)).await;
    let (other, other_token) = start_with_token(Options::default().with_activity(6, 365)).await;
    let path = stats_path(StatsRange::LastYear);
    let total = |body: &Value| body["data"]["languages"].clone();
    let (_, a) = api_get(&first, &path, &first_token).await;
    let (_, b) = api_get(&second, &path, &second_token).await;
    let (_, c) = api_get(&other, &path, &other_token).await;
    assert_eq!(total(&a), total(&b), "same seed, same figures");
    assert_ne!(total(&a), total(&c), "another seed, other figures");
}

#[tokio::test]
async fn the_profile_was_created_when_the_history_starts() {
    let (fake, token) = start_with_token(Options::default().with_activity(1, 30)).await;
    let user: Value = current_user(&fake, &token)
        .await
        .json()
        .await
        .expect("user JSON");
    let expected = format!("{}T08:30:00Z", iso_date(today_utc() - Duration::days(30)));
    assert_eq!(user["data"]["created_at"], expected.as_str(), "created_at");
}
