//! Calendar days as the cache stores them (`YYYY-MM-DD`, the user's WakaTime day).

use time::{Date, Duration, Month, OffsetDateTime};

use crate::{Error, Result};

/// Today in UTC.
pub fn today_utc() -> Date {
    OffsetDateTime::now_utc().date()
}

pub fn format(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

pub fn parse(text: &str) -> Result<Date> {
    let bad = || Error::WakatimeResponseInvalid {
        detail: format!("{text:?} is not a date"),
    };
    let mut parts = text.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month: u8 = m.parse().map_err(|_| bad())?;
    let day: u8 = d.parse().map_err(|_| bad())?;
    let month = Month::try_from(month).map_err(|_| bad())?;
    Date::from_calendar_date(year, month, day).map_err(|_| bad())
}

/// The day `n` days before `date`.
pub fn days_before(date: Date, n: i64) -> Date {
    date - Duration::days(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_text() {
        let d = parse("2024-02-29").unwrap();
        assert_eq!(format(d), "2024-02-29");
        assert_eq!(format(days_before(d, 365)), "2023-03-01");
        for bad in ["2023-02-29", "2023-13-01", "yesterday", "2023-1"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
