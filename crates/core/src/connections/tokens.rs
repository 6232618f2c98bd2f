//! Keeping the credential usable: an OAuth access token is refreshed a day before it
//! expires (and after a 401, see `api_access`); an API key is used as it is. When the
//! server no longer honours either, the connection is cleared.

use url::Url;

use super::Connections;
use crate::db::user_table::{self, StoredTokens};
use crate::oauth::{wakatime_client, DEEP_LINK_REDIRECT_URI, REFRESH_MARGIN_SECS};
use crate::secret::Secret;
use crate::wakatime::{Auth, Endpoint};
use crate::{Error, Result};

/// OAuth error codes that mean the grant is gone for good.
const DEAD_GRANT: &[&str] = &[
    "invalid_grant",
    "invalid_token",
    "unauthorized_client",
    "access_denied",
];

impl Connections {
    /// An OAuth access token for the user, refreshed first when it expires within a day
    /// (for an API-key connection: the key).
    pub async fn access_token(&self, user_id: i64) -> Result<Secret<String>> {
        let stored = self.stored_tokens(user_id)?;
        let now = self.now();
        match stored.expires_at {
            Some(expires_at)
                if stored.api_url.is_none() && expires_at - REFRESH_MARGIN_SECS <= now =>
            {
                match self.refresh(user_id, &stored).await {
                    Ok(token) => Ok(token),
                    // Made with the app Settings named before: usable until it expires.
                    Err(Error::ClientChanged) if expires_at > now => {
                        self.decrypt(&stored.access_encrypted)
                    }
                    // Offline or WakaTime down: the old token still works until it expires.
                    Err(e) if expires_at > now && e.is_transient() => {
                        self.decrypt(&stored.access_encrypted)
                    }
                    Err(e) => Err(e),
                }
            }
            _ => self.decrypt(&stored.access_encrypted),
        }
    }

    /// Where and how to call the API for this user right now.
    pub(super) async fn endpoint(&self, user_id: i64) -> Result<Endpoint> {
        let stored = self.stored_tokens(user_id)?;
        match &stored.api_url {
            Some(api_url) => Ok(Endpoint {
                api_url: Url::parse(api_url).map_err(|_| Error::NotConnected)?,
                auth: Auth::ApiKey(self.decrypt(&stored.access_encrypted)?),
            }),
            None => Ok(Endpoint {
                api_url: self.config()?.api_url,
                auth: Auth::Bearer(self.access_token(user_id).await?),
            }),
        }
    }

    /// Trades the refresh token for new tokens and stores them. `seen` is the state the
    /// caller acted on: if another task refreshed meanwhile, its result is used instead.
    pub(super) async fn refresh(
        &self,
        user_id: i64,
        seen: &StoredTokens,
    ) -> Result<Secret<String>> {
        let _one_at_a_time = self.refreshing.lock().await;
        let current = self.stored_tokens(user_id)?;
        if current.access_encrypted != seen.access_encrypted {
            return self.decrypt(&current.access_encrypted);
        }
        let Some(refresh_sealed) = &current.refresh_encrypted else {
            self.forget(user_id)?;
            return Err(Error::ReconnectNeeded);
        };
        let refresh_token = self.decrypt(refresh_sealed)?;
        let cfg = self.config()?;
        let client = cfg.require_client(DEEP_LINK_REDIRECT_URI)?;
        same_app(&current, &client.id)?;
        let exchange = wakatime_client::exchange_refresh(
            &self.http,
            &cfg,
            client,
            &refresh_token,
            &*self.clock,
        );
        let fresh = match exchange.await {
            Ok(t) => t,
            Err(Error::WakatimeRejected { error, .. }) if DEAD_GRANT.contains(&error.as_str()) => {
                self.forget(user_id)?;
                return Err(Error::ReconnectNeeded);
            }
            Err(e) => return Err(e),
        };
        let stored = StoredTokens {
            access_encrypted: self.vault.encrypt(&fresh.access_token),
            // Keep whatever refresh token comes back; keep the old one if none does.
            refresh_encrypted: Some(match &fresh.refresh_token {
                Some(t) => self.vault.encrypt(t),
                None => refresh_sealed.clone(),
            }),
            expires_at: fresh.expires_at,
            scopes: fresh.scope.clone(),
            api_url: None,
            client_id: current.client_id.clone(),
        };
        if !user_table::replace_tokens(self.db.lock().conn(), user_id, &stored)? {
            return Err(Error::NotConnected);
        }
        Ok(fresh.access_token)
    }

    pub(super) fn stored_tokens(&self, user_id: i64) -> Result<StoredTokens> {
        user_table::tokens(self.db.lock().conn(), user_id)?.ok_or(Error::NotConnected)
    }

    /// Clears the user's credential: from now on they are not connected.
    pub(super) fn forget(&self, user_id: i64) -> Result<()> {
        user_table::clear_connection(self.db.lock().conn(), user_id)
    }
}

/// A grant is refreshed or revoked only as the app it was made with: another app's
/// client id and secret would be refused, and a refused refresh would end the grant.
pub(super) fn same_app(stored: &StoredTokens, configured: &str) -> Result<()> {
    match &stored.client_id {
        Some(made_with) if made_with != configured => Err(Error::ClientChanged),
        _ => Ok(()),
    }
}
