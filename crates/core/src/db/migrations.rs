//! Versioned schema. Migrations are only ever appended: a shipped one is never edited,
//! because databases in the field already ran it. `PRAGMA user_version` records how
//! many have run; each runs in its own transaction, so a failure leaves the previous
//! version intact. A database from a newer wakadesk is refused rather than guessed at.

use std::path::Path;

use rusqlite::Connection;

use crate::{Error, Result};

/// The schema, one entry per version (entry 0 takes a new file to version 1).
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: users, with room for the WakaTime connection, and their student details.
    "CREATE TABLE user (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL COLLATE NOCASE UNIQUE,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        password TEXT NOT NULL CHECK (password LIKE '$argon2id$%'),
        wakatime_access_token_encrypted TEXT,
        wakatime_refresh_token_encrypted TEXT,
        wakatime_token_expires_at INTEGER,
        wakatime_scopes TEXT,
        wakatime_user_id TEXT,
        wakatime_username TEXT,
        wakatime_connected_at INTEGER,
        created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE student (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL UNIQUE REFERENCES user (id) ON DELETE CASCADE,
        batch TEXT NOT NULL CHECK (length(trim(batch)) > 0),
        project TEXT NOT NULL CHECK (length(trim(project)) > 0)
    ) STRICT;",
    // 2: OAuth requests waiting for the browser (kept after use, so a replay is
    // recognised), and app settings such as the WakaTime client credentials.
    "CREATE TABLE pending_auth (
        id INTEGER PRIMARY KEY,
        state_hash TEXT NOT NULL UNIQUE,
        user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
        code_verifier_encrypted TEXT NOT NULL,
        redirect_uri TEXT NOT NULL,
        reconnect INTEGER NOT NULL CHECK (reconnect IN (0, 1)),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
    ) STRICT;
    CREATE INDEX pending_auth_user ON pending_auth (user_id);
    CREATE TABLE setting (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;",
    // 3: the stats cache, per user: daily totals with their breakdowns, the last
    // answer of other endpoints, and how far syncing got. Clearing a user's access
    // token (disconnecting) clears their cache, whoever does it.
    "CREATE TABLE daily_total (
        user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        total_seconds INTEGER NOT NULL CHECK (total_seconds >= 0),
        fetched_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, date)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE daily_item (
        user_id INTEGER NOT NULL,
        date TEXT NOT NULL,
        dimension TEXT NOT NULL CHECK (dimension IN
            ('languages', 'projects', 'editors', 'operating_systems', 'categories')),
        name TEXT NOT NULL,
        seconds INTEGER NOT NULL CHECK (seconds >= 0),
        PRIMARY KEY (user_id, date, dimension, name),
        FOREIGN KEY (user_id, date) REFERENCES daily_total (user_id, date) ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE endpoint_snapshot (
        user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
        endpoint TEXT NOT NULL,
        body TEXT NOT NULL,
        fetched_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, endpoint)
    ) STRICT;
    CREATE TABLE sync_state (
        user_id INTEGER PRIMARY KEY REFERENCES user (id) ON DELETE CASCADE,
        synced_through TEXT,
        last_success_at INTEGER,
        last_attempt_at INTEGER,
        last_problem TEXT,
        calculating_percent REAL
    ) STRICT;
    CREATE TRIGGER forget_stats_on_disconnect
    AFTER UPDATE OF wakatime_access_token_encrypted ON user
    WHEN NEW.wakatime_access_token_encrypted IS NULL
    BEGIN
        DELETE FROM daily_total WHERE user_id = NEW.id;
        DELETE FROM endpoint_snapshot WHERE user_id = NEW.id;
        DELETE FROM sync_state WHERE user_id = NEW.id;
    END;",
    // 4: connections by API key to WakaTime-compatible servers, beside OAuth. The key
    // is stored in the access token column (so "connected" keeps its meaning), with
    // the server's API root; NULL kind on an older row means OAuth.
    "ALTER TABLE user ADD COLUMN wakatime_auth_kind TEXT
        CHECK (wakatime_auth_kind IN ('oauth', 'api_key'));
    ALTER TABLE user ADD COLUMN wakatime_api_url TEXT;",
    // 5: log-in attempts per email (as a SHA-256, for addresses with or without an
    // account), so repeated failed log-ins slow down even across restarts.
    "CREATE TABLE login_throttle (
        email_hash TEXT PRIMARY KEY CHECK (length(email_hash) = 64),
        failures INTEGER NOT NULL CHECK (failures > 0),
        first_failure_at INTEGER NOT NULL,
        last_failure_at INTEGER NOT NULL,
        locked_until INTEGER
    ) STRICT;",
];

