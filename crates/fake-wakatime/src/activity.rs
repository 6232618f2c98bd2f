//! The generated coding activity the stats endpoints serve, as pure Rust so that tests
//! in other crates compute the figures they expect instead of copying numbers from an
//! answer. Everything derives from a seed and the account's creation day: the same
//! seed gives the same seconds for the same date, whichever range is asked for.
//!
//! ```
//! use fake_wakatime::activity::{Activity, StatsRange};
//! let activity = Activity::new(42, 365);
//! let today = fake_wakatime::activity::today_utc();
//! let day = activity.day(today);
//! let per_language: u64 = day.languages.iter().map(|(_, seconds)| seconds).sum();
//! assert_eq!(per_language, day.total_seconds);
//! let week = activity.stats(StatsRange::Last7Days);
//! assert_eq!(week.days, 7);
//! ```

use time::{Date, Duration, OffsetDateTime, Weekday};

use crate::catalogue::{self, Entry};
use crate::prng::Prng;

pub use crate::range_totals::RangeTotals;
pub use crate::stats_range::StatsRange;

/// The longest a weekday's coding gets, in seconds (8 hours).
pub const MAX_WEEKDAY_SECONDS: u64 = 8 * 60 * 60;
/// The longest a Saturday's or Sunday's coding gets, in seconds (3 hours).
pub const MAX_WEEKEND_SECONDS: u64 = 3 * 60 * 60;
/// The shortest a day with any coding gets, in seconds (5 minutes).
const MIN_CODING_SECONDS: u64 = 5 * 60;

/// Today's date in UTC, the only timezone the stand-in knows.
pub fn today_utc() -> Date {
    OffsetDateTime::now_utc().date()
}

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
        match self {
            Self::Languages => "languages",
            Self::Projects => "projects",
            Self::Editors => "editors",
            Self::OperatingSystems => "operating_systems",
            Self::Categories => "categories",
        }
    }

    fn catalogue(self) -> &'static [Entry] {
        match self {
            Self::Languages => catalogue::LANGUAGES,
            Self::Projects => catalogue::PROJECTS,
            Self::Editors => catalogue::EDITORS,
            Self::OperatingSystems => catalogue::OPERATING_SYSTEMS,
            Self::Categories => catalogue::CATEGORIES,
        }
    }
}

/// One day of coding. In every dimension the items' seconds add up to
/// `total_seconds`; items are sorted by seconds (most first), then by name, and items
/// with no time are left out. A day without coding has a zero total and empty lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayActivity {
    pub date: Date,
    pub total_seconds: u64,
    pub languages: Vec<(String, u64)>,
    pub projects: Vec<(String, u64)>,
    pub editors: Vec<(String, u64)>,
    pub operating_systems: Vec<(String, u64)>,
    pub categories: Vec<(String, u64)>,
}

impl DayActivity {
    /// A day without coding.
    pub fn zero(date: Date) -> Self {
        Self {
            date,
            total_seconds: 0,
            languages: Vec::new(),
            projects: Vec::new(),
            editors: Vec::new(),
            operating_systems: Vec::new(),
            categories: Vec::new(),
        }
    }

    pub fn dimension(&self, dimension: Dimension) -> &[(String, u64)] {
        match dimension {
            Dimension::Languages => &self.languages,
            Dimension::Projects => &self.projects,
            Dimension::Editors => &self.editors,
            Dimension::OperatingSystems => &self.operating_systems,
            Dimension::Categories => &self.categories,
        }
    }

    fn dimension_mut(&mut self, dimension: Dimension) -> &mut Vec<(String, u64)> {
        match dimension {
            Dimension::Languages => &mut self.languages,
            Dimension::Projects => &mut self.projects,
            Dimension::Editors => &mut self.editors,
            Dimension::OperatingSystems => &mut self.operating_systems,
            Dimension::Categories => &mut self.categories,
        }
    }
}

/// The generated history of one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Activity {
    seed: u64,
    created_on: Date,
}

impl Activity {
    /// An account "created" `days` days before today (UTC): it has `days + 1` dates
    /// of history, from its creation through today.
    pub fn new(seed: u64, days: u32) -> Self {
        let created_on = today_utc()
            .checked_sub(Duration::days(i64::from(days)))
            .unwrap_or(Date::MIN);
        Self::created_on_date(seed, created_on)
    }

    /// An account created on a given date.
    pub fn created_on_date(seed: u64, created_on: Date) -> Self {
        Self { seed, created_on }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The first date with generated activity.
    pub fn created_on(&self) -> Date {
        self.created_on
    }

    /// The coding of one date: zero before the account's creation and after today
    /// (UTC, read at the call).
    pub fn day(&self, date: Date) -> DayActivity {
        if date < self.created_on || date > today_utc() {
            return DayActivity::zero(date);
        }
        generate(self.seed, date)
    }

    /// Every date from `start` through `end`, inclusive (empty when `start > end`).
    pub fn days(&self, start: Date, end: Date) -> Vec<DayActivity> {
        dates(start, end).map(|date| self.day(date)).collect()
    }

    /// The figures of `start` through `end`, inclusive.
    pub fn totals(&self, start: Date, end: Date) -> RangeTotals {
        RangeTotals::of(start, end, &self.days(start, end))
    }

    /// The figures `GET /users/current/stats/{range}` serves today.
    pub fn stats(&self, range: StatsRange) -> RangeTotals {
        let (start, end) = range.dates(self, today_utc());
        self.totals(start, end)
    }
}

/// `start..=end`, one date at a time.
pub(crate) fn dates(start: Date, end: Date) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(start), |date| date.next_day()).take_while(move |date| *date <= end)
}

