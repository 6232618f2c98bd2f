//! Disconnecting and connecting again.

use std::collections::HashMap;

use crate::support::*;

#[tokio::test]
async fn disconnect_revokes_at_wakatime_and_clears_the_tokens() {
    let h = harness().await;
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    let token = h.oauth.access_token(h.user_id).await.unwrap();
    let outcome = h.oauth.disconnect(h.user_id).await.unwrap();
    assert!(outcome.revoked, "WakaTime confirmed: {outcome:?}");
    assert_eq!(outcome.warning, None);
    assert!(!h.connected());
    assert_eq!(h.token_columns(), (None, None));
    assert!(
        !h.fake.is_token_active(token.expose()),
        "the token no longer works at WakaTime"
    );
    let revokes = h.fake.requests_to("/oauth/revoke");
    assert!(!revokes.is_empty(), "the stand-in saw the revoke");
    assert_eq!(
        revokes[0].form_param("client_secret"),
        Some(h.fake.client_secret())
    );
}

#[tokio::test]
async fn disconnect_while_offline_still_forgets_the_tokens_and_says_so() {
    let h = harness().await;
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    let h = h.offline().await;
    let outcome = h.oauth.disconnect(h.user_id).await.unwrap();
    assert!(!outcome.revoked);
    let warning = outcome.warning.expect("a warning");
    assert!(
        warning.contains("Disconnected on this computer"),
        "{warning}"
    );
    assert!(
        warning.contains("wakatime.com"),
        "says where to revoke by hand: {warning}"
    );
    let connected = wakadesk_core::accounts::get(&h.db.lock(), h.user_id)
        .unwrap()
        .wakatime
        .connected;
    assert!(!connected, "cleared locally anyway");
}

#[tokio::test]
async fn reconnecting_after_a_disconnect_forces_the_consent_screen_and_connects_again() {
    let h = harness().await;
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    h.oauth.disconnect(h.user_id).await.unwrap();
    let authorize = h
        .oauth
        .start(h.user_id, wakadesk_core::oauth::DEEP_LINK_REDIRECT_URI)
        .unwrap();
    let q: HashMap<_, _> = authorize.query_pairs().into_owned().collect();
    assert_eq!(q.get("force_approve").map(String::as_str), Some("true"));
    let again = h.oauth.finish(&follow(&authorize).await).await.unwrap();
    assert_eq!(again.username, "ada");
    assert!(h.connected());
}

#[tokio::test]
async fn reconnecting_after_a_failed_refresh_works() {
    let h = harness().await;
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    h.fake.revoke_all_grants();
    h.db.lock()
        .conn()
        .execute("UPDATE user SET wakatime_token_expires_at = 0", [])
        .unwrap();
    let err = h.oauth.access_token(h.user_id).await.unwrap_err();
    assert_eq!(err.code(), "reconnect_needed");
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    assert!(h.connected(), "connected again");
    h.oauth
        .access_token(h.user_id)
        .await
        .expect("the new token is usable");
}

#[tokio::test]
async fn cancel_withdraws_the_open_request() {
    let h = harness().await;
    let callback = h.approve_in_browser().await;
    assert!(
        h.oauth.is_waiting(h.user_id).unwrap(),
        "waiting for the browser"
    );
    h.oauth.cancel(h.user_id).unwrap();
    assert!(!h.oauth.is_waiting(h.user_id).unwrap());
    let err = h.oauth.finish(&callback).await.unwrap_err();
    assert_eq!(
        err.code(),
        "auth_state_used",
        "a late answer is refused: {err}"
    );
    assert!(!h.connected());
}
