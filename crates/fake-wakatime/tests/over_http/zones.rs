//! Days are the account's days: at pinned instants on both sides of local midnight in
//! zones from UTC−12 to UTC+14, the stand-in's today, its summaries' `range` and its
//! profile follow the account's zone; a `timezone` parameter re-buckets the same coding
//! (a year's total is the same in every zone); daylight-saving days are 23 or 25 hours.

use fake_wakatime::{Options, Zone};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::*;

/// (zone, a UTC instant, that zone's date then, its midnight that begins the date,
/// the last second of the date), ten minutes either side of the local midnight that
/// begins 2026-12-01.
#[rustfmt::skip]
const MIDNIGHTS: [(&str, &str, &str, &str, &str); 8] = [
    ("Etc/GMT+12", "2026-12-01T11:50:00Z", "2026-11-30", "2026-11-30T12:00:00Z", "2026-12-01T11:59:59Z"),
    ("Etc/GMT+12", "2026-12-01T12:10:00Z", "2026-12-01", "2026-12-01T12:00:00Z", "2026-12-02T11:59:59Z"),
    ("UTC", "2026-11-30T23:50:00Z", "2026-11-30", "2026-11-30T00:00:00Z", "2026-11-30T23:59:59Z"),
    ("UTC", "2026-12-01T00:10:00Z", "2026-12-01", "2026-12-01T00:00:00Z", "2026-12-01T23:59:59Z"),
    ("Asia/Kolkata", "2026-11-30T18:20:00Z", "2026-11-30", "2026-11-29T18:30:00Z", "2026-11-30T18:29:59Z"),
    ("Asia/Kolkata", "2026-11-30T18:40:00Z", "2026-12-01", "2026-11-30T18:30:00Z", "2026-12-01T18:29:59Z"),
    ("Pacific/Kiritimati", "2026-11-30T09:50:00Z", "2026-11-30", "2026-11-29T10:00:00Z", "2026-11-30T09:59:59Z"),
    ("Pacific/Kiritimati", "2026-11-30T22:20:00Z", "2026-12-01", "2026-11-30T10:00:00Z", "2026-12-01T09:59:59Z"),
];

#[tokio::test]
async fn today_and_its_range_are_the_account_s_on_both_sides_of_local_midnight() {
    for (zone, now, today, first, last) in MIDNIGHTS {
        let fake = start(pinned(Options::default(), zone, now)).await;
        let activity = fake.activity();
        assert_eq!(iso_date(activity.today()), today, "{zone} at {now}: today");
        let (_, user) = key_get(&fake, "/users/current").await;
        assert_eq!(user["data"]["timezone"], zone, "{zone}: the profile's zone");

        let path = format!("/users/current/summaries?start={today}&end={today}");
        let (status, body) = key_get(&fake, &path).await;
        assert_eq!(status, StatusCode::OK, "{zone} at {now}: {body}");
        let range = &body["data"][0]["range"];
        let expected =
            json!({"date": today, "start": first, "end": last, "text": "Today", "timezone": zone});
        assert_eq!(
            range, &expected,
            "{zone} at {now}: the local day in UTC instants"
        );
        assert_eq!(
            (&body["start"], &body["end"]),
            (&json!(first), &json!(last)),
            "{zone}"
        );
        let day = activity.day(ymd(today));
        assert_eq!(
            number(&body["data"][0]["grand_total"]["total_seconds"]),
            day.total_seconds as f64,
            "{zone} at {now}: the coding between those instants"
        );
        assert_eq!(
            day.total_seconds,
            activity.seconds_between(day.start, day.end),
            "{zone}: a day is what lies between its midnights"
        );

        let (_, bar) = key_get(&fake, "/users/current/status_bar/today").await;
        assert_eq!(
            bar["data"]["range"]["date"], today,
            "{zone} at {now}: status bar"
        );
        let (_, week) = key_get(&fake, "/users/current/stats/last_7_days").await;
        assert_eq!(
            week["data"]["end"], last,
            "{zone} at {now}: the week ends with today"
        );
        assert_eq!(week["data"]["timezone"], zone, "{zone}: stats' zone");
    }
}

#[tokio::test]
async fn the_day_after_the_account_s_today_is_still_empty() {
    let fake = start(pinned(
        Options::default(),
        "Pacific/Kiritimati",
        "2026-11-30T22:20:00Z",
    ))
    .await;
    let path = "/users/current/summaries?start=2026-12-02&end=2026-12-02";
    let (_, body) = key_get(&fake, path).await;
    assert_eq!(
        body["data"][0]["grand_total"]["total_seconds"], 0.0,
        "the future: {body}"
    );
    assert_eq!(
        fake.activity().day(ymd("2026-12-02")).total_seconds,
        0,
        "in the model too"
    );
}

