//! The JSON of `GET /users/current/summaries` and of `status_bar/today`: one entry per
//! day with its grand total, its range and a list per dimension, and for a span the
//! cumulative total and daily average. `total_seconds` is a float, as WakaTime sends it,
//! though the stand-in's values are whole seconds.

use serde_json::{json, Value};
use time::Date;

use crate::activity::{DayActivity, Dimension};
use crate::calendar::{day_end, day_start, day_title, format_date};
use crate::human_time::{decimal, digital, digital_with_seconds, parts, text};

/// Share of `total`, in percent with two decimals.
pub(crate) fn percent(seconds: u64, total: u64) -> f64 {
    if total == 0 {
        return 0.0;
    }
    (seconds as f64 * 10_000.0 / total as f64).round() / 100.0
}

/// One item of a summary list (`seconds` included, `digital` as `H:MM:SS`).
fn summary_item(name: &str, seconds: u64, total: u64) -> Value {
    let (hours, minutes, secs) = parts(seconds);
    json!({
        "name": name,
        "total_seconds": seconds as f64,
        "percent": percent(seconds, total),
        "digital": digital_with_seconds(seconds),
        "decimal": decimal(seconds),
        "text": text(seconds),
        "hours": hours,
        "minutes": minutes,
        "seconds": secs,
    })
}

/// One day of `summaries[].data` (and the `data` of `status_bar/today`).
pub(crate) fn day_entry(day: &DayActivity, today: Date) -> Value {
    let total = day.total_seconds;
    let (hours, minutes, secs) = parts(total);
    let mut entry = json!({
        "grand_total": {
            "total_seconds": total as f64,
            "text": text(total),
            "digital": digital(total),
            "decimal": decimal(total),
            "hours": hours,
            "minutes": minutes,
            "seconds": secs,
        },
        "range": {
            "date": format_date(day.date),
            "start": day_start(day.date),
            "end": day_end(day.date),
            "text": day_title(day.date, today),
            "timezone": "UTC",
        },
        "machines": [],
        "dependencies": [],
    });
    for dimension in Dimension::ALL {
        let items: Vec<Value> = day
            .dimension(dimension)
            .iter()
            .map(|(name, seconds)| summary_item(name, *seconds, total))
            .collect();
        entry[dimension.key()] = Value::Array(items);
    }
    entry
}

/// The whole answer for `days`, which are the dates `start..=end`.
pub(crate) fn summaries(days: &[DayActivity], start: Date, end: Date, today: Date) -> Value {
    let total: u64 = days.iter().map(|day| day.total_seconds).sum();
    let days_including_holidays = days.len() as u64;
    let days_minus_holidays = days.iter().filter(|day| day.total_seconds > 0).count() as u64;
    // WakaTime averages over the days with coding; idle days are "holidays".
    let average = total.checked_div(days_minus_holidays).unwrap_or(0);
    json!({
        "data": days.iter().map(|day| day_entry(day, today)).collect::<Vec<_>>(),
        "start": day_start(start),
        "end": day_end(end),
        "cumulative_total": {
            "seconds": total as f64,
            "text": text(total),
            "digital": digital(total),
            "decimal": decimal(total),
        },
        "daily_average": {
            "seconds": average,
            "text": text(average),
            "seconds_including_other_language": average,
            "text_including_other_language": text(average),
            "days_including_holidays": days_including_holidays,
            "days_minus_holidays": days_minus_holidays,
            "holidays": days_including_holidays - days_minus_holidays,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::ymd;

    #[test]
    fn percents_have_two_decimals() {
        assert_eq!(percent(1, 3), 33.33, "a third");
        assert_eq!(percent(2, 3), 66.67, "two thirds");
        assert_eq!(percent(5, 0), 0.0, "no total");
    }

    #[test]
    fn an_idle_day_has_a_zero_grand_total_and_empty_lists() {
        let date = ymd(2025, 3, 3);
        let entry = day_entry(&DayActivity::zero(date), ymd(2025, 3, 10));
        assert_eq!(entry["grand_total"]["text"], "0 secs", "zero text");
        assert_eq!(entry["grand_total"]["total_seconds"], 0.0, "zero total");
        assert_eq!(entry["languages"], json!([]), "no languages");
        assert_eq!(entry["range"]["date"], "2025-03-03", "date");
        assert_eq!(entry["range"]["start"], "2025-03-03T00:00:00Z", "start");
    }
}
