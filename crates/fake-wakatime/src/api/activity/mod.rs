//! The generated coding activity the stats endpoints serve, as pure Rust so that tests
//! in other crates compute the figures they expect instead of copying numbers from an
//! answer.
//!
//! The coding happens at instants (`coding`); a day is whatever of it falls between
//! two local midnights of a zone, so the same history gives other days in another
//! zone, and a long span's total is the same in every zone (up to its two ends). An
//! `Activity` belongs to an account with a zone: its `today` and its `day(date)` are
//! that zone's, `day_in(date, zone)` buckets in another (a request's `timezone`).
//! History runs from the start of the account's first day to the end of its today (a
//! whole day: today's figures do not grow while a test runs), on the stand-in's clock,
//! so a test that moves the clock moves the history's end with it.
//!
//! ```
//! use fake_wakatime::activity::{Activity, Dimension, StatsRange};
//! use fake_wakatime::Zone;
//! let activity = Activity::new(42, 365);
//! let day = activity.day(activity.today());
//! let per_language: u64 = day.dimension(Dimension::Languages).iter().map(|(_, s)| s).sum();
//! assert_eq!(per_language, day.total_seconds);
//! assert_eq!(activity.stats(StatsRange::Last7Days).days, 7);
//! let kolkata: Zone = "Asia/Kolkata".parse().unwrap();
//! let there = activity.day_in(activity.today_in(&kolkata), &kolkata);
//! assert_eq!((there.end - there.start).whole_hours(), 24);
//! ```

mod coding;
mod totals;

use std::collections::BTreeMap;

use time::{Date, Duration, OffsetDateTime};

use crate::control::clock::Clock;
use crate::zone::{instant, Zone};
pub use coding::{Dimension, MAX_WEEKDAY_SECONDS, MAX_WEEKEND_SECONDS};
pub use totals::{RangeTotals, StatsRange};

/// Today's date on the system clock, in UTC. A running stand-in's own today is
/// `FakeWakatime::activity().today()` (its clock, its account's zone).
pub fn today_utc() -> Date {
    Clock::default().today()
}

/// Names and seconds, most seconds first, then by name; never a zero item.
pub type Items = Vec<(String, u64)>;

/// One day of coding in some zone: from `start` to `end` (the next day's start, so 23,
/// 24 or 25 hours later). In every dimension the items' seconds add up to
/// `total_seconds`; a day without coding has a zero total and empty lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayActivity {
    pub date: Date,
    pub start: OffsetDateTime,
    pub end: OffsetDateTime,
    pub total_seconds: u64,
    items: [Items; 5],
}

impl DayActivity {
    /// A UTC day without coding.
    pub fn zero(date: Date) -> Self {
        Self::zero_in(date, &Zone::utc())
    }

    fn zero_in(date: Date, zone: &Zone) -> Self {
        let (start, end) = zone.day(date);
        Self {
            date,
            start,
            end,
            total_seconds: 0,
            items: Default::default(),
        }
    }

    pub fn dimension(&self, dimension: Dimension) -> &[(String, u64)] {
        &self.items[dimension as usize]
    }
}

/// The generated history of one account, seen from the account's zone.
#[derive(Debug, Clone)]
pub struct Activity {
    seed: u64,
    /// Where history begins: the start of the account's first day, in its zone then.
    created: OffsetDateTime,
    zone: Zone,
    clock: Clock,
}

impl Activity {
    /// A UTC account "created" `days` days before today (system clock): it has
    /// `days + 1` dates of history, from its creation through today.
    pub fn new(seed: u64, days: u32) -> Self {
        Self::new_in_zone(seed, days, Zone::utc())
    }

    /// An account in `zone`, created `days` days before that zone's today (system
    /// clock): what a stand-in started with that `timezone` switch serves.
    pub fn new_in_zone(seed: u64, days: u32, zone: Zone) -> Self {
        Self::on_clock(seed, days, Clock::default(), zone)
    }

    /// An account in `zone` created `days` days before the clock's today there (the
    /// clock a test pins); the creation stays put when the clock moves or the zone
    /// changes.
    pub fn on_clock(seed: u64, days: u32, clock: Clock, zone: Zone) -> Self {
        let today = zone.date_at(clock.now());
        let created_on = today.checked_sub(Duration::days(i64::from(days)));
        Self {
            seed,
            created: zone.day(created_on.unwrap_or(Date::MIN)).0,
            zone,
            clock,
        }
    }

