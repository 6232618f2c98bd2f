//! Connecting a local account to WakaTime with OAuth 2.0 in the system browser.
//!
//! [`OAuthClient`] starts a request (state and PKCE verifier stored in the database, so
//! a freshly started process can finish it), finishes it from the redirect URL, keeps
//! the access token fresh, and disconnects. Tokens exist in memory only as
//! [`Secret`]s and on disk only as Fernet ciphertext.

pub mod api_key;
mod authorize;
pub mod callback;
mod disconnect;
pub mod pkce;
mod token_endpoint;
pub mod token_response;
mod tokens;

use std::sync::Arc;

use crate::config::WakatimeConfig;
use crate::db::SharedDatabase;
use crate::secret::Secret;
use crate::vault::TokenVault;
use crate::Result;

pub use authorize::Connected;
pub use disconnect::Disconnected;

/// The redirect of the window: a private-use scheme (RFC 8252 §7.1) from the app id.
pub const DEEP_LINK_REDIRECT_URI: &str = "org.wakadesk.desktop:/oauth/callback";
/// Path of the loopback redirect the CLI listens on (RFC 8252 §7.3).
pub const LOOPBACK_PATH: &str = "/oauth/callback";
/// Default port of the CLI's loopback redirect.
pub const DEFAULT_LOOPBACK_PORT: u16 = 53682;
/// What wakadesk asks to read.
pub const SCOPES: &str = "read_summaries,read_stats";
/// How long the browser has to answer.
pub const REQUEST_LIFETIME_SECS: i64 = 600;
/// A token this close to expiry is refreshed before use.
pub const REFRESH_MARGIN_SECS: i64 = 86_400;

/// The loopback redirect URI for a port, as it must be registered at wakatime.com/apps.
pub fn loopback_redirect_uri(port: u16) -> String {
    format!("http://127.0.0.1:{port}{LOOPBACK_PATH}")
}

/// Where the WakaTime settings come from.
#[derive(Debug, Clone)]
pub enum ConfigSource {
    /// The environment, then the settings saved in the database (the app's normal mode).
    Saved,
    /// A fixed configuration (tests, embedding).
    Fixed(Box<WakatimeConfig>),
}

/// wakadesk as an OAuth client of WakaTime, for every local account.
pub struct OAuthClient {
    db: SharedDatabase,
    vault: Arc<TokenVault>,
    http: reqwest::Client,
    config: ConfigSource,
    /// Refreshes run one at a time: WakaTime may rotate refresh tokens, and two
    /// concurrent refreshes with one token would log the user out.
    refreshing: tokio::sync::Mutex<()>,
}

impl OAuthClient {
    pub fn new(db: SharedDatabase, vault: Arc<TokenVault>, config: ConfigSource) -> Result<Self> {
        Ok(Self {
            db,
            vault,
            http: crate::http::client()?,
            config,
            refreshing: tokio::sync::Mutex::new(()),
        })
    }

    /// The same client with another per-request timeout (tests use short ones).
    pub fn with_request_timeout(mut self, timeout: std::time::Duration) -> Result<Self> {
        self.http = crate::http::client_with_timeout(timeout)?;
        Ok(self)
    }

    /// The current settings (re-read each time, so a saved change applies at once).
    pub fn config(&self) -> Result<WakatimeConfig> {
        match &self.config {
            ConfigSource::Saved => WakatimeConfig::load(&self.db.lock(), Some(&self.vault)),
            ConfigSource::Fixed(c) => Ok((**c).clone()),
        }
    }

    pub fn db(&self) -> &SharedDatabase {
        &self.db
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    fn decrypt(&self, sealed: &str) -> Result<Secret<String>> {
        self.vault.decrypt(sealed)
    }
}
