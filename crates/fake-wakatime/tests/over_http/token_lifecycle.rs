//! What happens to tokens after they are issued: refresh, revoke, expiry.

use fake_wakatime::Options;
use reqwest::StatusCode;
use time::Duration;

use crate::support::*;

async fn signed_in(fake: &fake_wakatime::FakeWakatime) -> (String, String) {
    let code = obtain_code(fake, &[]).await;
    let tokens = exchange(fake, &code_form(fake, &code)).await;
    (
        text(&tokens, "access_token"),
        text(&tokens, "refresh_token"),
    )
}

fn revoke_form(fake: &fake_wakatime::FakeWakatime, token: &str) -> Vec<(String, String)> {
    vec![
        ("client_id".to_owned(), fake.client_id().to_owned()),
        ("client_secret".to_owned(), fake.client_secret().to_owned()),
        ("token".to_owned(), token.to_owned()),
    ]
}

async fn assert_locked_out(fake: &fake_wakatime::FakeWakatime, access: &str, refresh: &str) {
    let api = current_user(fake, access).await;
    assert_eq!(
        api.status(),
        StatusCode::UNAUTHORIZED,
        "access token refused"
    );
    let body: serde_json::Value = api.json().await.expect("JSON 401");
    assert_eq!(body["error"], "Unauthorized", "401 body");
    let (status, body) = post_oauth_json(fake, "token", &refresh_form(fake, refresh)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "refresh refused: {body}");
    assert_eq!(
        body["error"], "invalid_grant",
        "refresh token is dead: {body}"
    );
}

#[tokio::test]
async fn refreshing_rotates_both_tokens_and_retires_the_old_refresh_token() {
    let fake = start_auto().await;
    let (access, refresh) = signed_in(&fake).await;
    let renewed = exchange(&fake, &refresh_form(&fake, &refresh)).await;
    let new_access = text(&renewed, "access_token");
    let new_refresh = text(&renewed, "refresh_token");
    assert_ne!(new_access, access, "a new access token");
    assert_ne!(new_refresh, refresh, "a new refresh token");
    assert_eq!(renewed["scope"], SCOPE, "same scopes");

    let (status, body) = post_oauth_json(&fake, "token", &refresh_form(&fake, &refresh)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "old refresh token refused");
    assert_eq!(body["error"], "invalid_grant", "error code: {body}");
    let api = current_user(&fake, &new_access).await;
    assert_eq!(api.status(), StatusCode::OK, "new access token works");
    exchange(&fake, &refresh_form(&fake, &new_refresh)).await;
}

#[tokio::test]
async fn revoking_the_access_token_locks_out_both_tokens() {
    let fake = start_auto().await;
    let (access, refresh) = signed_in(&fake).await;
    let (status, body) = post_oauth_json(&fake, "revoke", &revoke_form(&fake, &access)).await;
    assert_eq!(status, StatusCode::OK, "revoke succeeds: {body}");
    assert_eq!(body, serde_json::json!({}), "empty JSON object");
    assert_locked_out(&fake, &access, &refresh).await;
}

#[tokio::test]
async fn revoking_the_refresh_token_locks_out_the_access_token_too() {
    let fake = start_auto().await;
    let (access, refresh) = signed_in(&fake).await;
    let (status, _) = post_oauth_json(&fake, "revoke", &revoke_form(&fake, &refresh)).await;
    assert_eq!(status, StatusCode::OK, "revoke succeeds");
    assert_locked_out(&fake, &access, &refresh).await;
}

#[tokio::test]
async fn revoking_one_grant_leaves_the_others_alone_unless_all_is_set() {
    let fake = start_auto().await;
    let (first_access, _) = signed_in(&fake).await;
    let (second_access, second_refresh) = signed_in(&fake).await;
    let (third_access, _) = signed_in(&fake).await;

    post_oauth_json(&fake, "revoke", &revoke_form(&fake, &first_access)).await;
    let api = current_user(&fake, &second_access).await;
    assert_eq!(
        api.status(),
        StatusCode::OK,
        "another grant survives a single revoke"
    );

    let all = with(revoke_form(&fake, &second_refresh), "all", Some("true"));
    let (status, _) = post_oauth_json(&fake, "revoke", &all).await;
    assert_eq!(status, StatusCode::OK, "revoke all succeeds");
    let api = current_user(&fake, &third_access).await;
    assert_eq!(
        api.status(),
        StatusCode::UNAUTHORIZED,
        "all=true revokes every grant"
    );
    assert_eq!(fake.active_grants(), 0, "no grant left");
}

