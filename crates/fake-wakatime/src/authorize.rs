//! `GET /oauth/authorize` and the consent decision. A request whose client or
//! redirect URI is wrong gets an HTML error page (never a redirect to an unregistered
//! URI); any other mistake is redirected back with `error=` and the `state`.
//! `force_approve` is accepted (and logged) but the auto-approve switch still wins,
//! so tests that never click a button keep working when the app asks for it.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;

use crate::consents::PendingConsent;
use crate::form_body::{pairs, FormBody};
use crate::grants::ApprovedRequest;
use crate::pages;
use crate::pkce::Challenge;
use crate::redirect::{found, with_query};
use crate::scopes::parse_scopes;
use crate::shared::Shared;

/// Why an authorize request was refused, and so how it is answered.
enum Refusal {
    Page(String),
    Redirect {
        redirect_uri: String,
        error: &'static str,
        description: String,
        state: Option<String>,
    },
}

pub(crate) async fn authorize(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.unwrap_or_default();
    let pending = match validate(&shared, query.as_bytes()) {
        Ok(pending) => pending,
        Err(refusal) => return refuse(refusal),
    };
    if shared.switches().auto_approve {
        return approve(&shared, pending);
    }
    let scopes = pending.request.scopes.clone();
    let request_id = shared.consents().add(pending);
    let registration = &shared.registration;
    pages::consent(
        &request_id,
        &registration.client_id,
        &registration.user.username,
        &scopes,
    )
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
        .and_then(|id| shared.consents().take(id));
    let Some(pending) = pending else {
        return pages::error("this authorization request is unknown or was already decided");
    };
    if approved {
        approve(&shared, pending)
    } else {
        refuse(Refusal::Redirect {
            redirect_uri: pending.request.redirect_uri,
            error: "access_denied",
            description: "the user denied access".to_owned(),
            state: pending.state,
        })
    }
}

fn approve(shared: &Shared, pending: PendingConsent) -> Response {
    let lifetime = shared.switches().code_lifetime();
    let redirect_uri = pending.request.redirect_uri.clone();
    let code = shared.grants().issue_code(pending.request, lifetime);
    let mut params = vec![("code", code.as_str())];
    if let Some(state) = pending.state.as_deref() {
        params.push(("state", state));
    }
    found(&with_query(&redirect_uri, &params))
}

fn refuse(refusal: Refusal) -> Response {
    match refusal {
        Refusal::Page(message) => pages::error(&message),
        Refusal::Redirect {
            redirect_uri,
            error,
            description,
            state,
        } => {
            let mut params = vec![
                ("error", error),
                ("error_description", description.as_str()),
            ];
            if let Some(state) = state.as_deref() {
                params.push(("state", state));
            }
            found(&with_query(&redirect_uri, &params))
        }
    }
}

fn validate(shared: &Shared, query: &[u8]) -> Result<PendingConsent, Refusal> {
    let params =
        FormBody::from_pairs(pairs(query)).map_err(|error| Refusal::Page(error.description))?;
    match params.get("client_id") {
        None => return Err(Refusal::Page("missing parameter: client_id".to_owned())),
        Some(id) if id != shared.registration.client_id => {
            return Err(Refusal::Page(format!("unknown client_id: {id}")))
        }
        Some(_) => {}
    }
    let redirect_uri = match params.get("redirect_uri") {
        None => return Err(Refusal::Page("missing parameter: redirect_uri".to_owned())),
        Some(uri) if !shared.is_registered_redirect(uri) => {
            return Err(Refusal::Page(format!(
                "redirect_uri is not registered for this app: {uri}"
            )))
        }
        Some(uri) => uri.to_owned(),
    };
    let state = params.get("state").map(str::to_owned);
    let redirect_error = |error: &'static str, description: String| Refusal::Redirect {
        redirect_uri: redirect_uri.clone(),
        error,
        description,
        state: state.clone(),
    };
    match params.get("response_type") {
        Some("code") => {}
        None => {
            return Err(redirect_error(
                "invalid_request",
                "missing parameter: response_type".to_owned(),
            ))
        }
        Some(other) => {
            return Err(redirect_error(
                "unsupported_response_type",
                format!("unsupported response_type: {other}"),
            ))
        }
    }
    let scopes = parse_scopes(params.get("scope").unwrap_or_default())
        .map_err(|error| redirect_error("invalid_scope", error.description()))?;
    let challenge = Challenge::from_params(
        params.get("code_challenge"),
        params.get("code_challenge_method"),
    )
    .map_err(|description| redirect_error("invalid_request", description))?;
    Ok(PendingConsent {
        request: ApprovedRequest {
            redirect_uri,
            scopes,
            challenge,
        },
        state,
    })
}
