//! Token requests the real server refuses: each trap a client can fall into.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use reqwest::header::ACCEPT;
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::*;

async fn assert_refused(
    fake: &fake_wakatime::FakeWakatime,
    form: &[(String, String)],
    status: StatusCode,
    error: &str,
) -> Value {
    let (got, body) = post_oauth_json(fake, "token", form).await;
    assert_eq!(got, status, "status for {error}: {body}");
    assert_eq!(body["error"], error, "error code: {body}");
    assert!(
        body["error_description"].is_string(),
        "a description: {body}"
    );
    body
}

#[tokio::test]
async fn a_reused_code_is_refused_and_the_tokens_it_gave_are_revoked() {
    let fake = start_auto().await;
    let code = obtain_code(&fake, &[]).await;
    let first = exchange(&fake, &code_form(&fake, &code)).await;
    assert_refused(
        &fake,
        &code_form(&fake, &code),
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;

    let api = current_user(&fake, &text(&first, "access_token")).await;
    assert_eq!(
        api.status(),
        StatusCode::UNAUTHORIZED,
        "first access token revoked"
    );
    let refresh = refresh_form(&fake, &text(&first, "refresh_token"));
    assert_refused(&fake, &refresh, StatusCode::BAD_REQUEST, "invalid_grant").await;
}

#[tokio::test]
async fn a_redirect_uri_other_than_the_authorize_one_is_refused() {
    let fake = start_auto().await;
    let code = obtain_code(&fake, &[]).await;
    let form = with(
        code_form(&fake, &code),
        "redirect_uri",
        Some(fake_wakatime::LOOPBACK_REDIRECT_URI),
    );
    assert_refused(&fake, &form, StatusCode::BAD_REQUEST, "invalid_grant").await;
}

#[tokio::test]
async fn a_missing_redirect_uri_is_refused() {
    let fake = start_auto().await;
    let code = obtain_code(&fake, &[]).await;
    let form = with(code_form(&fake, &code), "redirect_uri", None);
    assert_refused(&fake, &form, StatusCode::BAD_REQUEST, "invalid_request").await;
}

#[tokio::test]
async fn a_wrong_code_verifier_is_refused_and_the_right_one_still_works() {
    let fake = start_auto().await;
    let (code, verifier) = obtain_s256_code(&fake).await;
    let wrong = "x".repeat(43);
    let form = with(code_form(&fake, &code), "code_verifier", Some(&wrong));
    assert_refused(&fake, &form, StatusCode::BAD_REQUEST, "invalid_grant").await;
    let form = with(code_form(&fake, &code), "code_verifier", Some(&verifier));
    exchange(&fake, &form).await;
}

#[tokio::test]
async fn a_missing_code_verifier_is_refused_when_a_challenge_was_sent() {
    let fake = start_auto().await;
    let (code, _) = obtain_s256_code(&fake).await;
    assert_refused(
        &fake,
        &code_form(&fake, &code),
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
}

#[tokio::test]
async fn client_credentials_in_basic_auth_are_refused_with_401() {
    let fake = start_auto().await;
    let code = obtain_code(&fake, &[]).await;
    let form = with(
        with(code_form(&fake, &code), "client_id", None),
        "client_secret",
        None,
    );
    let basic = STANDARD.encode(format!("{}:{}", fake.client_id(), fake.client_secret()));
    let response = client()
        .post(format!("{}/oauth/token", fake.base_url()))
        .header(ACCEPT, "application/json")
        .header("Authorization", format!("Basic {basic}"))
        .form(&form)
        .send()
        .await
        .expect("token answered");
    assert_eq!(
        response.status(),
        StatusCode::UNAUTHORIZED,
        "Basic auth is not read"
    );
    let body: Value = response.json().await.expect("JSON error");
    assert_eq!(body["error"], "invalid_client", "error code: {body}");
}

#[tokio::test]
async fn a_json_body_is_refused_with_400() {
    let fake = start_auto().await;
    let code = obtain_code(&fake, &[]).await;
    let json: serde_json::Map<String, Value> = code_form(&fake, &code)
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    let response = client()
        .post(format!("{}/oauth/token", fake.base_url()))
        .header(ACCEPT, "application/json")
        .json(&json)
        .send()
        .await
        .expect("token answered");
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "JSON body refused"
    );
    let body: Value = response.json().await.expect("JSON error");
    assert_eq!(body["error"], "invalid_request", "error code: {body}");
}

#[tokio::test]
async fn a_wrong_client_secret_is_refused_with_401() {
    let fake = start_auto().await;
    let code = obtain_code(&fake, &[]).await;
    let form = with(
        code_form(&fake, &code),
        "client_secret",
        Some("waka_sec_wrong"),
    );
    assert_refused(&fake, &form, StatusCode::UNAUTHORIZED, "invalid_client").await;
}

#[tokio::test]
async fn an_unknown_grant_type_is_unsupported() {
    let fake = start_auto().await;
    let form = with(code_form(&fake, "c"), "grant_type", Some("password"));
    assert_refused(
        &fake,
        &form,
        StatusCode::BAD_REQUEST,
        "unsupported_grant_type",
    )
    .await;
}

#[tokio::test]
async fn an_unknown_code_is_an_invalid_grant() {
    let fake = start_auto().await;
    let form = code_form(&fake, "made-up-code");
    assert_refused(&fake, &form, StatusCode::BAD_REQUEST, "invalid_grant").await;
}

#[tokio::test]
async fn an_expired_code_is_refused() {
    let fake = start_auto().await;
    fake.update_switches(|s| s.code_lifetime_secs = 0);
    let code = obtain_code(&fake, &[]).await;
    let body = assert_refused(
        &fake,
        &code_form(&fake, &code),
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    assert!(
        text(&body, "error_description").contains("expired"),
        "says the code expired: {body}"
    );
}

#[tokio::test]
async fn a_code_is_refused_once_the_clock_passes_its_lifetime() {
    let fake = start_auto().await;
    let code = obtain_code(&fake, &[]).await;
    fake.clock().advance(time::Duration::seconds(
        fake_wakatime::DEFAULT_CODE_LIFETIME_SECS as i64,
    ));
    let form = code_form(&fake, &code);
    let body = assert_refused(&fake, &form, StatusCode::BAD_REQUEST, "invalid_grant").await;
    assert!(
        text(&body, "error_description").contains("expired"),
        "ten minutes later the code expired: {body}"
    );
}

#[tokio::test]
async fn errors_are_json_even_without_an_accept_header() {
    let fake = start_auto().await;
    let response = client()
        .post(format!("{}/oauth/token", fake.base_url()))
        .form(&code_form(&fake, "made-up-code"))
        .send()
        .await
        .expect("token answered");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST, "refused");
    let body: Value = response.json().await.expect("errors are JSON");
    assert_eq!(body["error"], "invalid_grant", "error code: {body}");
}

#[tokio::test]
async fn a_refresh_without_a_registered_redirect_uri_is_refused_and_keeps_the_token() {
    let fake = start_auto().await;
    let code = obtain_code(&fake, &[]).await;
    let tokens = exchange(&fake, &code_form(&fake, &code)).await;
    let refresh = refresh_form(&fake, &text(&tokens, "refresh_token"));
    let missing = with(refresh.clone(), "redirect_uri", None);
    assert_refused(&fake, &missing, StatusCode::BAD_REQUEST, "invalid_request").await;
    let unknown = with(refresh.clone(), "redirect_uri", Some("org.evil.app:/cb"));
    assert_refused(&fake, &unknown, StatusCode::BAD_REQUEST, "invalid_grant").await;
    let renewed = exchange(&fake, &refresh).await;
    assert!(
        text(&renewed, "access_token").starts_with("waka_tok_"),
        "the refresh token still works with a registered redirect_uri"
    );
}
