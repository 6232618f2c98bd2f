//! The dashboard's figures, computed from the cache alone, so they show offline and
//! while WakaTime is still calculating: totals, daily average, best day, the per-day
//! series and the top languages, projects, editors and operating systems.

use serde::Serialize;

use super::dates;
use super::format::duration_text;
use super::range::DashboardRange;
use super::sync::ALL_TIME;
use crate::clock::Clock;
use crate::db::daily_summary_table;
use crate::db::endpoint_snapshot_table;
use crate::db::sync_state_table::{self, SyncStateRow};
use crate::db::Database;
use crate::Result;

/// How many entries each breakdown lists before the rest becomes "Other".
pub const TOP_ITEMS: usize = 8;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub range: DashboardRange,
    pub start: String,
    pub end: String,
    pub total: Amount,
    pub daily_average: Amount,
    pub today: Amount,
    pub best_day: Option<BestDay>,
    /// Every day of the range, zero where nothing was coded or nothing is cached.
    pub series: Vec<DayAmount>,
    pub languages: Vec<Share>,
    pub projects: Vec<Share>,
    pub editors: Vec<Share>,
    pub operating_systems: Vec<Share>,
    pub all_time: Option<String>,
    pub sync: SyncInfo,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Amount {
    pub seconds: i64,
    pub text: String,
}

impl Amount {
    fn of(seconds: i64) -> Self {
        Self {
            seconds,
            text: duration_text(seconds),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BestDay {
    pub date: String,
    pub seconds: i64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayAmount {
    pub date: String,
    pub seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    pub name: String,
    pub seconds: i64,
    pub text: String,
    /// Of the dimension's total, 0..100, two decimals.
    pub percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncInfo {
    /// Nothing cached yet: a sync is needed before there is anything to show.
    pub empty: bool,
    /// The cache reaches today (a sync ran today).
    pub covers_range: bool,
    pub last_success_at: Option<i64>,
    pub last_attempt_at: Option<i64>,
    pub problem: Option<String>,
    pub calculating_percent: Option<f64>,
}

impl SyncInfo {
    /// Whether the cache should be synced now: it is empty, or its last successful
    /// sync is more than `max_age_secs` old.
    pub fn is_due(&self, clock: &dyn Clock, max_age_secs: i64) -> bool {
        self.last_success_at
            .is_none_or(|at| clock.unix() - at > max_age_secs)
    }
}

/// The figures of `range`, which ends on the user's today (see [`dates::today`]).
pub fn dashboard(
    db: &Database,
    user_id: i64,
    range: DashboardRange,
    clock: &dyn Clock,
) -> Result<Dashboard> {
    let (first, last) = range.bounds(dates::today(clock));
    let (start, end) = (dates::format(first), dates::format(last));
    let conn = db.conn();
    let cached = daily_summary_table::totals(conn, user_id, &start, &end)?;
    let sums = daily_summary_table::item_sums(conn, user_id, &start, &end)?;
    let state = sync_state_table::get(conn, user_id)?;

    let mut series = Vec::with_capacity(range.days() as usize);
    let mut cached_iter = cached.iter().peekable();
    let mut day = first;
    loop {
        let date = dates::format(day);
        let seconds = match cached_iter.peek() {
            Some((d, s)) if *d == date => {
                cached_iter.next();
                *s
            }
            _ => 0,
        };
        series.push(DayAmount { date, seconds });
        if day >= last {
            break;
        }
        day += time::Duration::days(1);
    }
    let total: i64 = series.iter().map(|d| d.seconds).sum();
    let best_day = series
        .iter()
        .filter(|d| d.seconds > 0)
        .fold(None::<&DayAmount>, |best, d| match best {
            Some(b) if b.seconds >= d.seconds => Some(b),
            _ => Some(d),
        })
        .map(|d| BestDay {
            date: d.date.clone(),
            seconds: d.seconds,
            text: duration_text(d.seconds),
        });
    let all_time = endpoint_snapshot_table::get(conn, user_id, ALL_TIME)?
        .and_then(|(body, _)| serde_json::from_str::<serde_json::Value>(&body).ok())
        .and_then(|v| v["text"].as_str().map(str::to_owned));

    Ok(Dashboard {
        range,
        today: Amount::of(series.last().map(|d| d.seconds).unwrap_or(0)),
        total: Amount::of(total),
        daily_average: Amount::of(total / range.days()),
        best_day,
        languages: shares(&sums, "languages"),
        projects: shares(&sums, "projects"),
        editors: shares(&sums, "editors"),
        operating_systems: shares(&sums, "operating_systems"),
        all_time,
        sync: sync_info(&state, &end),
        start,
        end,
        series,
    })
}

fn sync_info(state: &SyncStateRow, end: &str) -> SyncInfo {
    SyncInfo {
        empty: state.last_success_at.is_none(),
        // The first sync fetches a full year, so only the recent end can be missing.
        covers_range: state.synced_through.as_deref().is_some_and(|t| t >= end),
        last_success_at: state.last_success_at,
        last_attempt_at: state.last_attempt_at,
        problem: state.last_problem.clone(),
        calculating_percent: state.calculating_percent,
    }
}

/// The dimension's entries (sorted largest first by the query), top ones kept and the
/// rest summed as "Other".
fn shares(sums: &[(String, String, i64)], dimension: &str) -> Vec<Share> {
    let items: Vec<(&str, i64)> = sums
        .iter()
        .filter(|(d, _, s)| d == dimension && *s > 0)
        .map(|(_, n, s)| (n.as_str(), *s))
        .collect();
    let total: i64 = items.iter().map(|(_, s)| s).sum();
    let share = |name: &str, seconds: i64| Share {
        name: name.to_owned(),
        seconds,
        text: duration_text(seconds),
        percent: if total > 0 {
            (seconds as f64 * 10_000.0 / total as f64).round() / 100.0
        } else {
            0.0
        },
    };
    let mut out: Vec<Share> = items
        .iter()
        .take(TOP_ITEMS)
        .map(|(n, s)| share(n, *s))
        .collect();
    let rest: i64 = items.iter().skip(TOP_ITEMS).map(|(_, s)| s).sum();
    if rest > 0 {
        out.push(share("Other", rest));
    }
    out
}
