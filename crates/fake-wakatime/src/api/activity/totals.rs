//! Sums over a span of days (`RangeTotals`) and the named ranges of
//! `stats/{range}` (`StatsRange`): what the stats endpoints serve, computed from the
//! days the model gives, so tests compute the same sums.

use std::collections::BTreeMap;

use time::{Date, Duration};

use super::{sorted, Activity, DayActivity, Dimension, Items};

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
