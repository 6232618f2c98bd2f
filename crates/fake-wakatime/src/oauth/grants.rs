//! Authorization codes, grants and the tokens they carry. A grant is what one
//! successful code exchange creates; refreshing rotates its tokens, revoking drops the
//! grant with every token it holds. Reusing a code revokes the grant that code
//! produced, as RFC 6749 section 4.1.2 recommends. Expiry is read on the stand-in's
//! clock. PKCE (RFC 7636) is not documented by WakaTime, but the app sends it, so it is
//! enforced whenever a challenge was sent: a client that loses its verifier fails here.

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use super::OauthError;
use crate::api::json::iso8601;
use crate::control::clock::Clock;
use crate::options::random_alphanumeric;

/// The `code_challenge` of an authorize request and whether its method is S256
/// (else plain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Challenge {
    value: String,
    s256: bool,
}

impl Challenge {
    /// Reads `code_challenge` and `code_challenge_method` (default `plain`, per the RFC).
    /// No challenge means no PKCE; a method without a challenge is ignored.
    pub(crate) fn from_params(
        challenge: Option<&str>,
        method: Option<&str>,
    ) -> Result<Option<Self>, String> {
        let Some(value) = challenge else {
            return Ok(None);
        };
        let s256 = match method.unwrap_or("plain") {
            "S256" => true,
            "plain" => false,
            other => return Err(format!("unsupported code_challenge_method: {other}")),
        };
        let value = value.to_owned();
        Ok(Some(Self { value, s256 }))
    }

    fn is_met_by(&self, verifier: &str) -> bool {
        if self.s256 {
            URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == self.value
        } else {
            verifier == self.value
        }
    }
}

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
    /// When the access token stops working, ISO-8601 UTC, on the stand-in's clock.
    pub expires_at: String,
}

type GrantId = u64;

#[derive(Debug)]
struct IssuedCode {
    request: ApprovedRequest,
    expires_at: OffsetDateTime,
    redeemed_into: Option<GrantId>,
}

#[derive(Debug, Default)]
pub(crate) struct GrantStore {
    uid: String,
    clock: Clock,
    next_grant: GrantId,
    codes: HashMap<String, IssuedCode>,
    /// The scopes of each live grant.
    grants: HashMap<GrantId, Vec<String>>,
    access: HashMap<String, (GrantId, OffsetDateTime)>,
    refresh: HashMap<String, GrantId>,
}

impl GrantStore {
    pub(crate) fn new(uid: String, clock: Clock) -> Self {
        Self {
            uid,
            clock,
            ..Self::default()
        }
    }

    fn expiry(&self, lifetime_secs: u64) -> OffsetDateTime {
        self.clock.now() + Duration::seconds(i64::try_from(lifetime_secs).unwrap_or(i64::MAX))
    }

    pub(crate) fn issue_code(&mut self, request: ApprovedRequest, lifetime_secs: u64) -> String {
        let code = random_alphanumeric(40);
        let expires_at = self.expiry(lifetime_secs);
        let issued = IssuedCode {
            request,
            expires_at,
            redeemed_into: None,
        };
        self.codes.insert(code.clone(), issued);
        code
    }

