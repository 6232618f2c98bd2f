//! A daily goal in minutes, set per account (none by default), and what the cache says
//! about it: today's progress, the current streak of days that met it and the longest
//! one. A day meets the goal when its coding reaches it; today counts once it does,
//! and until then a streak that ended yesterday is still the current one. Days are
//! the user's days; every cached day is judged against the goal as it is now.

use serde::Serialize;
use time::{Date, Duration};

use super::account_zone;
use super::dates;
use super::format::duration_text;
use crate::clock::Clock;
use crate::db::daily_goal_table;
use crate::db::daily_summary_table;
use crate::db::sync_state_table;
use crate::db::{user_table, Database};
use crate::{Error, Result};

/// The largest goal: a whole day.
pub const MAX_GOAL_MINUTES: i64 = 24 * 60;

/// The goal's figures, in the dashboard's JSON beside its other keys.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GoalFigures {
    /// Minutes a day; None when no goal is set (then every other field is None too).
    pub goal: Option<i64>,
    pub goal_progress: Option<GoalProgress>,
    /// Days in a row that met the goal, through today once it is met, else through
    /// yesterday.
    pub current_streak: Option<i64>,
    pub longest_streak: Option<i64>,
}

/// Today's coding against the goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GoalProgress {
    /// Today, in the user's zone.
    pub date: String,
    pub seconds: i64,
    pub text: String,
    pub goal_seconds: i64,
    pub goal_text: String,
    /// Today's coding as a share of the goal, two decimals; over 100 past it.
    pub percent: f64,
    pub met: bool,
}

/// Sets the account's goal (None removes it) and gives its figures as they are now.
/// A goal is between 1 and [`MAX_GOAL_MINUTES`] minutes.
pub fn set_daily_goal(
    db: &Database,
    user_id: i64,
    minutes: Option<i64>,
    clock: &dyn Clock,
) -> Result<GoalFigures> {
    if minutes.is_some_and(|m| !(1..=MAX_GOAL_MINUTES).contains(&m)) {
        return Err(Error::InvalidGoal {
            max_minutes: MAX_GOAL_MINUTES,
        });
    }
    let conn = db.conn();
    if user_table::get(conn, user_id)?.is_none() {
        return Err(Error::UnknownUser(user_id));
    }
    match minutes {
        Some(minutes) => daily_goal_table::set(conn, user_id, minutes, clock.unix())?,
        None => daily_goal_table::clear(conn, user_id)?,
    }
    load(db, user_id, clock)
}

/// The account's goal figures from the cache, today being the user's today.
pub fn load(db: &Database, user_id: i64, clock: &dyn Clock) -> Result<GoalFigures> {
    let conn = db.conn();
    let state = sync_state_table::get(conn, user_id)?;
    let zone = account_zone::shown(conn, user_id, &state)?;
    let today = dates::today(clock, &zone);
    let goal = daily_goal_table::get(conn, user_id)?;
    let days = days_through(db, user_id, goal, today)?;
    Ok(figures(goal, &days, today))
}

/// The cached days through `today`, `(date, seconds)`, when there is a goal to judge
/// them by (none otherwise: nothing to read).
pub(crate) fn days_through(
    db: &Database,
    user_id: i64,
    goal: Option<i64>,
    today: Date,
) -> Result<Vec<(String, i64)>> {
    if goal.is_none() {
        return Ok(Vec::new());
    }
    daily_summary_table::totals(db.conn(), user_id, "0000-01-01", &dates::format(today))
}

/// The figures of a goal of `minutes` over the cached `days` (`(date, seconds)` in
/// date order; a day not among them had no coding).
pub fn figures(minutes: Option<i64>, days: &[(String, i64)], today: Date) -> GoalFigures {
    let Some(minutes) = minutes else {
        return GoalFigures::default();
    };
    let goal_seconds = minutes * 60;
    let today_text = dates::format(today);
    let seconds = days
        .iter()
        .find(|(date, _)| *date == today_text)
        .map_or(0, |(_, s)| *s);
    let met: Vec<Date> = days
        .iter()
        .filter(|(_, s)| *s >= goal_seconds)
        .filter_map(|(date, _)| dates::parse(date).ok())
        .filter(|date| *date <= today)
        .collect();
    let (current, longest) = streaks(&met, today);
    GoalFigures {
        goal: Some(minutes),
        goal_progress: Some(GoalProgress {
            date: today_text,
            seconds,
            text: duration_text(seconds),
            goal_seconds,
            goal_text: duration_text(goal_seconds),
            percent: (seconds as f64 * 10_000.0 / goal_seconds as f64).round() / 100.0,
            met: seconds >= goal_seconds,
        }),
        current_streak: Some(current),
        longest_streak: Some(longest),
    }
}

