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
    // 6: days are the user's days. The account's time zone as learned from its server
    // (and when it was last asked), so "today" is the user's; the zone the cached days
    // are in, NULL for caches written before (UTC days), which the next sync fetches
    // again; how many days of history the account's plan serves; and where a first sync
    // in windows stopped, so it resumes there.
    "CREATE TABLE wakatime_zone (
        user_id INTEGER PRIMARY KEY REFERENCES user (id) ON DELETE CASCADE,
        zone TEXT NOT NULL CHECK (length(zone) > 0),
        checked_at INTEGER NOT NULL,
        answer_label TEXT
    ) STRICT;
    ALTER TABLE sync_state ADD COLUMN cache_zone TEXT;
    ALTER TABLE sync_state ADD COLUMN history_limit_days INTEGER
        CHECK (history_limit_days > 0);
    ALTER TABLE sync_state ADD COLUMN backfill_next TEXT
        CHECK (backfill_next GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
    CREATE TRIGGER forget_zone_on_disconnect
    AFTER UPDATE OF wakatime_access_token_encrypted ON user
    WHEN NEW.wakatime_access_token_encrypted IS NULL
    BEGIN
        DELETE FROM wakatime_zone WHERE user_id = NEW.id;
    END;",
    // 7: the client id of the WakaTime app each OAuth grant was made with, so a change
    // of app in Settings says which connections must reconnect, and a grant is never
    // refreshed or revoked as another app's. NULL for API keys and older grants.
    "ALTER TABLE user ADD COLUMN wakatime_client_id TEXT;",
    // 8: random keys this database keeps for itself, made on first use: the log-in
    // throttle's, so its rows are keyed by an HMAC of the email instead of a plain
    // SHA-256 that a guess (or a password typed into the email field) could be checked
    // against. Rows under the old hash are only failure counters: they are dropped.
    "CREATE TABLE local_secret (
        name TEXT PRIMARY KEY,
        value BLOB NOT NULL CHECK (length(value) = 32)
    ) STRICT;
    DELETE FROM login_throttle;",
    // 9: a student's project as their WakaTime data names it, chosen among the synced
    // project names when none matches the registered one (which is kept as typed), and
    // the day their weeks start on; each account's daily goal in minutes (no row: no
    // goal). Neither is part of the connection, so disconnecting keeps them.
    "ALTER TABLE student ADD COLUMN wakatime_project TEXT
        CHECK (length(trim(wakatime_project)) > 0);
    ALTER TABLE student ADD COLUMN week_start TEXT NOT NULL DEFAULT 'monday'
        CHECK (week_start IN ('monday', 'sunday'));
    CREATE TABLE daily_goal (
        user_id INTEGER PRIMARY KEY REFERENCES user (id) ON DELETE CASCADE,
        minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
        set_at INTEGER NOT NULL
    ) STRICT;",
    // 10: the desktop companion. Who is logged in on this computer outside a password
    // prompt: the account that ticked "Keep me logged in" (at most one, until it logs
    // out) and the account logged in to the running window (with the window's process
    // id, so the tray can tell a window that ended without saying so); and the last day
    // each account was told its goal was met, so it is told once a day.
    "CREATE TABLE desktop_session (
        kind TEXT PRIMARY KEY CHECK (kind IN ('kept', 'window')),
        user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
        window_pid INTEGER CHECK (window_pid > 0),
        started_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE goal_notice (
        user_id INTEGER PRIMARY KEY REFERENCES user (id) ON DELETE CASCADE,
        day TEXT NOT NULL
            CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
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
    use rusqlite::types::Value;

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
        0x5bbc_8047_4f78_414e,
        0xc7d5_6d2c_5b28_49d8,
        0xbf69_8808_7355_818a,
        0xc657_dcd7_d953_159b,
        0xce97_05ec_fcc0_8aa8,
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

    /// Rows for the tables each migration creates or changes, inserted right after it,
    /// as a database that lived through every version would have them. Append an entry
    /// for a new migration.
    const ROWS: &[&str] = &[
        // 1: a connected student and a user without WakaTime.
        "INSERT INTO user (id, email, name, password, wakatime_access_token_encrypted,
             wakatime_refresh_token_encrypted, wakatime_token_expires_at, wakatime_scopes,
             wakatime_user_id, wakatime_username, wakatime_connected_at, created_at)
         VALUES (1, 'Ada@Example.com', 'Ada Lovelace', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
             'gAAAAABaccess', 'gAAAAABrefresh', 1900000000, 'read_summaries,read_stats',
             'b0b5e8a4-0000-4000-8000-000000000001', 'ada', 1700000000, 1690000000),
             (2, 'bob@example.com', 'Bob', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$Ym9i',
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1690000100);
         INSERT INTO student (id, user_id, batch, project) VALUES (1, 1, '2026-A', 'Compiler');",
        // 2: a request waiting for the browser, a used one, and the app's settings.
        "INSERT INTO pending_auth (id, state_hash, user_id, code_verifier_encrypted,
             redirect_uri, reconnect, created_at, expires_at, used_at)
         VALUES (1, 'a1b2', 2, 'gAAAAABverifier', 'org.wakadesk.desktop:/oauth/callback', 0,
             1700000000, 1700000600, NULL),
             (2, 'c3d4', 1, 'gAAAAABverifier2', 'http://127.0.0.1:53682/oauth/callback', 1,
             1700000000, 1700000600, 1700000100);
         INSERT INTO setting (key, value) VALUES ('wakatime_client_id', 'client-1'),
             ('wakatime_client_secret_encrypted', 'gAAAAABsecret');",
        // 3: Ada's cached figures and how far her sync got.
        "INSERT INTO daily_total (user_id, date, total_seconds, fetched_at)
         VALUES (1, '2025-03-01', 7200, 1700000000), (1, '2025-03-02', 0, 1700000000);
         INSERT INTO daily_item (user_id, date, dimension, name, seconds)
         VALUES (1, '2025-03-01', 'languages', 'Rust', 5400),
             (1, '2025-03-01', 'languages', 'Python', 1800),
             (1, '2025-03-01', 'operating_systems', 'Linux', 7200);
         INSERT INTO endpoint_snapshot (user_id, endpoint, body, fetched_at)
         VALUES (1, 'all_time_since_today', '{\"text\":\"2 hrs\"}', 1700000000);
         INSERT INTO sync_state (user_id, synced_through, last_success_at, last_attempt_at,
             last_problem, calculating_percent)
         VALUES (1, '2025-03-02', 1700000000, 1700000050, 'HTTP 500', 42.5);",
        // 4: Bob connected to a Wakapi server by API key.
        "UPDATE user SET wakatime_access_token_encrypted = 'gAAAAABkey',
             wakatime_username = 'bob', wakatime_connected_at = 1700000200,
             wakatime_auth_kind = 'api_key',
             wakatime_api_url = 'https://wakapi.example/api/compat/wakatime/v1'
         WHERE id = 2;",
        // 5: failed log-ins for an address.
        "INSERT INTO login_throttle (email_hash, failures, first_failure_at,
             last_failure_at, locked_until)
         VALUES ('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 3,
             1700000000, 1700000060, 1700000120);",
        // 6: Bob's zone as his server said it, and a first sync of his in windows that
        // stopped halfway, on a plan with 14 days of history.
        "INSERT INTO wakatime_zone (user_id, zone, checked_at, answer_label)
         VALUES (2, 'Asia/Kolkata', 1700000300, 'IST');
         INSERT INTO sync_state (user_id, synced_through, last_success_at, last_attempt_at,
             last_problem, calculating_percent, cache_zone, history_limit_days, backfill_next)
         VALUES (2, '2025-03-02', NULL, 1700000300, NULL, NULL, 'Asia/Kolkata', 14,
             '2025-02-20');",
        // 7: Ada's grant, made with the app of client id `client-1`.
        "UPDATE user SET wakatime_client_id = 'client-1' WHERE id = 1;",
        // 8: the throttle's key, and failed log-ins counted under it.
        "INSERT INTO local_secret (name, value) VALUES ('login_throttle', zeroblob(32));
         INSERT INTO login_throttle (email_hash, failures, first_failure_at,
             last_failure_at, locked_until)
         VALUES ('5d1b06f1f0f3b1b5c3fa0ea2d87b6d5f4e4bc6bd3b7c56fd5bb1b7e9f8a7c3d2', 2,
             1700000400, 1700000460, NULL);",
        // 9: Ada chose her WakaTime project and starts her weeks on Sunday; both have
        // a daily goal.
        "UPDATE student SET wakatime_project = 'compiler-v2', week_start = 'sunday'
         WHERE user_id = 1;
         INSERT INTO daily_goal (user_id, minutes, set_at)
         VALUES (1, 90, 1700000500), (2, 30, 1700000600);",
        // 10: Ada kept logged in, Bob in the running window, and Ada told of her goal.
        "INSERT INTO desktop_session (kind, user_id, window_pid, started_at)
         VALUES ('kept', 1, NULL, 1700000700), ('window', 2, 4242, 1700000800);
         INSERT INTO goal_notice (user_id, day) VALUES (1, '2026-11-30');",
    ];

    /// Tables a migration empties on purpose, with that migration's version: their rows
    /// from before it are gone after it.
    const EMPTIED: &[(&str, usize)] = &[("login_throttle", 8)];

    /// A table's name, its columns, and every row's values.
    type Table = (String, Vec<String>, Vec<Vec<Value>>);

    /// Every row of every table, by table, with the table's columns.
    fn every_row(conn: &Connection) -> Vec<Table> {
        let mut tables = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap();
        let names: Vec<String> = tables
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        names
            .into_iter()
            .map(|table| {
                let columns = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
                let columns: Vec<String> = columns
                    .column_names()
                    .iter()
                    .map(|c| c.to_string())
                    .collect();
                let rows = rows_of(conn, &table, &columns);
                (table, columns, rows)
            })
            .collect()
    }

    /// `columns` of every row of `table`, in a stable order.
    fn rows_of(conn: &Connection, table: &str, columns: &[String]) -> Vec<Vec<Value>> {
        let list = columns.join(", ");
        let mut stmt = conn
            .prepare(&format!("SELECT {list} FROM {table} ORDER BY {list}"))
            .unwrap();
        stmt.query_map([], |row| (0..columns.len()).map(|i| row.get(i)).collect())
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn rows_written_at_every_older_version_survive_migrating_to_the_newest() {
        assert_eq!(
            ROWS.len(),
            MIGRATIONS.len(),
            "add rows for the new migration's tables"
        );
        for start in 1..=MIGRATIONS.len() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("wakadesk.sqlite3");
            let before = {
                let conn = Connection::open(&path).unwrap();
                conn.pragma_update(None, "foreign_keys", "ON").unwrap();
                for (i, (sql, rows)) in MIGRATIONS.iter().zip(ROWS).take(start).enumerate() {
                    conn.execute_batch(sql).unwrap();
                    conn.pragma_update(None, "user_version", i as i64 + 1)
                        .unwrap();
                    conn.execute_batch(rows)
                        .unwrap_or_else(|e| panic!("rows of version {}: {e}", i + 1));
                }
                every_row(&conn)
            };
            let filled = before
                .iter()
                .filter(|(_, _, rows)| !rows.is_empty())
                .count();
            assert!(
                filled >= 2,
                "version {start}: rows in its tables: {before:?}"
            );

            let db = crate::db::Database::open(&path).expect("an older database opens");
            assert_eq!(
                schema_version(db.conn()).unwrap(),
                LATEST_VERSION,
                "from {start}"
            );
            for (table, columns, rows) in &before {
                let emptied = EMPTIED
                    .iter()
                    .any(|(emptied, by)| emptied == table && start < *by);
                let expected = if emptied { &[][..] } else { &rows[..] };
                assert_eq!(
                    rows_of(db.conn(), table, columns),
                    expected,
                    "from version {start}: the rows of {table} are {}",
                    if emptied { "dropped" } else { "intact" }
                );
            }
            let ada = crate::accounts::get(&db, 1).expect("Ada's account reads");
            assert_eq!(ada.email, "Ada@Example.com", "from {start}");
            assert!(
                ada.wakatime.connected,
                "from {start}: Ada is still connected"
            );
            assert_eq!(
                ada.wakatime.server, None,
                "from {start}: by OAuth (no kind)"
            );
            assert_eq!(
                ada.student.map(|s| s.batch).as_deref(),
                Some("2026-A"),
                "from {start}: still a student"
            );
            let bob = crate::accounts::get(&db, 2).expect("Bob's account reads");
            assert_eq!(
                bob.wakatime.connected,
                start >= 4,
                "from {start}: Bob's key"
            );
            let problems: i64 = db
                .conn()
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(problems, 0, "foreign keys after migrating from {start}");
        }
    }

    #[test]
    fn throttle_rows_under_the_old_hash_are_dropped_and_counting_starts_afresh() {
        use sha2::{Digest, Sha256};
        const NOW: i64 = 1_800_000_000;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wakadesk.sqlite3");
        let old_hash: String = Sha256::digest(b"carol@example.com")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        {
            let conn = Connection::open(&path).unwrap();
            for (i, (sql, rows)) in MIGRATIONS.iter().zip(ROWS).take(6).enumerate() {
                conn.execute_batch(sql).unwrap();
                conn.pragma_update(None, "user_version", i as i64 + 1)
                    .unwrap();
                conn.execute_batch(rows).unwrap();
            }
            conn.execute(
                "INSERT INTO login_throttle (email_hash, failures, first_failure_at,
                     last_failure_at, locked_until) VALUES (?1, 9, ?2, ?2, ?3)",
                rusqlite::params![old_hash, NOW - 60, NOW + 3600],
            )
            .unwrap();
        }
        let mut db = crate::db::Database::open(&path).expect("a version 6 database opens");
        let rows: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM login_throttle", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 0, "the rows under the old hash are gone");
        crate::accounts::throttle::count_attempt(&mut db, "carol@example.com", NOW)
            .expect("the old lock no longer holds");
        let stored: String = db
            .conn()
            .query_row("SELECT email_hash FROM login_throttle", [], |r| r.get(0))
            .unwrap();
        assert_ne!(stored, old_hash, "counted afresh under the keyed hash");
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
