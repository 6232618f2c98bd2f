//! The table `wakatime_zone`: the time zone an account's days are in, as learned from
//! its server (`users/current`, or the zone its summaries answer in), when the server
//! was last asked, and what the last summaries answer called its zone. Cleared with
//! the connection (a trigger), like the stats cache.

use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneRow {
    /// An IANA name (`Asia/Kolkata`).
    pub zone: String,
    /// When `users/current` was last asked (Unix seconds).
    pub checked_at: i64,
    /// `range.timezone` of the last summaries answer, as written (`IST`, `UTC`, ...).
    pub answer_label: Option<String>,
}

pub fn get(conn: &Connection, user_id: i64) -> Result<Option<ZoneRow>> {
    Ok(conn
        .query_row(
            "SELECT zone, checked_at, answer_label FROM wakatime_zone WHERE user_id = ?1",
            [user_id],
            |r| {
                Ok(ZoneRow {
                    zone: r.get(0)?,
                    checked_at: r.get(1)?,
                    answer_label: r.get(2)?,
                })
            },
        )
        .optional()?)
}

pub fn put(conn: &Connection, user_id: i64, row: &ZoneRow) -> Result<()> {
    conn.execute(
        "INSERT INTO wakatime_zone (user_id, zone, checked_at, answer_label) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_id) DO UPDATE SET zone = excluded.zone,
             checked_at = excluded.checked_at, answer_label = excluded.answer_label",
        params![user_id, row.zone, row.checked_at, row.answer_label],
    )?;
    Ok(())
}