fn generate(seed: u64, date: Date) -> DayActivity {
    let mut prng = Prng::for_day(seed, date.to_julian_day());
    let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
    let (idle_percent, max_seconds) = if weekend {
        (45, MAX_WEEKEND_SECONDS)
    } else {
        (12, MAX_WEEKDAY_SECONDS)
    };
    if prng.chance(idle_percent) {
        return DayActivity::zero(date);
    }
    // The mean of two draws: most days sit mid-range, few at either end.
    let span = max_seconds - MIN_CODING_SECONDS + 1;
    let total_seconds = MIN_CODING_SECONDS + (prng.below(span) + prng.below(span)) / 2;
    let mut day = DayActivity::zero(date);
    day.total_seconds = total_seconds;
    for dimension in Dimension::ALL {
        *day.dimension_mut(dimension) = split(&mut prng, dimension.catalogue(), total_seconds);
    }
    day
}

/// Splits `total` whole seconds over the entries that appear today, in proportion to
/// their weights; the seconds lost to rounding go to the largest remainders, so the
/// parts add up to `total` exactly.
fn split(prng: &mut Prng, entries: &[Entry], total: u64) -> Vec<(String, u64)> {
    let weighted: Vec<(&str, u64)> = entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            let appears = prng.chance(entry.daily_percent);
            let weight = entry.weight * (50 + prng.below(101));
            (index == 0 || appears).then_some((entry.name, weight))
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
    for index in by_remainder
        .into_iter()
        .take(usize::try_from(total - handed_out).unwrap_or(0))
    {
        parts[index].1 += 1;
    }
    let mut items: Vec<(String, u64)> = parts
        .into_iter()
        .filter(|(_, seconds, _)| *seconds > 0)
        .map(|(name, seconds, _)| (name.to_owned(), seconds))
        .collect();
    sort_items(&mut items);
    items
}

/// Most seconds first; equal seconds by name.
pub(crate) fn sort_items(items: &mut [(String, u64)]) {
    items.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year() -> Vec<DayActivity> {
        let activity = Activity::new(42, 365);
        activity.days(activity.created_on(), today_utc())
    }

    #[test]
    fn the_same_seed_gives_the_same_day_whatever_else_was_asked() {
        let first = Activity::new(7, 100);
        let second = Activity::new(7, 100);
        let date = today_utc() - Duration::days(10);
        let alone = first.day(date);
        let in_range = second.days(date - Duration::days(5), date)[5].clone();
        assert_eq!(
            alone, in_range,
            "a day does not depend on the range around it"
        );
    }

    #[test]
    fn different_seeds_give_different_histories() {
        let start = today_utc() - Duration::days(30);
        let a = Activity::new(1, 365).totals(start, today_utc());
        let b = Activity::new(2, 365).totals(start, today_utc());
        assert_ne!(a.total_seconds, b.total_seconds, "seeds 1 and 2 differ");
    }

    #[test]
    fn every_dimension_adds_up_to_the_day_total() {
        for day in year() {
            for dimension in Dimension::ALL {
                let sum: u64 = day.dimension(dimension).iter().map(|(_, s)| s).sum();
                assert_eq!(sum, day.total_seconds, "{dimension:?} on {}", day.date);
            }
        }
    }

    #[test]
    fn items_are_sorted_most_first_and_never_zero() {
        for day in year() {
            for dimension in Dimension::ALL {
                let items = day.dimension(dimension);
                assert!(
                    items.windows(2).all(|pair| pair[0].1 >= pair[1].1),
                    "{dimension:?} sorted on {}",
                    day.date
                );
                assert!(items.iter().all(|(_, s)| *s > 0), "no zero item");
            }
        }
    }

    #[test]
    fn a_year_has_idle_days_and_no_day_over_eight_hours() {
        let days = year();
        let idle = days.iter().filter(|day| day.total_seconds == 0).count();
        assert!(idle > 10 && idle < 150, "some idle days, not most: {idle}");
        let longest = days.iter().map(|day| day.total_seconds).max().unwrap_or(0);
        assert!(longest <= MAX_WEEKDAY_SECONDS, "at most 8 h: {longest}");
        assert!(longest > 6 * 3600, "some long days: {longest}");
    }

    #[test]
    fn weekends_are_lighter_than_weekdays() {
        let (mut weekend, mut weekday) = ((0, 0), (0, 0));
        for day in year() {
            let bucket = match day.date.weekday() {
                Weekday::Saturday | Weekday::Sunday => &mut weekend,
                _ => &mut weekday,
            };
            bucket.0 += day.total_seconds;
            bucket.1 += 1;
        }
        assert!(
            weekend.0 / weekend.1 * 2 < weekday.0 / weekday.1,
            "weekend mean {} vs weekday mean {}",
            weekend.0 / weekend.1,
            weekday.0 / weekday.1
        );
    }

    #[test]
    fn days_before_creation_and_after_today_are_zero() {
        let activity = Activity::new(42, 3);
        let before = activity.created_on() - Duration::days(1);
        assert_eq!(activity.day(before), DayActivity::zero(before), "before");
        let tomorrow = today_utc() + Duration::days(1);
        assert_eq!(
            activity.day(tomorrow),
            DayActivity::zero(tomorrow),
            "future"
        );
    }

    #[test]
    fn an_account_of_n_days_was_created_n_days_ago() {
        assert_eq!(
            Activity::new(42, 10).created_on(),
            today_utc() - Duration::days(10),
            "creation day"
        );
    }
}
