//! What the window keeps while it runs: the database, the token vault, the OAuth
//! client, who is logged in, and how the last WakaTime connection attempt ended.
//! Opening the stores may fail (a read-only disk, no keyring); the window still
//! starts and says so, instead of crashing before it can explain.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use wakadesk_core::db::{Database, SharedDatabase};
use wakadesk_core::oauth::{ConfigSource, OAuthClient};
use wakadesk_core::paths;
use wakadesk_core::vault::{KeySource, TokenVault};

use crate::command_error::CommandError;

pub struct AppState {
    pub data_dir: Option<PathBuf>,
    database: Result<SharedDatabase, CommandError>,
    vault: Result<Arc<TokenVault>, CommandError>,
    oauth: Result<OAuthClient, CommandError>,
    session: Mutex<Session>,
}

/// This window's view of the user and their connection attempts.
#[derive(Default)]
pub struct Session {
    /// The account logged in to this window, if any.
    pub user_id: Option<i64>,
    /// Why the last answer from the browser could not connect, until the next attempt.
    pub connect_error: Option<CommandError>,
    /// Answers from the browser being finished right now (the request is already used
    /// up, the code not yet exchanged): the screen should still say "waiting".
    pub finishing: u32,
    /// Where the running stats sync is; None when no sync runs.
    pub sync_step: Option<wakadesk_core::stats::SyncStep>,
}

impl AppState {
    pub fn load() -> Self {
        let data_dir = paths::data_dir();
        let database = data_dir
            .as_ref()
            .map_err(CommandError::from_ref)
            .and_then(|dir| Database::open_in(dir).map_err(CommandError::from))
            .map(SharedDatabase::new);
        let vault = TokenVault::open(&KeySource::from_env())
            .map(Arc::new)
            .map_err(CommandError::from);
        let oauth = match (&database, &vault) {
            (Ok(db), Ok(vault)) => OAuthClient::new(db.clone(), vault.clone(), ConfigSource::Saved)
                .map_err(CommandError::from),
            (Err(e), _) | (_, Err(e)) => Err(e.clone()),
        };
        Self {
            data_dir: data_dir.ok(),
            database,
            vault,
            oauth,
            session: Mutex::new(Session::default()),
        }
    }

    /// The database, or the reason it could not be opened.
    pub fn db(&self) -> Result<&SharedDatabase, CommandError> {
        self.database.as_ref().map_err(Clone::clone)
    }

    pub fn vault(&self) -> Result<&TokenVault, CommandError> {
        self.vault.as_deref().map_err(Clone::clone)
    }

    pub fn oauth(&self) -> Result<&OAuthClient, CommandError> {
        self.oauth.as_ref().map_err(Clone::clone)
    }

    pub fn database_status(&self) -> Result<(), &CommandError> {
        self.database.as_ref().map(|_| ())
    }

    pub fn vault_status(&self) -> Result<(), &CommandError> {
        self.vault.as_ref().map(|_| ())
    }

    pub fn session(&self) -> MutexGuard<'_, Session> {
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The logged-in account, or an error asking to log in.
    pub fn user_id(&self) -> Result<i64, CommandError> {
        self.session()
            .user_id
            .ok_or_else(CommandError::not_logged_in)
    }
}
