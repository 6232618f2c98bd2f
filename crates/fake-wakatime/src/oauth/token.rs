//! `POST /oauth/token` (code exchange and refresh, both with a `redirect_uri`: the
//! authorize request's for a code, a registered one for a refresh) and
//! `POST /oauth/revoke`. A token
//! answer is form-encoded with `Content-Type: text/html; charset=utf-8` unless the
//! request's Accept header names `application/json`, as on wakatime.com, where clients
//! that expect JSON everywhere break on the default. Revoking drops the grant holding
//! the token (both its tokens), or with `all=true` every grant of the user for this
//! app; an unknown token is not an error (RFC 7009): the answer is `{}` either way.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::form::FormBody;
use super::grants::IssuedTokens;
use super::{pages, OauthError};
use crate::state::Shared;

pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (fail, form_only, lifetime) = {
        let switches = shared.switches();
        let lifetime = switches.token_lifetime_secs;
        (switches.fail_token_endpoint, switches.form_only, lifetime)
    };
    if fail {
        return pages::server_error();
    }
    match exchange(&shared, &headers, &body, lifetime) {
        Ok(tokens) => render(&tokens, wants_json(&headers) && !form_only),
        Err(error) => error.into_response(),
    }
}

fn exchange(
    shared: &Shared,
    headers: &HeaderMap,
    body: &[u8],
    lifetime: u64,
) -> Result<IssuedTokens, OauthError> {
    let form = FormBody::parse(headers, body)?;
    form.authenticate_client(&shared.registration, headers)?;
    match form.require("grant_type")? {
        "authorization_code" => {
            let (code, redirect_uri) = (form.require("code")?, form.get("redirect_uri"));
            let verifier = form.get("code_verifier");
            shared
                .grants()
                .redeem_code(code, redirect_uri, verifier, lifetime)
        }
        "refresh_token" => {
            let refresh_token = form.require("refresh_token")?;
            // Listed as required for a refresh in WakaTime's docs; a registered one.
            let redirect_uri = form.require("redirect_uri")?;
            if !shared
                .registration
                .redirect_uris
                .iter()
                .any(|known| known == redirect_uri)
            {
                return Err(OauthError::invalid_grant(
                    "redirect_uri is not registered for this app",
                ));
            }
            shared.grants().refresh(refresh_token, lifetime)
        }
        other => Err(OauthError::new(
            "unsupported_grant_type",
            format!("unsupported grant_type: {other}"),
        )),
    }
}

/// True when the Accept header contains `application/json`.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| value.to_ascii_lowercase().contains("application/json"))
}

fn render(tokens: &IssuedTokens, as_json: bool) -> Response {
    let expires_in = tokens.expires_in.to_string();
    let fields = [
        ("access_token", tokens.access_token.as_str()),
        ("refresh_token", &tokens.refresh_token),
        ("token_type", "bearer"),
        ("uid", &tokens.uid),
        ("scope", &tokens.scopes.join(",")),
        ("expires_in", &expires_in),
        ("expires_at", &tokens.expires_at),
    ];
    if as_json {
        let mut body = serde_json::Map::new();
        for (name, value) in fields {
            body.insert(name.to_owned(), value.into());
        }
        body.insert("expires_in".to_owned(), tokens.expires_in.into());
        return (StatusCode::OK, Json(body)).into_response();
    }
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let html = [(header::CONTENT_TYPE, "text/html; charset=utf-8")];
    (StatusCode::OK, html, body).into_response()
}

pub(crate) async fn revoke(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let revoked = FormBody::parse(&headers, &body).and_then(|form| {
        form.authenticate_client(&shared.registration, &headers)?;
        let token = form.require("token")?;
        let all = form
            .get("all")
            .is_some_and(|value| value.eq_ignore_ascii_case("true"));
        let mut grants = shared.grants();
        // The single user of the stand-in owns every grant: `all` needs a token of theirs.
        if grants.revoke_grant_holding(token) && all {
            grants.revoke_all();
        }
        Ok(())
    });
    match revoked {
        Ok(()) => (StatusCode::OK, Json(serde_json::json!({}))).into_response(),
        Err(error) => error.into_response(),
    }
}
