//! The authorization code flow end to end, as the app runs it.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use fake_wakatime::{Options, LOOPBACK_REDIRECT_URI};
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::*;

#[tokio::test]
async fn the_code_flow_without_pkce_yields_a_token_that_opens_the_api() {
    let fake = start_auto().await;
    let code = obtain_code(&fake, &[]).await;
    let tokens = exchange(&fake, &code_form(&fake, &code)).await;

    let response = current_user(&fake, &text(&tokens, "access_token")).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the access token is accepted"
    );
    let user: Value = response.json().await.expect("user JSON");
    assert_eq!(user["data"]["username"], "ada", "default username");
    assert_eq!(
        user["data"]["id"], tokens["uid"],
        "uid of the token is the user's id"
    );
    assert_eq!(user["data"]["timezone"], "UTC", "timezone");
    for field in ["display_name", "full_name", "photo", "created_at"] {
        assert!(
            user["data"][field].is_string(),
            "{field} is present: {user}"
        );
    }
}

#[tokio::test]
async fn the_code_flow_with_pkce_s256_accepts_the_matching_verifier() {
    let fake = start_auto().await;
    let (code, verifier) = obtain_s256_code(&fake).await;
    let form = with(code_form(&fake, &code), "code_verifier", Some(&verifier));
    let tokens = exchange(&fake, &form).await;
    assert!(
        text(&tokens, "access_token").starts_with("waka_tok_"),
        "a token is issued: {tokens}"
    );
}

#[tokio::test]
async fn a_plain_pkce_challenge_is_accepted_too() {
    let fake = start_auto().await;
    let (verifier, _) = pkce_pair();
    let code = obtain_code(
        &fake,
        &[
            ("code_challenge", &verifier),
            ("code_challenge_method", "plain"),
        ],
    )
    .await;
    let form = with(code_form(&fake, &code), "code_verifier", Some(&verifier));
    exchange(&fake, &form).await;
}

#[tokio::test]
async fn approving_on_the_consent_page_redirects_with_a_code_and_the_state() {
    let fake = start(Options::default()).await;
    let page = authorize(&fake, &[]).await;
    assert_eq!(page.status(), StatusCode::OK, "consent page shown");
    let html = page.text().await.expect("consent HTML");
    assert!(
        html.contains("read_summaries") && html.contains("Approve") && html.contains("Deny"),
        "page lists the scopes and both buttons: {html}"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "page loads nothing from elsewhere"
    );

    let answer = decide(&fake, &consent_request_id(&html), "approve").await;
    let location = location(&answer);
    assert!(
        location.starts_with("org.wakadesk.desktop:/oauth/callback?code="),
        "custom-scheme redirect with the code first: {location}"
    );
    let params = redirect_params(&answer);
    assert_eq!(params["state"], STATE, "state echoed");
    exchange(&fake, &code_form(&fake, &params["code"])).await;
}

#[tokio::test]
async fn a_consent_request_can_be_decided_only_once() {
    let fake = start(Options::default()).await;
    let html = authorize(&fake, &[])
        .await
        .text()
        .await
        .expect("consent HTML");
    let request_id = consent_request_id(&html);
    let first = decide(&fake, &request_id, "approve").await;
    assert_eq!(
        first.status(),
        StatusCode::FOUND,
        "first decision redirects"
    );
    let second = decide(&fake, &request_id, "approve").await;
    assert_eq!(
        second.status(),
        StatusCode::BAD_REQUEST,
        "second decision refused"
    );
}

#[tokio::test]
async fn the_token_answer_is_form_encoded_html_by_default() {
    let fake = start_auto().await;
    let code = obtain_code(&fake, &[]).await;
    let response = client()
        .post(format!("{}/oauth/token", fake.base_url()))
        .form(&code_form(&fake, &code))
        .send()
        .await
        .expect("token answered");
    assert_eq!(response.status(), StatusCode::OK, "exchange succeeds");
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "text/html; charset=utf-8",
        "the real server's content type"
    );
    let body = response.text().await.expect("body");
    assert!(
        body.contains("scope=read_summaries%2Cread_stats"),
        "scopes comma-joined and encoded: {body}"
    );
    let fields = parse_form(&body);
    assert_eq!(fields["token_type"], "bearer", "lower-case token type");
    assert_eq!(fields["scope"], SCOPE, "comma-separated scope");
    assert_eq!(fields["expires_in"], "5184000", "sixty days in seconds");
    assert_token_shapes(&fields["access_token"], &fields["refresh_token"]);
    assert_iso8601_utc(&fields["expires_at"]);
    uuid::Uuid::parse_str(&fields["uid"]).expect("uid is a UUID");
}

