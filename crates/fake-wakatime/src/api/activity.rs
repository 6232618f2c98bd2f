//! The generated coding activity the stats endpoints serve, as pure Rust so that tests
//! in other crates compute the figures they expect instead of copying numbers from an
//! answer. A day derives from the seed and its date alone (a `rand` generator keyed by
//! both), so it is the same whichever range is asked for; "today" is the stand-in's
//! clock's, so a test that moves the clock moves the history's end with it.
//!
//! ```
//! use fake_wakatime::activity::{Activity, Dimension, StatsRange};
//! let activity = Activity::new(42, 365);
//! let day = activity.day(activity.today());
//! let per_language: u64 = day.dimension(Dimension::Languages).iter().map(|(_, s)| s).sum();
//! assert_eq!(per_language, day.total_seconds);
//! assert_eq!(activity.stats(StatsRange::Last7Days).days, 7);
//! ```

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::{Date, Duration, Weekday};

use crate::control::clock::Clock;

/// The longest a weekday's coding gets, in seconds (8 hours).
pub const MAX_WEEKDAY_SECONDS: u64 = 8 * 60 * 60;
/// The longest a Saturday's or Sunday's coding gets, in seconds (3 hours).
pub const MAX_WEEKEND_SECONDS: u64 = 3 * 60 * 60;
/// The shortest a day with any coding gets, in seconds (5 minutes).
const MIN_CODING_SECONDS: u64 = 5 * 60;

/// Today's date on the system clock, in UTC, the only timezone the stand-in knows. A
/// running stand-in's own today is `FakeWakatime::clock().today()`.
pub fn today_utc() -> Date {
    Clock::default().today()
}

/// Names and seconds, most seconds first, then by name; never a zero item.
pub type Items = Vec<(String, u64)>;

/// The five ways WakaTime splits a day's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    Languages,
    Projects,
    Editors,
    OperatingSystems,
    Categories,
}

impl Dimension {
    pub const ALL: [Self; 5] = [
        Self::Languages,
        Self::Projects,
        Self::Editors,
        Self::OperatingSystems,
        Self::Categories,
    ];

    /// The JSON key of the dimension's list: `languages`, `operating_systems`, ...
    pub fn key(self) -> &'static str {
        [
            "languages",
            "projects",
            "editors",
            "operating_systems",
            "categories",
        ][self as usize]
    }

    /// What a student's WakaTime shows here: (name, weight, percent of coding days it
    /// appears on). The first entry appears on every day with coding.
    #[rustfmt::skip]
    fn catalogue(self) -> &'static [(&'static str, u64, u32)] {
        match self {
            Self::Languages => &[
                ("Rust", 40, 100), ("Python", 30, 60), ("TypeScript", 25, 55), ("Markdown", 8, 50),
                ("JavaScript", 12, 30), ("TOML", 4, 40), ("JSON", 4, 45), ("Bash", 5, 30),
                ("HTML", 8, 25), ("CSS", 6, 25), ("SQL", 7, 20), ("YAML", 3, 25),
            ],
            Self::Projects => &[
                ("wakadesk", 40, 100), ("compiler", 30, 55), ("dotfiles", 6, 30),
                ("homework", 25, 45), ("advent-of-code", 15, 20), ("website", 12, 25),
            ],
            Self::Editors => &[
                ("VS Code", 60, 100), ("Neovim", 30, 50), ("IntelliJ IDEA", 15, 15), ("Zed", 10, 10),
            ],
            Self::OperatingSystems => &[("Linux", 70, 100), ("macOS", 30, 35)],
            Self::Categories => &[
                ("Coding", 70, 100), ("Debugging", 20, 70), ("Building", 8, 50),
                ("Writing Tests", 12, 40), ("Writing Docs", 6, 25), ("Code Reviewing", 5, 15),
            ],
        }
    }
}

/// One day of coding. In every dimension the items' seconds add up to `total_seconds`;
/// a day without coding has a zero total and empty lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayActivity {
    pub date: Date,
    pub total_seconds: u64,
    items: [Items; 5],
}

impl DayActivity {
    /// A day without coding.
    pub fn zero(date: Date) -> Self {
        Self {
            date,
            total_seconds: 0,
            items: Default::default(),
        }
    }

    pub fn dimension(&self, dimension: Dimension) -> &[(String, u64)] {
        &self.items[dimension as usize]
    }
}

