//! The table `sync_state`: how far a user's stats cache reaches, in which zone its days
//! are, how deep the plan's history goes, and how the last sync went, so the dashboard
//! can say when it last synced or what went wrong.

use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncStateRow {
    /// The last day fetched in full or in part (`YYYY-MM-DD`).
    pub synced_through: Option<String>,
    pub last_success_at: Option<i64>,
    pub last_attempt_at: Option<i64>,
    /// Why the last attempt failed, in words; None after a success.
    pub last_problem: Option<String>,
    /// Set while WakaTime answers "still calculating".
    pub calculating_percent: Option<f64>,
    /// The IANA zone the cached days are in; None when unknown (a cache written before
    /// wakadesk knew zones holds UTC days), which makes the next sync fetch them again.
    pub cache_zone: Option<String>,
    /// How many days of history the account's plan serves, today included, once a
    /// server has refused older ones; None while nothing was refused.
    pub history_limit_days: Option<i64>,
    /// The last day a first sync in windows still has to fetch (it goes newest first
    /// and stopped before this day's window); None when nothing is pending.
    pub backfill_next: Option<String>,
}

pub fn get(conn: &Connection, user_id: i64) -> Result<SyncStateRow> {
    Ok(conn
        .query_row(
            "SELECT synced_through, last_success_at, last_attempt_at, last_problem, calculating_percent,
                    cache_zone, history_limit_days, backfill_next
             FROM sync_state WHERE user_id = ?1",
            [user_id],
            |r| {
                Ok(SyncStateRow {
                    synced_through: r.get(0)?,
                    last_success_at: r.get(1)?,
                    last_attempt_at: r.get(2)?,
                    last_problem: r.get(3)?,
                    calculating_percent: r.get(4)?,
                    cache_zone: r.get(5)?,
                    history_limit_days: r.get(6)?,
                    backfill_next: r.get(7)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

pub fn put(conn: &Connection, user_id: i64, s: &SyncStateRow) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_state (user_id, synced_through, last_success_at, last_attempt_at, last_problem,
                                 calculating_percent, cache_zone, history_limit_days, backfill_next)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (user_id) DO UPDATE SET synced_through = excluded.synced_through,
             last_success_at = excluded.last_success_at, last_attempt_at = excluded.last_attempt_at,
             last_problem = excluded.last_problem, calculating_percent = excluded.calculating_percent,
             cache_zone = excluded.cache_zone, history_limit_days = excluded.history_limit_days,
             backfill_next = excluded.backfill_next",
        params![
            user_id,
            s.synced_through,
            s.last_success_at,
            s.last_attempt_at,
            s.last_problem,
            s.calculating_percent,
            s.cache_zone,
            s.history_limit_days,
            s.backfill_next
        ],
    )?;
    Ok(())
}
