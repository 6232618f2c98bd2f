//! Starting an authorization request and finishing it from the browser's answer.

use url::Url;

use super::callback::{is_for_redirect, Callback, CallbackOutcome};
use super::token_endpoint::{request_token, Grant};
use super::{pkce, OAuthClient, REQUEST_LIFETIME_SECS, SCOPES};
use crate::db::now_unix;
use crate::db::pending_auth_table::{self, NewPendingAuth, PendingAuthRow};
use crate::db::user_table::{self, StoredTokens, WakatimeIdentity};
use crate::secret::Secret;
use crate::{wakatime, Error, Result};

/// A finished connection.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Connected {
    pub user_id: i64,
    pub username: String,
}

impl OAuthClient {
    /// Records a new request for `user_id` and returns the URL to open in the browser.
    /// `reconnect` asks WakaTime to show the consent screen again.
    pub fn start(&self, user_id: i64, redirect_uri: &str, reconnect: bool) -> Result<Url> {
        let cfg = self.config()?;
        let client = cfg.require_client(redirect_uri)?;
        let state = pkce::random_token();
        let verifier = pkce::random_token();
        let now = now_unix();
        {
            let db = self.db.lock();
            user_table::get(db.conn(), user_id)?.ok_or(Error::UnknownUser(user_id))?;
            pending_auth_table::prune(db.conn(), now)?;
            pending_auth_table::insert(
                db.conn(),
                &NewPendingAuth {
                    state_hash: &pkce::state_hash(state.expose()),
                    user_id,
                    code_verifier_encrypted: &self.vault.encrypt(&verifier),
                    redirect_uri,
                    reconnect,
                    created_at: now,
                    expires_at: now + REQUEST_LIFETIME_SECS,
                },
            )?;
        }
        let mut url = cfg.oauth_endpoint("oauth/authorize");
        url.query_pairs_mut()
            .append_pair("client_id", &client.id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("scope", SCOPES)
            .append_pair("state", state.expose())
            .append_pair("code_challenge", &pkce::challenge(&verifier))
            .append_pair("code_challenge_method", "S256");
        if reconnect {
            url.query_pairs_mut().append_pair("force_approve", "true");
        }
        Ok(url)
    }

    /// Withdraws the user's open requests, so a late answer from the browser is refused.
    pub fn cancel(&self, user_id: i64) -> Result<()> {
        pending_auth_table::cancel_open(self.db.lock().conn(), user_id, now_unix())?;
        Ok(())
    }

    /// Whether the user has a request still waiting for the browser.
    pub fn is_waiting(&self, user_id: i64) -> Result<bool> {
        pending_auth_table::has_open(self.db.lock().conn(), user_id, now_unix())
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
        let grant = Grant::Code {
            code: &code,
            redirect_uri: &pending.redirect_uri,
            verifier: &verifier,
        };
        let tokens = request_token(&self.http, &cfg, client, grant).await?;
        let me = wakatime::current_user(
            &self.http,
            &wakatime::Endpoint {
                api_url: cfg.api_url.clone(),
                auth: wakatime::Auth::Bearer(Secret::new(tokens.access_token.expose().clone())),
            },
        )
        .await?;
        let stored = StoredTokens {
            access_encrypted: self.vault.encrypt(&tokens.access_token),
            refresh_encrypted: tokens.refresh_token.as_ref().map(|t| self.vault.encrypt(t)),
            expires_at: tokens.expires_at,
            scopes: tokens.scope.clone(),
            api_url: None,
        };
        let username = me.shown_name().to_owned();
        let who = WakatimeIdentity {
            user_id: tokens.uid.as_deref().unwrap_or(&me.id),
            username: &username,
            connected_at: now_unix(),
        };
        user_table::store_connection(self.db.lock().conn(), pending.user_id, &stored, &who)?;
        Ok(Connected {
            user_id: pending.user_id,
            username,
        })
    }

    /// Finds the request this state belongs to and uses it up, in one transaction.
    fn take_pending(&self, state: &str, url: &Url) -> Result<PendingAuthRow> {
        let now = now_unix();
        let mut db = self.db.lock();
        // Immediate: this reads and then writes, and a deferred transaction would fail
        // with "database is locked" if another process wrote in between.
        let tx = db
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let row = pending_auth_table::find_by_state_hash(&tx, &pkce::state_hash(state))?
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
        if !pending_auth_table::mark_used(&tx, row.id, now)? {
            return Err(Error::AuthStateUsed);
        }
        if row.expires_at <= now {
            tx.commit()?;
            return Err(Error::AuthExpired);
        }
        tx.commit()?;
        Ok(row)
    }
}
