//! Keeping the token fresh, and what happens when WakaTime stops honouring it.

use crate::support::*;

async fn connected_harness(token_lifetime_secs: u64) -> Harness {
    let h = harness_with(fake_wakatime::Options::default().with_switches(|s| {
        s.auto_approve = true;
        s.token_lifetime_secs = token_lifetime_secs;
    }))
    .await;
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    h.fake.clear_requests();
    h
}

fn refresh_requests(h: &Harness) -> usize {
    h.fake
        .requests_to("/oauth/token")
        .iter()
        .filter(|r| r.form_param("grant_type") == Some("refresh_token"))
        .count()
}

#[tokio::test]
async fn a_token_far_from_expiry_is_used_as_is() {
    let h = connected_harness(60 * 86_400).await;
    let before = h.token_columns();
    h.oauth.access_token(h.user_id).await.unwrap();
    assert_eq!(refresh_requests(&h), 0, "no refresh needed");
    assert_eq!(h.token_columns(), before, "nothing rewritten");
}

#[tokio::test]
async fn a_token_within_a_day_of_expiry_is_refreshed_and_the_new_refresh_token_kept() {
    let h = connected_harness(3_600).await;
    let (old_access, old_refresh) = h.token_columns();
    let token = h.oauth.access_token(h.user_id).await.unwrap();
    assert_eq!(refresh_requests(&h), 1, "one refresh");
    let sent = h.fake.requests_to("/oauth/token");
    assert_eq!(
        sent[0].form_param("redirect_uri"),
        Some(wakadesk_core::oauth::DEEP_LINK_REDIRECT_URI),
        "the refresh names the registered redirect, as WakaTime's docs require"
    );
    let (new_access, new_refresh) = h.token_columns();
    assert_ne!(new_access, old_access, "new access token stored");
    assert_ne!(new_refresh, old_refresh, "rotated refresh token stored");
    assert!(
        h.fake.is_token_active(token.expose()),
        "the fresh token works"
    );
    // The rotated refresh token is the one that works next time.
    h.oauth
        .access_token(h.user_id)
        .await
        .expect("second refresh with the kept token");
    assert_eq!(refresh_requests(&h), 2);
    assert!(h.connected());
}

#[tokio::test]
async fn a_401_is_answered_by_one_refresh_and_a_retry() {
    let h = connected_harness(60 * 86_400).await;
    // The stand-in's clock passes the token's expiry while the stored expiry is still
    // weeks away on the app's clock, so only the server knows the token died.
    h.fake.clock().advance(time::Duration::days(61));
    let me = h
        .oauth
        .verify(h.user_id)
        .await
        .expect("refreshed after the 401");
    assert_eq!(me.shown_name(), "ada");
    assert_eq!(refresh_requests(&h), 1, "exactly one refresh");
    let users = h.fake.requests_to("/api/v1/users/current");
    assert_eq!(users.len(), 2, "the call was retried once");
}

#[tokio::test]
async fn a_grant_revoked_on_wakatime_disconnects_cleanly_with_a_message() {
    let h = connected_harness(60 * 86_400).await;
    h.fake.revoke_all_grants();
    let err = h.oauth.verify(h.user_id).await.unwrap_err();
    assert_eq!(err.code(), "reconnect_needed", "{err}");
    assert!(err.to_string().contains("Connect again"), "{err}");
    assert!(!h.connected(), "tokens cleared: the user is disconnected");
    assert_eq!(h.token_columns(), (None, None));
}

#[tokio::test]
async fn an_expired_token_with_a_dead_refresh_token_asks_to_reconnect() {
    let h = connected_harness(3_600).await;
    h.fake.revoke_all_grants();
    let err = h.oauth.access_token(h.user_id).await.unwrap_err();
    assert_eq!(err.code(), "reconnect_needed", "{err}");
    assert!(!h.connected());
}

#[tokio::test]
async fn offline_refresh_keeps_using_a_token_that_has_not_expired_yet() {
    let h = connected_harness(3_600).await;
    let before = h.token_columns();
    let h = h.offline().await;
    let token = h
        .oauth
        .access_token(h.user_id)
        .await
        .expect("old token still usable");
    assert!(token.expose().starts_with("waka_tok_"));
    let after: (Option<String>, Option<String>) = h
        .db
        .lock()
        .conn()
        .query_row(
            "SELECT wakatime_access_token_encrypted, wakatime_refresh_token_encrypted FROM user",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(after, before, "nothing lost while offline");
}

#[tokio::test]
async fn concurrent_calls_refresh_only_once() {
    let h = connected_harness(3_600).await;
    let (a, b) = tokio::join!(
        h.oauth.access_token(h.user_id),
        h.oauth.access_token(h.user_id)
    );
    assert_eq!(
        a.unwrap().expose(),
        b.unwrap().expose(),
        "both got the same fresh token"
    );
    assert_eq!(refresh_requests(&h), 1, "one refresh, not two racing ones");
    assert!(h.connected());
}
