//! Revoking a token at `/oauth/revoke` (RFC 7009), written by hand: the oauth2 crate
//! refuses a revocation URL that is not https, and the stand-in the tests talk to is
//! `http://127.0.0.1`. The request has the same form as the token requests: the client
//! secret in the body, `Accept: application/json`, through the same client.

use http::header::CONTENT_TYPE;

use super::token_http::{refusal, send};
use crate::config::{ClientCredentials, WakatimeConfig};
use crate::secret::Secret;
use crate::{Error, Result};

/// Revokes `token` (and with it the whole grant). Errors are returned for the caller
/// to report; the caller clears local tokens either way.
pub(crate) async fn revoke(
    http: &crate::http::Client,
    cfg: &WakatimeConfig,
    client: &ClientCredentials,
    token: &Secret<String>,
) -> Result<()> {
    let form = [
        ("client_id", client.id.as_str()),
        ("client_secret", client.secret.expose().as_str()),
        ("token", token.expose().as_str()),
    ];
    let body = Secret::new(serde_urlencoded::to_string(form).map_err(|e| {
        Error::TokenResponseInvalid {
            detail: format!("request could not be encoded: {e}"),
        }
    })?);
    let request = http::Request::post(cfg.oauth_endpoint("oauth/revoke").as_str())
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body.expose().clone().into_bytes())
        .map_err(|_| Error::TokenResponseInvalid {
            detail: "the revocation address cannot be asked".into(),
        })?;
    let (status, answer) = send(http, request).await?;
    if status.is_success() {
        Ok(())
    } else {
        Err(refusal(status, answer.expose()).into())
    }
}
