//! Authorization codes, grants and the tokens they carry. A grant is what one
//! successful code exchange creates; refreshing rotates its tokens, revoking drops
//! the grant with every token it holds. Reusing a code revokes the grant that code
//! produced, as RFC 6749 section 4.1.2 recommends.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::iso_time::iso8601;
use crate::oauth_error::OauthError;
use crate::options::random_alphanumeric;
use crate::pkce::{self, Challenge};

/// An authorize request the user approved: what its code is bound to.
#[derive(Debug, Clone)]
pub(crate) struct ApprovedRequest {
    pub(crate) redirect_uri: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) challenge: Option<Challenge>,
}

/// What a token exchange hands out (also what `FakeWakatime::grant_directly` returns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedTokens {
    pub access_token: String,
    pub refresh_token: String,
    /// The WakaTime user id.
    pub uid: String,
    pub scopes: Vec<String>,
    /// Seconds the access token stays valid.
    pub expires_in: u64,
    /// When the access token stops working, ISO-8601 UTC.
    pub expires_at: String,
}

type GrantId = u64;

#[derive(Debug)]
struct IssuedCode {
    request: ApprovedRequest,
    expires_at: SystemTime,
    redeemed_into: Option<GrantId>,
}

#[derive(Debug)]
struct AccessEntry {
    grant: GrantId,
    expires_at: SystemTime,
}

#[derive(Debug, Default)]
pub(crate) struct GrantStore {
    uid: String,
    next_grant: GrantId,
    codes: HashMap<String, IssuedCode>,
    grants: HashMap<GrantId, Vec<String>>,
    access: HashMap<String, AccessEntry>,
    refresh: HashMap<String, GrantId>,
}

impl GrantStore {
    pub(crate) fn new(uid: String) -> Self {
        Self {
            uid,
            ..Self::default()
        }
    }

    pub(crate) fn issue_code(&mut self, request: ApprovedRequest, lifetime: Duration) -> String {
        let code = random_alphanumeric(40);
        self.codes.insert(
            code.clone(),
            IssuedCode {
                request,
                expires_at: SystemTime::now() + lifetime,
                redeemed_into: None,
            },
        );
        code
    }

    /// Exchanges a code. A failed check leaves the code usable, except reuse, which
    /// also revokes whatever the first exchange issued.
    pub(crate) fn redeem_code(
        &mut self,
        code: &str,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
        token_lifetime: Duration,
    ) -> Result<IssuedTokens, OauthError> {
        let Some(issued) = self.codes.get(code) else {
            return Err(OauthError::invalid_grant(
                "the authorization code is unknown or was revoked",
            ));
        };
        if let Some(grant) = issued.redeemed_into {
            self.revoke_grant(grant);
            return Err(OauthError::invalid_grant(
                "the authorization code was already used; the tokens issued from it are revoked",
            ));
        }
        if SystemTime::now() >= issued.expires_at {
            return Err(OauthError::invalid_grant("the authorization code expired"));
        }
        let Some(redirect_uri) = redirect_uri else {
            return Err(OauthError::invalid_request(
                "missing parameter: redirect_uri",
            ));
        };
        if redirect_uri != issued.request.redirect_uri {
            return Err(OauthError::invalid_grant(
                "redirect_uri does not match the one of the authorize request",
            ));
        }
        if let Some(challenge) = &issued.request.challenge {
            let Some(verifier) = verifier else {
                return Err(OauthError::invalid_request(
                    "missing parameter: code_verifier (a code_challenge was sent)",
                ));
            };
            if !pkce::is_well_formed_verifier(verifier) {
                return Err(OauthError::invalid_request(
                    "code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~]",
                ));
            }
            if !challenge.is_met_by(verifier) {
                return Err(OauthError::invalid_grant(
                    "code_verifier does not match the code_challenge",
                ));
            }
        }
        let scopes = issued.request.scopes.clone();
        let tokens = self.grant(scopes, token_lifetime);
        let grant = self.refresh.get(&tokens.refresh_token).copied();
        if let Some(issued) = self.codes.get_mut(code) {
            issued.redeemed_into = grant;
        }
        Ok(tokens)
    }

    /// Creates a grant and its first pair of tokens.
    pub(crate) fn grant(&mut self, scopes: Vec<String>, token_lifetime: Duration) -> IssuedTokens {
        let id = self.next_grant;
        self.next_grant += 1;
        self.grants.insert(id, scopes);
        self.issue_tokens(id, token_lifetime)
    }

    /// A new access token and a new refresh token; the old refresh token stops working.
    /// The old access token keeps working until it expires.
    pub(crate) fn refresh(
        &mut self,
        refresh_token: &str,
        token_lifetime: Duration,
    ) -> Result<IssuedTokens, OauthError> {
        let grant = self.refresh.remove(refresh_token).ok_or_else(|| {
            OauthError::invalid_grant("the refresh token is unknown, already used or revoked")
        })?;
        Ok(self.issue_tokens(grant, token_lifetime))
    }

