//! The figures of a span of days, summed the way the stats endpoints report them: one
//! total per name in each dimension, the best day, how many days had any coding.
//! Public so tests elsewhere compare an answer with what it should be.

use std::collections::BTreeMap;

use time::Date;

use crate::activity::{sort_items, DayActivity, Dimension};

/// The sums of `start` through `end`, inclusive.
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
    pub languages: Vec<(String, u64)>,
    pub projects: Vec<(String, u64)>,
    pub editors: Vec<(String, u64)>,
    pub operating_systems: Vec<(String, u64)>,
    pub categories: Vec<(String, u64)>,
}

impl RangeTotals {
    /// Sums `days`, which are the dates `start..=end`.
    pub(crate) fn of(start: Date, end: Date, days: &[DayActivity]) -> Self {
        let mut best_day: Option<(Date, u64)> = None;
        for day in days.iter().filter(|day| day.total_seconds > 0) {
            if best_day.is_none_or(|(_, best)| day.total_seconds > best) {
                best_day = Some((day.date, day.total_seconds));
            }
        }
        let sum = |dimension| sum_dimension(days, dimension);
        Self {
            start,
            end,
            days: u32::try_from(days.len()).unwrap_or(u32::MAX),
            coding_days: u32::try_from(days.iter().filter(|day| day.total_seconds > 0).count())
                .unwrap_or(u32::MAX),
            total_seconds: days.iter().map(|day| day.total_seconds).sum(),
            best_day,
            languages: sum(Dimension::Languages),
            projects: sum(Dimension::Projects),
            editors: sum(Dimension::Editors),
            operating_systems: sum(Dimension::OperatingSystems),
            categories: sum(Dimension::Categories),
        }
    }

    /// Total seconds over every date of the range, idle ones included, rounded down.
    pub fn daily_average(&self) -> u64 {
        self.total_seconds / u64::from(self.days.max(1))
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
}

fn sum_dimension(days: &[DayActivity], dimension: Dimension) -> Vec<(String, u64)> {
    let mut sums: BTreeMap<&str, u64> = BTreeMap::new();
    for (name, seconds) in days.iter().flat_map(|day| day.dimension(dimension)) {
        *sums.entry(name).or_default() += seconds;
    }
    let mut items: Vec<(String, u64)> = sums
        .into_iter()
        .map(|(name, seconds)| (name.to_owned(), seconds))
        .collect();
    sort_items(&mut items);
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::ymd as date;

    fn day(date: Date, languages: &[(&str, u64)]) -> DayActivity {
        let mut day = DayActivity::zero(date);
        day.languages = languages
            .iter()
            .map(|(n, s)| ((*n).to_owned(), *s))
            .collect();
        day.total_seconds = languages.iter().map(|(_, s)| s).sum();
        day
    }

    #[test]
    fn names_are_summed_across_days_and_sorted_most_first() {
        let days = [
            day(date(2025, 3, 1), &[("Rust", 100), ("Python", 50)]),
            day(date(2025, 3, 2), &[]),
            day(date(2025, 3, 3), &[("Python", 120)]),
        ];
        let totals = RangeTotals::of(date(2025, 3, 1), date(2025, 3, 3), &days);
        assert_eq!(
            totals.languages,
            vec![("Python".to_owned(), 170), ("Rust".to_owned(), 100)],
            "summed and sorted"
        );
        assert_eq!(totals.total_seconds, 270, "total");
        assert_eq!(totals.days, 3, "idle days count as days");
        assert_eq!(totals.coding_days, 2, "coding days");
        assert_eq!(totals.daily_average(), 90, "average over all three days");
        assert_eq!(totals.best_day, Some((date(2025, 3, 1), 150)), "best day");
    }

    #[test]
    fn a_range_without_coding_has_no_best_day() {
        let days = [day(date(2025, 3, 1), &[])];
        let totals = RangeTotals::of(date(2025, 3, 1), date(2025, 3, 1), &days);
        assert_eq!(totals.best_day, None, "no best day");
        assert_eq!(totals.daily_average(), 0, "zero average");
    }
}