#[tokio::test]
async fn the_token_answer_is_json_when_accept_asks_for_it() {
    let fake = start_auto().await;
    let code = obtain_code(&fake, &[]).await;
    let response = client()
        .post(format!("{}/oauth/token", fake.base_url()))
        .header(ACCEPT, "application/json, text/plain;q=0.5")
        .form(&code_form(&fake, &code))
        .send()
        .await
        .expect("token answered");
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "application/json",
        "JSON content type"
    );
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["token_type"], "bearer", "token type");
    assert_eq!(body["scope"], SCOPE, "comma-separated scope");
    assert!(
        body["expires_in"].is_u64(),
        "expires_in is an integer: {body}"
    );
    assert_token_shapes(&text(&body, "access_token"), &text(&body, "refresh_token"));
    assert_iso8601_utc(&text(&body, "expires_at"));
}

#[tokio::test]
async fn a_loopback_redirect_uri_gets_the_code_too() {
    let fake = start_auto().await;
    let response = authorize(&fake, &[("redirect_uri", LOOPBACK_REDIRECT_URI)]).await;
    let location = location(&response);
    assert!(
        location.starts_with("http://127.0.0.1:53682/oauth/callback?code="),
        "loopback redirect: {location}"
    );
    let code = redirect_params(&response)["code"].clone();
    let form = with(
        code_form(&fake, &code),
        "redirect_uri",
        Some(LOOPBACK_REDIRECT_URI),
    );
    exchange(&fake, &form).await;
}

#[tokio::test]
async fn a_registered_redirect_with_a_query_gets_the_code_after_an_ampersand() {
    let registered = "http://127.0.0.1:53682/cb?app=wakadesk";
    let fake = start(
        Options::default()
            .with_switches(|s| s.auto_approve = true)
            .with_redirect_uri(registered),
    )
    .await;
    let location = location(&authorize(&fake, &[("redirect_uri", registered)]).await);
    assert!(
        location.starts_with("http://127.0.0.1:53682/cb?app=wakadesk&code="),
        "query appended with &: {location}"
    );
}

#[tokio::test]
async fn the_email_is_shown_only_to_tokens_with_the_email_scope() {
    let fake = start_auto().await;
    let without = fake.grant_directly(&["read_stats"]);
    let with_email = fake.grant_directly(&["read_stats", "email"]);
    let hidden: Value = current_user(&fake, &without.access_token)
        .await
        .json()
        .await
        .expect("JSON");
    let shown: Value = current_user(&fake, &with_email.access_token)
        .await
        .json()
        .await
        .expect("JSON");
    assert!(
        hidden["data"]["email"].is_null(),
        "no email scope: {hidden}"
    );
    assert_eq!(shown["data"]["email"], "ada@example.com", "email scope");
}

#[tokio::test]
async fn the_api_key_opens_the_api_with_basic_auth_of_the_bare_key() {
    let fake = start(Options::default().with_api_key(Some("waka_test-key".to_owned()))).await;
    let response = client()
        .get(format!("{}/users/current", fake.api_url()))
        .header(
            "Authorization",
            format!("Basic {}", STANDARD.encode("waka_test-key")),
        )
        .send()
        .await
        .expect("API answers");
    assert_eq!(response.status(), StatusCode::OK, "API key accepted");
    let wrong = client()
        .get(format!("{}/users/current", fake.api_url()))
        .header(
            "Authorization",
            format!("Basic {}", STANDARD.encode("other")),
        )
        .send()
        .await
        .expect("API answers");
    assert_eq!(
        wrong.status(),
        StatusCode::UNAUTHORIZED,
        "wrong key refused"
    );
}

fn assert_token_shapes(access: &str, refresh: &str) {
    let alnum = |s: &str| s.len() == 80 && s.bytes().all(|b| b.is_ascii_alphanumeric());
    assert!(
        access.strip_prefix("waka_tok_").is_some_and(alnum),
        "access token is waka_tok_ + 80 alphanumerics: {access}"
    );
    assert!(
        refresh.strip_prefix("waka_ref_").is_some_and(alnum),
        "refresh token is waka_ref_ + 80 alphanumerics: {refresh}"
    );
}

fn assert_iso8601_utc(at: &str) {
    let shape: Vec<bool> = at.bytes().map(|b| b.is_ascii_digit()).collect();
    let digits_at = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
    assert!(
        at.len() == 20
            && at.ends_with('Z')
            && &at[4..5] == "-"
            && &at[10..11] == "T"
            && digits_at.iter().all(|&i| shape[i]),
        "expires_at is like 2027-01-24T21:19:04Z: {at}"
    );
}
