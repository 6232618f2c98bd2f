//! The hackatime flavor in Hackatime's own shapes: summaries broken down by project
//! only, in the zone asked for (an unknown one is 400); a status bar that is only a
//! grand total; `stats/last_7_days` over eight dates with a single "coding" category.

use fake_wakatime::activity::Dimension;
use fake_wakatime::{FakeWakatime, Flavor, Options};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::*;

async fn hackatime(zone: &str) -> FakeWakatime {
    let options = Options::default().with_flavor(Flavor::Hackatime);
    start(pinned(options, zone, "2026-11-30T22:20:00Z")).await
}

/// Names and whole seconds of a served list.
fn listed(items: &Value) -> Vec<(String, u64)> {
    let items = items.as_array().expect("a list");
    items
        .iter()
        .map(|item| (text(item, "name"), number(&item["total_seconds"]) as u64))
        .collect()
}

#[tokio::test]
async fn summaries_list_projects_only_in_the_zone_asked_for() {
    let fake = hackatime("America/New_York").await;
    let asked = summaries_in("2026-11-01", "2026-11-30", "Asia/Kolkata");
    let (status, body) = key_get(&fake, &asked).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (&body["start"], &body["end"]),
        (&json!("2026-11-01"), &json!("2026-11-30")),
        "dates"
    );
    let zoned = "Asia/Kolkata".parse().expect("a zone");
    let days = fake
        .activity()
        .days_in(ymd("2026-11-01"), ymd("2026-11-30"), &zoned);
    for (entry, day) in body["data"].as_array().expect("days").iter().zip(&days) {
        assert_eq!(entry["range"]["timezone"], "Asia/Kolkata", "the zone used");
        assert_eq!(
            listed(&entry["projects"]),
            day.dimension(Dimension::Projects),
            "projects"
        );
        for key in [
            "languages",
            "editors",
            "operating_systems",
            "categories",
            "machines",
        ] {
            assert_eq!(
                entry[key],
                json!([]),
                "no {key} on {}",
                entry["range"]["date"]
            );
        }
    }
    let (_, plain) = key_get(
        &fake,
        "/users/current/summaries?start=2026-11-30&end=2026-11-30",
    )
    .await;
    assert_eq!(
        plain["data"][0]["range"]["timezone"], "America/New_York",
        "the user's zone"
    );
    assert_eq!(
        plain["data"][0]["range"]["start"], "2026-11-30T05:00:00Z",
        "New York's day"
    );
}

#[tokio::test]
async fn an_unknown_timezone_is_400_invalid_timezone() {
    let fake = hackatime("UTC").await;
    let (status, body) = key_get(
        &fake,
        &summaries_in("2026-11-30", "2026-11-30", "Nowhere/Else"),
    )
    .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::BAD_REQUEST,
            json!({"error": "Invalid timezone"})
        )
    );
}

#[tokio::test]
async fn the_status_bar_is_only_today_s_grand_total() {
    let fake = hackatime("Pacific/Kiritimati").await;
    let (status, body) = key_get(&fake, "/users/current/statusbar/today").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let today = fake.activity().day(ymd("2026-12-01"));
    let grand_total = &body["data"]["grand_total"];
    assert_eq!(
        grand_total["total_seconds"], today.total_seconds,
        "Kiritimati's 1st"
    );
    assert!(grand_total["text"].is_string(), "with its text");
    assert_eq!(
        body["data"].as_object().map(|o| o.len()),
        Some(1),
        "nothing else: {body}"
    );
}

#[tokio::test]
async fn stats_cover_today_and_seven_days_before_with_one_coding_category() {
    let fake = hackatime("Asia/Kolkata").await;
    let (status, body) = key_get(&fake, "/users/current/stats/last_7_days").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let data = &body["data"];
    assert_eq!(
        data["start"], "2026-11-24T00:00:00+05:30",
        "seven days before today's start"
    );
    assert_eq!(data["end"], "2026-12-01T23:59:59+05:30", "today's end");
    let totals = fake.activity().totals(ymd("2026-11-24"), ymd("2026-12-01"));
    assert_eq!(
        data["total_seconds"], totals.total_seconds,
        "eight dates of coding"
    );
    assert_eq!(
        data["days_including_holidays"], totals.coding_days,
        "days with coding only"
    );
    for dimension in [
        Dimension::Languages,
        Dimension::Editors,
        Dimension::Projects,
    ] {
        assert_eq!(
            listed(&data[dimension.key()]),
            totals.dimension(dimension),
            "{dimension:?}"
        );
    }
    let coding = &data["categories"];
    assert_eq!(
        listed(coding),
        [("coding".to_owned(), totals.total_seconds)],
        "one category"
    );
    let hours = totals.total_seconds / 3600;
    let text = format!("{hours} hrs {} mins", totals.total_seconds % 3600 / 60);
    assert_eq!(data["human_readable_total"], text.as_str(), "H hrs M mins");
    assert!(
        data.get("best_day").is_none() && data.get("timezone").is_none(),
        "{data}"
    );
}
