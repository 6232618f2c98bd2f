//! Authorize requests the real server refuses, and how: an error page when the
//! redirect cannot be trusted, otherwise a redirect carrying `error` and `state`.

use fake_wakatime::Options;
use reqwest::header::LOCATION;
use reqwest::{Response, StatusCode};

use crate::support::*;

async fn assert_error_page(response: Response, why: &str) {
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "{why}: status 400"
    );
    assert!(
        response.headers().get(LOCATION).is_none(),
        "{why}: no redirect"
    );
    let html_type = content_type(&response).starts_with("text/html");
    assert!(html_type, "{why}: an HTML page");
    let html = response.text().await.expect("page");
    assert!(
        html.contains("Invalid authorization request"),
        "{why}: says what went wrong"
    );
}

#[tokio::test]
async fn an_unregistered_redirect_uri_gets_an_error_page_not_a_redirect() {
    let fake = start_auto().await;
    let response = authorize(&fake, &[("redirect_uri", "https://evil.example/cb")]).await;
    assert_error_page(response, "unregistered redirect").await;
}

#[tokio::test]
async fn a_redirect_uri_that_differs_by_a_trailing_slash_is_unregistered() {
    let fake = start_auto().await;
    let response = authorize(
        &fake,
        &[("redirect_uri", "org.wakadesk.desktop:/oauth/callback/")],
    )
    .await;
    assert_error_page(response, "near-miss redirect").await;
}

#[tokio::test]
async fn an_unknown_client_id_gets_an_error_page() {
    let fake = start_auto().await;
    let response = authorize(&fake, &[("client_id", "someone-else")]).await;
    assert_error_page(response, "unknown client").await;
}

#[tokio::test]
async fn a_missing_redirect_uri_gets_an_error_page() {
    let fake = start_auto().await;
    let response = authorize(&fake, &[("redirect_uri", "")]).await;
    assert_error_page(response, "missing redirect").await;
}

#[tokio::test]
async fn an_unknown_scope_comes_back_as_invalid_scope_with_the_state() {
    let fake = start_auto().await;
    let params = redirect_params(&authorize(&fake, &[("scope", "read_logged_time")]).await);
    assert_eq!(params["error"], "invalid_scope", "retired scope refused");
    assert_eq!(params["state"], STATE, "state echoed");
    assert!(!params.contains_key("code"), "no code with an error");
}

#[tokio::test]
async fn space_separated_and_dotted_scopes_are_accepted() {
    let fake = start_auto().await;
    let params = redirect_params(
        &authorize(
            &fake,
            &[("scope", "read_stats.languages read_summaries email")],
        )
        .await,
    );
    assert!(params.contains_key("code"), "scopes accepted: {params:?}");
}

#[tokio::test]
async fn a_response_type_other_than_code_is_unsupported() {
    let fake = start_auto().await;
    let params = redirect_params(&authorize(&fake, &[("response_type", "token")]).await);
    assert_eq!(
        params["error"], "unsupported_response_type",
        "implicit flow refused"
    );
    assert_eq!(params["state"], STATE, "state echoed");
}

#[tokio::test]
async fn a_missing_response_type_is_an_invalid_request() {
    let fake = start_auto().await;
    let params = redirect_params(&authorize(&fake, &[("response_type", "")]).await);
    assert_eq!(params["error"], "invalid_request", "response_type required");
}

#[tokio::test]
async fn an_unknown_challenge_method_is_an_invalid_request() {
    let fake = start_auto().await;
    let params = redirect_params(
        &authorize(
            &fake,
            &[("code_challenge", "abc"), ("code_challenge_method", "S512")],
        )
        .await,
    );
    assert_eq!(params["error"], "invalid_request", "only S256 and plain");
}

#[tokio::test]
async fn denying_consent_redirects_with_access_denied_and_the_state() {
    let fake = start(Options::default()).await;
    let html = authorize(&fake, &[])
        .await
        .text()
        .await
        .expect("consent page");
    let answer = decide(&fake, &consent_request_id(&html), "deny").await;
    let location = location(&answer);
    assert!(
        location.starts_with("org.wakadesk.desktop:/oauth/callback?error=access_denied"),
        "denial goes back to the app: {location}"
    );
    let params = redirect_params(&answer);
    assert_eq!(params["state"], STATE, "state echoed on denial");
    assert!(!params.contains_key("code"), "no code on denial");
}

#[tokio::test]
async fn without_a_state_the_redirect_carries_none() {
    let fake = start_auto().await;
    let params = redirect_params(&authorize(&fake, &[("state", "")]).await);
    assert!(params.contains_key("code"), "code issued");
    assert!(!params.contains_key("state"), "no state invented");
}
