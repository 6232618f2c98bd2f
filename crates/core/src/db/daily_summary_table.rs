//! The tables `daily_total` and `daily_item`: one cached day of a user's coding, its
//! total and its breakdown (seconds per language, project, editor, OS, category).

use rusqlite::{params, Connection};

use crate::Result;

/// One day as cached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayRow {
    pub date: String,
    pub total_seconds: i64,
    /// `(dimension, name, seconds)`.
    pub items: Vec<(String, String, i64)>,
}

/// Replaces the given days (total and breakdown) in one statement batch; the caller
/// wraps it in a transaction with whatever else the sync writes.
pub fn replace_days(
    conn: &Connection,
    user_id: i64,
    days: &[DayRow],
    fetched_at: i64,
) -> Result<()> {
    let mut delete =
        conn.prepare_cached("DELETE FROM daily_total WHERE user_id = ?1 AND date = ?2")?;
    let mut total = conn.prepare_cached(
        "INSERT INTO daily_total (user_id, date, total_seconds, fetched_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut item = conn.prepare_cached(
        "INSERT INTO daily_item (user_id, date, dimension, name, seconds) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (user_id, date, dimension, name) DO UPDATE SET seconds = seconds + excluded.seconds",
    )?;
    for day in days {
        delete.execute(params![user_id, day.date])?;
        total.execute(params![user_id, day.date, day.total_seconds, fetched_at])?;
        for (dimension, name, seconds) in &day.items {
            item.execute(params![user_id, day.date, dimension, name, seconds])?;
        }
    }
    Ok(())
}

/// Forgets every cached day of the user, totals and breakdowns (the cache is about to
/// be replaced, in the same transaction).
pub fn delete_all(conn: &Connection, user_id: i64) -> Result<()> {
    conn.execute("DELETE FROM daily_total WHERE user_id = ?1", [user_id])?;
    Ok(())
}

/// The user's oldest cached day, if any.
pub fn oldest_day(conn: &Connection, user_id: i64) -> Result<Option<String>> {
    Ok(conn.query_row(
        "SELECT min(date) FROM daily_total WHERE user_id = ?1",
        [user_id],
        |r| r.get(0),
    )?)
}

/// `(date, total_seconds)` for every cached day in `[start, end]`, in date order.
pub fn totals(
    conn: &Connection,
    user_id: i64,
    start: &str,
    end: &str,
) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT date, total_seconds FROM daily_total
         WHERE user_id = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY date",
    )?;
    let rows = stmt.query_map(params![user_id, start, end], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `(dimension, name, seconds)` summed over `[start, end]`, largest first per dimension.
pub fn item_sums(
    conn: &Connection,
    user_id: i64,
    start: &str,
    end: &str,
) -> Result<Vec<(String, String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT dimension, name, SUM(seconds) AS s FROM daily_item
         WHERE user_id = ?1 AND date BETWEEN ?2 AND ?3
         GROUP BY dimension, name ORDER BY dimension, s DESC, name",
    )?;
    let rows = stmt.query_map(params![user_id, start, end], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `(date, name, seconds)` of one dimension (`projects`, `languages`, ...) for every
/// cached day in `[start, end]`: by date, then most seconds first, then by name.
pub fn item_days(
    conn: &Connection,
    user_id: i64,
    dimension: &str,
    start: &str,
    end: &str,
) -> Result<Vec<(String, String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT date, name, seconds FROM daily_item
         WHERE user_id = ?1 AND dimension = ?2 AND date BETWEEN ?3 AND ?4
         ORDER BY date, seconds DESC, name",
    )?;
    let rows = stmt.query_map(params![user_id, dimension, start, end], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every name of one dimension in the whole cache with its seconds, most first.
pub fn names_by_time(
    conn: &Connection,
    user_id: i64,
    dimension: &str,
) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, SUM(seconds) AS s FROM daily_item
         WHERE user_id = ?1 AND dimension = ?2
         GROUP BY name ORDER BY s DESC, name",
    )?;
    let rows = stmt.query_map(params![user_id, dimension], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