    /// A UTC account created on a given date.
    pub fn created_on_date(seed: u64, created_on: Date) -> Self {
        Self {
            seed,
            created: Zone::utc().day(created_on).0,
            zone: Zone::utc(),
            clock: Clock::default(),
        }
    }

    /// The same account and coding with its profile's zone set to `zone`, as when a
    /// student travels or fixes their profile: today and the days become that zone's.
    pub fn with_zone(&self, zone: Zone) -> Self {
        Self {
            zone,
            ..self.clone()
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The account's zone.
    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// The date in the account's zone on which history begins.
    pub fn created_on(&self) -> Date {
        self.zone.date_at(self.created)
    }

    /// Today in the account's zone, on the clock this history runs on.
    pub fn today(&self) -> Date {
        self.today_in(&self.zone)
    }

    /// Today in `zone`, on the clock this history runs on.
    pub fn today_in(&self, zone: &Zone) -> Date {
        zone.date_at(self.clock.now())
    }

    /// The first instant after history: the end of the account's today.
    pub fn history_end(&self) -> OffsetDateTime {
        self.zone.day(self.today()).1
    }

    /// The coding of one date in the account's zone: zero before the account's
    /// creation and after today.
    pub fn day(&self, date: Date) -> DayActivity {
        self.day_in(date, &self.zone)
    }

    /// The coding of one date in `zone`, between its two local midnights (history
    /// still ends with the account's today).
    pub fn day_in(&self, date: Date, zone: &Zone) -> DayActivity {
        let mut day = DayActivity::zero_in(date, zone);
        let mut sums: [BTreeMap<&str, u64>; 5] = Default::default();
        for (stretch, seconds) in self.stretches(day.start, day.end) {
            day.total_seconds += seconds;
            for (sum, name) in sums.iter_mut().zip(stretch.names) {
                *sum.entry(name).or_default() += seconds;
            }
        }
        day.items =
            sums.map(|sum| sorted(sum.into_iter().map(|(n, s)| (n.to_owned(), s)).collect()));
        day
    }

    /// Seconds of coding between two instants (within history).
    pub fn seconds_between(&self, from: OffsetDateTime, to: OffsetDateTime) -> u64 {
        self.stretches(from, to).map(|(_, seconds)| seconds).sum()
    }

    /// Every date from `start` through `end` in the account's zone, inclusive (empty
    /// when `start > end`).
    pub fn days(&self, start: Date, end: Date) -> Vec<DayActivity> {
        self.days_in(start, end, &self.zone)
    }

    /// Every date from `start` through `end` in `zone`, inclusive.
    pub fn days_in(&self, start: Date, end: Date, zone: &Zone) -> Vec<DayActivity> {
        std::iter::successors(Some(start), |date| date.next_day())
            .take_while(|date| *date <= end)
            .map(|date| self.day_in(date, zone))
            .collect()
    }

    /// The figures of `start` through `end` in the account's zone, inclusive.
    pub fn totals(&self, start: Date, end: Date) -> RangeTotals {
        RangeTotals::of(start, end, &self.days(start, end))
    }

    /// The figures `GET /users/current/stats/{range}` serves today.
    pub fn stats(&self, range: StatsRange) -> RangeTotals {
        let (start, end) = range.dates(self, self.today());
        self.totals(start, end)
    }

    /// The stretches of coding in `[from, to)` within history, with how many of their
    /// seconds lie there.
    fn stretches(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> impl Iterator<Item = (coding::Stretch, u64)> {
        let from = from.max(self.created).unix_timestamp();
        let to = to.min(self.history_end()).unix_timestamp();
        // Stretches end on the UTC date they begin on.
        let first = instant(from).date();
        let dates =
            std::iter::successors(Some(first), |date| date.next_day()).take_while(move |date| {
                from < to && date.midnight().assume_utc().unix_timestamp() < to
            });
        let seed = self.seed;
        dates
            .flat_map(move |date| coding::stretches_on(seed, date))
            .map(move |stretch| (stretch, stretch.seconds_within(from, to)))
            .filter(|(_, seconds)| *seconds > 0)
    }
}

/// Most seconds first; equal seconds by name.
fn sorted(mut items: Items) -> Items {
    items.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    items
}
