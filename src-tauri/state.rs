//! What the window keeps while it runs: the clock, the database, the token vault, the
//! WakaTime connections, who is logged in, and per account how the last connection
//! attempt ended and where a running sync is.
//! Opening the stores may fail (a read-only disk, no keyring); the window still
//! starts and says so, instead of crashing before it can explain.
//!
//! The stores open on a thread of their own while the window and its page start:
//! the keyring answers over D-Bus, and waiting for it on the main thread holds up
//! WebKit. Whatever needs a store waits for that thread, never the main thread's
//! event loop: commands that use the stores run on the async runtime.
//! The WakaTime connections (their HTTP client loads the system's certificates, tens
//! of milliseconds of work) are made only once the page has asked its first question,
//! so they do not compete with WebKit for the processor before the first screen; no
//! first screen needs them.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use wakadesk_core::clock::{Clock, SharedClock};
use wakadesk_core::config::InstallDefaults;
use wakadesk_core::connections::{ConfigSource, Connections};
use wakadesk_core::db::{Database, SharedDatabase};
use wakadesk_core::paths;
use wakadesk_core::stats::SyncStep;
use wakadesk_core::vault::{KeySource, TokenVault};

use crate::command_error::CommandError;

/// How long the connections wait for the page's first question before they are made
/// anyway (a page that never asks must not leave a link from the browser waiting).
const FIRST_QUESTION_WAIT: Duration = Duration::from_secs(3);

pub struct AppState {
    /// Every "now" of the window (`WAKADESK_NOW` can start it at another instant).
    clock: SharedClock,
    stores: OnceLock<Stores>,
    connections: OnceLock<Result<Connections, CommandError>>,
    /// Whether the page has asked its first question (`startup_status`).
    first_question: (Mutex<bool>, Condvar),
    session: Mutex<Session>,
}

/// What is opened once at startup, or why it could not be.
struct Stores {
    data_dir: Option<PathBuf>,
    database: Result<SharedDatabase, CommandError>,
    vault: Result<Arc<TokenVault>, CommandError>,
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
    fn open() -> Self {
        let data_dir = paths::data_dir();
        let database = data_dir
            .as_ref()
            .map_err(CommandError::from_ref)
            .and_then(|dir| Database::open_in(dir).map_err(CommandError::from))
            .map(SharedDatabase::new);
        let vault = TokenVault::open(&KeySource::from_env())
            .map(Arc::new)
            .map_err(CommandError::from);
        Self {
            data_dir: data_dir.ok(),
            database,
            vault,
        }
    }

    /// Stands in for stores whose opening panicked, so nothing waits forever.
    fn failed() -> Self {
        let error = CommandError::internal("opening the data folder and the keyring failed");
        Self {
            data_dir: None,
            database: Err(error.clone()),
            vault: Err(error),
        }
    }

    /// The WakaTime connections over these stores, or why there are none.
    fn connect(&self, clock: &SharedClock) -> Result<Connections, CommandError> {
        match (&self.database, &self.vault) {
            (Ok(db), Ok(vault)) => Connections::new(
                db.clone(),
                vault.clone(),
                ConfigSource::Loaded(InstallDefaults::current()),
                clock.clone(),
            )
            .map_err(CommandError::from),
            (Err(e), _) | (_, Err(e)) => Err(e.clone()),
        }
    }
}

impl AppState {
    pub fn new(clock: SharedClock) -> Self {
        Self {
            clock,
            stores: OnceLock::new(),
            connections: OnceLock::new(),
            first_question: (Mutex::new(false), Condvar::new()),
            session: Mutex::default(),
        }
    }

    /// Opens the database and the keyring, then, once the page has asked its first
    /// question (or after `FIRST_QUESTION_WAIT`), the WakaTime connections; once.
    /// Blocks while the keyring answers and while it waits: call it off the main thread.
    pub fn open_stores(&self) {
        let stores = std::panic::catch_unwind(Stores::open).unwrap_or_else(|_| Stores::failed());
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
        let stores = self.stores.get_or_init(|| stores);
        self.wait_for_first_question();
        // Only the clock is shared with the attempt, and it is left as it was.
        let connect = std::panic::AssertUnwindSafe(|| stores.connect(&self.clock));
        let connections = std::panic::catch_unwind(connect).unwrap_or_else(|_| {
            Err(CommandError::internal(
                "setting up the connections to WakaTime failed",
            ))
        });
        let _ = self.connections.set(connections);
    }

    /// The page has asked its first question: its first screen is up.
    pub fn first_question_asked(&self) {
        let (asked, changed) = &self.first_question;
        *asked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = true;
        changed.notify_all();
    }

    fn wait_for_first_question(&self) {
        let (asked, changed) = &self.first_question;
        let asked = asked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let _ = changed.wait_timeout_while(asked, FIRST_QUESTION_WAIT, |asked| !*asked);
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

    /// The WakaTime connections, waiting for `open_stores` to make them.
    pub fn connections(&self) -> Result<&Connections, CommandError> {
        self.connections.wait().as_ref().map_err(Clone::clone)
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
