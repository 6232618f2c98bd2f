//! The named ranges of `GET /users/current/stats/{range}`. Each ends today, inclusive:
//! `last_7_days` is today and the six days before it; `all_time` starts on the day the
//! account was created.

use time::{Date, Duration};

use crate::activity::Activity;

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

    /// The range named in a URL (`last_7_days`, ...); None for any other name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|range| range.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Last7Days => "last_7_days",
            Self::Last30Days => "last_30_days",
            Self::Last6Months => "last_6_months",
            Self::LastYear => "last_year",
            Self::AllTime => "all_time",
        }
    }

    /// How WakaTime titles the range (`human_readable_range`).
    pub fn human_name(self) -> &'static str {
        match self {
            Self::Last7Days => "Last 7 Days",
            Self::Last30Days => "Last 30 Days",
            Self::Last6Months => "Last 6 Months",
            Self::LastYear => "Last Year",
            Self::AllTime => "All Time",
        }
    }

    /// The number of dates in the range; None for `all_time`, which depends on the
    /// account.
    pub fn length_days(self) -> Option<u32> {
        match self {
            Self::Last7Days => Some(7),
            Self::Last30Days => Some(30),
            Self::Last6Months => Some(183),
            Self::LastYear => Some(365),
            Self::AllTime => None,
        }
    }

    /// First and last date (inclusive) of the range when today is `today`.
    pub fn dates(self, activity: &Activity, today: Date) -> (Date, Date) {
        let start = match self.length_days() {
            Some(days) => today
                .checked_sub(Duration::days(i64::from(days) - 1))
                .unwrap_or(Date::MIN),
            None => activity.created_on().min(today),
        };
        (start, today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::ymd as date;

    #[test]
    fn last_7_days_is_today_and_the_six_days_before() {
        let activity = Activity::created_on_date(1, date(2024, 1, 1));
        assert_eq!(
            StatsRange::Last7Days.dates(&activity, date(2025, 3, 10)),
            (date(2025, 3, 4), date(2025, 3, 10)),
            "seven dates ending today"
        );
    }

    #[test]
    fn all_time_starts_on_the_creation_day() {
        let activity = Activity::created_on_date(1, date(2024, 1, 1));
        assert_eq!(
            StatsRange::AllTime.dates(&activity, date(2025, 3, 10)).0,
            date(2024, 1, 1),
            "creation day"
        );
    }

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for range in StatsRange::ALL {
            assert_eq!(
                StatsRange::from_name(range.name()),
                Some(range),
                "{range:?}"
            );
        }
        assert_eq!(StatsRange::from_name("last_week"), None, "unknown name");
    }
}
