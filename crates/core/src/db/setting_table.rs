//! The `setting` table: small named values the user sets once (the WakaTime app's
//! client id, and its client secret as Fernet ciphertext).

use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

pub const WAKATIME_CLIENT_ID: &str = "wakatime_client_id";
pub const WAKATIME_CLIENT_SECRET_ENCRYPTED: &str = "wakatime_client_secret_encrypted";

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
