//! wakadesk as a client of WakaTime's OAuth server, through the oauth2 crate: the
//! authorize URL with its CSRF state and PKCE challenge, and the code and refresh
//! exchanges, with the client secret in the request body as WakaTime requires
//! (`AuthType::RequestBody`). WakaTime's own ways stay in `token_response` and
//! `token_http`.

use oauth2::basic::{BasicRevocationErrorResponse, BasicTokenIntrospectionResponse};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError,
    Scope, StandardRevocableToken, TokenUrl,
};
use url::Url;

use super::token_http::TokenHttp;
use super::token_response::{self, OAuthErrorBody, TokenResponse, WakatimeTokenResponse};
use super::SCOPES;
use crate::clock::Clock;
use crate::config::{ClientCredentials, WakatimeConfig};
use crate::secret::Secret;
use crate::{Error, Result};

type WakatimeClient = oauth2::Client<
    OAuthErrorBody,
    WakatimeTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// Bytes of randomness in the state (and, by the crate's default, in the verifier).
const STATE_BYTES: u32 = 32;

/// A new authorization request: where to send the browser, and what to keep for the
/// answer (the state to recognise it, the PKCE verifier to exchange its code).
pub(crate) struct NewAuthorization {
    pub url: Url,
    pub state: Secret<String>,
    pub verifier: Secret<String>,
}

pub(crate) fn authorization(
    cfg: &WakatimeConfig,
    credentials: &ClientCredentials,
    redirect_uri: &str,
) -> Result<NewAuthorization> {
    let client = client(cfg, credentials, redirect_uri)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let request = client
        .authorize_url(|| CsrfToken::new_random_len(STATE_BYTES))
        // One entry: WakaTime separates scopes with commas, the crate with spaces.
        .add_scope(Scope::new(SCOPES.to_owned()))
        .set_pkce_challenge(challenge)
        // Always the consent page, naming whose WakaTime account is being connected:
        // several local accounts may share a browser signed in as one of them.
        .add_extra_param("force_approve", "true");
    let (url, state) = request.url();
    Ok(NewAuthorization {
        url,
        state: Secret::new(state.into_secret()),
        verifier: Secret::new(verifier.into_secret()),
    })
}

/// Exchanges an authorization code (with its PKCE verifier) for tokens.
pub(crate) async fn exchange_code(
    http: &crate::http::Client,
    cfg: &WakatimeConfig,
    credentials: &ClientCredentials,
    code: &str,
    redirect_uri: &str,
    verifier: &Secret<String>,
    clock: &dyn Clock,
) -> Result<TokenResponse> {
    let client = client(cfg, credentials, redirect_uri)?;
    let http = TokenHttp(http.clone());
    let answer = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .set_pkce_verifier(PkceCodeVerifier::new(verifier.expose().clone()))
        .request_async(&http)
        .await;
    received(answer, clock)
}

/// Trades a refresh token for new tokens. WakaTime's docs list `redirect_uri` as
/// required here too, and the crate sends it only with a code: the app's registered
/// deep-link redirect is added by hand.
pub(crate) async fn exchange_refresh(
    http: &crate::http::Client,
    cfg: &WakatimeConfig,
    credentials: &ClientCredentials,
    refresh_token: &Secret<String>,
    clock: &dyn Clock,
) -> Result<TokenResponse> {
    let client = client(cfg, credentials, super::DEEP_LINK_REDIRECT_URI)?;
    let http = TokenHttp(http.clone());
    let refresh_token = RefreshToken::new(refresh_token.expose().clone());
    let answer = client
        .exchange_refresh_token(&refresh_token)
        .add_extra_param("redirect_uri", super::DEEP_LINK_REDIRECT_URI)
        .request_async(&http)
        .await;
    received(answer, clock)
}

fn client(
    cfg: &WakatimeConfig,
    credentials: &ClientCredentials,
    redirect_uri: &str,
) -> Result<WakatimeClient> {
    let redirect =
        RedirectUrl::new(redirect_uri.to_owned()).map_err(|_| Error::CallbackInvalid {
            reason: "the address to return to is not a URL".into(),
        })?;
    Ok(oauth2::Client::new(ClientId::new(credentials.id.clone()))
        .set_client_secret(ClientSecret::new(credentials.secret.expose().clone()))
        .set_auth_type(AuthType::RequestBody)
        .set_auth_uri(AuthUrl::from_url(cfg.oauth_endpoint("oauth/authorize")))
        .set_token_uri(TokenUrl::from_url(cfg.oauth_endpoint("oauth/token")))
        .set_redirect_uri(redirect))
}

/// The tokens, stamped with the time they arrived, or the failure as wakadesk's error.
fn received(
    answer: std::result::Result<WakatimeTokenResponse, RequestTokenError<Error, OAuthErrorBody>>,
    clock: &dyn Clock,
) -> Result<TokenResponse> {
    match answer {
        Ok(tokens) => Ok(tokens.received_at(clock.unix())),
        Err(RequestTokenError::Request(e)) => Err(e),
        Err(RequestTokenError::ServerResponse(refusal)) => Err(refusal.into()),
        // The crate's reading failed on one of the field rules; say which one. The
        // body may hold tokens and goes no further.
        Err(RequestTokenError::Parse(_, body)) => Err(token_response::why_unusable(&body)),
        Err(RequestTokenError::Other(detail)) => Err(Error::TokenResponseInvalid { detail }),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::Source;
    use crate::oauth::pkce;

    fn config() -> (WakatimeConfig, ClientCredentials) {
        let credentials = ClientCredentials {
            id: "client-1".into(),
            secret: Arc::new(Secret::from("sec_shh")),
            source: Source::Settings,
        };
        let cfg = WakatimeConfig::fixed(
            Some(credentials.clone()),
            Url::parse("https://wakatime.com").unwrap(),
            Url::parse("https://api.wakatime.com/api/v1").unwrap(),
        );
        (cfg, credentials)
    }

    #[test]
    fn an_authorization_carries_a_fresh_256_bit_state_and_the_verifiers_s256_challenge() {
        let (cfg, credentials) = config();
        let a = authorization(&cfg, &credentials, super::super::DEEP_LINK_REDIRECT_URI).unwrap();
        let b = authorization(&cfg, &credentials, super::super::DEEP_LINK_REDIRECT_URI).unwrap();
        for secret in [&a.state, &a.verifier] {
            assert_eq!(secret.expose().len(), 43, "32 bytes in unpadded base64url");
        }
        assert_ne!(
            a.state.expose(),
            b.state.expose(),
            "fresh randomness each time"
        );
        assert_ne!(a.verifier.expose(), b.verifier.expose());
        let q: std::collections::HashMap<_, _> = a.url.query_pairs().into_owned().collect();
        assert_eq!(a.url.path(), "/oauth/authorize");
        assert_eq!(&q["state"], a.state.expose());
        assert_eq!(
            q["code_challenge"],
            pkce::tests::challenge(a.verifier.expose())
        );
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["client_id"], "client-1");
        assert_eq!(q["force_approve"], "true", "first connections too");
        assert!(
            !a.url.as_str().contains("sec_shh"),
            "the client secret never goes to the browser"
        );
    }
}
