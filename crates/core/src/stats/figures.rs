//! The dashboard's figures, computed from the cache alone, so they show offline and
//! while WakaTime is still calculating: totals, daily average, best day, the per-day
//! series and the top languages, projects, editors and operating systems, all in the
//! user's days (the zone is named in the answer), with what the plan's history and the
//! server's breakdowns leave out said in words rather than shown as zeros.

use serde::Serialize;
use time::Date;

use super::account_zone;
use super::dates;
use super::format::duration_text;
use super::goal::{self, GoalFigures};
use super::history;
use super::last_synced;
use super::range::DashboardRange;
use super::sync::ALL_TIME;
use super::zone::UserZone;
use crate::clock::Clock;
use crate::db::daily_goal_table;
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
    /// The IANA zone the days, "today" and the times here are in.
    pub timezone: String,
    /// How many days of history the account's plan serves, when a server refused
    /// older days; None when nothing was refused.
    pub history_limit_days: Option<i64>,
    /// The range reaches further back than the plan's history: its older days are
    /// not zeros but unknown.
    pub beyond_history: bool,
    /// "Your WakaTime plan shows the last N days.", when `beyond_history`.
    pub history_note: Option<String>,
    /// The breakdowns the server does not report (`languages`, `projects`, `editors`,
    /// `operatingSystems`): it gave time in the range but none of it by this dimension
    /// (Hackatime gives projects only). Their lists are empty for that reason, not
    /// for lack of coding.
    pub unreported: Vec<&'static str>,
    /// The daily goal and its streaks (`goal`, `goalProgress`, `currentStreak`,
    /// `longestStreak`), all null without a goal.
    #[serde(flatten)]
    pub goal: GoalFigures,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Amount {
    pub seconds: i64,
    pub text: String,
}

impl Amount {
    pub(crate) fn of(seconds: i64) -> Self {
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
    /// When the last successful sync was, in words in the user's zone: "today at
    /// 14:05", "yesterday at 22:10", "on 28 Nov at 09:00".
    pub last_synced_text: Option<String>,
    pub last_attempt_at: Option<i64>,
    pub problem: Option<String>,
    pub calculating_percent: Option<f64>,
    /// A first sync in parts was interrupted: older days are still to come, and the
    /// next sync continues where it stopped.
    pub backfill_pending: bool,
    /// The cached days are not in the user's zone (written by an earlier version, or
    /// the zone changed): the next sync fetches them again.
    #[serde(skip)]
    pub resync_pending: bool,
}

impl SyncInfo {
    /// Whether the cache should be synced now: it is empty, incomplete or in another
    /// zone, or its last successful sync is more than `max_age_secs` old.
    pub fn is_due(&self, clock: &dyn Clock, max_age_secs: i64) -> bool {
        self.must_sync_first()
            || self
                .last_success_at
                .is_none_or(|at| clock.unix() - at > max_age_secs)
    }

