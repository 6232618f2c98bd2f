//! What the window keeps while it runs: the database, the token vault, and who is
//! logged in. Opening either store may fail (a read-only disk, no keyring); the window
//! still starts and says so, instead of crashing before it can explain.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use wakadesk_core::db::Database;
use wakadesk_core::paths;
use wakadesk_core::vault::{KeySource, TokenVault};

use crate::command_error::CommandError;

pub struct AppState {
    pub data_dir: Option<PathBuf>,
    database: Result<Mutex<Database>, CommandError>,
    /// Used by the WakaTime connection; held from startup so a keyring problem shows at once.
    pub vault: Result<TokenVault, CommandError>,
    session: Mutex<Session>,
}

/// The account logged in to this window, if any.
#[derive(Default)]
pub struct Session {
    pub user_id: Option<i64>,
}

impl AppState {
    pub fn load() -> Self {
        let data_dir = paths::data_dir();
        let database = data_dir
            .as_ref()
            .map_err(CommandError::from_ref)
            .and_then(|dir| Database::open_in(dir).map_err(CommandError::from))
            .map(Mutex::new);
        let vault = TokenVault::open(&KeySource::from_env()).map_err(CommandError::from);
        Self {
            data_dir: data_dir.ok(),
            database,
            vault,
            session: Mutex::new(Session::default()),
        }
    }

    /// The database, or the reason it could not be opened.
    pub fn db(&self) -> Result<MutexGuard<'_, Database>, CommandError> {
        match &self.database {
            Ok(db) => Ok(db.lock().unwrap_or_else(|poisoned| poisoned.into_inner())),
            Err(e) => Err(e.clone()),
        }
    }

    pub fn database_status(&self) -> Result<(), CommandError> {
        self.database.as_ref().map(|_| ()).map_err(Clone::clone)
    }

    pub fn session(&self) -> MutexGuard<'_, Session> {
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
