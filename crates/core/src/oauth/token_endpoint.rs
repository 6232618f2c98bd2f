//! Requests to `/oauth/token` and `/oauth/revoke`, made the way WakaTime accepts them:
//! a form body with the client secret in it (not HTTP Basic), and `Accept:
//! application/json` while still reading a form-encoded answer.

use reqwest::header::ACCEPT;

use crate::config::{ClientCredentials, WakatimeConfig};
use crate::http::unreachable;
use crate::oauth::token_response::{self, TokenResponse};
use crate::secret::Secret;
use crate::{db, Error, Result};

/// What the token request is for.
pub enum Grant<'a> {
    Code {
        code: &'a str,
        redirect_uri: &'a str,
        verifier: &'a Secret<String>,
    },
    Refresh {
        refresh_token: &'a Secret<String>,
    },
}

pub async fn request_token(
    http: &reqwest::Client,
    cfg: &WakatimeConfig,
    client: &ClientCredentials,
    grant: Grant<'_>,
) -> Result<TokenResponse> {
    let mut form: Vec<(&str, &str)> = vec![
        ("client_id", &client.id),
        ("client_secret", client.secret.expose()),
    ];
    match &grant {
        Grant::Code {
            code,
            redirect_uri,
            verifier,
        } => form.extend([
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier.expose().as_str()),
        ]),
        Grant::Refresh { refresh_token } => form.extend([
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose().as_str()),
        ]),
    }
    let (status, text) = post_form(http, cfg, "oauth/token", &form).await?;
    if status.is_success() {
        token_response::parse(text.expose(), db::now_unix())
    } else {
        Err(rejection(status, text.expose()))
    }
}

/// Revokes `token` (and with it the whole grant). Errors are returned for the caller
/// to report; the caller clears local tokens either way.
pub async fn revoke(
    http: &reqwest::Client,
    cfg: &WakatimeConfig,
    client: &ClientCredentials,
    token: &Secret<String>,
) -> Result<()> {
    let form = [
        ("client_id", client.id.as_str()),
        ("client_secret", client.secret.expose().as_str()),
        ("token", token.expose().as_str()),
    ];
    let (status, text) = post_form(http, cfg, "oauth/revoke", &form).await?;
    if status.is_success() {
        Ok(())
    } else {
        Err(rejection(status, text.expose()))
    }
}

/// POSTs a form (which carries secrets) to an OAuth endpoint, asking for JSON; the
/// answer's body may hold tokens, so it comes back wrapped.
async fn post_form(
    http: &reqwest::Client,
    cfg: &WakatimeConfig,
    path: &str,
    form: &[(&str, &str)],
) -> Result<(reqwest::StatusCode, Secret<String>)> {
    let body = Secret::new(serde_urlencoded::to_string(form).map_err(|e| {
        Error::TokenResponseInvalid {
            detail: format!("request could not be encoded: {e}"),
        }
    })?);
    let response = http
        .post(cfg.oauth_endpoint(path))
        .header(ACCEPT, "application/json")
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(body.expose().clone())
        .send()
        .await
        .map_err(unreachable)?;
    let status = response.status();
    let text = Secret::new(response.text().await.map_err(unreachable)?);
    Ok((status, text))
}

/// A non-success answer in words. 5xx means WakaTime is having trouble; 4xx carries an
/// OAuth error code.
fn rejection(status: reqwest::StatusCode, body: &str) -> Error {
    if status.is_server_error() || status.is_redirection() || status.as_u16() == 429 {
        return Error::WakatimeServerError {
            status: status.as_u16(),
        };
    }
    match token_response::parse_error(body) {
        Some(e) => Error::WakatimeRejected {
            error: e.error,
            description: e.description,
        },
        None => Error::WakatimeRejected {
            error: format!("http_{}", status.as_u16()),
            description: None,
        },
    }
}