/// The generated history of one account.
#[derive(Debug, Clone)]
pub struct Activity {
    seed: u64,
    created_on: Date,
    clock: Clock,
}

impl Activity {
    /// An account "created" `days` days before today (system clock): it has `days + 1`
    /// dates of history, from its creation through today.
    pub fn new(seed: u64, days: u32) -> Self {
        Self::on_clock(seed, days, Clock::default())
    }

    /// An account created `days` days before the clock's today; the creation day stays
    /// put when the clock moves.
    pub(crate) fn on_clock(seed: u64, days: u32, clock: Clock) -> Self {
        let created_on = clock.today().checked_sub(Duration::days(i64::from(days)));
        Self {
            seed,
            created_on: created_on.unwrap_or(Date::MIN),
            clock,
        }
    }

    /// An account created on a given date.
    pub fn created_on_date(seed: u64, created_on: Date) -> Self {
        Self {
            seed,
            created_on,
            clock: Clock::default(),
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The first date with generated activity.
    pub fn created_on(&self) -> Date {
        self.created_on
    }

    /// Today on the clock this history runs on.
    pub fn today(&self) -> Date {
        self.clock.today()
    }

    /// The coding of one date: zero before the account's creation and after today.
    pub fn day(&self, date: Date) -> DayActivity {
        if date < self.created_on || date > self.today() {
            return DayActivity::zero(date);
        }
        generate(self.seed, date)
    }

    /// Every date from `start` through `end`, inclusive (empty when `start > end`).
    pub fn days(&self, start: Date, end: Date) -> Vec<DayActivity> {
        std::iter::successors(Some(start), |date| date.next_day())
            .take_while(|date| *date <= end)
            .map(|date| self.day(date))
            .collect()
    }

    /// The figures of `start` through `end`, inclusive.
    pub fn totals(&self, start: Date, end: Date) -> RangeTotals {
        RangeTotals::of(start, end, &self.days(start, end))
    }

    /// The figures `GET /users/current/stats/{range}` serves today.
    pub fn stats(&self, range: StatsRange) -> RangeTotals {
        let (start, end) = range.dates(self, self.today());
        self.totals(start, end)
    }
}

fn generate(seed: u64, date: Date) -> DayActivity {
    let mut key = [0; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..12].copy_from_slice(&date.to_julian_day().to_le_bytes());
    let mut rng = StdRng::from_seed(key);
    let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
    let (idle_percent, max_seconds) = if weekend {
        (45, MAX_WEEKEND_SECONDS)
    } else {
        (12, MAX_WEEKDAY_SECONDS)
    };
    if rng.gen_ratio(idle_percent, 100) {
        return DayActivity::zero(date);
    }
    // The mean of two draws: most days sit mid-range, few at either end.
    let span = MIN_CODING_SECONDS..=max_seconds;
    let total_seconds = (rng.gen_range(span.clone()) + rng.gen_range(span)) / 2;
    DayActivity {
        date,
        total_seconds,
        items: Dimension::ALL.map(|dimension| split(&mut rng, dimension, total_seconds)),
    }
}

/// Splits `total` whole seconds over the entries that appear today, in proportion to
/// their weights; the seconds lost to rounding go to the largest remainders, so the
/// parts add up to `total` exactly.
fn split(rng: &mut StdRng, dimension: Dimension, total: u64) -> Items {
    let weighted: Vec<(&str, u64)> = dimension
        .catalogue()
        .iter()
        .enumerate()
        .filter_map(|(index, &(name, weight, daily_percent))| {
            let appears = rng.gen_ratio(daily_percent, 100);
            let weight = weight * rng.gen_range(50..=150);
            (index == 0 || appears).then_some((name, weight))
        })
        .collect();
    let weight_sum: u64 = weighted.iter().map(|(_, weight)| weight).sum();
    let mut parts: Vec<(&str, u64, u64)> = weighted
        .iter()
        .map(|(name, weight)| {
            (
                *name,
                total * weight / weight_sum,
                total * weight % weight_sum,
            )
        })
        .collect();
    let handed_out: u64 = parts.iter().map(|(_, seconds, _)| seconds).sum();
    let mut by_remainder: Vec<usize> = (0..parts.len()).collect();
    by_remainder.sort_by(|a, b| parts[*b].2.cmp(&parts[*a].2).then(a.cmp(b)));
    for index in by_remainder.into_iter().take((total - handed_out) as usize) {
        parts[index].1 += 1;
    }
    sorted(
        parts
            .into_iter()
            .filter(|(_, seconds, _)| *seconds > 0)
            .map(|(name, seconds, _)| (name.to_owned(), seconds))
            .collect(),
    )
}

/// Most seconds first; equal seconds by name.
fn sorted(mut items: Items) -> Items {
    items.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    items
}

/// The figures of a span of days, summed the way the stats endpoints report them: one
/// total per name in each dimension, the best day, how many days had any coding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeTotals {
    pub start: Date,
    pub end: Date,
    /// Dates in the range, idle ones included.
    pub days: u32,
    /// Dates with any coding.
    pub coding_days: u32,
    pub total_seconds: u64,
    /// The earliest of the days with the most coding; None when there was none.
    pub best_day: Option<(Date, u64)>,
    items: [Items; 5],
}

impl RangeTotals {
    /// Sums `days`, which are the dates `start..=end`.
    pub(crate) fn of(start: Date, end: Date, days: &[DayActivity]) -> Self {
        let coding: Vec<&DayActivity> = days.iter().filter(|day| day.total_seconds > 0).collect();
        let best_day = coding
            .iter()
            .fold(None, |best: Option<(Date, u64)>, day| match best {
                Some((_, most)) if most >= day.total_seconds => best,
                _ => Some((day.date, day.total_seconds)),
            });
        let items = Dimension::ALL.map(|dimension| {
            let mut sums: BTreeMap<&str, u64> = BTreeMap::new();
            for (name, seconds) in days.iter().flat_map(|day| day.dimension(dimension)) {
                *sums.entry(name).or_default() += seconds;
            }
            sorted(sums.into_iter().map(|(n, s)| (n.to_owned(), s)).collect())
        });
        Self {
            start,
            end,
            days: days.len() as u32,
            coding_days: coding.len() as u32,
            total_seconds: days.iter().map(|day| day.total_seconds).sum(),
            best_day,
            items,
        }
    }

