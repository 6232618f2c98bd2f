//! `POST /oauth/revoke`: drops the grant holding the given token (both its tokens),
//! or with `all=true` every grant of the user for this app. Unknown tokens are not an
//! error (RFC 7009): the answer is `{}` either way.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::client_auth;
use crate::form_body::FormBody;
use crate::oauth_error::OauthError;
use crate::shared::Shared;

pub(crate) async fn revoke(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match revoke_tokens(&shared, &headers, &body) {
        Ok(()) => (StatusCode::OK, Json(serde_json::json!({}))).into_response(),
        Err(error) => error.into_response(),
    }
}

fn revoke_tokens(shared: &Shared, headers: &HeaderMap, body: &[u8]) -> Result<(), OauthError> {
    let form = FormBody::parse(headers, body)?;
    client_auth::authenticate(&shared.registration, headers, &form)?;
    let token = form.require("token")?;
    let mut grants = shared.grants();
    let all = form
        .get("all")
        .is_some_and(|value| value.eq_ignore_ascii_case("true"));
    // The single user of the fake owns every grant, so `all` needs only a token of theirs.
    if grants.revoke_grant_holding(token) && all {
        grants.revoke_all();
    }
    Ok(())
}