/// `(current, longest)` runs of consecutive days among `met` (in date order, none
/// after `today`).
fn streaks(met: &[Date], today: Date) -> (i64, i64) {
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<Date> = None;
    for day in met {
        run = match previous {
            Some(p) if *day - p == Duration::days(1) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        previous = Some(*day);
    }
    let yesterday = today - Duration::days(1);
    let current = match previous {
        Some(last) if last == today || last == yesterday => run,
        _ => 0,
    };
    (current, longest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn days(list: &[(&str, i64)]) -> Vec<(String, i64)> {
        list.iter().map(|(d, s)| (d.to_string(), *s)).collect()
    }

    #[test]
    fn no_goal_gives_no_figures() {
        let f = figures(None, &days(&[("2026-11-25", 9999)]), date!(2026 - 11 - 25));
        assert_eq!(f, GoalFigures::default());
        let json = serde_json::to_value(&f).unwrap();
        for key in ["goal", "goalProgress", "currentStreak", "longestStreak"] {
            assert!(json[key].is_null(), "{key} is null without a goal: {json}");
        }
    }

    #[test]
    fn a_streak_through_yesterday_is_current_until_today_meets_the_goal() {
        let cached = days(&[
            ("2026-11-20", 3600),
            ("2026-11-21", 3600),
            ("2026-11-22", 3600),
            ("2026-11-23", 3600),
            // 24th missed (no coding cached).
            ("2026-11-25", 1800),
            ("2026-11-26", 3599),
            ("2026-11-27", 3600),
            ("2026-11-28", 1200),
        ]);
        let today = date!(2026 - 11 - 28);
        // Today so far 20 minutes of a 30-minute goal: the streak through yesterday
        // (25th to 27th; the 26th is 59:59, not an hour but over 30 minutes) holds.
        let f = figures(Some(30), &cached, today);
        let p = f.goal_progress.clone().unwrap();
        assert_eq!(
            (p.seconds, p.goal_seconds, p.percent, p.met),
            (1200, 1800, 66.67, false)
        );
        assert_eq!(p.text, "20 mins");
        assert_eq!(p.goal_text, "30 mins");
        assert_eq!(f.current_streak, Some(3), "25th to 27th, today not yet");
        assert_eq!(f.longest_streak, Some(4), "20th to 23rd");

        // An hour's goal: the 26th falls one second short and breaks it.
        let f = figures(Some(60), &cached, today);
        assert_eq!(f.current_streak, Some(1), "the 27th alone");
        assert_eq!(f.longest_streak, Some(4));

        // Today meets a 20-minute goal: it counts.
        let f = figures(Some(20), &cached, today);
        assert_eq!(f.current_streak, Some(4), "25th to today");
        assert!(f.goal_progress.unwrap().met);
        assert_eq!(f.longest_streak, Some(4));
    }

    #[test]
    fn a_missed_yesterday_ends_the_streak_and_today_starts_a_new_one() {
        let cached = days(&[
            ("2026-11-25", 7200),
            ("2026-11-26", 7200),
            ("2026-11-27", 0),
            ("2026-11-28", 600),
        ]);
        let today = date!(2026 - 11 - 28);
        let f = figures(Some(15), &cached, today);
        assert_eq!(
            f.current_streak,
            Some(0),
            "yesterday missed, today not yet met"
        );
        assert_eq!(f.longest_streak, Some(2));
        let f = figures(Some(10), &cached, today);
        assert_eq!(f.current_streak, Some(1), "today met: a new streak of one");
        let f = figures(Some(120), &[], today);
        assert_eq!((f.current_streak, f.longest_streak), (Some(0), Some(0)));
        assert_eq!(f.goal_progress.unwrap().seconds, 0, "nothing cached today");
    }

    #[test]
    fn streaks_run_across_months_and_a_leap_day() {
        let cached = days(&[
            ("2028-02-27", 3600),
            ("2028-02-28", 3600),
            ("2028-02-29", 3600),
            ("2028-03-01", 3600),
        ]);
        let f = figures(Some(60), &cached, date!(2028 - 03 - 02));
        assert_eq!((f.current_streak, f.longest_streak), (Some(4), Some(4)));
    }

    /// The goal as the dashboard reads it, at `instant`.
    fn dashboard_at(cache: &crate::stats::test_cache::Cache, instant: &str) -> GoalFigures {
        use crate::stats::test_cache::at;
        crate::stats::dashboard(
            &cache.db,
            cache.user,
            crate::stats::DashboardRange::Last7Days,
            &at(instant),
        )
        .unwrap()
        .goal
    }

    #[test]
    fn around_midnight_in_two_zones_a_missed_day_ends_the_streak_and_the_new_day_starts_one() {
        use crate::stats::test_cache::{account, at};
        // Days of the account's zone: the 29th falls short of half an hour.
        for (zone, before, after) in [
            ("UTC", "2026-11-29T23:50:00Z", "2026-11-30T00:10:00Z"),
            (
                "Asia/Kolkata",
                "2026-11-29T18:20:00Z",
                "2026-11-29T18:40:00Z",
            ),
        ] {
            let cache = account(zone, None);
            for (date, seconds) in [
                ("2026-11-27", 3600),
                ("2026-11-28", 1800),
                ("2026-11-29", 600),
                ("2026-11-30", 2400),
            ] {
                cache.day(date, &[("projects", "compiler", seconds)]);
            }
            assert_eq!(
                dashboard_at(&cache, before),
                GoalFigures::default(),
                "{zone}: no goal by default"
            );
            let set = set_daily_goal(&cache.db, cache.user, Some(30), &at(before)).unwrap();
            assert_eq!(
                set,
                dashboard_at(&cache, before),
                "{zone}: as the dashboard has it"
            );

            let f = dashboard_at(&cache, before);
            let p = f.goal_progress.clone().unwrap();
            assert_eq!(
                (p.date.as_str(), p.seconds, p.met),
                ("2026-11-29", 600, false),
                "{zone} at {before}: the 29th so far"
            );
            assert_eq!(
                (f.current_streak, f.longest_streak),
                (Some(2), Some(2)),
                "{zone} at {before}: the streak through yesterday is still current"
            );

            let f = dashboard_at(&cache, after);
            let p = f.goal_progress.clone().unwrap();
            assert_eq!(
                (p.date.as_str(), p.seconds, p.met),
                ("2026-11-30", 2400, true),
                "{zone} at {after}: a new day"
            );
            assert_eq!(
                (f.current_streak, f.longest_streak),
                (Some(1), Some(2)),
                "{zone} at {after}: the 29th was missed, today starts again"
            );
        }
    }

    #[test]
    fn a_goal_is_one_minute_to_a_day_and_removing_it_removes_its_figures() {
        use crate::stats::test_cache::{account, at};
        let cache = account("UTC", None);
        let clock = at("2026-11-29T12:00:00Z");
        for bad in [0, -5, MAX_GOAL_MINUTES + 1] {
            let err = set_daily_goal(&cache.db, cache.user, Some(bad), &clock).unwrap_err();
            assert_eq!(err.code(), "invalid_goal", "{bad}");
            assert_eq!(err.field(), Some(crate::Field::Goal));
        }
        assert_eq!(load(&cache.db, cache.user, &clock).unwrap().goal, None);
        let f = set_daily_goal(&cache.db, cache.user, Some(MAX_GOAL_MINUTES), &clock).unwrap();
        assert_eq!(f.goal, Some(1440));
        let f = set_daily_goal(&cache.db, cache.user, Some(45), &clock).unwrap();
        assert_eq!(f.goal, Some(45), "replaced");
        assert_eq!(
            set_daily_goal(&cache.db, cache.user, None, &clock).unwrap(),
            GoalFigures::default()
        );
        let err = set_daily_goal(&cache.db, 999, Some(30), &clock).unwrap_err();
        assert_eq!(err.code(), "unknown_user");
    }

    #[test]
    fn the_dashboard_json_gains_the_goal_keys_beside_its_own() {
        use crate::stats::test_cache::{account, at};
        let cache = account("UTC", None);
        cache.day("2026-11-29", &[("projects", "compiler", 5400)]);
        let clock = at("2026-11-29T12:00:00Z");
        set_daily_goal(&cache.db, cache.user, Some(60), &clock).unwrap();
        let d = crate::stats::dashboard(
            &cache.db,
            cache.user,
            crate::stats::DashboardRange::Last7Days,
            &clock,
        )
        .unwrap();
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["goal"], 60);
        assert_eq!(json["goalProgress"]["seconds"], 5400);
        assert_eq!(json["goalProgress"]["percent"], 150.0);
        assert_eq!(json["goalProgress"]["met"], true);
        assert_eq!(json["currentStreak"], 1);
        assert_eq!(json["longestStreak"], 1);
        for kept in [
            "today",
            "total",
            "dailyAverage",
            "series",
            "operatingSystems",
            "sync",
        ] {
            assert!(json.get(kept).is_some(), "{kept} is still there: {json}");
        }
    }
}
