//! The ranges the dashboard offers, each ending today.

use serde::{Deserialize, Serialize};
use time::Date;

use super::dates;
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
}

impl DashboardRange {
    pub const ALL: [DashboardRange; 4] = [
        DashboardRange::Last7Days,
        DashboardRange::Last30Days,
        DashboardRange::Last6Months,
        DashboardRange::LastYear,
    ];

    /// Days in the range, today included (WakaTime's own lengths).
    pub fn days(self) -> i64 {
        match self {
            DashboardRange::Last7Days => 7,
            DashboardRange::Last30Days => 30,
            DashboardRange::Last6Months => 183,
            DashboardRange::LastYear => 365,
        }
    }

    /// The WakaTime name, e.g. `last_7_days`.
    pub fn key(self) -> &'static str {
        match self {
            DashboardRange::Last7Days => "last_7_days",
            DashboardRange::Last30Days => "last_30_days",
            DashboardRange::Last6Months => "last_6_months",
            DashboardRange::LastYear => "last_year",
        }
    }

    pub fn parse(key: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|r| r.key() == key)
            .ok_or_else(|| Error::UnknownRange {
                range: key.to_owned(),
            })
    }

    /// First and last day, inclusive.
    pub fn bounds(self, today: Date) -> (Date, Date) {
        (dates::days_before(today, self.days() - 1), today)
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
    }
}
