//! The slice of the WakaTime API the app calls, mounted at the flavor's prefix
//! (`/api/v1` on wakatime.com): the profile here, the coding figures in `stats_api`.
//! Authentication is `api_auth`'s.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::api_auth::{authenticate, unauthorized};
use crate::flavor::Flavor;
use crate::shared::Shared;
use crate::stats_api;

pub(crate) fn routes(flavor: Flavor) -> Router<Arc<Shared>> {
    Router::new()
        .route("/users/current", get(users_current))
        .merge(stats_api::routes(flavor))
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

pub(crate) async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Json(json!({"error": "Not Found"}))).into_response()
}
