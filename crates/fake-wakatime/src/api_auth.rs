//! Who is calling the API: `Bearer <access token>` (OAuth) or `Basic base64(api key)`.
//! Anything else, including an expired or revoked token, a key that is not the
//! configured one, and any Bearer token on a self-hosted flavor (no OAuth there),
//! gets 401.

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::json;

use crate::shared::Shared;

/// Who is calling, and so what they may see.
pub(crate) enum Caller {
    Token { scopes: Vec<String> },
    ApiKey,
}

impl Caller {
    pub(crate) fn may_see_email(&self) -> bool {
        match self {
            Self::Token { scopes } => scopes.iter().any(|scope| scope == "email"),
            Self::ApiKey => true,
        }
    }
}

pub(crate) fn authenticate(shared: &Shared, headers: &HeaderMap) -> Option<Caller> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, credential) = value.trim().split_once(' ')?;
    let credential = credential.trim();
    if scheme.eq_ignore_ascii_case("bearer") {
        if !shared.flavor.serves_oauth() {
            return None;
        }
        let scopes = shared.grants().access_scopes(credential)?;
        return Some(Caller::Token { scopes });
    }
    if scheme.eq_ignore_ascii_case("basic") {
        let api_key = shared.registration.api_key.as_deref()?;
        let decoded = STANDARD.decode(credential).ok()?;
        let decoded = String::from_utf8(decoded).ok()?;
        // WakaTime takes base64(key); self-hosted servers also take base64(key:).
        let key = decoded.strip_suffix(':').unwrap_or(&decoded);
        return (key == api_key).then_some(Caller::ApiKey);
    }
    None
}

pub(crate) fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({"error": "Unauthorized"})),
    )
        .into_response()
}
