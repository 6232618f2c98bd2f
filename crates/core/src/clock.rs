//! "Now" as an input. Every rule that depends on the time (the dashboard's ranges, the
//! sync windows, when a token is refreshed, when a browser request expires, how long
//! a failed log-in waits) asks a [`Clock`] instead of the system, so a test can pin
//! the instant and move it, and the window and the CLI can be started at a chosen
//! instant with `WAKADESK_NOW`.

use std::ffi::OsStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime, UtcOffset};

use crate::{Error, Result};

/// Makes the process clock start at this RFC 3339 instant and tick from there (tests).
pub const NOW_ENV: &str = "WAKADESK_NOW";

/// Where the current instant comes from.
pub trait Clock: Send + Sync {
    /// The current instant, in UTC.
    fn now(&self) -> OffsetDateTime;

    /// The current instant as Unix seconds, the one time format the database stores.
    fn unix(&self) -> i64 {
        self.now().unix_timestamp()
    }
}

/// One clock shared by everything in a process.
pub type SharedClock = Arc<dyn Clock>;

/// The system's clock: what the app uses unless told otherwise.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that starts at a given instant and then runs at the speed of the
/// system's monotonic clock: what `WAKADESK_NOW` gives a whole process.
#[derive(Debug)]
pub struct StartedClock {
    start: OffsetDateTime,
    since: Instant,
}

impl StartedClock {
    pub fn starting_at(start: OffsetDateTime) -> Self {
        Self {
            start: start.to_offset(UtcOffset::UTC),
            since: Instant::now(),
        }
    }
}

impl Clock for StartedClock {
    fn now(&self) -> OffsetDateTime {
        let elapsed = Duration::try_from(self.since.elapsed()).unwrap_or(Duration::MAX);
        self.start.saturating_add(elapsed)
    }
}

/// A clock that stands still until a test sets or advances it.
#[derive(Debug)]
pub struct TestClock(Mutex<OffsetDateTime>);

impl TestClock {
    pub fn at(instant: OffsetDateTime) -> Self {
        Self(Mutex::new(instant.to_offset(UtcOffset::UTC)))
    }

    /// Noon UTC of `date`, well away from either midnight.
    pub fn on(date: Date) -> Self {
        Self::at(
            date.midnight()
                .assume_utc()
                .saturating_add(Duration::hours(12)),
        )
    }

    pub fn set(&self, instant: OffsetDateTime) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = instant.to_offset(UtcOffset::UTC);
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *now = now.saturating_add(by);
    }
}

impl Clock for TestClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The process clock: the system's, or one started at `WAKADESK_NOW` when that is set.
/// A value that is not an RFC 3339 instant is an error, never ignored.
pub fn from_env() -> Result<SharedClock> {
    from_setting(std::env::var_os(NOW_ENV).as_deref())
}

fn from_setting(raw: Option<&OsStr>) -> Result<SharedClock> {
    let Some(raw) = raw else {
        return Ok(Arc::new(SystemClock));
    };
    let text = raw.to_string_lossy();
    let start = OffsetDateTime::parse(text.trim(), &Rfc3339).map_err(|_| Error::InvalidNow {
        value: text.clone().into_owned(),
    })?;
    Ok(Arc::new(StartedClock::starting_at(start)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn a_test_clock_stands_still_until_set_or_advanced() {
        let clock = TestClock::at(datetime!(2026-11-25 23:59:30 UTC));
        assert_eq!(clock.now(), clock.now(), "no tick by itself");
        clock.advance(Duration::seconds(45));
        assert_eq!(clock.now(), datetime!(2026-11-26 00:00:15 UTC));
        assert_eq!(clock.unix(), clock.now().unix_timestamp());
        clock.set(datetime!(2024-02-29 08:00 UTC));
        assert_eq!(clock.now().date(), date!(2024 - 02 - 29));
        assert_eq!(
            TestClock::on(date!(2026 - 01 - 01)).now(),
            datetime!(2026-01-01 12:00 UTC)
        );
    }

    #[test]
    fn a_started_clock_begins_at_its_instant_and_ticks_forward() {
        let start = datetime!(2030-06-01 10:00 UTC);
        let clock = StartedClock::starting_at(start);
        let first = clock.now();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let later = clock.now();
        assert!(
            first >= start && first - start < Duration::seconds(5),
            "{first}"
        );
        assert!(later > first, "it ticks: {first} then {later}");
    }

    #[test]
    fn wakadesk_now_starts_the_clock_at_its_instant_and_a_bad_value_is_an_error() {
        let pinned = from_setting(Some(OsStr::new("2026-11-25T23:00:00+02:00"))).unwrap();
        let now = pinned.now();
        assert!(
            now >= datetime!(2026-11-25 21:00 UTC) && now < datetime!(2026-11-25 21:01 UTC),
            "the offset is honoured: {now}"
        );
        let system = from_setting(None).unwrap().now();
        assert!(
            (system - OffsetDateTime::now_utc()).abs() < Duration::minutes(1),
            "unset: the system clock"
        );
        for bad in [
            "",
            "tomorrow",
            "2026-11-25",
            "2026-11-25 12:00",
            "1764072000",
        ] {
            let err = match from_setting(Some(OsStr::new(bad))) {
                Ok(_) => panic!("{bad:?} was accepted"),
                Err(e) => e,
            };
            assert_eq!(err.code(), "invalid_now", "{bad:?}");
            assert!(
                err.to_string().contains("WAKADESK_NOW") && err.to_string().contains("RFC 3339"),
                "says which setting and what it takes: {err}"
            );
        }
    }
}
