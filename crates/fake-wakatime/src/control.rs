//! HTTP control endpoints under `/__fake/`, for tests that run the binary in another
//! process and cannot call the Rust API: read or clear the request log, change the
//! switches, revoke every grant from the server side.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

use crate::shared::Shared;
use crate::switches::SwitchesPatch;

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/requests", get(requests).delete(clear_requests))
        .route("/config", get(config).post(update_config))
        .route("/revoke-all", post(revoke_all))
}

async fn requests(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.log().clone()).into_response()
}

async fn clear_requests(State(shared): State<Arc<Shared>>) -> Response {
    shared.log().clear();
    empty_ok()
}

async fn config(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.switches().clone()).into_response()
}

/// Applies the switches given and answers with all of them.
async fn update_config(
    State(shared): State<Arc<Shared>>,
    Json(patch): Json<SwitchesPatch>,
) -> Response {
    let mut switches = shared.switches();
    switches.apply(&patch);
    Json(switches.clone()).into_response()
}

async fn revoke_all(State(shared): State<Arc<Shared>>) -> Response {
    shared.revoke_all_grants();
    empty_ok()
}

fn empty_ok() -> Response {
    (StatusCode::OK, Json(serde_json::json!({}))).into_response()
}
