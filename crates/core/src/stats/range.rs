//! The ranges the dashboard offers, each ending today: WakaTime's four, and everything
//! the cache holds (`all_synced`, which can be more than a year).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use time::Date;

use super::dates;
use crate::db::daily_summary_table;
use crate::{Error, Result};

/// Written as WakaTime names them, in JSON as on the command line (`last_7_days`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DashboardRange {
    #[serde(rename = "last_7_days")]
    Last7Days,
    #[serde(rename = "last_30_days")]
    Last30Days,
    #[serde(rename = "last_6_months")]
    Last6Months,
    #[serde(rename = "last_year")]
    LastYear,
    /// From the oldest cached day through today.
    #[serde(rename = "all_synced")]
    AllSynced,
}

impl DashboardRange {
    /// WakaTime's own ranges, of a fixed length.
    pub const ALL: [DashboardRange; 4] = [
        DashboardRange::Last7Days,
        DashboardRange::Last30Days,
        DashboardRange::Last6Months,
        DashboardRange::LastYear,
    ];

    /// Days in the range, today included (WakaTime's own lengths); None for
    /// [`DashboardRange::AllSynced`], whose length is the cache's.
    pub fn days(self) -> Option<i64> {
        match self {
            DashboardRange::Last7Days => Some(7),
            DashboardRange::Last30Days => Some(30),
            DashboardRange::Last6Months => Some(183),
            DashboardRange::LastYear => Some(365),
            DashboardRange::AllSynced => None,
        }
    }

    /// The WakaTime name, e.g. `last_7_days`.
    pub fn key(self) -> &'static str {
        match self {
            DashboardRange::Last7Days => "last_7_days",
            DashboardRange::Last30Days => "last_30_days",
            DashboardRange::Last6Months => "last_6_months",
            DashboardRange::LastYear => "last_year",
            DashboardRange::AllSynced => "all_synced",
        }
    }

    pub fn parse(key: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .chain([DashboardRange::AllSynced])
            .find(|r| r.key() == key)
            .ok_or_else(|| Error::UnknownRange {
                range: key.to_owned(),
            })
    }

    /// First and last day, inclusive, given the oldest cached day (for
    /// [`DashboardRange::AllSynced`]; with nothing cached it is today alone).
    pub fn bounds(self, today: Date, oldest_cached: Option<Date>) -> (Date, Date) {
        match self.days() {
            Some(days) => (dates::days_before(today, days - 1), today),
            None => (oldest_cached.unwrap_or(today).min(today), today),
        }
    }

    /// [`Self::bounds`], reading the user's oldest cached day when the range needs it.
    pub fn bounds_in(self, conn: &Connection, user_id: i64, today: Date) -> Result<(Date, Date)> {
        let oldest = match self {
            DashboardRange::AllSynced => daily_summary_table::oldest_day(conn, user_id)?
                .and_then(|day| dates::parse(&day).ok()),
            _ => None,
        };
        Ok(self.bounds(today, oldest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_spells_each_range_as_the_command_line_and_wakatime_do() {
        for range in DashboardRange::ALL {
            let json = serde_json::to_string(&range).unwrap();
            assert_eq!(json, format!("\"{}\"", range.key()), "{range:?}");
            assert_eq!(
                serde_json::from_str::<DashboardRange>(&json).unwrap(),
                range
            );
            assert_eq!(DashboardRange::parse(range.key()).unwrap(), range);
        }
        assert_eq!(
            DashboardRange::parse("all_synced").unwrap(),
            DashboardRange::AllSynced
        );
    }

    #[test]
    fn all_synced_reaches_back_to_the_oldest_cached_day_and_never_past_today() {
        let today = time::macros::date!(2026 - 12 - 01);
        let two_years = time::macros::date!(2024 - 11 - 15);
        let all = DashboardRange::AllSynced;
        assert_eq!(all.bounds(today, Some(two_years)), (two_years, today));
        assert_eq!(all.bounds(today, None), (today, today), "nothing cached");
        let tomorrow = time::macros::date!(2026 - 12 - 02);
        assert_eq!(all.bounds(today, Some(tomorrow)), (today, today));
        assert_eq!(
            DashboardRange::LastYear.bounds(today, Some(two_years)).0,
            time::macros::date!(2025 - 12 - 02),
            "a fixed range ignores the cache"
        );
    }
}
