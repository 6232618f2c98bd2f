//! What the WakaTime commands share: logging in from stdin, the key vault, and the
//! connections over the shared database.

use std::sync::Arc;

use wakadesk_core::accounts::{self, Account};
use wakadesk_core::clock::SharedClock;
use wakadesk_core::config::InstallDefaults;
use wakadesk_core::connections::{ConfigSource, Connections};
use wakadesk_core::db::{Database, SharedDatabase};
use wakadesk_core::vault::{KeySource, TokenVault};

use crate::args::AccountArgs;
use crate::error::CliResult;
use wakadesk_core::secret::Secret;

use crate::stdin::read_secret_line;

pub struct WakatimeSession {
    pub account: Account,
    pub db: SharedDatabase,
    pub connections: Connections,
    pub clock: SharedClock,
}

impl WakatimeSession {
    pub fn open(db: Database, who: &AccountArgs, clock: SharedClock) -> CliResult<Self> {
        Self::open_with_password(db, who, &read_secret_line()?, clock)
    }

    pub fn open_with_password(
        db: Database,
        who: &AccountArgs,
        password: &Secret<String>,
        clock: SharedClock,
    ) -> CliResult<Self> {
        let db = SharedDatabase::new(db);
        let account = accounts::login(&db, &who.email, password, &*clock)?;
        log::debug!("logged in as account {}", account.id);
        let source = KeySource::from_env();
        let vault = Arc::new(TokenVault::open(&source)?);
        log::trace!("token vault open, key from {}", source.describe());
        let config = ConfigSource::Loaded(InstallDefaults::current());
        let connections = Connections::new(db.clone(), vault, config, clock.clone())?;
        Ok(Self {
            account,
            db,
            connections,
            clock,
        })
    }
}

/// A runtime for the network commands; the others never start one.
pub fn runtime() -> CliResult<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::error::CliError::Output(format!("async runtime: {e}")))
}