#[tokio::test]
async fn a_timezone_parameter_re_buckets_the_same_coding_and_a_year_totals_the_same() {
    let fake = start(pinned(
        Options::default().with_activity(3, 60),
        "UTC",
        "2026-11-30T12:00:00Z",
    ))
    .await;
    let (start_date, end_date) = ("2026-09-25", "2026-12-03");
    let mut totals = Vec::new();
    let mut days = Vec::new();
    for zone in [
        "Etc/GMT+12",
        "UTC",
        "Asia/Kolkata",
        "Pacific/Kiritimati",
        "America/New_York",
    ] {
        let (status, body) = key_get(&fake, &summaries_in(start_date, end_date, zone)).await;
        assert_eq!(status, StatusCode::OK, "{zone}: {body}");
        let data = body["data"].as_array().expect("days");
        assert!(
            data.iter().all(|day| day["range"]["timezone"] == zone),
            "{zone}: labelled"
        );
        let served: Vec<f64> = data
            .iter()
            .map(|day| number(&day["grand_total"]["total_seconds"]))
            .collect();
        let zoned: Zone = zone.parse().expect("a zone");
        let model: Vec<f64> = (fake
            .activity()
            .days_in(ymd(start_date), ymd(end_date), &zoned)
            .iter())
        .map(|day| day.total_seconds as f64)
        .collect();
        assert_eq!(served, model, "{zone}: the model's days in that zone");
        totals.push(number(&body["cumulative_total"]["seconds"]));
        days.push(served);
    }
    assert!(
        totals.iter().all(|total| *total == totals[0]),
        "the whole history, in any zone: {totals:?}"
    );
    assert!(totals[0] > 0.0, "some coding");
    let (_, body) = key_get(
        &fake,
        &format!("/users/current/summaries?start={start_date}&end={end_date}"),
    )
    .await;
    assert_eq!(
        number(&body["cumulative_total"]["seconds"]),
        totals[1],
        "no parameter: the account's UTC"
    );
    assert_ne!(days[1], days[2], "Kolkata's days are not UTC's");
}

#[tokio::test]
async fn the_day_new_york_falls_back_has_25_hours_of_possible_coding() {
    let fake = start(pinned(
        Options::default(),
        "America/New_York",
        "2026-11-30T12:00:00Z",
    ))
    .await;
    let (_, body) = key_get(
        &fake,
        "/users/current/summaries?start=2026-10-31&end=2026-11-02",
    )
    .await;
    let ranges: Vec<(Value, Value)> = (body["data"].as_array().expect("days").iter())
        .map(|day| (day["range"]["start"].clone(), day["range"]["end"].clone()))
        .collect();
    let expected = [
        ("2026-10-31T04:00:00Z", "2026-11-01T03:59:59Z"),
        ("2026-11-01T04:00:00Z", "2026-11-02T04:59:59Z"),
        ("2026-11-02T05:00:00Z", "2026-11-03T04:59:59Z"),
    ];
    let expected: Vec<(Value, Value)> =
        expected.iter().map(|(a, b)| (json!(a), json!(b))).collect();
    assert_eq!(ranges, expected, "EDT, the 25-hour day, EST");
    let day = fake.activity().day(ymd("2026-11-01"));
    assert_eq!((day.end - day.start).whole_hours(), 25, "25 hours");
}

#[tokio::test]
async fn an_unknown_timezone_is_refused_by_wakatime_and_a_blank_one_means_the_account_s() {
    let fake = start(pinned(
        Options::default(),
        "Asia/Kolkata",
        "2026-11-30T12:00:00Z",
    ))
    .await;
    for zone in ["Mars/Olympus_Mons", "CEST", "Etc/Unknown", "+05:30"] {
        let (status, body) = key_get(&fake, &summaries_in("2026-11-30", "2026-11-30", zone)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{zone} refused: {body}");
        assert_eq!(
            body,
            json!({"error": "Invalid timezone"}),
            "{zone}: the JSON error"
        );
    }
    let (status, body) = key_get(&fake, &summaries_in("2026-11-30", "2026-11-30", "")).await;
    assert_eq!(status, StatusCode::OK, "blank: {body}");
    assert_eq!(
        body["data"][0]["range"]["timezone"], "Asia/Kolkata",
        "the account's zone"
    );
}

#[tokio::test]
async fn changing_the_account_s_zone_moves_today_and_the_days_but_not_the_coding() {
    let fake = start(pinned(
        Options::default().with_activity(9, 30),
        "UTC",
        "2026-11-30T22:20:00Z",
    ))
    .await;
    let before = fake.activity();
    let url = format!("{}/__fake/config", fake.base_url());
    let (status, switches) = post_json(&url, &json!({"timezone": "Pacific/Kiritimati"})).await;
    assert_eq!(
        (status, &switches["timezone"]),
        (StatusCode::OK, &json!("Pacific/Kiritimati"))
    );
    let after = fake.activity();
    assert_eq!(
        iso_date(after.today()),
        "2026-12-01",
        "the traveller's today"
    );
    let (_, user) = key_get(&fake, "/users/current").await;
    assert_eq!(
        user["data"]["timezone"], "Pacific/Kiritimati",
        "the profile follows"
    );
    assert_eq!(
        before.seconds_between(before.day(before.created_on()).start, before.history_end()),
        after.seconds_between(before.day(before.created_on()).start, before.history_end()),
        "the same coding up to the old today's end"
    );
    let (status, body) = post_json(&url, &json!({"timezone": "Europe/Atlantis"})).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an unknown zone: {body}"
    );
    assert!(
        body["error"]
            .as_str()
            .is_some_and(|e| e.contains("Europe/Atlantis")),
        "{body}"
    );
    assert_eq!(
        fake.switches().timezone.name(),
        "Pacific/Kiritimati",
        "unchanged"
    );
}
