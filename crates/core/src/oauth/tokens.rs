//! Keeping the access token usable: refreshed before it expires and once after a 401,
//! and the connection cleared when WakaTime no longer honours the grant.

use std::future::Future;

use super::token_endpoint::{request_token, Grant};
use super::{OAuthClient, REFRESH_MARGIN_SECS};
use crate::db::now_unix;
use crate::db::user_table::{self, StoredTokens};
use crate::secret::Secret;
use crate::{Error, Result};

/// OAuth error codes that mean the grant is gone for good.
const DEAD_GRANT: &[&str] = &[
    "invalid_grant",
    "invalid_token",
    "unauthorized_client",
    "access_denied",
];

impl OAuthClient {
    /// An access token for the user, refreshed first when it expires within a day.
    pub async fn access_token(&self, user_id: i64) -> Result<Secret<String>> {
        let stored = self.stored_tokens(user_id)?;
        let now = now_unix();
        match stored.expires_at {
            Some(expires_at) if expires_at - REFRESH_MARGIN_SECS <= now => {
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

    /// Runs `call` with a fresh token; on a 401 refreshes once and tries again. If the
    /// refreshed token is refused too, the connection is cleared.
    pub async fn with_token<T, F, Fut>(&self, user_id: i64, call: F) -> Result<T>
    where
        F: Fn(Secret<String>) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let token = self.access_token(user_id).await?;
        match call(token).await {
            Err(Error::WakatimeUnauthorized) => {
                let stored = self.stored_tokens(user_id)?;
                let token = self.refresh(user_id, &stored).await?;
                match call(token).await {
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
        };
        if !user_table::replace_tokens(self.db.lock().conn(), user_id, &stored)? {
            return Err(Error::NotConnected);
        }
        Ok(fresh.access_token)
    }

    fn stored_tokens(&self, user_id: i64) -> Result<StoredTokens> {
        user_table::tokens(self.db.lock().conn(), user_id)?.ok_or(Error::NotConnected)
    }

    /// Clears the user's tokens: from now on they are not connected.
    fn forget(&self, user_id: i64) -> Result<()> {
        user_table::clear_connection(self.db.lock().conn(), user_id)
    }
}
