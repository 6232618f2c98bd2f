//! `POST /oauth/token`: code exchange and refresh, with the real server's habits
//! (form body only, client credentials in the body, form-encoded answer unless the
//! client asks for JSON).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use crate::client_auth;
use crate::form_body::FormBody;
use crate::grants::IssuedTokens;
use crate::oauth_error::OauthError;
use crate::pages;
use crate::shared::Shared;
use crate::token_response;

pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if shared.switches().fail_token_endpoint {
        return pages::server_error();
    }
    match exchange(&shared, &headers, &body) {
        Ok(tokens) => {
            let as_json = token_response::wants_json(&headers) && !shared.switches().form_only;
            token_response::render(&tokens, as_json)
        }
        Err(error) => error.into_response(),
    }
}

fn exchange(shared: &Shared, headers: &HeaderMap, body: &[u8]) -> Result<IssuedTokens, OauthError> {
    let form = FormBody::parse(headers, body)?;
    client_auth::authenticate(&shared.registration, headers, &form)?;
    let lifetime = shared.switches().token_lifetime();
    match form.require("grant_type")? {
        "authorization_code" => {
            let code = form.require("code")?;
            shared.grants().redeem_code(
                code,
                form.get("redirect_uri"),
                form.get("code_verifier"),
                lifetime,
            )
        }
        "refresh_token" => {
            let refresh_token = form.require("refresh_token")?;
            shared.grants().refresh(refresh_token, lifetime)
        }
        other => Err(OauthError::unsupported_grant_type(format!(
            "unsupported grant_type: {other}"
        ))),
    }
}
