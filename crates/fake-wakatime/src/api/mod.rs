//! The slice of the WakaTime API the app calls, mounted at the flavor's prefix
//! (`/api/v1` on wakatime.com): the profile and who may read it here, the coding figures
//! in `stats`, computed from the generated `activity` and written out by `json`.
//!
//! A caller is `Bearer <access token>` (OAuth) or `Basic base64(api key)`. Anything
//! else, including an expired or revoked token, a key that is not the configured one,
//! and any Bearer token on a self-hosted flavor (no OAuth there), gets 401.
//!
//! Wakapi is a whole server, not only its compat API, so the wakapi flavor also answers
//! what students' addresses reach: the heartbeat root `/api` (its `api_url`) has no
//! `users/current` (Go's plain-text 404, like every unknown path there), yet serves
//! the status bar and stats under `/api` and `/api/v1` as Wakapi does.

pub mod activity;
pub(crate) mod flavor;
mod hackatime;
pub(crate) mod json;
mod stats;
mod summaries;

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
    let routes = Router::new()
        .route("/users/current", get(users_current))
        .merge(stats::routes(flavor));
    if flavor == Flavor::Wakapi {
        return routes.fallback(go_not_found);
    }
    routes.fallback(not_found)
}

/// What a server of this flavor answers outside its compat API: on Wakapi, the status
/// bar at `/api` and `/api/v1`, the stats at `/api/v1`, and Go's 404 for the rest.
pub(crate) fn outside_routes(flavor: Flavor) -> Router<Arc<Shared>> {
    if flavor != Flavor::Wakapi {
        return Router::new();
    }
    let status_bar = get(stats::status_bar_today);
    Router::new()
        .route("/api/users/current/statusbar/today", status_bar.clone())
        .route("/api/v1/users/current/statusbar/today", status_bar)
        .route("/api/v1/users/current/stats/{range}", get(stats::stats))
        .fallback(go_not_found)
}

/// `http.NotFound`, as Wakapi (Go) answers any unknown path.
async fn go_not_found() -> Response {
    let text_plain = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
    (StatusCode::NOT_FOUND, text_plain, "404 page not found\n").into_response()
}

async fn users_current(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let Some(caller) = authenticate(&shared, &headers) else {
        return unauthorized();
    };
    let user = &shared.registration.user;
    let switches = shared.switches();
    let timezone = match (&switches.wakapi_timezone_text, shared.flavor) {
        (Some(text), Flavor::Wakapi) => text.clone(),
        _ => switches.timezone.name().to_owned(),
    };
    let needed = switches.profile_scope.clone();
    drop(switches);
    let granted = |wanted: &str| match &caller {
        Caller::Token { scopes } => scopes.iter().any(|scope| scope == wanted),
        Caller::ApiKey => true,
    };
    if let Some(scope) = needed.filter(|scope| !granted(scope)) {
        let error = format!("Forbidden: requires scope {scope}");
        return (StatusCode::FORBIDDEN, Json(json!({ "error": error }))).into_response();
    }
    let may_see_email = granted("email");
    let body = json!({
        "data": {
            "id": user.id,
            "username": user.username,
            "display_name": user.display_name,
            "full_name": user.full_name,
            "email": may_see_email.then_some(&user.email),
            "photo": user.photo,
            "timezone": timezone,
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
