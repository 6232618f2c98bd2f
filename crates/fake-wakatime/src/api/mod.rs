//! The slice of the WakaTime API the app calls, mounted at the flavor's prefix
//! (`/api/v1` on wakatime.com): the profile and who may read it here, the coding figures
//! in `stats`, computed from the generated `activity` and written out by `json`.
//!
//! A caller is `Bearer <access token>` (OAuth) or `Basic base64(api key)`. Anything
//! else, including an expired or revoked token, a key that is not the configured one,
//! and any Bearer token on a self-hosted flavor (no OAuth there), gets 401.

pub mod activity;
pub(crate) mod flavor;
pub(crate) mod json;
mod stats;

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::json;

use crate::state::Shared;
use flavor::Flavor;

pub(crate) fn routes(flavor: Flavor) -> Router<Arc<Shared>> {
    Router::new()
        .route("/users/current", get(users_current))
        .merge(stats::routes(flavor))
        .fallback(not_found)
}

async fn users_current(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let Some(caller) = authenticate(&shared, &headers) else {
        return unauthorized();
    };
    let user = &shared.registration.user;
    let may_see_email = match caller {
        Caller::Token { scopes } => scopes.iter().any(|scope| scope == "email"),
        Caller::ApiKey => true,
    };
    let body = json!({
        "data": {
            "id": user.id,
            "username": user.username,
            "display_name": user.display_name,
            "full_name": user.full_name,
            "email": may_see_email.then_some(&user.email),
            "photo": user.photo,
            "timezone": user.timezone,
            "created_at": user.created_at,
        }
    });
    (StatusCode::OK, Json(body)).into_response()
}

/// Who is calling, and so what they may see.
enum Caller {
    Token { scopes: Vec<String> },
    ApiKey,
}

fn authenticate(shared: &Shared, headers: &HeaderMap) -> Option<Caller> {
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
        let decoded = String::from_utf8(STANDARD.decode(credential).ok()?).ok()?;
        // WakaTime takes base64(key); self-hosted servers also take base64(key:).
        let key = decoded.strip_suffix(':').unwrap_or(&decoded);
        return (key == api_key).then_some(Caller::ApiKey);
    }
    None
}

fn unauthorized() -> Response {
    error(StatusCode::UNAUTHORIZED, "Unauthorized")
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Not Found")
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"error": message}))).into_response()
}
