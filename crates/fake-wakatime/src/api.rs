//! The slice of the WakaTime API the app calls, mounted at `/api/v1`. Requests are
//! authenticated with `Bearer <access token>` (OAuth) or `Basic base64(api key)`;
//! anything else, including an expired or revoked token, gets 401.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::json;

use crate::shared::Shared;

/// Who is calling, and so what they may see.
enum Caller {
    Token { scopes: Vec<String> },
    ApiKey,
}

impl Caller {
    fn may_see_email(&self) -> bool {
        match self {
            Self::Token { scopes } => scopes.iter().any(|scope| scope == "email"),
            Self::ApiKey => true,
        }
    }
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/users/current", get(users_current))
        .fallback(not_found)
}

async fn users_current(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let Some(caller) = authenticate(&shared, &headers) else {
        return unauthorized();
    };
    let user = &shared.registration.user;
    let email = caller.may_see_email().then(|| user.email.clone());
    let body = json!({
        "data": {
            "id": user.id,
            "username": user.username,
            "display_name": user.display_name,
            "full_name": user.full_name,
            "email": email,
            "photo": user.photo,
            "timezone": user.timezone,
            "created_at": user.created_at,
        }
    });
    (StatusCode::OK, Json(body)).into_response()
}

fn authenticate(shared: &Shared, headers: &HeaderMap) -> Option<Caller> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, credential) = value.trim().split_once(' ')?;
    let credential = credential.trim();
    if scheme.eq_ignore_ascii_case("bearer") {
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

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({"error": "Unauthorized"})),
    )
        .into_response()
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Json(json!({"error": "Not Found"}))).into_response()
}