    /// Exchanges a code. A failed check leaves the code usable, except reuse, which
    /// also revokes whatever the first exchange issued.
    pub(crate) fn redeem_code(
        &mut self,
        code: &str,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
        token_lifetime_secs: u64,
    ) -> Result<IssuedTokens, OauthError> {
        let Some(issued) = self.codes.get(code) else {
            let unknown = "the authorization code is unknown or was revoked";
            return Err(OauthError::invalid_grant(unknown));
        };
        if let Some(grant) = issued.redeemed_into {
            self.revoke_grant(grant);
            return Err(OauthError::invalid_grant(
                "the authorization code was already used; the tokens issued from it are revoked",
            ));
        }
        if self.clock.now() >= issued.expires_at {
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
            let well_formed = (43..=128).contains(&verifier.len())
                && verifier
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
            if !well_formed {
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
        let tokens = self.grant(issued.request.scopes.clone(), token_lifetime_secs);
        let grant = self.refresh.get(&tokens.refresh_token).copied();
        if let Some(issued) = self.codes.get_mut(code) {
            issued.redeemed_into = grant;
        }
        Ok(tokens)
    }

    /// Creates a grant and its first pair of tokens.
    pub(crate) fn grant(&mut self, scopes: Vec<String>, token_lifetime_secs: u64) -> IssuedTokens {
        let id = self.next_grant;
        self.next_grant += 1;
        self.grants.insert(id, scopes);
        self.issue_tokens(id, token_lifetime_secs)
    }

    /// A new access token and a new refresh token; the old refresh token stops working.
    /// The old access token keeps working until it expires.
    pub(crate) fn refresh(
        &mut self,
        refresh_token: &str,
        token_lifetime_secs: u64,
    ) -> Result<IssuedTokens, OauthError> {
        let grant = self.refresh.remove(refresh_token).ok_or_else(|| {
            OauthError::invalid_grant("the refresh token is unknown, already used or revoked")
        })?;
        Ok(self.issue_tokens(grant, token_lifetime_secs))
    }

    fn issue_tokens(&mut self, grant: GrantId, lifetime_secs: u64) -> IssuedTokens {
        let access_token = format!("waka_tok_{}", random_alphanumeric(80));
        let refresh_token = format!("waka_ref_{}", random_alphanumeric(80));
        let expires_at = self.expiry(lifetime_secs);
        self.access
            .insert(access_token.clone(), (grant, expires_at));
        self.refresh.insert(refresh_token.clone(), grant);
        IssuedTokens {
            access_token,
            refresh_token,
            uid: self.uid.clone(),
            scopes: self.grants.get(&grant).cloned().unwrap_or_default(),
            expires_in: lifetime_secs,
            expires_at: iso8601(expires_at),
        }
    }

    /// Revokes the grant that holds `token` (access or refresh). False if none does.
    pub(crate) fn revoke_grant_holding(&mut self, token: &str) -> bool {
        let grant = self
            .access
            .get(token)
            .map(|(grant, _)| *grant)
            .or_else(|| self.refresh.get(token).copied());
        grant.inspect(|grant| self.revoke_grant(*grant)).is_some()
    }

    fn revoke_grant(&mut self, grant: GrantId) {
        self.grants.remove(&grant);
        self.access.retain(|_, (holder, _)| *holder != grant);
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
        let (grant, expires_at) = self.access.get(access_token)?;
        (self.clock.now() < *expires_at).then(|| self.grants.get(grant).cloned())?
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

    const HOUR: u64 = 3600;

    fn store_and_code(challenge: Option<Challenge>, code_lifetime: u64) -> (GrantStore, String) {
        let mut store = GrantStore::new("uid".to_owned(), Clock::default());
        let request = ApprovedRequest {
            redirect_uri: "app:/cb".to_owned(),
            scopes: vec!["read_stats".to_owned()],
            challenge,
        };
        let code = store.issue_code(request, code_lifetime);
        (store, code)
    }

    #[test]
    fn s256_matches_the_rfc_7636_example_and_plain_compares_verbatim() {
        let challenge = Challenge::from_params(
            Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
            Some("S256"),
        );
        let challenge = challenge.expect("valid").expect("present");
        assert!(
            challenge.is_met_by("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "appendix B"
        );
        let plain = Challenge::from_params(Some("abc"), None)
            .expect("valid")
            .expect("present");
        assert!(plain.is_met_by("abc"), "no method means plain");
        assert!(
            Challenge::from_params(Some("abc"), Some("S512")).is_err(),
            "only S256 and plain"
        );
    }

    #[test]
    fn tokens_have_the_wakatime_prefixes_and_lengths() {
        let (mut store, _) = store_and_code(None, HOUR);
        let tokens = store.grant(vec!["read_stats".to_owned()], HOUR);
        for (token, prefix) in [
            (&tokens.access_token, "waka_tok_"),
            (&tokens.refresh_token, "waka_ref_"),
        ] {
            assert!(
                token.starts_with(prefix) && token.len() == 89,
                "shape: {token}"
            );
        }
    }

    #[test]
    fn a_second_redemption_revokes_the_first_one_s_tokens() {
        let (mut store, code) = store_and_code(None, HOUR);
        let first = store
            .redeem_code(&code, Some("app:/cb"), None, HOUR)
            .expect("first use");
        let second = store.redeem_code(&code, Some("app:/cb"), None, HOUR);
        assert_eq!(
            second.map_err(|e| e.code),
            Err("invalid_grant"),
            "second use refused"
        );
        assert!(
            !store.is_active(&first.access_token),
            "access token revoked"
        );
        assert!(
            !store.is_active(&first.refresh_token),
            "refresh token revoked"
        );
    }

    #[test]
    fn codes_and_tokens_expire_on_the_store_s_clock() {
        let (mut store, code) = store_and_code(None, 0);
        let result = store.redeem_code(&code, Some("app:/cb"), None, HOUR);
        let expired = Err("the authorization code expired".to_owned());
        assert_eq!(result.map_err(|e| e.description), expired, "zero lifetime");
        let tokens = store.grant(vec!["read_stats".to_owned()], HOUR);
        assert!(store.is_active(&tokens.access_token), "fresh");
        store.clock.advance(Duration::seconds(3600));
        assert!(
            store.access_scopes(&tokens.access_token).is_none(),
            "an hour later"
        );
    }

    #[test]
    fn refreshing_keeps_the_scopes_and_retires_the_old_refresh_token() {
        let (mut store, _) = store_and_code(None, HOUR);
        let first = store.grant(vec!["read_stats".to_owned(), "email".to_owned()], HOUR);
        let second = store.refresh(&first.refresh_token, HOUR).expect("refresh");
        assert_eq!(second.scopes, first.scopes, "scopes carried over");
        assert!(
            store.refresh(&first.refresh_token, HOUR).is_err(),
            "old one retired"
        );
    }
}
