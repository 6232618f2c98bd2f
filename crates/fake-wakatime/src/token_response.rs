//! The body of a successful token answer. wakatime.com sends it form-encoded with
//! `Content-Type: text/html; charset=utf-8` unless the request's Accept header names
//! `application/json`; clients that expect JSON everywhere break on the default.

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::grants::IssuedTokens;

/// True when the Accept header contains `application/json`.
pub(crate) fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| value.to_ascii_lowercase().contains("application/json"))
}

pub(crate) fn render(tokens: &IssuedTokens, as_json: bool) -> Response {
    let scope = tokens.scopes.join(",");
    if as_json {
        let body = serde_json::json!({
            "access_token": tokens.access_token,
            "refresh_token": tokens.refresh_token,
            "token_type": "bearer",
            "uid": tokens.uid,
            "scope": scope,
            "expires_in": tokens.expires_in,
            "expires_at": tokens.expires_at,
        });
        return (StatusCode::OK, Json(body)).into_response();
    }
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("access_token", &tokens.access_token)
        .append_pair("refresh_token", &tokens.refresh_token)
        .append_pair("token_type", "bearer")
        .append_pair("uid", &tokens.uid)
        .append_pair("scope", &scope)
        .append_pair("expires_in", &tokens.expires_in.to_string())
        .append_pair("expires_at", &tokens.expires_at)
        .finish();
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}
