use super::*;

/// A day as wakatime.com sends it (abridged from a real answer; extra fields kept).
const SUMMARIES: &str = r#"{
  "data": [{
    "categories": [{"decimal": "2.05", "digital": "2:03", "hours": 2, "minutes": 3, "name": "Coding", "percent": 100.0, "seconds": 41, "text": "2 hrs 3 mins", "total_seconds": 7421.5}],
    "dependencies": [],
    "editors": [{"name": "VS Code", "total_seconds": 7421.5, "percent": 100}],
    "grand_total": {"decimal": "2.05", "digital": "2:03", "hours": 2, "minutes": 3, "text": "2 hrs 3 mins", "total_seconds": 7421.5},
    "languages": [{"name": "Rust", "total_seconds": 6000, "percent": 80.85}, {"name": "TOML", "total_seconds": 1421.5, "percent": 19.15}],
    "machines": [{"name": "laptop", "machine_name_id": "x", "total_seconds": 7421.5}],
    "operating_systems": [{"name": "Linux", "total_seconds": 7421.5, "percent": 100}],
    "projects": [{"name": "wakadesk", "total_seconds": 7421.5, "percent": 100, "color": null}],
    "range": {"date": "2026-11-24", "end": "2026-11-24T23:59:59Z", "start": "2026-11-24T00:00:00Z", "text": "Tue Nov 24th 2026", "timezone": "UTC"}
  }],
  "end": "2026-11-24T23:59:59Z",
  "start": "2026-11-24T00:00:00Z",
  "cumulative_total": {"decimal": "2.05", "digital": "2:03", "seconds": 7421.5, "text": "2 hrs 3 mins"},
  "daily_average": {"days_including_holidays": 1, "seconds": 7421, "text": "2 hrs 3 mins"}
}"#;

#[test]
fn a_complete_summaries_answer_is_read_with_every_breakdown() {
    let s: Summaries = serde_json::from_str(SUMMARIES).unwrap();
    let day = &s.data[0];
    assert_eq!(day.range.date.as_deref(), Some("2026-11-24"));
    assert_eq!(day.range.timezone.as_deref(), Some("UTC"));
    assert_eq!(day.grand_total.total_seconds, 7421.5);
    assert_eq!(day.breakdown.languages.len(), 2);
    assert_eq!(day.breakdown.languages[1].name, "TOML");
    assert_eq!(day.breakdown.projects[0].name, "wakadesk");
    assert_eq!(day.breakdown.operating_systems[0].name, "Linux");
}

#[test]
fn a_new_account_with_empty_lists_and_zero_totals_is_not_an_error() {
    let body = r#"{"data":[{"grand_total":{"total_seconds":0,"text":"0 secs"},"range":{"date":"2026-11-24"},
                   "languages":[],"projects":[],"editors":[],"operating_systems":[],"categories":[]}]}"#;
    let s: Summaries = serde_json::from_str(body).unwrap();
    assert_eq!(s.data[0].grand_total.total_seconds, 0.0);
    assert!(s.data[0].breakdown.languages.is_empty());
}

#[test]
fn missing_and_null_fields_read_as_empty_or_zero() {
    let body = r#"{"data":[{"range":{"start":"2026-11-23T00:00:00+05:30"},"languages":null,"grand_total":null}]}"#;
    let s: Summaries = serde_json::from_str(body).unwrap();
    let day = &s.data[0];
    assert_eq!(
        (day.range.date.as_deref(), day.range.start.as_deref()),
        (None, Some("2026-11-23T00:00:00+05:30")),
        "what is there is read"
    );
    assert_eq!(day.grand_total.total_seconds, 0.0);
    assert!(day.breakdown.languages.is_empty() && day.breakdown.editors.is_empty());
    let empty: Summaries = serde_json::from_str("{}").unwrap();
    assert!(empty.data.is_empty(), "no data at all is an empty list");
}

#[test]
fn the_profiles_zone_is_read_and_an_empty_or_odd_one_is_none() {
    for (body, zone) in [
        (
            r#"{"id":"u","timezone":"Asia/Kolkata"}"#,
            Some("Asia/Kolkata"),
        ),
        (r#"{"id":"u","timezone":"CET"}"#, Some("CET")),
        (r#"{"id":"u","timezone":""}"#, None),
        (r#"{"id":"u","timezone":null}"#, None),
        (r#"{"id":"u","timezone":5}"#, None),
        (r#"{"id":"u"}"#, None),
    ] {
        let me: CurrentUser = serde_json::from_str(body).unwrap();
        assert_eq!(me.timezone.as_deref(), zone, "{body}");
    }
}

#[test]
fn a_stats_answer_while_calculating_reports_its_percent() {
    let body = r#"{"data":{"is_up_to_date":false,"percent_calculated":42,"status":"pending_update",
                  "total_seconds":0,"languages":[],"message":"Calculating stats for this user."}}"#;
    let e: Envelope<Stats> = serde_json::from_str(body).unwrap();
    assert_eq!(e.percent_if_incomplete(), Some(42.0));
    let done: Envelope<Stats> = serde_json::from_str(
        r#"{"data":{"is_up_to_date":true,"percent_calculated":100,"total_seconds":3600.5,
        "best_day":{"date":"2026-11-20","total_seconds":9000,"text":"2 hrs 30 mins"}}}"#,
    )
    .unwrap();
    assert_eq!(done.percent_if_incomplete(), None);
    assert_eq!(done.data.best_day.unwrap().total_seconds, 9000.0);
}

#[test]
fn all_time_since_today_is_read_with_integer_or_float_seconds() {
    let e: Envelope<AllTimeSinceToday> =
        serde_json::from_str(r#"{"data":{"total_seconds":123456,"text":"34 hrs 17 mins","is_up_to_date":true,"extra":1}}"#).unwrap();
    assert_eq!(e.data.total_seconds, 123456.0);
    assert_eq!(e.data.text, "34 hrs 17 mins");
}
