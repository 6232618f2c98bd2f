//! The table `endpoint_snapshot`: the last answer of an endpoint other than summaries
//! (such as `all_time_since_today`), kept as JSON with when it was fetched.

use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

pub fn put(
    conn: &Connection,
    user_id: i64,
    endpoint: &str,
    body: &str,
    fetched_at: i64,
) -> Result<()> {
    conn.execute(
        "INSERT INTO endpoint_snapshot (user_id, endpoint, body, fetched_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_id, endpoint) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at",
        params![user_id, endpoint, body, fetched_at],
    )?;
    Ok(())
}

/// `(body, fetched_at)`.
pub fn get(conn: &Connection, user_id: i64, endpoint: &str) -> Result<Option<(String, i64)>> {
    Ok(conn
        .query_row(
            "SELECT body, fetched_at FROM endpoint_snapshot WHERE user_id = ?1 AND endpoint = ?2",
            params![user_id, endpoint],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}
