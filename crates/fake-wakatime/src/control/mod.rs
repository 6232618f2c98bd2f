//! What a test controls, and the HTTP endpoints under `/__fake/` through which a test
//! in another process controls it (the Rust handle reaches the same state directly):
//! the request log (`requests`, read or cleared), the switches (`config`, read or
//! changed), the clock (`clock`, read, advanced or set) and every grant (`revoke-all`).

pub(crate) mod clock;
pub(crate) mod recording;
pub(crate) mod switches;

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::api::json::iso8601;
use crate::state::Shared;

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/requests", get(requests).delete(clear_requests))
        .route("/config", get(config).post(update_config))
        .route("/clock", get(clock).post(update_clock))
        .route("/revoke-all", post(revoke_all))
}

async fn requests(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.log().clone()).into_response()
}

async fn clear_requests(State(shared): State<Arc<Shared>>) -> Response {
    shared.log().clear();
    Json(json!({})).into_response()
}

async fn config(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.switches().clone()).into_response()
}

/// Merges the switches given onto the current ones and answers with all of them.
async fn update_config(State(shared): State<Arc<Shared>>, Json(change): Json<Value>) -> Response {
    let mut switches = shared.switches();
    match switches.patched(&change) {
        Ok(patched) => {
            *switches = patched;
            Json(switches.clone()).into_response()
        }
        Err(error) => refused(error),
    }
}

/// A clock change: move it by some seconds, or set it to an instant (RFC 3339).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockChange {
    advance_secs: Option<i64>,
    now: Option<String>,
}

async fn clock(State(shared): State<Arc<Shared>>) -> Response {
    let clock = &shared.clock;
    Json(json!({"now": iso8601(clock.now()), "offset_secs": clock.offset().whole_seconds()}))
        .into_response()
}

async fn update_clock(
    State(shared): State<Arc<Shared>>,
    Json(change): Json<ClockChange>,
) -> Response {
    if let Some(now) = change.now {
        match OffsetDateTime::parse(&now, &Rfc3339) {
            Ok(now) => shared.clock.set(now),
            Err(error) => return refused(format!("now must be RFC 3339: {error}")),
        }
    }
    if let Some(secs) = change.advance_secs {
        shared.clock.advance(Duration::seconds(secs));
    }
    clock(State(shared)).await
}

async fn revoke_all(State(shared): State<Arc<Shared>>) -> Response {
    shared.revoke_all_grants();
    Json(json!({})).into_response()
}

fn refused(error: String) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({"error": error})),
    )
        .into_response()
}
