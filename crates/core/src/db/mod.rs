//! The SQLite file: opening it safely and bringing its schema up to date.
//!
//! Each table has its own module with its row type and named queries; no SQL lives
//! outside this module. Every write of more than one statement goes through
//! [`Database::write`], one `BEGIN IMMEDIATE` transaction.

pub mod daily_goal_table;
pub mod daily_summary_table;
pub mod desktop_session_table;
pub mod endpoint_snapshot_table;
pub mod goal_notice_table;
pub mod local_secret_table;
pub mod login_throttle_table;
mod migrations;
pub mod pending_auth_table;
pub mod setting_table;
pub mod student_table;
pub mod sync_state_table;
pub mod user_table;
pub mod wakatime_zone_table;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::{paths, Error, Result};

pub use migrations::{schema_version, LATEST_VERSION};

/// An open wakadesk database.
pub struct Database {
    conn: Connection,
    path: PathBuf,
}

impl Database {
    /// Opens (creating if needed) the database in `data_dir` and migrates it.
    pub fn open_in(data_dir: &Path) -> Result<Self> {
        paths::create_private_dir(data_dir).map_err(|source| Error::DataDirUnwritable {
            path: data_dir.to_path_buf(),
            source,
        })?;
        Self::open(&paths::database_path(data_dir))
    }

    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Self> {
        check_sqlite_version(rusqlite::version_number(), rusqlite::version())?;
        create_private_file(path);
        let mut conn = Connection::open(path).map_err(|e| open_error(path, e))?;
        keep_private(path);
        configure(&conn, path)?;
        migrations::migrate(&mut conn, path)?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one transaction and commits what it wrote, or nothing when it fails.
    /// See [`immediate`].
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        immediate(&mut self.conn, f)
    }
}

/// The one way a transaction is opened: `BEGIN IMMEDIATE`, which takes the write lock
/// at the start (waiting up to the busy timeout while another process holds it). A
/// deferred transaction that reads and then writes would instead fail with "database
/// is locked" when another process wrote in between. `f`'s error rolls it back.
pub(crate) fn immediate<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction<'_>) -> Result<T>,
) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let value = f(&tx)?;
    tx.commit()?;
    Ok(value)
}

/// Creates a missing database file empty and `0600` (whatever the umask), so SQLite
/// opens a private file: SQLite itself would create it `0644`, and tightening it
/// afterwards leaves a moment in which another user can open it and keep the handle.
/// Its WAL and shared-memory files are created with the database's mode. Any failure
/// is left to SQLite's open, which explains it.
#[cfg_attr(not(unix), allow(unused_variables))]
fn create_private_file(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        if path.as_os_str().is_empty() || path == Path::new(":memory:") {
            return;
        }
        // `create_new` fails on anything already there, a symlink included.
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path);
        if let Ok(file) = created {
            // A umask can only narrow the mode; give the owner both rights back.
            let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
        }
    }
}

/// Makes the database file readable and writable by its owner only; SQLite gives its
/// WAL and shared-memory files the same permissions. Best effort: a file on a
/// read-only disk keeps the permissions it has. Elsewhere the per-user profile folder
/// already keeps it private.
#[cfg_attr(not(unix), allow(unused_variables))]
fn keep_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.permissions().mode() & 0o077 != 0 {
                let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
            }
        }
    }
}

/// How long a statement waits for another process's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

fn configure(conn: &Connection, path: &Path) -> Result<()> {
    let failed = |e| open_error(path, e);
    conn.busy_timeout(BUSY_TIMEOUT).map_err(failed)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(failed)?;
    // WAL lets the window and the CLI read while the other writes. SQLite keeps the
    // old journal when the file system cannot hold WAL's shared-memory index.
    let mode = switch_to_wal(conn).map_err(failed)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::WalUnavailable {
            path: path.to_path_buf(),
        });
    }
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(failed)?;
    Ok(())
}

