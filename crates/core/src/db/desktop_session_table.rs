//! The table `desktop_session`: who is logged in on this computer without typing a
//! password. `kept`: the account that ticked "Keep me logged in" (the window opens on
//! it and the tray follows it, also after a restart). `window`: the account logged in
//! to the running window, with that window's process id. At most one row of each.

use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

/// One row: whose session and, for the window's, which process holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub user_id: i64,
    pub window_pid: Option<u32>,
}

pub const KEPT: &str = "kept";
pub const WINDOW: &str = "window";

pub fn get(conn: &Connection, kind: &str) -> Result<Option<SessionRow>> {
    Ok(conn
        .query_row(
            "SELECT user_id, window_pid FROM desktop_session WHERE kind = ?1",
            [kind],
            |r| {
                Ok(SessionRow {
                    user_id: r.get(0)?,
                    window_pid: r.get(1)?,
                })
            },
        )
        .optional()?)
}

pub fn put(conn: &Connection, kind: &str, row: &SessionRow, started_at: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO desktop_session (kind, user_id, window_pid, started_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kind) DO UPDATE SET user_id = excluded.user_id,
             window_pid = excluded.window_pid, started_at = excluded.started_at",
        params![kind, row.user_id, row.window_pid, started_at],
    )?;
    Ok(())
}

/// Removes the row of `kind` when it is `user_id`'s.
pub fn delete_for(conn: &Connection, kind: &str, user_id: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM desktop_session WHERE kind = ?1 AND user_id = ?2",
        params![kind, user_id],
    )?;
    Ok(())
}

/// Removes the window's row when process `pid` holds it.
pub fn delete_window(conn: &Connection, pid: u32) -> Result<()> {
    conn.execute(
        "DELETE FROM desktop_session WHERE kind = 'window' AND window_pid = ?1",
        [pid],
    )?;
    Ok(())
}
