//! `GET /oauth/authorize` and the consent decision. A request whose client or redirect
//! URI is wrong gets an HTML error page (never a redirect to an unregistered URI); any
//! other mistake is redirected back with `error=` and the `state`. `force_approve` is
//! accepted (and logged) but the auto-approve switch still wins, so tests that never
//! click a button keep working when the app asks for it. A request shown on the
//! consent page waits under a one-time id carried by the page's forms, so a decision is
//! made once and only for a request the server validated.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::form::{pairs, FormBody};
use super::grants::{ApprovedRequest, Challenge};
use super::scopes::parse_scopes;
use super::{found, pages, with_query};
use crate::options::random_alphanumeric;
use crate::state::Shared;

/// A validated authorize request and the `state` to echo back.
#[derive(Debug, Clone)]
pub(crate) struct PendingConsent {
    request: ApprovedRequest,
    state: Option<String>,
}

/// The requests on a consent page, by their one-time id.
#[derive(Debug, Default)]
pub(crate) struct ConsentStore(HashMap<String, PendingConsent>);

impl ConsentStore {
    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }
}

/// Why an authorize request was refused, and so how it is answered: a page, or a
/// redirect back with `error`, its description and the state.
enum Refusal {
    Page(String),
    Redirect(String, &'static str, String, Option<String>),
}

pub(crate) async fn authorize(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    let pending = match validate(&shared, query.unwrap_or_default().as_bytes()) {
        Ok(pending) => pending,
        Err(refusal) => return refuse(refusal),
    };
    if shared.switches().auto_approve {
        return approve(&shared, pending);
    }
    let scopes = pending.request.scopes.clone();
    let request_id = random_alphanumeric(32);
    shared.consents().0.insert(request_id.clone(), pending);
    let registration = &shared.registration;
    let username = &registration.user.username;
    pages::consent(&request_id, &registration.client_id, username, &scopes)
}

/// `POST /oauth/authorize/decision`: the Approve or Deny button of the consent page.
pub(crate) async fn decision(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = match FormBody::parse(&headers, &body) {
        Ok(form) => form,
        Err(error) => return pages::error(&error.description),
    };
    let approved = match form.get("decision") {
        Some("approve") => true,
        Some("deny") => false,
        _ => return pages::error("decision must be approve or deny"),
    };
    let pending = form
        .get("request_id")
        .and_then(|id| shared.consents().0.remove(id));
    let Some(pending) = pending else {
        return pages::error("this authorization request is unknown or was already decided");
    };
    if approved {
        return approve(&shared, pending);
    }
    let denied = "the user denied access".to_owned();
    refuse(Refusal::Redirect(
        pending.request.redirect_uri,
        "access_denied",
        denied,
        pending.state,
    ))
}

fn approve(shared: &Shared, pending: PendingConsent) -> Response {
    let lifetime = shared.switches().code_lifetime_secs;
    let redirect_uri = pending.request.redirect_uri.clone();
    let code = shared.grants().issue_code(pending.request, lifetime);
    let mut params = vec![("code", code.as_str())];
    params.extend(pending.state.as_deref().map(|state| ("state", state)));
    found(&with_query(&redirect_uri, &params))
}

fn refuse(refusal: Refusal) -> Response {
    match refusal {
        Refusal::Page(message) => pages::error(&message),
        Refusal::Redirect(redirect_uri, error, description, state) => {
            let mut params = vec![("error", error), ("error_description", &description)];
            params.extend(state.as_deref().map(|state| ("state", state)));
            found(&with_query(&redirect_uri, &params))
        }
    }
}

fn validate(shared: &Shared, query: &[u8]) -> Result<PendingConsent, Refusal> {
    let params = FormBody::from_pairs(pairs(query)).map_err(|e| Refusal::Page(e.description))?;
    let registration = &shared.registration;
    match params.get("client_id") {
        None => return Err(Refusal::Page("missing parameter: client_id".to_owned())),
        Some(id) if id != registration.client_id => {
            return Err(Refusal::Page(format!("unknown client_id: {id}")))
        }
        Some(_) => {}
    }
    let redirect_uri = match params.get("redirect_uri") {
        None => return Err(Refusal::Page("missing parameter: redirect_uri".to_owned())),
        Some(uri) if !registration.redirect_uris.iter().any(|known| known == uri) => {
            let unknown = format!("redirect_uri is not registered for this app: {uri}");
            return Err(Refusal::Page(unknown));
        }
        Some(uri) => uri.to_owned(),
    };
    let state = params.get("state").map(str::to_owned);
    let redirect_error = |error: &'static str, description: String| {
        Refusal::Redirect(redirect_uri.clone(), error, description, state.clone())
    };
    match params.get("response_type") {
        Some("code") => {}
        None => {
            let missing = "missing parameter: response_type".to_owned();
            return Err(redirect_error("invalid_request", missing));
        }
        Some(other) => {
            let unsupported = format!("unsupported response_type: {other}");
            return Err(redirect_error("unsupported_response_type", unsupported));
        }
    }
    let scopes = parse_scopes(params.get("scope").unwrap_or_default())
        .map_err(|description| redirect_error("invalid_scope", description))?;
    let challenge = Challenge::from_params(
        params.get("code_challenge"),
        params.get("code_challenge_method"),
    )
    .map_err(|description| redirect_error("invalid_request", description))?;
    let request = ApprovedRequest {
        redirect_uri,
        scopes,
        challenge,
    };
    Ok(PendingConsent { request, state })
}
