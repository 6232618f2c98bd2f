//! The table `sync_state`: how far a user's stats cache reaches and how the last sync
//! went, so the dashboard can say "last synced 5 minutes ago" or what went wrong.

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
}

pub fn get(conn: &Connection, user_id: i64) -> Result<SyncStateRow> {
    Ok(conn
        .query_row(
            "SELECT synced_through, last_success_at, last_attempt_at, last_problem, calculating_percent
             FROM sync_state WHERE user_id = ?1",
            [user_id],
            |r| {
                Ok(SyncStateRow {
                    synced_through: r.get(0)?,
                    last_success_at: r.get(1)?,
                    last_attempt_at: r.get(2)?,
                    last_problem: r.get(3)?,
                    calculating_percent: r.get(4)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

pub fn put(conn: &Connection, user_id: i64, s: &SyncStateRow) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_state (user_id, synced_through, last_success_at, last_attempt_at, last_problem,
                                 calculating_percent)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (user_id) DO UPDATE SET synced_through = excluded.synced_through,
             last_success_at = excluded.last_success_at, last_attempt_at = excluded.last_attempt_at,
             last_problem = excluded.last_problem, calculating_percent = excluded.calculating_percent",
        params![
            user_id,
            s.synced_through,
            s.last_success_at,
            s.last_attempt_at,
            s.last_problem,
            s.calculating_percent
        ],
    )?;
    Ok(())
}
