//! The `pending_auth` table: OAuth requests sent to the browser and not yet answered.
//!
//! Stored rather than held in memory because the answer may reach a freshly started
//! process (a deep link that cold-starts the app). The state is kept only as a hash and
//! the PKCE verifier only as ciphertext, so the file alone cannot complete a request.

use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

pub struct NewPendingAuth<'a> {
    pub state_hash: &'a str,
    pub user_id: i64,
    pub code_verifier_encrypted: &'a str,
    pub redirect_uri: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAuthRow {
    pub id: i64,
    pub user_id: i64,
    pub code_verifier_encrypted: String,
    pub redirect_uri: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub fn insert(conn: &Connection, p: &NewPendingAuth<'_>) -> Result<i64> {
    // `reconnect` (schema 2) said whether to force the consent screen; every request
    // forces it now, so the column is written as 0 and read by nothing.
    conn.execute(
        "INSERT INTO pending_auth (state_hash, user_id, code_verifier_encrypted, redirect_uri,
                                   reconnect, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)",
        params![
            p.state_hash,
            p.user_id,
            p.code_verifier_encrypted,
            p.redirect_uri,
            p.created_at,
            p.expires_at
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn find_by_state_hash(conn: &Connection, state_hash: &str) -> Result<Option<PendingAuthRow>> {
    Ok(conn
        .query_row(
            "SELECT id, user_id, code_verifier_encrypted, redirect_uri, expires_at, used_at
             FROM pending_auth WHERE state_hash = ?1",
            [state_hash],
            |r| {
                Ok(PendingAuthRow {
                    id: r.get(0)?,
                    user_id: r.get(1)?,
                    code_verifier_encrypted: r.get(2)?,
                    redirect_uri: r.get(3)?,
                    expires_at: r.get(4)?,
                    used_at: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// Marks the request used; false when it already was (another process won the race).
pub fn mark_used(conn: &Connection, id: i64, now: i64) -> Result<bool> {
    let n = conn.execute(
        "UPDATE pending_auth SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL",
        params![id, now],
    )?;
    Ok(n == 1)
}

/// Whether the user has a request still waiting for the browser.
pub fn has_open(conn: &Connection, user_id: i64, now: i64) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM pending_auth WHERE user_id = ?1 AND used_at IS NULL AND expires_at > ?2",
            params![user_id, now],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Withdraws every open request of the user (Cancel), keeping them as used.
pub fn cancel_open(conn: &Connection, user_id: i64, now: i64) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE pending_auth SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL",
        params![user_id, now],
    )?)
}

/// Forgets requests that ended more than a day ago; recent ones stay to recognise replays.
pub fn prune(conn: &Connection, now: i64) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM pending_auth WHERE expires_at < ?1",
        [now - 86_400],
    )?)
}