    /// Total seconds over every date of the range, idle ones included, rounded down.
    pub fn daily_average(&self) -> u64 {
        self.total_seconds / u64::from(self.days.max(1))
    }

    pub fn dimension(&self, dimension: Dimension) -> &[(String, u64)] {
        &self.items[dimension as usize]
    }
}

/// The named ranges of `GET /users/current/stats/{range}`. Each ends today, inclusive:
/// `last_7_days` is today and the six days before it; `all_time` starts on the day the
/// account was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatsRange {
    Last7Days,
    Last30Days,
    /// 183 days.
    Last6Months,
    /// 365 days.
    LastYear,
    AllTime,
}

impl StatsRange {
    pub const ALL: [Self; 5] = [
        Self::Last7Days,
        Self::Last30Days,
        Self::Last6Months,
        Self::LastYear,
        Self::AllTime,
    ];

    /// The URL name, WakaTime's title (`human_readable_range`) and the number of dates.
    fn facts(self) -> (&'static str, &'static str, Option<u32>) {
        match self {
            Self::Last7Days => ("last_7_days", "Last 7 Days", Some(7)),
            Self::Last30Days => ("last_30_days", "Last 30 Days", Some(30)),
            Self::Last6Months => ("last_6_months", "Last 6 Months", Some(183)),
            Self::LastYear => ("last_year", "Last Year", Some(365)),
            Self::AllTime => ("all_time", "All Time", None),
        }
    }

    /// The range named in a URL (`last_7_days`, ...); None for any other name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|range| range.name() == name)
    }

    pub fn name(self) -> &'static str {
        self.facts().0
    }

    /// How WakaTime titles the range (`human_readable_range`).
    pub fn human_name(self) -> &'static str {
        self.facts().1
    }

    /// The number of dates in the range; None for `all_time`, which depends on the
    /// account.
    pub fn length_days(self) -> Option<u32> {
        self.facts().2
    }

    /// First and last date (inclusive) of the range when today is `today`.
    pub fn dates(self, activity: &Activity, today: Date) -> (Date, Date) {
        let start = match self.length_days() {
            Some(days) => today.checked_sub(Duration::days(i64::from(days) - 1)),
            None => Some(activity.created_on().min(today)),
        };
        (start.unwrap_or(Date::MIN), today)
    }
}
