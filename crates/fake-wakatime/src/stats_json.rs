//! The JSON of `GET /users/current/stats/{range}` and `all_time_since_today`, ready
//! and while "still calculating" (the 202 answer whose lists are empty and totals zero,
//! which clients that assume complete data crash on).

use serde_json::{json, Value};
use time::Date;

use crate::activity::{Dimension, RangeTotals, StatsRange};
use crate::calendar::{day_end, day_start, format_date, short_title};
use crate::human_time::{decimal, digital, parts, text};
use crate::summary_json::percent;

/// What the 202 answers carry in `message`.
pub(crate) const CALCULATING_MESSAGE: &str = "Calculating stats for this user. Check back later.";

/// Who the stats are about.
pub(crate) struct Owner<'a> {
    pub(crate) id: &'a str,
    pub(crate) username: &'a str,
}

fn stats_item(name: &str, seconds: u64, total: u64) -> Value {
    let (hours, minutes, _) = parts(seconds);
    json!({
        "name": name,
        "total_seconds": seconds as f64,
        "percent": percent(seconds, total),
        "digital": digital(seconds),
        "decimal": decimal(seconds),
        "text": text(seconds),
        "hours": hours,
        "minutes": minutes,
    })
}

fn common(owner: &Owner<'_>, range: StatsRange, start: Date, end: Date, days: u32) -> Value {
    json!({
        "id": owner.id,
        "user_id": owner.id,
        "username": owner.username,
        "range": range.name(),
        "human_readable_range": range.human_name(),
        "start": day_start(start),
        "end": day_end(end),
        "timezone": "UTC",
        "is_including_today": true,
        "days_including_holidays": days,
        "machines": [],
        "dependencies": [],
    })
}

/// The 200 answer's `data`.
pub(crate) fn ready(owner: &Owner<'_>, range: StatsRange, totals: &RangeTotals) -> Value {
    let total = totals.total_seconds;
    let average = totals.daily_average();
    let mut data = common(owner, range, totals.start, totals.end, totals.days);
    let best_day = totals.best_day.map(|(date, seconds)| {
        json!({
            "date": format_date(date),
            "text": text(seconds),
            "total_seconds": seconds as f64,
        })
    });
    let fields = json!({
        "status": "ok",
        "is_up_to_date": true,
        "percent_calculated": 100,
        "total_seconds": total as f64,
        "human_readable_total": text(total),
        "daily_average": average,
        "human_readable_daily_average": text(average),
        "days_minus_holidays": totals.coding_days,
        "holidays": totals.days - totals.coding_days,
        "best_day": best_day,
    });
    merge(&mut data, fields);
    for dimension in Dimension::ALL {
        let items: Vec<Value> = totals
            .dimension(dimension)
            .iter()
            .map(|(name, seconds)| stats_item(name, *seconds, total))
            .collect();
        data[dimension.key()] = Value::Array(items);
    }
    data
}

/// The 202 answer's `data`: nothing computed yet but the percentage.
pub(crate) fn calculating(
    owner: &Owner<'_>,
    range: StatsRange,
    start: Date,
    end: Date,
    days: u32,
    percent_calculated: u8,
) -> Value {
    let mut data = common(owner, range, start, end, days);
    let fields = json!({
        "status": "pending_update",
        "is_up_to_date": false,
        "percent_calculated": percent_calculated.min(100),
        "total_seconds": 0.0,
        "human_readable_total": text(0),
        "daily_average": 0,
        "human_readable_daily_average": text(0),
        "days_minus_holidays": 0,
        "holidays": days,
        "best_day": null,
    });
    merge(&mut data, fields);
    for dimension in Dimension::ALL {
        data[dimension.key()] = json!([]);
    }
    data
}

/// The `data` of `all_time_since_today`; with `calculating` (the percentage done) it
/// is the 202 answer's, whose totals are still zero.
pub(crate) fn all_time_since_today(totals: &RangeTotals, calculating: Option<u8>) -> Value {
    let total = if calculating.is_none() {
        totals.total_seconds
    } else {
        0
    };
    let (start, end) = (totals.start, totals.end);
    json!({
        "total_seconds": total as f64,
        "text": text(total),
        "decimal": decimal(total),
        "digital": digital(total),
        "daily_average": total / u64::from(totals.days.max(1)),
        "is_up_to_date": calculating.is_none(),
        "percent_calculated": calculating.map_or(100, |percent| percent.min(100)),
        "range": {
            "start": day_start(start),
            "start_date": format_date(start),
            "start_text": short_title(start),
            "end": day_end(end),
            "end_date": format_date(end),
            "end_text": "Today",
            "timezone": "UTC",
        },
        "timeout": 15,
    })
}

fn merge(target: &mut Value, fields: Value) {
    if let (Value::Object(target), Value::Object(fields)) = (target, fields) {
        target.extend(fields);
    }
}
