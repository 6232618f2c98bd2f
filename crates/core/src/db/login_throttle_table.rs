//! The table `login_throttle`: recent failed log-ins per email, so repeated guessing
//! slows down even across restarts. The email is stored only as a keyed hash (see
//! `accounts::throttle`), for addresses with and without an account alike.

use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleRow {
    /// Attempts counted since the last success or reset.
    pub failures: i64,
    pub first_failure_at: i64,
    pub last_failure_at: i64,
    /// No attempt is checked before this time (Unix seconds).
    pub locked_until: Option<i64>,
}

pub fn get(conn: &Connection, email_hash: &str) -> Result<Option<ThrottleRow>> {
    Ok(conn
        .query_row(
            "SELECT failures, first_failure_at, last_failure_at, locked_until
             FROM login_throttle WHERE email_hash = ?1",
            [email_hash],
            |r| {
                Ok(ThrottleRow {
                    failures: r.get(0)?,
                    first_failure_at: r.get(1)?,
                    last_failure_at: r.get(2)?,
                    locked_until: r.get(3)?,
                })
            },
        )
        .optional()?)
}

pub fn put(conn: &Connection, email_hash: &str, row: &ThrottleRow) -> Result<()> {
    conn.execute(
        "INSERT INTO login_throttle (email_hash, failures, first_failure_at, last_failure_at,
                                     locked_until)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (email_hash) DO UPDATE SET failures = excluded.failures,
             first_failure_at = excluded.first_failure_at,
             last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until",
        params![
            email_hash,
            row.failures,
            row.first_failure_at,
            row.last_failure_at,
            row.locked_until
        ],
    )?;
    Ok(())
}

/// Forgets the email's failures; true when there were any.
pub fn delete(conn: &Connection, email_hash: &str) -> Result<bool> {
    Ok(conn.execute(
        "DELETE FROM login_throttle WHERE email_hash = ?1",
        [email_hash],
    )? > 0)
}

/// Drops rows that no longer slow anything down: unlocked (or lock over) and whose last
/// failure is older than `before`.
pub fn prune(conn: &Connection, now: i64, before: i64) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM login_throttle
         WHERE last_failure_at < ?2 AND (locked_until IS NULL OR locked_until <= ?1)",
        params![now, before],
    )?)
}
