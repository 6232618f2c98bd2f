//! The stand-in's "now": the system clock moved by an offset a test sets. Token and
//! code expiry, the `expires_at` it hands out, and "today" for summaries, stats ranges
//! and the generated history all read it, so a test advances time instead of sleeping
//! through a token's lifetime. It keeps ticking: only the offset is set. The request
//! log alone keeps the wall clock, to compare with the test's own.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use time::{Date, Duration, OffsetDateTime};

/// A clock shared by every clone; the default is the system clock. The offset is kept
/// in nanoseconds: about 292 years either way.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ns: Arc<AtomicI64>,
}

impl Clock {
    /// The stand-in's current instant, UTC.
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.offset()
    }

    /// The stand-in's current date, UTC.
    pub fn today(&self) -> Date {
        self.now().date()
    }

    /// How far the clock is from the system clock.
    pub fn offset(&self) -> Duration {
        Duration::nanoseconds(self.offset_ns.load(Ordering::SeqCst))
    }

    /// Moves the clock forward (or, with a negative duration, back) by `by`.
    pub fn advance(&self, by: Duration) {
        let ns = i64::try_from(by.whole_nanoseconds()).unwrap_or(i64::MAX);
        self.offset_ns.fetch_add(ns, Ordering::SeqCst);
    }

    /// Sets the clock so that it reads `now` at this moment.
    pub fn set(&self, now: OffsetDateTime) {
        let offset = (now - OffsetDateTime::now_utc()).whole_nanoseconds();
        let ns = i64::try_from(offset).unwrap_or(i64::MAX);
        self.offset_ns.store(ns, Ordering::SeqCst);
    }
}
