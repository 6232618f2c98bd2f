//! The table `local_secret`: random keys a database keeps for itself, each made once
//! from the operating system's randomness on first use and never changed. They key
//! hashes of what must not be stored in clear (the log-in throttle's emails), so that
//! a hash cannot be looked up in a table computed beforehand nor matched with another
//! database's. They live in the same file as what they key: someone holding the file
//! can still test guesses one at a time.

use rand::rngs::OsRng;
use rand::RngCore;
use rusqlite::{params, Connection, OptionalExtension};
use zeroize::Zeroize;

use crate::secret::Secret;
use crate::Result;

/// The length of every key, in bytes.
pub const KEY_BYTES: usize = 32;

pub type LocalKey = Secret<[u8; KEY_BYTES]>;

/// The key called `name`, if it was made.
pub fn get(conn: &Connection, name: &str) -> Result<Option<LocalKey>> {
    Ok(conn
        .query_row(
            "SELECT value FROM local_secret WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?
        .map(Secret::new))
}

/// The key called `name`, made now if there is none. Called in a write transaction,
/// so processes starting at once agree on one key.
pub fn get_or_create(conn: &Connection, name: &str) -> Result<LocalKey> {
    if let Some(key) = get(conn, name)? {
        return Ok(key);
    }
    let mut fresh = [0u8; KEY_BYTES];
    OsRng.fill_bytes(&mut fresh);
    let inserted = conn.execute(
        "INSERT INTO local_secret (name, value) VALUES (?1, ?2)
         ON CONFLICT (name) DO NOTHING",
        params![name, fresh],
    );
    fresh.zeroize();
    inserted?;
    let key = conn.query_row(
        "SELECT value FROM local_secret WHERE name = ?1",
        [name],
        |r| r.get(0),
    )?;
    Ok(Secret::new(key))
}
