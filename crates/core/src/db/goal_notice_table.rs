//! The table `goal_notice`: the last day (the user's) each account was told its daily
//! goal was met, so the notification comes once a day whichever process sends it.

use rusqlite::{params, Connection};

use crate::Result;

/// Records `day` for `user_id` unless it is already recorded; true when this call did,
/// so of two processes judging the same day only one sends the notification.
pub fn claim(conn: &Connection, user_id: i64, day: &str) -> Result<bool> {
    let changed = conn.execute(
        "INSERT INTO goal_notice (user_id, day) VALUES (?1, ?2)
         ON CONFLICT (user_id) DO UPDATE SET day = excluded.day
         WHERE goal_notice.day <> excluded.day",
        params![user_id, day],
    )?;
    Ok(changed == 1)
}
