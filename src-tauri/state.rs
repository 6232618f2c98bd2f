//! What the window keeps while it runs: the clock, the database, the token vault, the
//! WakaTime connections, who is logged in, and per account how the last connection
//! attempt ended and where a running sync is.
//! Opening the stores may fail (a read-only disk, no keyring); the window still
//! starts and says so, instead of crashing before it can explain.
//!
//! The stores open on a thread of their own while the window and its page start:
//! the keyring answers over D-Bus, and waiting for it on the main thread holds up
//! WebKit. Whatever needs a store waits for that thread, never the main thread's
//! event loop: commands that use the stores run on the async runtime. The WakaTime
//! connections are made with them; their HTTP client (the system's certificates, tens
//! of milliseconds of work) waits for the first request, which no first screen makes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use wakadesk_core::clock::{Clock, SharedClock};
use wakadesk_core::config::InstallDefaults;
use wakadesk_core::connections::{ConfigSource, Connections};
use wakadesk_core::db::{Database, SharedDatabase};
use wakadesk_core::paths;
use wakadesk_core::stats::SyncStep;
use wakadesk_core::vault::{KeySource, TokenVault};

use crate::command_error::CommandError;

pub struct AppState {
    /// Every "now" of the window (`WAKADESK_NOW` can start it at another instant).
    clock: SharedClock,
    stores: OnceLock<Stores>,
    session: Mutex<Session>,
}

/// What is opened once at startup, or why it could not be.
struct Stores {
    data_dir: Option<PathBuf>,
    database: Result<SharedDatabase, CommandError>,
    vault: Result<Arc<TokenVault>, CommandError>,
    connections: Result<Connections, CommandError>,
}

/// Who is logged in to this window, and what the app knows per account while it runs.
/// Kept per account, so whoever logs in next never sees another account's problem or
/// sync.
#[derive(Default)]
pub struct Session {
    /// The account logged in to this window, if any.
    pub user_id: Option<i64>,
    /// Why the account's last connection attempt or check failed, until the next one.
    connect_errors: HashMap<i64, CommandError>,
    /// Where each account's running stats sync is; absent when none runs.
    syncs: HashMap<i64, SyncStep>,
}

impl Session {
    pub fn connect_error(&self, user_id: i64) -> Option<CommandError> {
        self.connect_errors.get(&user_id).cloned()
    }

    /// Records how the account's last attempt ended: `None` clears an earlier problem.
    pub fn set_connect_error(&mut self, user_id: i64, error: Option<CommandError>) {
        match error {
            Some(e) => self.connect_errors.insert(user_id, e),
            None => self.connect_errors.remove(&user_id),
        };
    }

    pub fn sync_step(&self, user_id: i64) -> Option<SyncStep> {
        self.syncs.get(&user_id).cloned()
    }

    /// Marks a sync of the account as started; false when one already runs.
    pub fn begin_sync(&mut self, user_id: i64) -> bool {
        if self.syncs.contains_key(&user_id) {
            return false;
        }
        self.syncs.insert(user_id, SyncStep::Saving);
        true
    }

    pub fn sync_reached(&mut self, user_id: i64, step: SyncStep) {
        self.syncs.insert(user_id, step);
    }

    pub fn end_sync(&mut self, user_id: i64) {
        self.syncs.remove(&user_id);
    }
}

impl Stores {
    fn open(clock: &SharedClock) -> Self {
        let data_dir = paths::data_dir();
        let database = data_dir
            .as_ref()
            .map_err(CommandError::from_ref)
            .and_then(|dir| Database::open_in(dir).map_err(CommandError::from))
            .map(SharedDatabase::new);
        let vault = TokenVault::open(&KeySource::from_env())
            .map(Arc::new)
            .map_err(CommandError::from);
        let connections = match (&database, &vault) {
            (Ok(db), Ok(vault)) => Connections::new(
                db.clone(),
                vault.clone(),
                ConfigSource::Loaded(InstallDefaults::current()),
                clock.clone(),
            )
            .map_err(CommandError::from),
            (Err(e), _) | (_, Err(e)) => Err(e.clone()),
        };
        Self {
            data_dir: data_dir.ok(),
            database,
            vault,
            connections,
        }
    }

    /// Stands in for stores whose opening panicked, so nothing waits forever.
    fn failed() -> Self {
        let error = CommandError::internal("opening the data folder and the keyring failed");
        Self {
            data_dir: None,
            database: Err(error.clone()),
            vault: Err(error.clone()),
            connections: Err(error),
        }
    }
}

impl AppState {
    pub fn new(clock: SharedClock) -> Self {
        Self {
            clock,
            stores: OnceLock::new(),
            session: Mutex::default(),
        }
    }

    /// Opens the database, the keyring and the WakaTime connections, once. Blocks
    /// while the keyring answers: call it off the main thread.
    pub fn open_stores(&self) {
        // Only the clock is shared with the attempt, and it is left as it was.
        let open = std::panic::AssertUnwindSafe(|| Stores::open(&self.clock));
        let stores = std::panic::catch_unwind(open).unwrap_or_else(|_| Stores::failed());
        // Before the stores are handed out, so the page's first question finds the
        // account kept logged in already in.
        if let Ok(db) = &stores.database {
            let kept = crate::companion::at_start(db, self.clock.unix());
            let mut session = self.session();
            if session.user_id.is_none() {
                session.user_id = kept;
            }
        }
        // A second call finds the stores already set and keeps them.
        let _ = self.stores.set(stores);
    }

    /// The stores, waiting for `open_stores` if it has not finished yet.
    fn stores(&self) -> &Stores {
        self.stores.wait()
    }

    /// Where the data lives, when it could be found.
    pub fn data_dir(&self) -> Option<&PathBuf> {
        self.stores().data_dir.as_ref()
    }

    /// The database when the stores have opened it, without waiting for them.
    pub fn opened_db(&self) -> Option<&SharedDatabase> {
        self.stores.get()?.database.as_ref().ok()
    }

    /// The database, or the reason it could not be opened.
    pub fn db(&self) -> Result<&SharedDatabase, CommandError> {
        self.stores().database.as_ref().map_err(Clone::clone)
    }

    pub fn vault(&self) -> Result<&TokenVault, CommandError> {
        self.stores().vault.as_deref().map_err(Clone::clone)
    }

    pub fn connections(&self) -> Result<&Connections, CommandError> {
        self.stores().connections.as_ref().map_err(Clone::clone)
    }

    pub fn clock(&self) -> &dyn Clock {
        &*self.clock
    }

    pub fn database_status(&self) -> Result<(), &CommandError> {
        self.stores().database.as_ref().map(|_| ())
    }

    pub fn vault_status(&self) -> Result<(), &CommandError> {
        self.stores().vault.as_ref().map(|_| ())
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
