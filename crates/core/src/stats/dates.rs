//! Calendar days as the cache stores them (`YYYY-MM-DD`, the user's WakaTime day).

use time::{Date, Duration, Month};

use super::zone::UserZone;
use crate::clock::Clock;
use crate::{Error, Result};

/// The user's today, from which the dashboard's ranges and the sync windows count: the
/// date in the user's zone at the clock's instant. WakaTime's days are the user's own,
/// so this is never the UTC date nor the machine's unless that is the user's zone.
pub fn today(clock: &dyn Clock, zone: &UserZone) -> Date {
    zone.date_at(clock.now())
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

/// Every day from `first` through `last`, in order (none when `first > last`).
pub fn each(first: Date, last: Date) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(first), |d| d.next_day()).take_while(move |d| *d <= last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::TestClock;
    use time::macros::{date, datetime};

    #[test]
    fn dates_round_trip_through_text() {
        let d = parse("2024-02-29").unwrap();
        assert_eq!(format(d), "2024-02-29");
        assert_eq!(format(days_before(d, 365)), "2023-03-01");
        for bad in ["2023-02-29", "2023-13-01", "yesterday", "2023-1"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn today_is_the_date_in_the_users_zone_at_the_clocks_instant() {
        let utc = UserZone::utc();
        let zone = |name| UserZone::named(name).unwrap();
        for (instant, in_zone, day) in [
            (
                datetime!(2026-11-25 00:00 UTC),
                utc.clone(),
                date!(2026 - 11 - 25),
            ),
            (
                datetime!(2026-11-25 23:59:59 UTC),
                utc.clone(),
                date!(2026 - 11 - 25),
            ),
            (
                datetime!(2026-11-26 01:00 +02:00),
                utc.clone(),
                date!(2026 - 11 - 25),
            ),
            (
                datetime!(2026-11-25 20:00 -05:00),
                utc.clone(),
                date!(2026 - 11 - 26),
            ),
            (datetime!(2028-02-29 12:00 UTC), utc, date!(2028 - 02 - 29)),
            // What was seen: 22:20 UTC is already tomorrow at UTC+14 ...
            (
                datetime!(2026-11-30 22:20 UTC),
                zone("Pacific/Kiritimati"),
                date!(2026 - 12 - 01),
            ),
            // ... and still the evening before in the Americas.
            (
                datetime!(2026-12-01 01:00 UTC),
                zone("America/New_York"),
                date!(2026 - 11 - 30),
            ),
            (
                datetime!(2026-12-01 11:59:59 UTC),
                zone("Etc/GMT+12"),
                date!(2026 - 11 - 30),
            ),
            (
                datetime!(2026-11-30 18:30 UTC),
                zone("Asia/Kolkata"),
                date!(2026 - 12 - 01),
            ),
        ] {
            assert_eq!(
                today(&TestClock::at(instant), &in_zone),
                day,
                "{instant} in {in_zone}"
            );
        }
    }
}