    /// Whether the cache cannot be shown as it is: empty, a first sync left halfway,
    /// or days in another zone than the user's.
    pub fn must_sync_first(&self) -> bool {
        self.empty || self.backfill_pending || self.resync_pending
    }
}

/// The figures of `range`, which ends on the user's today (see [`dates::today`]), as
/// the cache has them: [`load`] then [`compute`].
pub fn dashboard(
    db: &Database,
    user_id: i64,
    range: DashboardRange,
    clock: &dyn Clock,
) -> Result<Dashboard> {
    Ok(compute(load(db, user_id, range, clock)?, clock))
}

/// What the dashboard of a range is computed from: everything read from the database.
pub struct Loaded {
    range: DashboardRange,
    state: SyncStateRow,
    zone: UserZone,
    first: Date,
    last: Date,
    cached: Vec<(String, i64)>,
    sums: Vec<(String, String, i64)>,
    all_time: Option<String>,
    resync_pending: bool,
    goal_minutes: Option<i64>,
    /// Every cached day through today, when there is a goal to judge them by.
    goal_days: Vec<(String, i64)>,
}

/// Reads what the dashboard of `range` needs (every query it makes).
pub fn load(
    db: &Database,
    user_id: i64,
    range: DashboardRange,
    clock: &dyn Clock,
) -> Result<Loaded> {
    let conn = db.conn();
    let state = sync_state_table::get(conn, user_id)?;
    let zone = account_zone::shown(conn, user_id, &state)?;
    let (first, last) = range.bounds_in(conn, user_id, dates::today(clock, &zone))?;
    let (start, end) = (dates::format(first), dates::format(last));
    let cached = daily_summary_table::totals(conn, user_id, &start, &end)?;
    let sums = daily_summary_table::item_sums(conn, user_id, &start, &end)?;
    let resync_pending = account_zone::cache_needs_resync(conn, user_id, &state)?;
    let all_time = endpoint_snapshot_table::get(conn, user_id, ALL_TIME)?
        .and_then(|(body, _)| serde_json::from_str::<serde_json::Value>(&body).ok())
        .and_then(|v| all_time_text(&v));
    let goal_minutes = daily_goal_table::get(conn, user_id)?;
    let goal_days = goal::days_through(db, user_id, goal_minutes, last)?;
    Ok(Loaded {
        range,
        state,
        zone,
        first,
        last,
        cached,
        sums,
        all_time,
        resync_pending,
        goal_minutes,
        goal_days,
    })
}

/// The figures of what [`load`] read; no database access.
pub fn compute(loaded: Loaded, clock: &dyn Clock) -> Dashboard {
    let Loaded {
        range,
        state,
        zone,
        first,
        last,
        cached,
        sums,
        all_time,
        resync_pending,
        goal_minutes,
        goal_days,
    } = loaded;
    let (start, end) = (dates::format(first), dates::format(last));
    let span = (last - first).whole_days() + 1;
    let mut series = Vec::with_capacity(span as usize);
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
    let limit = state.history_limit_days;
    let beyond_history = limit.is_some_and(|l| span > l);
    // Days before the plan's history are unknown, not idle: the average leaves them out.
    let shown_days = limit.map_or(span, |l| span.min(l.max(1)));

    Dashboard {
        range,
        today: Amount::of(series.last().map(|d| d.seconds).unwrap_or(0)),
        total: Amount::of(total),
        daily_average: Amount::of(total / shown_days),
        best_day,
        languages: shares(&sums, "languages"),
        projects: shares(&sums, "projects"),
        editors: shares(&sums, "editors"),
        operating_systems: shares(&sums, "operating_systems"),
        all_time,
        sync: sync_info(&state, &end, &zone, clock, resync_pending),
        timezone: zone.name().to_owned(),
        history_limit_days: limit,
        beyond_history,
        history_note: limit.filter(|_| beyond_history).map(history::note),
        unreported: unreported(&sums, total),
        goal: goal::figures(goal_minutes, &goal_days, last),
        start,
        end,
        series,
    }
}

fn sync_info(
    state: &SyncStateRow,
    end: &str,
    zone: &UserZone,
    clock: &dyn Clock,
    resync_pending: bool,
) -> SyncInfo {
    SyncInfo {
        empty: state.last_success_at.is_none() && state.synced_through.is_none(),
        // A first sync fetches all the history, so only the recent end can be missing.
        covers_range: state.synced_through.as_deref().is_some_and(|t| t >= end),
        last_success_at: state.last_success_at,
        last_synced_text: state
            .last_success_at
            .map(|at| last_synced::text(at, clock.now(), zone)),
        last_attempt_at: state.last_attempt_at,
        problem: state.last_problem.clone(),
        calculating_percent: state.calculating_percent,
        backfill_pending: state.backfill_next.is_some(),
        resync_pending,
    }
}

/// The all-time total in words: the server's `text`, else its `total_seconds` written
/// out (some servers send no text).
fn all_time_text(snapshot: &serde_json::Value) -> Option<String> {
    match snapshot["text"].as_str().map(str::trim) {
        Some(text) if !text.is_empty() => Some(text.to_owned()),
        _ => snapshot["total_seconds"]
            .as_f64()
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| duration_text(s.round() as i64)),
    }
}

/// The dashboard's breakdowns the server left empty though it gave time in the range,
/// by their JSON names.
fn unreported(sums: &[(String, String, i64)], total: i64) -> Vec<&'static str> {
    if total <= 0 {
        return Vec::new();
    }
    [
        ("languages", "languages"),
        ("projects", "projects"),
        ("editors", "editors"),
        ("operating_systems", "operatingSystems"),
    ]
    .into_iter()
    .filter(|(dimension, _)| !sums.iter().any(|(d, _, s)| d == dimension && *s > 0))
    .map(|(_, name)| name)
    .collect()
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
