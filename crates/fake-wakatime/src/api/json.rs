//! The JSON the figures are served as, written the way WakaTime writes it: durations as
//! `text` ("3 hrs 12 mins", "45 mins", "12 secs"; seconds dropped once there is a
//! minute, minutes never rounded up), `digital` ("3:12", "3:12:05" in summaries) and
//! `decimal` ("3.20"); dates as `YYYY-MM-DD` (parsed strictly, so a client sending
//! another format gets 400 as from the real server), days as midnight-to-midnight UTC
//! and titled "Today", "Yesterday" or "Mon Mar 3rd 2025". `total_seconds` is a float, as
//! WakaTime sends it, though the stand-in's values are whole seconds. The 202 "still
//! calculating" answers have empty lists and zero totals, which clients that assume
//! complete data crash on.

use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

use super::activity::{DayActivity, Dimension, RangeTotals, StatsRange};

const DATE: &[BorrowedFormatItem<'_>] = format_description!("[year]-[month]-[day]");

/// What the 202 answers carry in `message`.
pub(crate) const CALCULATING_MESSAGE: &str = "Calculating stats for this user. Check back later.";

/// Who the stats are about: the user's id and username.
pub(crate) type Owner<'a> = (&'a str, &'a str);

/// Whole hours, minutes past the hour, seconds past the minute.
fn hms(seconds: u64) -> (u64, u64, u64) {
    (seconds / 3600, seconds % 3600 / 60, seconds % 60)
}

pub(crate) fn text(seconds: u64) -> String {
    let (hours, minutes, secs) = hms(seconds);
    let unit =
        |count: u64, name: &str| format!("{count} {name}{}", if count == 1 { "" } else { "s" });
    let words: Vec<String> = [(hours, "hr"), (minutes, "min")]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, name)| unit(count, name))
        .collect();
    if words.is_empty() {
        unit(secs, "sec")
    } else {
        words.join(" ")
    }
}

/// `H:MM`, or `H:MM:SS` with `seconds`.
fn digital(total: u64, seconds: bool) -> String {
    let (hours, minutes, secs) = hms(total);
    if seconds {
        format!("{hours}:{minutes:02}:{secs:02}")
    } else {
        format!("{hours}:{minutes:02}")
    }
}

/// Hours and whole minutes as a decimal with two places: 3 h 12 min is "3.20".
fn decimal(seconds: u64) -> String {
    let (hours, minutes, _) = hms(seconds);
    format!("{hours}.{:02}", (minutes * 100 + 30) / 60)
}

/// Share of `total`, in percent with two decimals.
fn percent(seconds: u64, total: u64) -> f64 {
    if total == 0 {
        return 0.0;
    }
    (seconds as f64 * 10_000.0 / total as f64).round() / 100.0
}

pub(crate) fn format_date(date: Date) -> String {
    date.format(DATE).unwrap_or_default()
}

/// Exactly `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    (text.len() == 10 && digits == 8).then(|| Date::parse(text, DATE).ok())?
}

/// `2027-01-24T21:19:04Z` (sub-seconds dropped).
pub(crate) fn iso8601(at: OffsetDateTime) -> String {
    let at = at.replace_nanosecond(0).unwrap_or(at);
    at.format(&Rfc3339).unwrap_or_default()
}

