//! Weeks in the user's days: a week starts on Monday unless the student chose Sunday,
//! and "this week" runs from its first day through today.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// The first day of a week, in JSON as stored: `monday` or `sunday`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WeekStart {
    #[default]
    Monday,
    Sunday,
}

impl WeekStart {
    pub fn key(self) -> &'static str {
        match self {
            WeekStart::Monday => "monday",
            WeekStart::Sunday => "sunday",
        }
    }

    /// The stored text; anything else is Monday, the default.
    pub fn from_key(key: &str) -> Self {
        if key == "sunday" {
            WeekStart::Sunday
        } else {
            WeekStart::Monday
        }
    }

    /// The first day of the week `day` is in.
    pub fn first_day(self, day: Date) -> Date {
        let into_week = match self {
            WeekStart::Monday => day.weekday().number_days_from_monday(),
            WeekStart::Sunday => day.weekday().number_days_from_sunday(),
        };
        day - Duration::days(i64::from(into_week))
    }

    /// This week so far: its first day through `today`.
    pub fn this_week(self, today: Date) -> (Date, Date) {
        (self.first_day(today), today)
    }

    /// The whole week before the one `today` is in.
    pub fn last_week(self, today: Date) -> (Date, Date) {
        let first = self.first_day(today);
        (first - Duration::days(7), first - Duration::days(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn weeks_start_on_monday_or_on_sunday_as_chosen() {
        // 29 November 2026 is a Sunday, 30 November a Monday.
        for (start, today, this, last) in [
            (
                WeekStart::Monday,
                date!(2026 - 11 - 29),
                (date!(2026 - 11 - 23), date!(2026 - 11 - 29)),
                (date!(2026 - 11 - 16), date!(2026 - 11 - 22)),
            ),
            (
                WeekStart::Monday,
                date!(2026 - 11 - 30),
                (date!(2026 - 11 - 30), date!(2026 - 11 - 30)),
                (date!(2026 - 11 - 23), date!(2026 - 11 - 29)),
            ),
            (
                WeekStart::Sunday,
                date!(2026 - 11 - 29),
                (date!(2026 - 11 - 29), date!(2026 - 11 - 29)),
                (date!(2026 - 11 - 22), date!(2026 - 11 - 28)),
            ),
            (
                WeekStart::Sunday,
                date!(2026 - 11 - 28),
                (date!(2026 - 11 - 22), date!(2026 - 11 - 28)),
                (date!(2026 - 11 - 15), date!(2026 - 11 - 21)),
            ),
            // Across a new year.
            (
                WeekStart::Monday,
                date!(2027 - 01 - 01),
                (date!(2026 - 12 - 28), date!(2027 - 01 - 01)),
                (date!(2026 - 12 - 21), date!(2026 - 12 - 27)),
            ),
        ] {
            assert_eq!(start.this_week(today), this, "{start:?}, today {today}");
            assert_eq!(start.last_week(today), last, "{start:?}, today {today}");
        }
    }

    #[test]
    fn the_week_start_is_stored_and_sent_as_a_lowercase_word() {
        for start in [WeekStart::Monday, WeekStart::Sunday] {
            assert_eq!(WeekStart::from_key(start.key()), start);
            assert_eq!(
                serde_json::to_string(&start).unwrap(),
                format!("\"{}\"", start.key())
            );
        }
        assert_eq!(WeekStart::default(), WeekStart::Monday);
    }
}
