//! What the WakaTime commands share: logging in from stdin, the key vault, and the
//! OAuth client over the shared database.

use std::sync::Arc;

use wakadesk_core::accounts::{self, Account};
use wakadesk_core::db::{Database, SharedDatabase};
use wakadesk_core::oauth::{ConfigSource, OAuthClient};
use wakadesk_core::vault::{KeySource, TokenVault};

use crate::args::AccountArgs;
use crate::error::CliResult;
use wakadesk_core::secret::Secret;

use crate::stdin::read_secret_line;

pub struct WakatimeSession {
    pub account: Account,
    pub oauth: OAuthClient,
}

impl WakatimeSession {
    pub fn open(db: Database, who: &AccountArgs) -> CliResult<Self> {
        Self::open_with_password(db, who, &read_secret_line()?)
    }

    pub fn open_with_password(
        db: Database,
        who: &AccountArgs,
        password: &Secret<String>,
    ) -> CliResult<Self> {
        let account = accounts::login(&db, &who.email, password)?;
        log::debug!("logged in as account {}", account.id);
        let source = KeySource::from_env();
        let vault = Arc::new(TokenVault::open(&source)?);
        log::trace!("token vault open, key from {}", source.describe());
        let oauth = OAuthClient::new(SharedDatabase::new(db), vault, ConfigSource::Saved)?;
        Ok(Self { account, oauth })
    }
}

/// A runtime for the network commands; the others never start one.
pub fn runtime() -> CliResult<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::error::CliError::Output(format!("async runtime: {e}")))
}