/// "Mar 3rd 2025", as in the ranges of stats.
fn short_title(date: Date) -> String {
    let suffix = match (date.day() % 10, date.day() % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    let month = date.format(format_description!("[month repr:short]"));
    format!(
        "{} {}{suffix} {}",
        month.unwrap_or_default(),
        date.day(),
        date.year()
    )
}

/// "Today", "Yesterday", or "Mon Mar 3rd 2025".
fn day_title(date: Date, today: Date) -> String {
    if date == today {
        return "Today".to_owned();
    }
    if date.next_day() == Some(today) {
        return "Yesterday".to_owned();
    }
    let weekday = date.format(format_description!("[weekday repr:short]"));
    format!("{} {}", weekday.unwrap_or_default(), short_title(date))
}

/// The first and last second of the range, UTC.
fn bounds(start: Date, end: Date) -> (String, String) {
    (
        format!("{}T00:00:00Z", format_date(start)),
        format!("{}T23:59:59Z", format_date(end)),
    )
}

/// An amount of time with its spellings; `seconds` adds the seconds past the minute
/// and writes `digital` with them, as summaries do.
fn amount(total: u64, seconds: bool) -> Value {
    let (hours, minutes, secs) = hms(total);
    let mut value = json!({
        "total_seconds": total as f64,
        "text": text(total),
        "digital": digital(total, seconds),
        "decimal": decimal(total),
        "hours": hours,
        "minutes": minutes,
    });
    if seconds {
        value["seconds"] = json!(secs);
    }
    value
}

/// A dimension's list: each item's amount, name and share of `total`.
fn items(items: &[(String, u64)], total: u64, seconds: bool) -> Value {
    let list = items.iter().map(|(name, item_seconds)| {
        let mut item = amount(*item_seconds, seconds);
        item["name"] = json!(name);
        item["percent"] = json!(percent(*item_seconds, total));
        item
    });
    Value::Array(list.collect())
}

/// One day of `summaries[].data` (and the `data` of `status_bar/today`).
pub(crate) fn day_entry(day: &DayActivity, today: Date) -> Value {
    let total = day.total_seconds;
    let (start, end) = bounds(day.date, day.date);
    let mut grand_total = amount(total, false);
    grand_total["seconds"] = json!(total % 60);
    let mut entry = json!({
        "grand_total": grand_total,
        "range": {
            "date": format_date(day.date),
            "start": start,
            "end": end,
            "text": day_title(day.date, today),
            "timezone": "UTC",
        },
        "machines": [],
        "dependencies": [],
    });
    for dimension in Dimension::ALL {
        entry[dimension.key()] = items(day.dimension(dimension), total, true);
    }
    entry
}

/// The whole summaries answer for `days`, which are the dates `start..=end`.
pub(crate) fn summaries(days: &[DayActivity], start: Date, end: Date, today: Date) -> Value {
    let total: u64 = days.iter().map(|day| day.total_seconds).sum();
    let all_days = days.len() as u64;
    let coding_days = days.iter().filter(|day| day.total_seconds > 0).count() as u64;
    // WakaTime averages over the days with coding; idle days are "holidays".
    let average = total.checked_div(coding_days).unwrap_or(0);
    let (start, end) = bounds(start, end);
    json!({
        "data": days.iter().map(|day| day_entry(day, today)).collect::<Vec<_>>(),
        "start": start,
        "end": end,
        "cumulative_total": {
            "seconds": total as f64,
            "text": text(total),
            "digital": digital(total, false),
            "decimal": decimal(total),
        },
        "daily_average": {
            "seconds": average,
            "text": text(average),
            "seconds_including_other_language": average,
            "text_including_other_language": text(average),
            "days_including_holidays": all_days,
            "days_minus_holidays": coding_days,
            "holidays": all_days - coding_days,
        },
    })
}

/// The `data` of `stats/{range}`: the figures of `totals`, or with `calculating` (the
/// percentage done) the 202 answer's, where nothing is computed yet.
pub(crate) fn stats(
    owner: Owner<'_>,
    range: StatsRange,
    totals: &RangeTotals,
    calculating: Option<u8>,
) -> Value {
    let ready = calculating.is_none();
    let (total, average) = if ready {
        (totals.total_seconds, totals.daily_average())
    } else {
        (0, 0)
    };
    let coding_days = if ready { totals.coding_days } else { 0 };
    let best_day = totals.best_day.filter(|_| ready).map(|(date, seconds)| {
        json!({"date": format_date(date), "text": text(seconds), "total_seconds": seconds as f64})
    });
    let (start, end) = bounds(totals.start, totals.end);
    let mut data = json!({
        "id": owner.0,
        "user_id": owner.0,
        "username": owner.1,
        "range": range.name(),
        "human_readable_range": range.human_name(),
        "start": start,
        "end": end,
        "timezone": "UTC",
        "is_including_today": true,
        "days_including_holidays": totals.days,
        "machines": [],
        "dependencies": [],
        "status": if ready { "ok" } else { "pending_update" },
        "is_up_to_date": ready,
        "percent_calculated": calculating.map_or(100, |percent| percent.min(100)),
        "total_seconds": total as f64,
        "human_readable_total": text(total),
        "daily_average": average,
        "human_readable_daily_average": text(average),
        "days_minus_holidays": coding_days,
        "holidays": totals.days - coding_days,
        "best_day": best_day,
    });
    for dimension in Dimension::ALL {
        let listed = if ready {
            totals.dimension(dimension)
        } else {
            &[]
        };
        data[dimension.key()] = items(listed, total, false);
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
    let (start, end) = bounds(totals.start, totals.end);
    json!({
        "total_seconds": total as f64,
        "text": text(total),
        "decimal": decimal(total),
        "digital": digital(total, false),
        "daily_average": total / u64::from(totals.days.max(1)),
        "is_up_to_date": calculating.is_none(),
        "percent_calculated": calculating.map_or(100, |percent| percent.min(100)),
        "range": {
            "start": start,
            "start_date": format_date(totals.start),
            "start_text": short_title(totals.start),
            "end": end,
            "end_date": format_date(totals.end),
            "end_text": "Today",
            "timezone": "UTC",
        },
        "timeout": 15,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Month;

    fn ymd(year: i32, month: u8, day: u8) -> Date {
        let month = Month::try_from(month).expect("a month number");
        Date::from_calendar_date(year, month, day).expect("a valid date")
    }

    #[test]
    fn durations_read_like_wakatime() {
        let cases = [
            (0, "0 secs", "0:00", "0.00"),
            (1, "1 sec", "0:00", "0.00"),
            (45, "45 secs", "0:00", "0.00"),
            (60, "1 min", "0:01", "0.02"),
            (45 * 60 + 59, "45 mins", "0:45", "0.75"),
            (59 * 60 + 59, "59 mins", "0:59", "0.98"),
            (3600, "1 hr", "1:00", "1.00"),
            (3600 + 5 * 60, "1 hr 5 mins", "1:05", "1.08"),
            (2 * 3600 + 60, "2 hrs 1 min", "2:01", "2.02"),
            (3 * 3600 + 12 * 60 + 59, "3 hrs 12 mins", "3:12", "3.20"),
            (100 * 3600, "100 hrs", "100:00", "100.00"),
        ];
        for (seconds, words, clock, hours) in cases {
            assert_eq!(text(seconds), words, "text of {seconds} s");
            assert_eq!(digital(seconds, false), clock, "digital of {seconds} s");
            assert_eq!(decimal(seconds), hours, "decimal of {seconds} s");
        }
        assert_eq!(digital(3725, true), "1:02:05", "with seconds");
    }

    #[test]
    fn percents_have_two_decimals() {
        assert_eq!(percent(1, 3), 33.33, "a third");
        assert_eq!(percent(2, 3), 66.67, "two thirds");
        assert_eq!(percent(5, 0), 0.0, "no total");
    }

    #[test]
    fn dates_round_trip_and_anything_but_yyyy_mm_dd_is_refused() {
        assert_eq!(format_date(ymd(2025, 3, 7)), "2025-03-07", "formatted");
        assert_eq!(parse_date("2025-03-07"), Some(ymd(2025, 3, 7)), "parsed");
        for text in [
            "2025-3-7",
            "2025/03/07",
            "07-03-2025",
            "2025-02-30",
            "2025-13-01",
            "2025-03-07T00:00:00Z",
            "",
            "+025-03-07",
            "+2025-03-07",
        ] {
            assert_eq!(parse_date(text), None, "{text:?} must be refused");
        }
    }

    #[test]
    fn timestamps_are_utc_to_the_second_with_a_z() {
        let at = OffsetDateTime::UNIX_EPOCH + time::Duration::milliseconds(1_800_868_744_250);
        assert_eq!(iso8601(at), "2027-01-25T09:19:04Z", "format and rounding");
    }

    #[test]
    fn day_titles_read_like_wakatime() {
        let today = ymd(2025, 3, 10);
        assert_eq!(day_title(today, today), "Today", "today");
        assert_eq!(day_title(ymd(2025, 3, 9), today), "Yesterday", "yesterday");
        assert_eq!(
            day_title(ymd(2025, 3, 3), today),
            "Mon Mar 3rd 2025",
            "older day"
        );
        assert_eq!(
            day_title(ymd(2025, 2, 11), today),
            "Tue Feb 11th 2025",
            "teens"
        );
        assert_eq!(
            short_title(ymd(2025, 3, 22)),
            "Mar 22nd 2025",
            "short title"
        );
    }

    #[test]
    fn an_idle_day_has_a_zero_grand_total_and_empty_lists() {
        let entry = day_entry(&DayActivity::zero(ymd(2025, 3, 3)), ymd(2025, 3, 10));
        assert_eq!(entry["grand_total"]["text"], "0 secs", "zero text");
        assert_eq!(entry["grand_total"]["total_seconds"], 0.0, "zero total");
        assert_eq!(entry["languages"], json!([]), "no languages");
        assert_eq!(entry["range"]["date"], "2025-03-03", "date");
        assert_eq!(entry["range"]["start"], "2025-03-03T00:00:00Z", "start");
    }
}
