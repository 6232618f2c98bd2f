//! What a sync writes, each time in one transaction: a window of days as it arrives
//! (with the zone they are in, how far the cache reaches and how far a sync in parts
//! got), the plan's depth once found, the end of a successful sync (the all-time total,
//! when), or what went wrong. A window that replaces the cache deletes every cached
//! day in the same transaction, so the cache is never half in one zone and half in
//! another. A write for an account disconnected meanwhile is refused.

use time::{Date, Duration};

use super::dates;
use super::day_date::date_of;
use super::plan::{self, Window};
use super::zone::UserZone;
use crate::db::daily_summary_table::{self, DayRow};
use crate::db::sync_state_table::{self, SyncStateRow};
use crate::db::wakatime_zone_table::{self, ZoneRow};
use crate::db::{endpoint_snapshot_table, user_table, SharedDatabase};
use crate::wakatime::DaySummary;
use crate::{Error, Result};

/// The most a day (or one entry of its breakdown) can count: 25 hours, the longest
/// day a clock change makes.
pub const MAX_DAY_SECONDS: i64 = 25 * 60 * 60;
/// Snapshot name of the all-time total.
pub const ALL_TIME: &str = "all_time_since_today";

/// What a saved window means for a sync in parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// All the history at once: nothing older is pending.
    Whole,
    /// A part of the history, newest first: the days before it are pending.
    Part,
    /// The recent days: what is pending stays so.
    Recent,
}

/// One sync's writes for one account.
pub struct Writer {
    db: SharedDatabase,
    user_id: i64,
    started: i64,
    /// The cache's state as this sync last wrote it (or found it).
    pub state: SyncStateRow,
    /// The zone as stored when the sync began.
    pub stored_zone: Option<ZoneRow>,
    /// The zone as this sync learns it, written with each window.
    pub zone: ZoneRow,
}

impl Writer {
    pub fn open(db: &SharedDatabase, user_id: i64, started: i64) -> Result<Self> {
        let (state, stored_zone) = {
            let db = db.lock();
            (
                sync_state_table::get(db.conn(), user_id)?,
                wakatime_zone_table::get(db.conn(), user_id)?,
            )
        };
        Ok(Self {
            db: db.clone(),
            user_id,
            started,
            zone: stored_zone.clone().unwrap_or(ZoneRow {
                zone: "UTC".into(),
                checked_at: started,
                answer_label: None,
            }),
            state,
            stored_zone,
        })
    }

    /// Saves the days of `window` (asked in `zone`), replacing the whole cache first
    /// when `replace`. Days after `today` are not kept: the cache never reaches past the
    /// user's today. Returns how many days were saved.
    pub fn save_window(
        &mut self,
        days: &[DaySummary],
        zone: &UserZone,
        (from, _): Window,
        today: Date,
        kind: Kind,
        replace: bool,
    ) -> Result<usize> {
        let rows: Vec<DayRow> = days
            .iter()
            .filter_map(|day| day_row(day, zone, today))
            .collect();
        let oldest = plan::oldest_day(today, self.state.history_limit_days);
        let mut next = self.state.clone();
        if replace {
            next.synced_through = None;
        }
        let today_text = dates::format(today);
        let kept = next.synced_through.take().map(|t| t.min(today_text));
        next.synced_through = rows.iter().map(|r| r.date.clone()).chain(kept).max();
        next.cache_zone = Some(zone.name().to_owned());
        next.backfill_next = match kind {
            Kind::Whole => None,
            Kind::Recent => next.backfill_next,
            Kind::Part => {
                let before = from - Duration::days(1);
                (before >= oldest).then(|| dates::format(before))
            }
        };
        let (user_id, started) = (self.user_id, self.started);
        self.db.lock().write(|tx| {
            still_connected(tx, user_id)?;
            if replace {
                daily_summary_table::delete_all(tx, user_id)?;
            }
            daily_summary_table::replace_days(tx, user_id, &rows, started)?;
            sync_state_table::put(tx, user_id, &next)?;
            wakatime_zone_table::put(tx, user_id, &self.zone)
        })?;
        self.state = next;
        Ok(rows.len())
    }

    /// Records how many days of history the plan serves: later syncs ask for no more,
    /// and nothing older is pending.
    pub fn history_found(&mut self, limit_days: i64) -> Result<()> {
        let mut next = self.state.clone();
        next.history_limit_days = Some(limit_days);
        next.backfill_next = None;
        let user_id = self.user_id;
        self.db.lock().write(|tx| {
            still_connected(tx, user_id)?;
            sync_state_table::put(tx, user_id, &next)
        })?;
        self.state = next;
        Ok(())
    }

    /// The end of a successful sync: the all-time snapshot if there is one to keep, and
    /// when it succeeded.
    pub fn finish(&mut self, all_time: Option<&str>, calculating: Option<f64>) -> Result<()> {
        let next = SyncStateRow {
            last_success_at: Some(self.started),
            last_attempt_at: Some(self.started),
            last_problem: None,
            calculating_percent: calculating,
            ..self.state.clone()
        };
        let (user_id, started) = (self.user_id, self.started);
        self.db.lock().write(|tx| {
            still_connected(tx, user_id)?;
            if let Some(body) = all_time {
                endpoint_snapshot_table::put(tx, user_id, ALL_TIME, body, started)?;
            }
            sync_state_table::put(tx, user_id, &next)?;
            wakatime_zone_table::put(tx, user_id, &self.zone)
        })?;
        self.state = next;
        Ok(())
    }

    /// Why the sync failed, for the dashboard to say; what it saved before stays.
    pub fn record_failure(&mut self, e: &Error) -> Result<()> {
        let (user_id, started) = (self.user_id, self.started);
        let problem = e.to_string();
        self.db.lock().write(|tx| {
            let failed = SyncStateRow {
                last_attempt_at: Some(started),
                last_problem: Some(problem),
                ..sync_state_table::get(tx, user_id)?
            };
            sync_state_table::put(tx, user_id, &failed)
        })
    }
}

/// Refuses to write for an account whose connection was cleared meanwhile (its cache
/// went with it, and must not come back).
fn still_connected(conn: &rusqlite::Connection, user_id: i64) -> Result<()> {
    user_table::tokens(conn, user_id)?
        .map(|_| ())
        .ok_or(Error::NotConnected)
}

/// A day of the answer as a cache row; entries without a date, or after the user's
/// today, are skipped.
fn day_row(day: &DaySummary, zone: &UserZone, today: Date) -> Option<DayRow> {
    let date = date_of(day, zone).filter(|date| *date <= today)?;
    let items = day
        .breakdown
        .dimensions()
        .into_iter()
        .flat_map(|(dimension, items)| {
            items.iter().filter(|i| !i.name.is_empty()).map(move |i| {
                (
                    dimension.to_owned(),
                    i.name.clone(),
                    seconds(i.total_seconds),
                )
            })
        })
        .collect();
    Some(DayRow {
        date: dates::format(date),
        total_seconds: seconds(day.grand_total.total_seconds),
        items,
    })
}

/// Seconds as cached: negative or non-numbers read as zero, and no day counts more
/// than [`MAX_DAY_SECONDS`], so a server's absurd figure cannot overflow a sum.
fn seconds(value: f64) -> i64 {
    if value.is_finite() && value > 0.0 {
        (value.round() as i64).min(MAX_DAY_SECONDS)
    } else {
        0
    }
}