#[tokio::test]
async fn revoking_needs_the_client_secret_in_the_body() {
    let fake = start_auto().await;
    let (access, _) = signed_in(&fake).await;
    let form = with(revoke_form(&fake, &access), "client_secret", None);
    let (status, body) = post_oauth_json(&fake, "revoke", &form).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "no secret, no revoke: {body}"
    );
    assert_eq!(body["error"], "invalid_client", "error code: {body}");
    assert!(fake.is_token_active(&access), "token still active");
}

#[tokio::test]
async fn revoking_an_unknown_token_still_answers_ok() {
    let fake = start_auto().await;
    let (status, body) =
        post_oauth_json(&fake, "revoke", &revoke_form(&fake, "waka_tok_nope")).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "RFC 7009: unknown token is fine: {body}"
    );
}

#[tokio::test]
async fn revoking_from_the_server_side_drops_every_grant() {
    let fake = start_auto().await;
    let (access, refresh) = signed_in(&fake).await;
    fake.revoke_all_grants();
    assert_locked_out(&fake, &access, &refresh).await;
}

#[tokio::test]
async fn an_access_token_stops_working_after_its_short_lifetime() {
    let fake = start(Options::default().with_switches(|s| {
        s.auto_approve = true;
        s.token_lifetime_secs = 1;
    }))
    .await;
    let code = obtain_code(&fake, &[]).await;
    let tokens = exchange(&fake, &code_form(&fake, &code)).await;
    assert_eq!(tokens["expires_in"], 1, "lifetime reported: {tokens}");
    let access = text(&tokens, "access_token");
    assert_eq!(
        current_user(&fake, &access).await.status(),
        StatusCode::OK,
        "works while fresh"
    );
    fake.clock().advance(Duration::seconds(1));
    assert_eq!(
        current_user(&fake, &access).await.status(),
        StatusCode::UNAUTHORIZED,
        "refused once expired"
    );
    let renewed = exchange(&fake, &refresh_form(&fake, &text(&tokens, "refresh_token"))).await;
    assert_eq!(
        current_user(&fake, &text(&renewed, "access_token"))
            .await
            .status(),
        StatusCode::OK,
        "the refresh token outlives the access token"
    );
}

#[tokio::test]
async fn a_request_without_a_bearer_token_is_unauthorized() {
    let fake = start_auto().await;
    let response = client()
        .get(format!("{}/users/current", fake.api_url()))
        .send()
        .await
        .expect("API answers");
    assert_eq!(
        response.status(),
        StatusCode::UNAUTHORIZED,
        "no credentials"
    );
}

#[tokio::test]
async fn tokens_expire_when_the_clock_passes_their_lifetime_and_not_before() {
    let fake = start_auto().await;
    let (access, refresh) = signed_in(&fake).await;
    let lifetime = fake_wakatime::DEFAULT_TOKEN_LIFETIME_SECS as i64;
    fake.clock().advance(Duration::seconds(lifetime - 60));
    assert_eq!(
        current_user(&fake, &access).await.status(),
        StatusCode::OK,
        "a minute before its expiry the token still works"
    );
    fake.clock().advance(Duration::seconds(60));
    assert_eq!(
        current_user(&fake, &access).await.status(),
        StatusCode::UNAUTHORIZED,
        "at its expiry it is refused"
    );
    let renewed = exchange(&fake, &refresh_form(&fake, &refresh)).await;
    let expires_at = time::OffsetDateTime::parse(
        &text(&renewed, "expires_at"),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("expires_at is RFC 3339");
    let from_now = expires_at - fake.clock().now();
    assert!(
        (Duration::seconds(lifetime - 5)..=Duration::seconds(lifetime)).contains(&from_now),
        "a refreshed token expires a lifetime after the clock's now, not the system's: {from_now}"
    );
}
