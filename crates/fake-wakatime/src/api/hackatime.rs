//! The two answers Hackatime writes in its own shape (its
//! `api/hackatime/v1/hackatime_controller.rb`), so the app meets them as they are:
//! `statusbar/today` is only a grand total, and `stats/last_7_days` covers eight dates
//! (today and the seven before, from the first's midnight in the user's zone), counts
//! only days with coding, gives a single "coding" category, and writes each item's
//! `text` as "H hrs M mins" with whole-second totals.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use time::Duration;

use super::activity::{Activity, DayActivity, Dimension};
use super::json::{iso8601, percent, text};
use crate::options::UserProfile;

/// `GET statusbar/today`: `{"data": {"grand_total": {text, total_seconds}}}`.
pub(super) fn status_bar(today: &DayActivity) -> Response {
    let total = today.total_seconds;
    let grand_total = json!({"text": text(total), "total_seconds": total});
    (
        StatusCode::OK,
        Json(json!({"data": {"grand_total": grand_total}})),
    )
        .into_response()
}

/// `GET stats/last_7_days`.
pub(super) fn last_7_days(user: &UserProfile, activity: &Activity) -> Response {
    let today = activity.today();
    let first = today - Duration::days(7);
    let totals = activity.totals(first, today);
    let zone = activity.zone();
    let (start, end) = (zone.day(first).0, zone.day(today).1 - Duration::SECOND);
    let at_offset = |at: time::OffsetDateTime| iso8601(at.to_offset(zone.offset_at(at)));
    let total = totals.total_seconds;
    let coding_days = u64::from(totals.coding_days);
    let average = if coding_days == 0 {
        0.0
    } else {
        (total as f64 * 10.0 / coding_days as f64).round() / 10.0
    };
    let list = |items: &[(String, u64)]| -> Value {
        let item_total: u64 = items.iter().map(|(_, seconds)| seconds).sum();
        let listed = items
            .iter()
            .map(|(name, seconds)| item(name, *seconds, item_total));
        Value::Array(listed.collect())
    };
    let mut data = json!({
        "username": user.username,
        "user_id": user.id,
        "start": at_offset(start),
        "end": at_offset(end),
        "status": "ok",
        "total_seconds": total,
        "daily_average": average,
        "days_including_holidays": coding_days,
        "range": "last_7_days",
        "human_readable_range": "Last 7 Days",
        "human_readable_total": hours_and_minutes(total),
        "human_readable_daily_average": hours_and_minutes(average as u64),
        "is_coding_activity_visible": true,
        "is_other_usage_visible": true,
        "machines": [],
        "categories": [item("coding", total, total)],
    });
    for dimension in [
        Dimension::Editors,
        Dimension::Languages,
        Dimension::Projects,
        Dimension::OperatingSystems,
    ] {
        data[dimension.key()] = list(totals.dimension(dimension));
    }
    (StatusCode::OK, Json(json!({"data": data}))).into_response()
}

/// One item of a Hackatime stats list.
fn item(name: &str, seconds: u64, total: u64) -> Value {
    let (hours, minutes, secs) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    json!({
        "name": name,
        "total_seconds": seconds,
        "percent": percent(seconds, total),
        "digital": format!("{hours}:{minutes:02}:{secs:02}"),
        "text": hours_and_minutes(seconds),
        "hours": hours,
        "minutes": minutes,
        "seconds": secs,
    })
}

/// "3 hrs 12 mins", whatever the numbers.
fn hours_and_minutes(seconds: u64) -> String {
    format!("{} hrs {} mins", seconds / 3600, seconds % 3600 / 60)
}