/// The schema version this build of wakadesk writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The version recorded in the database.
pub fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let found = schema_version(conn)?;
    if found > LATEST_VERSION {
        return Err(Error::NewerDatabase {
            path: path.to_path_buf(),
            found,
            supported: LATEST_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = index as i64 + 1;
        // Another process may be migrating the same file at this moment (two CLI
        // commands on a fresh data directory): the transaction takes the write lock
        // first, and the version is read again under it, so each migration runs
        // exactly once.
        super::immediate(conn, |tx| {
            if schema_version(tx)? < version {
                tx.execute_batch(sql)?;
                tx.pragma_update(None, "user_version", version)?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a, enough to notice an edited migration.
    fn fingerprint(sql: &str) -> u64 {
        sql.bytes().fold(0xcbf29ce484222325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
        })
    }

    /// Fingerprints of shipped migrations. Append a line for a new migration; never
    /// change an existing one.
    const SHIPPED: &[u64] = &[
        0x4d56_39f6_7452_81e6,
        0x3395_95e2_d9f0_4935,
        0xc7e2_5b0d_76a8_4eaa,
        0xcafc_5570_c4da_8323,
        0x795f_42e5_2e40_c967,
    ];

    #[test]
    fn shipped_migrations_are_never_edited() {
        let actual: Vec<u64> = MIGRATIONS.iter().map(|m| fingerprint(m)).collect();
        assert!(
            actual.len() >= SHIPPED.len(),
            "a shipped migration was removed"
        );
        for (i, (a, s)) in actual.iter().zip(SHIPPED).enumerate() {
            assert_eq!(
                a,
                s,
                "migration {} changed: add a new one instead (fingerprint {a:#x})",
                i + 1
            );
        }
        assert_eq!(
            actual.len(),
            SHIPPED.len(),
            "record the fingerprint of the new migration in SHIPPED: {:#x?}",
            &actual[SHIPPED.len()..]
        );
    }

    #[test]
    fn every_migration_applies_from_every_earlier_version() {
        for start in 0..=MIGRATIONS.len() {
            let mut conn = Connection::open_in_memory().unwrap();
            conn.pragma_update(None, "foreign_keys", "ON").unwrap();
            for (i, sql) in MIGRATIONS.iter().take(start).enumerate() {
                conn.execute_batch(sql).unwrap();
                conn.pragma_update(None, "user_version", i as i64 + 1)
                    .unwrap();
            }
            migrate(&mut conn, Path::new(":memory:")).expect("migration from an earlier version");
            assert_eq!(
                schema_version(&conn).unwrap(),
                LATEST_VERSION,
                "from version {start}"
            );
            let problems: i64 = conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(
                problems, 0,
                "foreign keys inconsistent after migrating from {start}"
            );
            let ok: String = conn
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(ok, "ok", "integrity after migrating from {start}");
        }
    }

    #[test]
    fn a_database_from_a_newer_version_is_refused_and_left_alone() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn, Path::new("x.sqlite3")).unwrap_err();
        assert_eq!(err.code(), "newer_database", "got {err}");
        assert!(err.to_string().contains("newer version"), "message: {err}");
        assert_eq!(
            schema_version(&conn).unwrap(),
            LATEST_VERSION + 1,
            "version untouched"
        );
    }
}
