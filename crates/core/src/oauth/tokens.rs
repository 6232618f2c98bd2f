//! Keeping the credential usable: an OAuth access token is refreshed before it expires
//! and once after a 401; an API key is used as it is. When the server no longer
//! honours either, the connection is cleared.

use std::future::Future;

use url::Url;

use super::token_endpoint::{request_token, Grant};
use super::{OAuthClient, REFRESH_MARGIN_SECS};
use crate::db::now_unix;
use crate::db::user_table::{self, StoredTokens};
use crate::secret::Secret;
use crate::wakatime::{self, Auth, CurrentUser, Endpoint};
use crate::{Error, Result};

/// OAuth error codes that mean the grant is gone for good.
const DEAD_GRANT: &[&str] = &[
    "invalid_grant",
    "invalid_token",
    "unauthorized_client",
    "access_denied",
];

impl OAuthClient {
    /// An OAuth access token for the user, refreshed first when it expires within a day
    /// (for an API-key connection: the key).
    pub async fn access_token(&self, user_id: i64) -> Result<Secret<String>> {
        let stored = self.stored_tokens(user_id)?;
        let now = now_unix();
        match stored.expires_at {
            Some(expires_at)
                if stored.api_url.is_none() && expires_at - REFRESH_MARGIN_SECS <= now =>
            {
                match self.refresh(user_id, &stored).await {
                    Ok(token) => Ok(token),
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
    pub async fn endpoint(&self, user_id: i64) -> Result<Endpoint> {
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

    /// Runs `call` against the user's server; after a 401 an OAuth token is refreshed
    /// once and the call retried. A credential refused for good clears the connection.
    pub async fn with_endpoint<T, F, Fut>(&self, user_id: i64, call: F) -> Result<T>
    where
        F: Fn(Endpoint) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let endpoint = self.endpoint(user_id).await?;
        let api_key = matches!(endpoint.auth, Auth::ApiKey(_));
        match call(endpoint).await {
            Err(Error::WakatimeUnauthorized) if api_key => {
                self.forget(user_id)?;
                Err(Error::ReconnectNeeded)
            }
            Err(Error::WakatimeUnauthorized) => {
                let stored = self.stored_tokens(user_id)?;
                let token = self.refresh(user_id, &stored).await?;
                let retry = Endpoint {
                    api_url: self.config()?.api_url,
                    auth: Auth::Bearer(token),
                };
                match call(retry).await {
                    Err(Error::WakatimeUnauthorized) => {
                        self.forget(user_id)?;
                        Err(Error::ReconnectNeeded)
                    }
                    other => other,
                }
            }
            other => other,
        }
    }

    /// Asks the server who the credential belongs to: a live check of the connection.
    pub async fn verify(&self, user_id: i64) -> Result<CurrentUser> {
        self.with_endpoint(user_id, |ep| async move {
            wakatime::current_user(&self.http, &ep).await
        })
        .await
    }

    /// Trades the refresh token for new tokens and stores them. `seen` is the state the
    /// caller acted on: if another task refreshed meanwhile, its result is used instead.
    async fn refresh(&self, user_id: i64, seen: &StoredTokens) -> Result<Secret<String>> {
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
        let client = cfg.require_client(super::DEEP_LINK_REDIRECT_URI)?;
        let grant = Grant::Refresh {
            refresh_token: &refresh_token,
        };
        let fresh = match request_token(&self.http, &cfg, client, grant).await {
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
