//! The table `daily_goal`: how many minutes of coding a day an account aims for. No
//! row means no goal; deleting the user deletes it, disconnecting WakaTime does not.

use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

/// The goal in minutes, if one is set.
pub fn get(conn: &Connection, user_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT minutes FROM daily_goal WHERE user_id = ?1",
            [user_id],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn set(conn: &Connection, user_id: i64, minutes: i64, set_at: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO daily_goal (user_id, minutes, set_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (user_id) DO UPDATE SET minutes = excluded.minutes, set_at = excluded.set_at",
        params![user_id, minutes, set_at],
    )?;
    Ok(())
}

pub fn clear(conn: &Connection, user_id: i64) -> Result<()> {
    conn.execute("DELETE FROM daily_goal WHERE user_id = ?1", [user_id])?;
    Ok(())
}
