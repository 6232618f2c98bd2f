//! Client authentication for the token and revoke endpoints: `client_id` and
//! `client_secret` in the form body, nothing else. A generic OAuth client defaults to
//! HTTP Basic, which wakatime.com does not read; the stand-in answers it with 401
//! `invalid_client` so that mistake shows up in tests.

use axum::http::{header, HeaderMap};

use crate::form_body::FormBody;
use crate::oauth_error::OauthError;
use crate::shared::Registration;

pub(crate) fn authenticate(
    registration: &Registration,
    headers: &HeaderMap,
    form: &FormBody,
) -> Result<(), OauthError> {
    let (Some(id), Some(secret)) = (form.get("client_id"), form.get("client_secret")) else {
        let description = if uses_basic_auth(headers) {
            "HTTP Basic client authentication is not supported: \
send client_id and client_secret in the form body"
        } else {
            "client_id and client_secret are required in the form body"
        };
        return Err(OauthError::invalid_client(description));
    };
    if id != registration.client_id || secret != registration.client_secret {
        return Err(OauthError::invalid_client(
            "unknown client or wrong client_secret",
        ));
    }
    Ok(())
}

fn uses_basic_auth(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_whitespace().next())
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("basic"))
}
