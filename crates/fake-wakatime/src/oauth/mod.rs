//! The OAuth 2.0 endpoints under `/oauth/` (wakatime flavor only): `authorize` and the
//! consent page's decision, `token` (code exchange and refresh) and `revoke`, with the
//! real server's habits: form bodies only, client credentials in the body, a
//! form-encoded token answer unless JSON is asked for, single-use codes, PKCE enforced
//! when a challenge was sent. Errors of the token and revoke endpoints are
//! `{"error": "...", "error_description": "..."}` with 400 (401 for a bad client).

pub(crate) mod authorize;
pub(crate) mod form;
pub(crate) mod grants;
pub(crate) mod pages;
mod scopes;
mod token;

use std::sync::Arc;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

use crate::state::Shared;

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/authorize", get(authorize::authorize))
        .route("/authorize/decision", post(authorize::decision))
        .route("/token", post(token::token))
        .route("/revoke", post(token::revoke))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OauthError {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) description: String,
}

impl OauthError {
    fn new(code: &'static str, description: impl Into<String>) -> Self {
        let status = match code {
            "invalid_client" => StatusCode::UNAUTHORIZED,
            _ => StatusCode::BAD_REQUEST,
        };
        let description = description.into();
        Self {
            status,
            code,
            description,
        }
    }

    pub(crate) fn invalid_request(description: impl Into<String>) -> Self {
        Self::new("invalid_request", description)
    }

    pub(crate) fn invalid_client(description: impl Into<String>) -> Self {
        Self::new("invalid_client", description)
    }

    pub(crate) fn invalid_grant(description: impl Into<String>) -> Self {
        Self::new("invalid_grant", description)
    }
}

impl IntoResponse for OauthError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": self.code, "error_description": self.description});
        (self.status, Json(body)).into_response()
    }
}

/// `redirect_uri` with `params` appended to its query (before any fragment). Registered
/// URIs may be a custom scheme or loopback http and may carry a query already, so the
/// parameters are appended rather than set with a URL parser that might normalise them.
pub(crate) fn with_query(redirect_uri: &str, params: &[(&str, &str)]) -> String {
    let (base, fragment) = match redirect_uri.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (redirect_uri, None),
    };
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let separator = match base.find('?') {
        None => "?",
        Some(_) if base.ends_with('?') || base.ends_with('&') => "",
        Some(_) => "&",
    };
    let fragment = fragment.map(|fragment| format!("#{fragment}"));
    format!("{base}{separator}{query}{}", fragment.unwrap_or_default())
}

/// A 302 Found to `location`, as wakatime.com answers the authorize step.
pub(crate) fn found(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => (StatusCode::FOUND, [(header::LOCATION, value)]).into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "redirect URI is not a valid header value",
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_appended_to_the_redirect_uri_encoded_and_before_the_fragment() {
        let cases = [
            (
                "org.wakadesk.desktop:/oauth/callback",
                "org.wakadesk.desktop:/oauth/callback?code=c1",
            ),
            (
                "http://127.0.0.1:9/cb?x=1",
                "http://127.0.0.1:9/cb?x=1&code=c1",
            ),
            ("http://127.0.0.1:9/cb?", "http://127.0.0.1:9/cb?code=c1"),
            (
                "http://127.0.0.1:9/cb#top",
                "http://127.0.0.1:9/cb?code=c1#top",
            ),
        ];
        for (registered, expected) in cases {
            assert_eq!(
                with_query(registered, &[("code", "c1")]),
                expected,
                "{registered}"
            );
        }
        assert_eq!(
            with_query("app:/cb", &[("state", "a b&c"), ("code", "c")]),
            "app:/cb?state=a+b%26c&code=c",
            "encoded, in order"
        );
    }
}