    fn issue_tokens(&mut self, grant: GrantId, lifetime: Duration) -> IssuedTokens {
        let access_token = format!("waka_tok_{}", random_alphanumeric(80));
        let refresh_token = format!("waka_ref_{}", random_alphanumeric(80));
        let expires_at = SystemTime::now() + lifetime;
        self.access
            .insert(access_token.clone(), AccessEntry { grant, expires_at });
        self.refresh.insert(refresh_token.clone(), grant);
        IssuedTokens {
            access_token,
            refresh_token,
            uid: self.uid.clone(),
            scopes: self.grants.get(&grant).cloned().unwrap_or_default(),
            expires_in: lifetime.as_secs(),
            expires_at: iso8601(expires_at),
        }
    }

    /// Revokes the grant that holds `token` (access or refresh). False if none does.
    pub(crate) fn revoke_grant_holding(&mut self, token: &str) -> bool {
        let grant = self
            .access
            .get(token)
            .map(|entry| entry.grant)
            .or_else(|| self.refresh.get(token).copied());
        match grant {
            Some(grant) => {
                self.revoke_grant(grant);
                true
            }
            None => false,
        }
    }

    fn revoke_grant(&mut self, grant: GrantId) {
        self.grants.remove(&grant);
        self.access.retain(|_, entry| entry.grant != grant);
        self.refresh.retain(|_, holder| *holder != grant);
    }

    /// Every grant, token and outstanding code, as if the user revoked the app.
    pub(crate) fn revoke_all(&mut self) {
        self.codes.clear();
        self.grants.clear();
        self.access.clear();
        self.refresh.clear();
    }

    /// The scopes of a live (known, unexpired, unrevoked) access token.
    pub(crate) fn access_scopes(&self, access_token: &str) -> Option<Vec<String>> {
        let entry = self.access.get(access_token)?;
        if SystemTime::now() >= entry.expires_at {
            return None;
        }
        self.grants.get(&entry.grant).cloned()
    }

    /// True for a live access token or a usable refresh token.
    pub(crate) fn is_active(&self, token: &str) -> bool {
        self.access_scopes(token).is_some() || self.refresh.contains_key(token)
    }

    pub(crate) fn active_grants(&self) -> usize {
        self.grants.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: Duration = Duration::from_secs(3600);

    fn approved(challenge: Option<Challenge>) -> ApprovedRequest {
        ApprovedRequest {
            redirect_uri: "app:/cb".to_owned(),
            scopes: vec!["read_stats".to_owned()],
            challenge,
        }
    }

    #[test]
    fn tokens_have_the_wakatime_prefixes_and_lengths() {
        let mut store = GrantStore::new("uid".to_owned());
        let tokens = store.grant(vec!["read_stats".to_owned()], LONG);
        assert!(
            tokens.access_token.starts_with("waka_tok_") && tokens.access_token.len() == 89,
            "access token shape: {}",
            tokens.access_token
        );
        assert!(
            tokens.refresh_token.starts_with("waka_ref_") && tokens.refresh_token.len() == 89,
            "refresh token shape: {}",
            tokens.refresh_token
        );
    }

    #[test]
    fn a_second_redemption_revokes_the_first_one_s_tokens() {
        let mut store = GrantStore::new("uid".to_owned());
        let code = store.issue_code(approved(None), LONG);
        let first = store
            .redeem_code(&code, Some("app:/cb"), None, LONG)
            .expect("first use");
        let second = store.redeem_code(&code, Some("app:/cb"), None, LONG);
        assert_eq!(
            second.map_err(|e| e.code),
            Err("invalid_grant"),
            "second use refused"
        );
        assert!(
            !store.is_active(&first.access_token),
            "access token from the reused code is revoked"
        );
        assert!(
            !store.is_active(&first.refresh_token),
            "refresh token from the reused code is revoked"
        );
    }

    #[test]
    fn a_code_with_zero_lifetime_is_already_expired() {
        let mut store = GrantStore::new("uid".to_owned());
        let code = store.issue_code(approved(None), Duration::ZERO);
        let result = store.redeem_code(&code, Some("app:/cb"), None, LONG);
        assert_eq!(
            result.map_err(|e| e.description),
            Err("the authorization code expired".to_owned()),
            "expired code"
        );
    }

    #[test]
    fn refreshing_keeps_the_scopes_and_retires_the_old_refresh_token() {
        let mut store = GrantStore::new("uid".to_owned());
        let first = store.grant(vec!["read_stats".to_owned(), "email".to_owned()], LONG);
        let second = store.refresh(&first.refresh_token, LONG).expect("refresh");
        assert_eq!(second.scopes, first.scopes, "scopes carried over");
        assert!(
            store.refresh(&first.refresh_token, LONG).is_err(),
            "old refresh token no longer works"
        );
    }
}
