//! Connecting by OAuth: starting a request for the browser and finishing it from the
//! browser's answer, which may reach another process than the one that started it.

use url::Url;

use super::{identity, Connections};
use crate::db::pending_auth_table::{self, NewPendingAuth, PendingAuthRow};
use crate::db::user_table::{self, StoredTokens, WakatimeIdentity};
use crate::oauth::callback::{is_for_redirect, Callback, CallbackOutcome};
use crate::oauth::{pkce, wakatime_client, REQUEST_LIFETIME_SECS};
use crate::secret::Secret;
use crate::stats::account_zone;
use crate::wakatime::{Api, Auth, Endpoint};
use crate::{Error, Result};

/// A finished connection.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Connected {
    pub user_id: i64,
    pub username: String,
    /// The API root the connection uses from now on (for an API key, the one found
    /// from the address typed), e.g. `https://HOST/api/compat/wakatime/v1`.
    pub api_root: String,
}

impl Connections {
    /// Records a new request for `user_id` and returns the URL to open in the browser.
    /// WakaTime always shows its consent page, naming the account being connected.
    pub fn start(&self, user_id: i64, redirect_uri: &str) -> Result<Url> {
        let cfg = self.config()?;
        let client = cfg.require_client(redirect_uri)?;
        let request = wakatime_client::authorization(&cfg, client, redirect_uri)?;
        let now = self.now();
        let pending = NewPendingAuth {
            state_hash: &pkce::state_hash(request.state.expose()),
            user_id,
            code_verifier_encrypted: &self.vault.encrypt(&request.verifier),
            redirect_uri,
            created_at: now,
            expires_at: now + REQUEST_LIFETIME_SECS,
        };
        self.db.lock().write(|tx| {
            user_table::get(tx, user_id)?.ok_or(Error::UnknownUser(user_id))?;
            pending_auth_table::prune(tx, now)?;
            pending_auth_table::insert(tx, &pending)
        })?;
        Ok(request.url)
    }

    /// Withdraws the user's open requests, so a late answer from the browser is refused.
    pub fn cancel(&self, user_id: i64) -> Result<()> {
        pending_auth_table::cancel_open(self.db.lock().conn(), user_id, self.now())?;
        Ok(())
    }

    /// Whether the user has a request still waiting for the browser.
    pub fn is_waiting(&self, user_id: i64) -> Result<bool> {
        pending_auth_table::has_open(self.db.lock().conn(), user_id, self.now())
    }

    /// Finishes a request from the URL the browser was sent to. The state is used up
    /// whatever the outcome; tokens are stored only when everything succeeded.
    pub async fn finish(&self, url: &Url) -> Result<Connected> {
        let callback = Callback::try_from(url)?;
        let pending = self.take_pending(&callback.state, url)?;
        let code = match callback.outcome {
            CallbackOutcome::Code(code) => code,
            CallbackOutcome::Denied => return Err(Error::Declined),
            CallbackOutcome::Failed { error, description } => {
                return Err(Error::WakatimeRejected { error, description })
            }
        };
        let verifier = self.decrypt(&pending.code_verifier_encrypted)?;
        let cfg = self.config()?;
        let client = cfg.require_client(&pending.redirect_uri)?;
        let tokens = wakatime_client::exchange_code(
            &self.http,
            &cfg,
            client,
            &code,
            &pending.redirect_uri,
            &verifier,
            &*self.clock,
        )
        .await?;
        let endpoint = Endpoint {
            api_url: cfg.api_url.clone(),
            auth: Auth::Bearer(Secret::new(tokens.access_token.expose().clone())),
        };
        // A token allowed to read the profile names it; one refused for its scope (403)
        // is named by the token answer's `uid`.
        let me = match Api::new(&self.http, endpoint).current_user().await {
            Ok(me) => Some(me),
            Err(Error::WakatimeNotAvailable { .. }) if tokens.uid.is_some() => None,
            Err(e) => return Err(e),
        };
        // `me` is None only when the token answer named its `uid`.
        let uid = tokens
            .uid
            .clone()
            .or_else(|| me.as_ref().map(|me| me.id.clone()))
            .ok_or_else(|| Error::WakatimeResponseInvalid {
                detail: "neither the token nor the profile names the WakaTime account".into(),
            })?;
        let stored = StoredTokens {
            access_encrypted: self.vault.encrypt(&tokens.access_token),
            refresh_encrypted: tokens.refresh_token.as_ref().map(|t| self.vault.encrypt(t)),
            expires_at: tokens.expires_at,
            scopes: tokens.scope.clone(),
            api_url: None,
            client_id: Some(client.id.clone()),
        };
        let username = me
            .as_ref()
            .map_or(uid.clone(), |me| me.shown_name().to_owned());
        let who = WakatimeIdentity {
            user_id: &uid,
            username: &username,
            connected_at: self.now(),
        };
        let now = self.now();
        let zone = me.as_ref().and_then(|me| me.timezone.as_deref());
        let previous = self.stored_tokens(pending.user_id).ok();
        let stored_now = self.db.lock().write(|tx| {
            identity::store(tx, pending.user_id, &stored, &who)?;
            account_zone::remember_profile(tx, pending.user_id, zone, now).map(drop)
        });
        if let Err(e) = stored_now {
            // Not kept, so not left live at WakaTime either.
            let _ = self.revoke_stored(&stored).await;
            return Err(e);
        }
        if let Some(previous) = previous.filter(|p| p.api_url.is_none()) {
            // The grant this one replaces: WakaTime keeps at most 8 per user and app and
            // would otherwise end the oldest itself, perhaps another computer's.
            let _ = self.revoke_stored(&previous).await;
        }
        Ok(Connected {
            user_id: pending.user_id,
            username,
            api_root: cfg.api_url.to_string(),
        })
    }

    /// Finds the request this state belongs to and uses it up, in one transaction. An
    /// expired request is used up too, so its answer can never be tried again.
    fn take_pending(&self, state: &str, url: &Url) -> Result<PendingAuthRow> {
        let now = self.now();
        let row = self.db.lock().write(|tx| {
            let row = pending_auth_table::find_by_state_hash(tx, &pkce::state_hash(state))?
                .ok_or(Error::AuthUnknownState)?;
            if row.used_at.is_some() {
                return Err(Error::AuthStateUsed);
            }
            let sent_to_us = Url::parse(&row.redirect_uri)
                .map(|redirect| is_for_redirect(url, &redirect))
                .unwrap_or(false);
            if !sent_to_us {
                return Err(Error::CallbackInvalid {
                    reason: "it was not sent to the address wakadesk gave WakaTime".into(),
                });
            }
            if !pending_auth_table::mark_used(tx, row.id, now)? {
                return Err(Error::AuthStateUsed);
            }
            Ok(row)
        })?;
        if row.expires_at <= now {
            return Err(Error::AuthExpired);
        }
        Ok(row)
    }
}
