//! A student's registered project in their WakaTime data: which synced project it is
//! ([`matching`], or the name the student chose, [`choice`]), the time on it this week
//! and last week, its share of all coding in a range, and its days. Read from the
//! cache alone, in the user's days, like the dashboard.

pub mod choice;
pub mod matching;

use std::collections::BTreeMap;

use serde::Serialize;

use super::account_zone;
use super::dates;
use super::figures::{Amount, DayAmount};
use super::format::duration_text;
use super::range::DashboardRange;
use super::week::WeekStart;
use crate::clock::Clock;
use crate::db::daily_summary_table;
use crate::db::student_table;
use crate::db::sync_state_table;
use crate::db::Database;
use crate::Result;
pub use matching::MatchedBy;

/// The dimension of the cache that holds projects.
pub(crate) const PROJECTS: &str = "projects";

/// What the window's project tile shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectView {
    /// The project as registered (at sign-up, or edited since).
    pub registered: String,
    /// The WakaTime name shown for it (of several spellings, the one with the most
    /// time); None when no synced name matches and none was chosen.
    pub matched: Option<String>,
    pub matched_by: Option<MatchedBy>,
    /// Every WakaTime name whose time counts as the project's.
    pub names: Vec<String>,
    /// Every synced project name, most time first: what to offer when `matched` is
    /// None (or to change a choice).
    pub candidates: Vec<String>,
    pub range: DashboardRange,
    pub start: String,
    pub end: String,
    /// The IANA zone the days are in.
    pub timezone: String,
    pub week_start: WeekStart,
    /// From the week's first day through today.
    pub this_week: Period,
    /// The whole week before.
    pub last_week: Period,
    /// On the project in the range.
    pub total: Amount,
    /// The project's share of all coding time in the range, 0..100, two decimals.
    pub percent: f64,
    /// Every day of the range, zero where nothing was coded on it.
    pub series: Vec<DayAmount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub start: String,
    pub end: String,
    pub seconds: i64,
    pub text: String,
}

/// The project view of `range` (ending on the user's today), or None for an account
/// that is not a student.
pub fn view(
    db: &Database,
    user_id: i64,
    range: DashboardRange,
    clock: &dyn Clock,
) -> Result<Option<ProjectView>> {
    let conn = db.conn();
    let Some(student) = student_table::project_of(conn, user_id)? else {
        return Ok(None);
    };
    let state = sync_state_table::get(conn, user_id)?;
    let zone = account_zone::shown(conn, user_id, &state)?;
    let today = dates::today(clock, &zone);
    let week_start = WeekStart::from_key(&student.week_start);
    let (first, last) = range.bounds_in(conn, user_id, today)?;
    let this_week = week_start.this_week(today);
    let last_week = week_start.last_week(today);

    let candidates: Vec<String> = daily_summary_table::names_by_time(conn, user_id, PROJECTS)?
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let found = matching::find(
        &student.project,
        student.wakatime_project.as_deref(),
        &candidates,
    );
    let from = dates::format(first.min(last_week.0));
    let mut per_day: BTreeMap<String, i64> = BTreeMap::new();
    for (date, name, seconds) in
        daily_summary_table::item_days(conn, user_id, PROJECTS, &from, &dates::format(today))?
    {
        if found.names.contains(&name) {
            *per_day.entry(date).or_default() += seconds;
        }
    }
    let (start, end) = (dates::format(first), dates::format(last));
    let all: i64 = daily_summary_table::totals(conn, user_id, &start, &end)?
        .iter()
        .map(|(_, seconds)| seconds)
        .sum();
    let on = |date: &String| per_day.get(date).copied().unwrap_or(0);
    let series: Vec<DayAmount> = dates::each(first, last)
        .map(dates::format)
        .map(|date| DayAmount {
            seconds: on(&date),
            date,
        })
        .collect();
    let total: i64 = series.iter().map(|d| d.seconds).sum();
    let period = |(from, to): (time::Date, time::Date)| {
        let seconds = dates::each(from, to).map(|d| on(&dates::format(d))).sum();
        Period {
            start: dates::format(from),
            end: dates::format(to),
            seconds,
            text: duration_text(seconds),
        }
    };
    Ok(Some(ProjectView {
        registered: student.project,
        matched: found.names.first().cloned(),
        matched_by: found.by,
        names: found.names,
        candidates,
        range,
        start,
        end,
        timezone: zone.name().to_owned(),
        week_start,
        this_week: period(this_week),
        last_week: period(last_week),
        total: Amount::of(total),
        percent: percent(total, all),
        series,
    }))
}

/// `part` of `whole` in percent, two decimals; 0 when `whole` is.
fn percent(part: i64, whole: i64) -> f64 {
    if whole > 0 {
        (part as f64 * 10_000.0 / whole as f64).round() / 100.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests;
