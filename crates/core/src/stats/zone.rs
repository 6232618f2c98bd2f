//! The user's time zone, because WakaTime's days are the user's days: "today", the
//! dashboard's ranges and the days the cache holds all begin at the user's midnight.
//!
//! Zones come from `jiff` (1.x), which reads the system's tzdb (`/usr/share/zoneinfo`)
//! on Linux, so the .deb depends on `tzdata`. The rest of the core speaks `time`; this
//! module converts at its edges, and every instant here is whole seconds.
//!
//! Only IANA names are accepted ([`UserZone::named`]): a name with a `/` (`Asia/Kolkata`,
//! `Etc/GMT+12`) or `UTC`. Wakapi can report its server's abbreviation (`CET`, `EST`)
//! instead; some of those are legacy entries of the tzdb whose rules are not those of
//! the place meant (`EST` has no daylight saving), so they are refused.

use std::fmt;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use time::{Date, Month, OffsetDateTime, Time};

/// A time zone the IANA database knows, with the name it is sent to servers as.
#[derive(Clone)]
pub struct UserZone {
    name: String,
    tz: TimeZone,
}

impl UserZone {
    pub fn utc() -> Self {
        Self {
            name: "UTC".to_owned(),
            tz: TimeZone::UTC,
        }
    }

    /// The zone of an IANA name such as `Asia/Kolkata`; None for anything else,
    /// abbreviations (`CET`, `IST`) included.
    pub fn named(name: &str) -> Option<Self> {
        let name = name.trim();
        if !is_iana_name(name) {
            return None;
        }
        match TimeZone::get(name) {
            Ok(tz) if !tz.is_unknown() => Some(Self {
                name: name.to_owned(),
                tz,
            }),
            _ => None,
        }
    }

    /// The operating system's zone (`TZ`, else `/etc/localtime` on Linux), when it has
    /// an IANA name; UTC otherwise.
    pub fn system() -> Self {
        TimeZone::try_system()
            .ok()
            .and_then(|tz| tz.iana_name().and_then(Self::named))
            .unwrap_or_else(Self::utc)
    }

    /// The IANA name, as sent in `timezone=`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The date here at `at`.
    pub fn date_at(&self, at: OffsetDateTime) -> Date {
        self.local(at).0
    }

    /// The date and the time of day here at `at` (whole seconds).
    pub fn local(&self, at: OffsetDateTime) -> (Date, Time) {
        let civil = self.tz.to_datetime(timestamp(at.unix_timestamp()));
        let date = civil.date();
        let month = Month::try_from(date.month() as u8).unwrap_or(Month::January);
        let date = Date::from_calendar_date(i32::from(date.year()), month, date.day() as u8)
            .unwrap_or(Date::MIN);
        let time = Time::from_hms(
            civil.hour() as u8,
            civil.minute() as u8,
            civil.second() as u8,
        )
        .unwrap_or(Time::MIDNIGHT);
        (date, time)
    }

    /// The first instant of `date` here: its midnight, or the first moment after a
    /// daylight-saving gap that swallows midnight (as WakaTime's `range.start` is).
    pub fn day_start(&self, date: Date) -> OffsetDateTime {
        let utc = date.midnight().assume_utc();
        let civil = jiff::civil::Date::new(
            date.year() as i16,
            u8::from(date.month()) as i8,
            date.day() as i8,
        );
        civil
            .and_then(|civil| civil.to_zoned_datetime(self.tz.clone()))
            .ok()
            .and_then(|zoned| {
                OffsetDateTime::from_unix_timestamp(zoned.timestamp().as_second()).ok()
            })
            .unwrap_or(utc)
    }
}

impl PartialEq for UserZone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for UserZone {}

impl fmt::Debug for UserZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UserZone({})", self.name)
    }
}

impl fmt::Display for UserZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// `Area/Location` (any depth, `Etc/GMT+12` included) or `UTC`, in the characters
/// zone names use.
fn is_iana_name(name: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+');
    (name == "UTC" || name.contains('/'))
        && name.len() <= 64
        && name.chars().all(allowed)
        && !name.starts_with('/')
        && !name.ends_with('/')
}

fn timestamp(unix_seconds: i64) -> Timestamp {
    Timestamp::from_second(unix_seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, time};

    #[test]
    fn only_iana_names_are_zones_and_abbreviations_are_refused() {
        for name in [
            "UTC",
            "Asia/Kolkata",
            "Etc/GMT+12",
            "America/Argentina/Buenos_Aires",
            " Pacific/Kiritimati ",
        ] {
            let zone = UserZone::named(name).unwrap_or_else(|| panic!("{name:?} is a zone"));
            assert_eq!(zone.name(), name.trim());
        }
        for name in [
            "",
            "CET",
            "EST",
            "IST",
            "CEST",
            "GMT",
            "utc",
            "Mars/Olympus",
            "Asia/",
            "/etc/passwd",
            "Europe/../Berlin",
            "+05:30",
        ] {
            assert!(UserZone::named(name).is_none(), "{name:?} is not accepted");
        }
    }

    #[test]
    fn dates_and_day_starts_follow_the_zone_on_both_sides_of_its_midnight() {
        for (zone, at, day, start) in [
            (
                "Etc/GMT+12",
                datetime!(2026-12-01 11:50 UTC),
                date!(2026 - 11 - 30),
                datetime!(2026-11-30 12:00 UTC),
            ),
            (
                "Etc/GMT+12",
                datetime!(2026-12-01 12:10 UTC),
                date!(2026 - 12 - 01),
                datetime!(2026-12-01 12:00 UTC),
            ),
            (
                "UTC",
                datetime!(2026-11-30 23:50 UTC),
                date!(2026 - 11 - 30),
                datetime!(2026-11-30 00:00 UTC),
            ),
            (
                "Asia/Kolkata",
                datetime!(2026-11-30 18:40 UTC),
                date!(2026 - 12 - 01),
                datetime!(2026-11-30 18:30 UTC),
            ),
            (
                "Pacific/Kiritimati",
                datetime!(2026-11-30 22:20 UTC),
                date!(2026 - 12 - 01),
                datetime!(2026-11-30 10:00 UTC),
            ),
        ] {
            let zone = UserZone::named(zone).unwrap();
            assert_eq!(zone.date_at(at), day, "{zone} at {at}");
            assert_eq!(zone.day_start(day), start, "{zone}: {day} begins");
        }
    }

    #[test]
    fn a_daylight_saving_change_makes_a_day_of_twenty_five_hours() {
        let york = UserZone::named("America/New_York").unwrap();
        let (sunday, monday) = (date!(2026 - 11 - 01), date!(2026 - 11 - 02));
        assert_eq!(york.day_start(sunday), datetime!(2026-11-01 04:00 UTC));
        assert_eq!(
            (york.day_start(monday) - york.day_start(sunday)).whole_hours(),
            25,
            "clocks go back on 1 November 2026"
        );
        assert_eq!(
            york.local(datetime!(2026-11-01 05:30 UTC)),
            (sunday, time!(01:30)),
            "the first 01:30 (EDT)"
        );
        assert_eq!(
            york.local(datetime!(2026-11-01 06:30 UTC)),
            (sunday, time!(01:30)),
            "an hour later it is 01:30 again (EST)"
        );
    }
}
