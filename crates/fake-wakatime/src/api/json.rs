//! The JSON the figures are served as, written the way WakaTime writes it: durations as
//! `text` ("3 hrs 12 mins", "45 mins", "12 secs"; seconds dropped once there is a
//! minute, minutes never rounded up), `digital` ("3:12", "3:12:05" in summaries) and
//! `decimal` ("3.20"); dates as `YYYY-MM-DD` (parsed strictly, so a client sending
//! another format gets 400 as from the real server), days as local midnight to local
//! midnight, their `range.start`/`range.end` as UTC instants (the first and last
//! second), titled "Today", "Yesterday" or "Mon Mar 3rd 2025". `total_seconds` is a
//! float, as WakaTime sends it, though the stand-in's values are whole seconds. The 202
//! "still calculating" answers have empty lists and zero totals, which clients that
//! assume complete data crash on.
//!
//! The self-hosted servers write summaries their own way (`Dialect`), as their source
//! does: Wakapi writes instants with the zone's offset, an empty `range.text`, its
//! server's zone in `range.timezone`, optionally the request's moment as `range.date`,
//! and averages over every day; Hackatime fills only `projects` and writes the
//! answer's `start`/`end` as dates.

use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

use super::activity::{DayActivity, Dimension, RangeTotals, StatsRange};
use super::flavor::Flavor;
use crate::zone::Zone;

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
pub(crate) fn percent(seconds: u64, total: u64) -> f64 {
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

/// `2027-01-24T21:19:04Z` (sub-seconds dropped; with the instant's offset if not UTC).
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

/// The first second of `start` and the last second of `end` in `zone`, UTC.
fn bounds(start: Date, end: Date, zone: &Zone) -> (String, String) {
    let last = zone.day(end).1 - time::Duration::SECOND;
    (iso8601(zone.day(start).0), iso8601(last))
}

/// How a server writes days: its flavor, the zone the days are in and what it calls
/// that zone, and the dates titles are relative to.
pub(crate) struct Dialect {
    pub(crate) flavor: Flavor,
    pub(crate) zone: Zone,
    /// What `range.timezone` says.
    pub(crate) zone_label: String,
    pub(crate) today: Date,
    /// Wakapi's `range.date`: the moment of the request instead of the day's date.
    pub(crate) date_is_now: Option<OffsetDateTime>,
}

impl Dialect {
    /// An instant as this server writes it: UTC with a `Z`, or on Wakapi with the
    /// zone's offset, as Go writes a time in a location.
    fn instant(&self, at: OffsetDateTime) -> String {
        if self.flavor != Flavor::Wakapi {
            return iso8601(at);
        }
        iso8601(at.to_offset(self.zone.offset_at(at)))
    }

    /// The first and last second of a day.
    fn day_bounds(&self, day: &DayActivity) -> (String, String) {
        let last = day.end - time::Duration::SECOND;
        (self.instant(day.start), self.instant(last))
    }
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
pub(crate) fn day_entry(day: &DayActivity, dialect: &Dialect) -> Value {
    let total = day.total_seconds;
    let (start, end) = dialect.day_bounds(day);
    let mut grand_total = amount(total, false);
    grand_total["seconds"] = json!(total % 60);
    let wakapi = dialect.flavor == Flavor::Wakapi;
    let mut entry = json!({
        "grand_total": grand_total,
        "range": {
            "date": dialect.date_is_now.map_or_else(|| format_date(day.date), iso8601),
            "start": start,
            "end": end,
            "text": if wakapi { String::new() } else { day_title(day.date, dialect.today) },
            "timezone": dialect.zone_label,
        },
        "machines": [],
        "dependencies": [],
    });
    for dimension in Dimension::ALL {
        // Hackatime breaks a day down by project only.
        let listed = dialect.flavor != Flavor::Hackatime || dimension == Dimension::Projects;
        let day_items = if listed {
            day.dimension(dimension)
        } else {
            &[]
        };
        entry[dimension.key()] = items(day_items, total, true);
    }
    entry
}

/// The whole summaries answer for `days`, which are the dates `start..=end`.
pub(crate) fn summaries(days: &[DayActivity], start: Date, end: Date, dialect: &Dialect) -> Value {
    let total: u64 = days.iter().map(|day| day.total_seconds).sum();
    let all_days = days.len() as u64;
    let coding_days = days.iter().filter(|day| day.total_seconds > 0).count() as u64;
    // WakaTime averages over the days with coding (idle days are "holidays"); the
    // self-hosted servers over every day, and Wakapi counts no holidays at all.
    let (average, coding_days) = match dialect.flavor {
        Flavor::Wakatime => (total.checked_div(coding_days).unwrap_or(0), coding_days),
        Flavor::Hackatime => (total / all_days.max(1), coding_days),
        Flavor::Wakapi => (total / all_days.max(1), all_days),
    };
    let (start, end) = match (dialect.flavor, days.first(), days.last()) {
        (Flavor::Hackatime, _, _) | (_, None, _) | (_, _, None) => {
            (format_date(start), format_date(end))
        }
        (_, Some(first), Some(last)) => (dialect.day_bounds(first).0, dialect.day_bounds(last).1),
    };
    json!({
        "data": days.iter().map(|day| day_entry(day, dialect)).collect::<Vec<_>>(),
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

/// The `data` of `stats/{range}` in the account's `zone`: the figures of `totals`, or
/// with `calculating` (the percentage done) the 202 answer's, where nothing is computed
/// yet.
pub(crate) fn stats(
    owner: Owner<'_>,
    (range, zone): (StatsRange, &Zone),
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
    let (start, end) = bounds(totals.start, totals.end, zone);
    let mut data = json!({
        "id": owner.0,
        "user_id": owner.0,
        "username": owner.1,
        "range": range.name(),
        "human_readable_range": range.human_name(),
        "start": start,
        "end": end,
        "timezone": zone.name(),
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

/// The `data` of `all_time_since_today` in the account's `zone`; with `calculating`
/// (the percentage done) it is the 202 answer's, whose totals are still zero.
pub(crate) fn all_time_since_today(
    totals: &RangeTotals,
    zone: &Zone,
    calculating: Option<u8>,
) -> Value {
    let total = if calculating.is_none() {
        totals.total_seconds
    } else {
        0
    };
    let (start, end) = bounds(totals.start, totals.end, zone);
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
            "timezone": zone.name(),
        },
        "timeout": 15,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn timestamps_are_utc_to_the_second_with_a_z() {
        let at = OffsetDateTime::UNIX_EPOCH + time::Duration::milliseconds(1_800_868_744_250);
        assert_eq!(iso8601(at), "2027-01-25T09:19:04Z", "format and rounding");
    }
}