/// Sets WAL mode. Switching a new file takes an exclusive lock, and when processes
/// race to do it (two CLI commands on a fresh data directory) SQLite answers "busy" at
/// once instead of calling the busy handler, since waiting could deadlock; so the
/// switch is retried here for as long as the busy timeout.
fn switch_to_wal(conn: &Connection) -> rusqlite::Result<String> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)) {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

/// The oldest SQLite with what the schema uses: `STRICT` tables (3.37). On Linux the
/// library is the system's, so an old distribution is caught here, with what to do.
const OLDEST_SQLITE: (i32, &str) = (3_037_000, "3.37");

fn check_sqlite_version(number: i32, text: &'static str) -> Result<()> {
    if number < OLDEST_SQLITE.0 {
        return Err(Error::SqliteTooOld {
            found: text,
            needed: OLDEST_SQLITE.1,
        });
    }
    Ok(())
}

/// Turns a failure while opening into a message that names the file and what to do.
fn open_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::CorruptDatabase {
            path: path.to_path_buf(),
            detail: "not a SQLite database".into(),
        },
        Some(ErrorCode::DatabaseCorrupt) => Error::CorruptDatabase {
            path: path.to_path_buf(),
            detail: "the file is damaged".into(),
        },
        Some(
            ErrorCode::CannotOpen
            | ErrorCode::ReadOnly
            | ErrorCode::PermissionDenied
            | ErrorCode::DiskFull
            | ErrorCode::SystemIoFailure,
        ) => {
            let dir = path.parent().unwrap_or(path);
            if disk_is_full(dir) {
                Error::DiskFull
            } else {
                Error::DataDirUnwritable {
                    path: dir.to_path_buf(),
                    source: std::io::Error::other(e.to_string()),
                }
            }
        }
        _ => Error::Database(e),
    }
}

/// Whether writing a little in `dir` fails for want of space: while opening, SQLite
/// reports a full disk only as an I/O error.
fn disk_is_full(dir: &Path) -> bool {
    let probe = dir.join(".wakadesk-space-check");
    let written = std::fs::write(&probe, [0u8; 64 * 1024]);
    let _ = std::fs::remove_file(&probe);
    matches!(written, Err(e) if e.kind() == std::io::ErrorKind::StorageFull)
}

/// One database shared by the tasks of a process. Locks are held only for a few
/// statements at a time, never across a network call.
#[derive(Clone)]
pub struct SharedDatabase(Arc<Mutex<Database>>);

impl SharedDatabase {
    pub fn new(db: Database) -> Self {
        Self(Arc::new(Mutex::new(db)))
    }

    /// The database, locked. A panic in another holder does not poison it for good:
    /// every write is a transaction, so the file is consistent whatever happened.
    pub fn lock(&self) -> MutexGuard<'_, Database> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sqlite_in_use_is_new_enough_and_an_older_one_is_refused_with_what_to_do() {
        assert!(
            check_sqlite_version(rusqlite::version_number(), rusqlite::version()).is_ok(),
            "this machine's SQLite {} runs the schema",
            rusqlite::version()
        );
        let err = check_sqlite_version(3_034_001, "3.34.1").unwrap_err();
        assert_eq!(err.code(), "sqlite_too_old");
        let message = err.to_string();
        assert!(
            message.contains("3.34.1")
                && message.contains("3.37")
                && message.contains("libsqlite3-0"),
            "the message names both versions and the package: {message}"
        );
    }

    #[test]
    fn a_database_without_wal_is_refused_with_what_to_do() {
        // An in-memory database cannot use WAL, like a file on a share without shared
        // memory: SQLite answers with another journal mode.
        let err = match Database::open(Path::new(":memory:")) {
            Ok(_) => panic!("a database without WAL was accepted"),
            Err(e) => e,
        };
        assert_eq!(err.code(), "wal_unavailable", "{err}");
        let message = err.to_string();
        assert!(
            message.contains("shared memory") && message.contains("WAKADESK_DATA_DIR"),
            "says what is wrong and what to do: {message}"
        );
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind_and_a_good_one_commits() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Database::open_in(dir.path()).unwrap();
        let err = db
            .write(|tx| {
                setting_table::set(tx, "a", "1")?;
                Err::<(), _>(Error::MissingClientId)
            })
            .unwrap_err();
        assert_eq!(err.code(), "missing_client_id");
        assert_eq!(
            setting_table::get(db.conn(), "a").unwrap(),
            None,
            "rolled back"
        );
        db.write(|tx| setting_table::set(tx, "a", "2")).unwrap();
        let other = Database::open_in(dir.path()).unwrap();
        assert_eq!(
            setting_table::get(other.conn(), "a").unwrap().as_deref(),
            Some("2"),
            "committed for every connection"
        );
        assert!(db.conn().is_autocommit(), "no transaction left open");
    }
}
