//! Every account's connection to WakaTime or a compatible server, as one service:
//! [`Connections`] starts, finishes and cancels OAuth requests in the system browser
//! (their state stored in the database, so a freshly started process can finish one),
//! connects by API key, refreshes access tokens, checks and disconnects. Tokens exist
//! in memory only as [`Secret`]s and on disk only as Fernet ciphertext.
//!
//! Stats sync gets no more than an [`ApiAccess`]: a way to call the user's API with a
//! fresh credential, never the database or the HTTP client behind it.

mod api_access;
mod api_key;
mod api_root;
mod authorize;
mod disconnect;
mod identity;
mod profile_zone;
mod tokens;

use std::sync::Arc;

use crate::clock::SharedClock;
use crate::config::{InstallDefaults, WakatimeConfig};
use crate::db::SharedDatabase;
use crate::secret::Secret;
use crate::vault::TokenVault;
use crate::Result;

pub use api_access::ApiAccess;
pub(crate) use api_key::server_url;
pub use api_key::SERVER_PRESETS;
pub use authorize::Connected;
pub use disconnect::Disconnected;

/// Where the WakaTime settings come from.
#[derive(Debug, Clone)]
pub enum ConfigSource {
    /// Read at each use from every source in precedence order (`config::precedence`):
    /// the environment, the settings saved in the database, then these defaults (the
    /// app's normal mode).
    Loaded(InstallDefaults),
    /// A fixed configuration (tests, embedding).
    Fixed(Box<WakatimeConfig>),
}

/// The connections of every local account.
pub struct Connections {
    db: SharedDatabase,
    vault: Arc<TokenVault>,
    /// Cheap to make: it opens nothing before its first request.
    http: crate::http::Client,
    config: ConfigSource,
    clock: SharedClock,
    /// Refreshes run one at a time: WakaTime may rotate refresh tokens, and two
    /// concurrent refreshes with one token would log the user out.
    refreshing: tokio::sync::Mutex<()>,
}

impl Connections {
    pub fn new(
        db: SharedDatabase,
        vault: Arc<TokenVault>,
        config: ConfigSource,
        clock: SharedClock,
    ) -> Result<Self> {
        Ok(Self {
            db,
            vault,
            http: crate::http::client(),
            config,
            clock,
            refreshing: tokio::sync::Mutex::new(()),
        })
    }

    /// The same service with another per-request timeout (tests use short ones).
    pub fn with_request_timeout(mut self, timeout: std::time::Duration) -> Result<Self> {
        self.http = crate::http::client_with_timeout(timeout);
        Ok(self)
    }

    /// The current settings (re-read each time, so a saved change applies at once).
    pub fn config(&self) -> Result<WakatimeConfig> {
        match &self.config {
            ConfigSource::Loaded(defaults) => {
                WakatimeConfig::load(&self.db.lock(), Some(&self.vault), defaults)
            }
            ConfigSource::Fixed(c) => Ok((**c).clone()),
        }
    }

    /// Calls to the users' APIs, for stats sync.
    pub fn api(&self) -> ApiAccess<'_> {
        ApiAccess::new(self)
    }

    fn decrypt(&self, sealed: &str) -> Result<Secret<String>> {
        self.vault.decrypt(sealed)
    }

    fn now(&self) -> i64 {
        self.clock.unix()
    }
}
