//! Time zones by IANA name, because a student's day is their own: WakaTime answers
//! summaries in the account's zone (or the `timezone` asked for), so the stand-in must
//! know where each local midnight falls, daylight-saving days of 23 and 25 hours
//! included.
//!
//! The zones come from `jiff` (1.x), chosen over `chrono-tz` and `time-tz` because it
//! reads the system's tzdb (`/usr/share/zoneinfo`) on Linux instead of compiling a copy
//! in, handles the gaps and folds of daylight saving without hand-written rules, is
//! already in the workspace's lock file, and is stable at 1.0; the app's core uses the
//! same crate. The rest of the stand-in speaks `time` (its public API predates zones),
//! so this module also converts between the two; every instant here is whole seconds.

use std::fmt;
use std::str::FromStr;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use time::{Date, Month, OffsetDateTime, UtcOffset};

/// A time zone the IANA database knows (`Asia/Kolkata`, `Etc/GMT+12`, `UTC`), kept
/// with the name it was given. Parsed with `"Asia/Kolkata".parse()` or `Zone::named`;
/// written and read as that name in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl Zone {
    pub fn utc() -> Self {
        Self {
            name: "UTC".to_owned(),
            tz: TimeZone::UTC,
        }
    }

    /// The zone of that IANA name; an unknown name (or `Etc/Unknown`) is an error that
    /// says so.
    pub fn named(name: &str) -> Result<Self, String> {
        let name = name.trim();
        match TimeZone::get(name) {
            Ok(tz) if !tz.is_unknown() => Ok(Self {
                name: name.to_owned(),
                tz,
            }),
            _ => Err(format!(
                "unknown time zone {name:?}: use an IANA name such as Europe/Berlin"
            )),
        }
    }

    /// The name it was given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The zone's date at the instant `at`.
    pub fn date_at(&self, at: OffsetDateTime) -> Date {
        let civil = self.tz.to_datetime(timestamp(at.unix_timestamp())).date();
        let month = Month::try_from(civil.month() as u8).unwrap_or(Month::January);
        Date::from_calendar_date(civil.year().into(), month, civil.day() as u8).unwrap_or(Date::MIN)
    }

    /// Where `date` begins and where the next date begins in this zone: 24 hours apart,
    /// or 23 and 25 on the days daylight saving starts and ends.
    pub fn day(&self, date: Date) -> (OffsetDateTime, OffsetDateTime) {
        let next = date.next_day().unwrap_or(date);
        (instant(self.midnight(date)), instant(self.midnight(next)))
    }

    /// The first second of `date` here, in Unix seconds: its midnight, or the first
    /// moment after a daylight-saving gap that swallows midnight.
    pub(crate) fn midnight(&self, date: Date) -> i64 {
        let utc = date.midnight().assume_utc().unix_timestamp();
        let civil = jiff::civil::Date::new(
            date.year() as i16,
            u8::from(date.month()) as i8,
            date.day() as i8,
        );
        civil
            .and_then(|civil| civil.to_zoned_datetime(self.tz.clone()))
            .map_or(utc, |zoned| zoned.timestamp().as_second())
    }

    /// The zone's offset from UTC at the instant `at`.
    pub fn offset_at(&self, at: OffsetDateTime) -> UtcOffset {
        let seconds = self.tz.to_offset(timestamp(at.unix_timestamp())).seconds();
        UtcOffset::from_whole_seconds(seconds).unwrap_or(UtcOffset::UTC)
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl FromStr for Zone {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::named(name)
    }
}

impl TryFrom<String> for Zone {
    type Error = String;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Self::named(&name)
    }
}

impl From<Zone> for String {
    fn from(zone: Zone) -> Self {
        zone.name
    }
}

/// Unix seconds as an instant (UTC).
pub(crate) fn instant(unix_seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix_seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn timestamp(unix_seconds: i64) -> Timestamp {
    Timestamp::from_second(unix_seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}
