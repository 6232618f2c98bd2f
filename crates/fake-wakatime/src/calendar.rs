//! Dates as the API writes and reads them: `YYYY-MM-DD` in queries, midnight-to-
//! midnight UTC ranges, and the day titles of summaries ("Today", "Mon Mar 3rd 2025").
//! Parsing is strict so a client sending another format gets 400 here, as it would
//! from the real server.

use time::{Date, Duration, Month};

/// `2025-03-07`.
pub(crate) fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Parses exactly `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(year) && all_digits(month) && all_digits(day)) {
        return None;
    }
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// The first second of `date`, UTC.
pub(crate) fn day_start(date: Date) -> String {
    format!("{}T00:00:00Z", format_date(date))
}

/// The last second of `date`, UTC.
pub(crate) fn day_end(date: Date) -> String {
    format!("{}T23:59:59Z", format_date(date))
}

/// "Today", "Yesterday", or "Mon Mar 3rd 2025".
pub(crate) fn day_title(date: Date, today: Date) -> String {
    if date == today {
        return "Today".to_owned();
    }
    if today.checked_sub(Duration::days(1)) == Some(date) {
        return "Yesterday".to_owned();
    }
    let weekday = date.weekday().to_string();
    let month = date.month().to_string();
    format!(
        "{} {} {}{} {}",
        &weekday[..3],
        &month[..3],
        date.day(),
        ordinal_suffix(date.day()),
        date.year()
    )
}

/// "Mar 3rd 2025", as in the ranges of stats.
pub(crate) fn short_title(date: Date) -> String {
    let month = date.month().to_string();
    format!(
        "{} {}{} {}",
        &month[..3],
        date.day(),
        ordinal_suffix(date.day()),
        date.year()
    )
}

fn ordinal_suffix(day: u8) -> &'static str {
    match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// A date in tests.
#[cfg(test)]
pub(crate) fn ymd(year: i32, month: u8, day: u8) -> Date {
    let month = Month::try_from(month).expect("a month number");
    Date::from_calendar_date(year, month, day).expect("a valid date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_their_text() {
        let date = ymd(2025, 3, 7);
        assert_eq!(format_date(date), "2025-03-07", "formatted");
        assert_eq!(parse_date("2025-03-07"), Some(date), "parsed");
    }

    #[test]
    fn anything_but_yyyy_mm_dd_is_refused() {
        for text in [
            "2025-3-7",
            "2025/03/07",
            "07-03-2025",
            "2025-02-30",
            "2025-13-01",
            "2025-03-07T00:00:00Z",
            "",
            "+025-03-07",
        ] {
            assert_eq!(parse_date(text), None, "{text:?} must be refused");
        }
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
            "teens take th"
        );
    }
}
