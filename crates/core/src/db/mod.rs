//! The SQLite file: opening it safely and bringing its schema up to date.
//!
//! Each table has its own module with its row type and named queries; no SQL lives
//! outside this module.

pub mod daily_summary_table;
pub mod endpoint_snapshot_table;
mod migrations;
pub mod pending_auth_table;
pub mod setting_table;
pub mod student_table;
pub mod sync_state_table;
pub mod user_table;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::Connection;

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
        std::fs::create_dir_all(data_dir).map_err(|source| Error::DataDirUnwritable {
            path: data_dir.to_path_buf(),
            source,
        })?;
        Self::open(&paths::database_path(data_dir))
    }

    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Self> {
        let mut conn = Connection::open(path).map_err(|e| open_error(path, e))?;
        configure(&conn).map_err(|e| open_error(path, e))?;
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

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // WAL lets the window and the CLI read while the other writes.
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidQuery);
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
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
        ) => Error::DataDirUnwritable {
            path: path.parent().unwrap_or(path).to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        },
        _ => Error::Database(e),
    }
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

/// Current time as Unix seconds, the one time format stored in the database.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
