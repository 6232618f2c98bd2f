//! Wires the endpoints together with the two layers every answer goes through:
//! recording (outermost, so even 404s are logged, with their full path) and the delay
//! switch. The flavor decides where the API is mounted and whether OAuth exists.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use crate::shared::Shared;
use crate::{api, authorize, control, recording, revoke, token};

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let flavor = shared.flavor;
    let mut routes = Router::new();
    if flavor.serves_oauth() {
        routes = routes
            .route("/oauth/authorize", get(authorize::authorize))
            .route("/oauth/authorize/decision", post(authorize::decision))
            .route("/oauth/token", post(token::token))
            .route("/oauth/revoke", post(revoke::revoke));
    }
    routes
        .nest(flavor.api_prefix(), api::routes(flavor))
        .nest("/__fake", control::routes())
        .layer(middleware::from_fn_with_state(shared.clone(), delay))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            recording::record,
        ))
        .with_state(shared)
}

/// Waits for the delay switch before answering; control endpoints answer at once.
async fn delay(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let delay = shared.switches().delay();
    if !delay.is_zero() && !req.uri().path().starts_with("/__fake/") {
        tokio::time::sleep(delay).await;
    }
    next.run(req).await
}
