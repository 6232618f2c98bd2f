//! The switches, from Rust and over the HTTP control endpoints.

use fake_wakatime::{RecordedRequest, Switches};
use reqwest::StatusCode;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn the_failure_switch_makes_the_token_endpoint_answer_500() {
    let fake = start_auto().await;
    let code = obtain_code(&fake, &[]).await;
    fake.update_switches(|s| s.fail_token_endpoint = true);
    let response = post_oauth(&fake, "token", &code_form(&fake, &code)).await;
    assert_eq!(
        response.status(),
        StatusCode::INTERNAL_SERVER_ERROR,
        "failing token endpoint"
    );
    let content_type = content_type(&response);
    assert!(
        content_type.starts_with("text/html"),
        "an HTML error page, not JSON"
    );

    fake.update_switches(|s| s.fail_token_endpoint = false);
    exchange(&fake, &code_form(&fake, &code)).await;
}

#[tokio::test]
async fn the_form_only_switch_answers_form_encoded_even_to_a_json_request() {
    let fake = start_auto().await;
    fake.update_switches(|s| s.form_only = true);
    let code = obtain_code(&fake, &[]).await;
    let response = post_oauth(&fake, "token", &code_form(&fake, &code)).await;
    assert_eq!(response.status(), StatusCode::OK, "exchange succeeds");
    let content_type = content_type(&response);
    assert!(
        content_type.starts_with("text/html"),
        "served as HTML: {content_type}"
    );
    let form = parse_form(&response.text().await.expect("body"));
    assert!(
        form["access_token"].starts_with("waka_tok_"),
        "form-encoded token: {form:?}"
    );
}

#[tokio::test]
async fn the_config_endpoint_changes_switches_over_http() {
    let fake = start(fake_wakatime::Options::default()).await;
    let url = format!("{}/__fake/config", fake.base_url());
    let (_, answer) = post_json(
        &url,
        &json!({"auto_approve": true, "token_lifetime_secs": 5}),
    )
    .await;
    let switches: Switches = serde_json::from_value(answer).expect("the full switches");
    assert!(switches.auto_approve, "auto-approve on");
    assert_eq!(switches.token_lifetime_secs, 5, "lifetime set");
    assert_eq!(
        fake.switches(),
        switches,
        "the Rust handle sees the same switches"
    );

    let code = obtain_code(&fake, &[]).await;
    let tokens = exchange(&fake, &code_form(&fake, &code)).await;
    assert_eq!(tokens["expires_in"], 5, "new lifetime applies: {tokens}");
}

#[tokio::test]
async fn the_config_endpoint_refuses_an_unknown_switch() {
    let fake = start_auto().await;
    let url = format!("{}/__fake/config", fake.base_url());
    let (status, body) = post_json(&url, &json!({"auto_aprove": false})).await;
    assert!(status.is_client_error(), "misspelt switch refused: {body}");
    assert!(fake.switches().auto_approve, "nothing changed");
}

#[tokio::test]
async fn the_revoke_all_endpoint_revokes_every_grant() {
    let fake = start_auto().await;
    let tokens = fake.grant_directly(&["read_stats"]);
    let response = client()
        .post(format!("{}/__fake/revoke-all", fake.base_url()))
        .send()
        .await
        .expect("revoke-all answered");
    assert_eq!(response.status(), StatusCode::OK, "revoke-all succeeds");
    assert_eq!(
        current_user(&fake, &tokens.access_token).await.status(),
        StatusCode::UNAUTHORIZED,
        "token revoked from the server side"
    );
}

#[tokio::test]
async fn the_requests_endpoint_lists_what_was_received_and_can_be_cleared() {
    let fake = start_auto().await;
    obtain_code(&fake, &[]).await;
    let url = format!("{}/__fake/requests", fake.base_url());
    let listed: Vec<RecordedRequest> = get_json(&url).await;
    assert_eq!(listed, fake.requests(), "HTTP and Rust views agree");
    assert_eq!(
        listed.len(),
        1,
        "one authorize request, control calls not logged"
    );
    assert_eq!(listed[0].path, "/oauth/authorize", "path");
    assert_eq!(listed[0].status, Some(302), "status recorded");

    let cleared = client().delete(&url).send().await.expect("clear answered");
    assert_eq!(cleared.status(), StatusCode::OK, "clear succeeds");
    assert!(fake.requests().is_empty(), "log cleared");
}
