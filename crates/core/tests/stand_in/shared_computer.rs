//! Several local accounts on one computer, sharing one browser: a WakaTime account
//! belongs to one local account only, a reconnect leaves no grant behind, and a change
//! of WakaTime account starts from an empty cache.

use std::sync::Arc;

use fake_wakatime::{FakeWakatime, Options};
use wakadesk_core::accounts::{self, SignupForm};
use wakadesk_core::clock::SystemClock;
use wakadesk_core::connections::{ConfigSource, Connections};
use wakadesk_core::oauth::DEEP_LINK_REDIRECT_URI;
use wakadesk_core::secret::Secret;

use crate::support::*;

/// A second local account in the harness's database.
fn second_account(h: &Harness) -> i64 {
    let form = SignupForm {
        email: "bob@example.com".into(),
        name: "Bob".into(),
        password: Secret::from("difference-engine"),
        student: None,
    };
    accounts::signup(&h.db, &form, &SystemClock).unwrap().id
}

fn connected(h: &Harness, user_id: i64) -> bool {
    accounts::get(&h.db.lock(), user_id)
        .unwrap()
        .wakatime
        .connected
}

fn cached_days(h: &Harness) -> i64 {
    h.db.lock()
        .conn()
        .query_row(
            "SELECT count(*) FROM daily_total WHERE user_id = ?1",
            [h.user_id],
            |r| r.get(0),
        )
        .unwrap()
}

#[tokio::test]
async fn a_wakatime_account_another_local_account_holds_is_refused_and_its_new_token_revoked() {
    let h = harness().await;
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    let bob = second_account(&h);
    // The browser is still signed in to WakaTime as Ada: Bob's request comes back with
    // her approval.
    let authorize = h.oauth.start(bob, DEEP_LINK_REDIRECT_URI).unwrap();
    h.fake.clear_requests();
    let err = h.oauth.finish(&follow(&authorize).await).await.unwrap_err();
    assert_eq!(err.code(), "wakatime_account_taken");
    assert_eq!(
        err.to_string(),
        "This WakaTime account is already connected to another wakadesk account on this \
         computer. Sign in to WakaTime in your browser as yourself, then click Connect again."
    );
    assert!(!connected(&h, bob), "Bob holds nothing");
    assert!(connected(&h, h.user_id), "Ada keeps her connection");
    let issued = h.fake.requests_to("/oauth/token");
    let revoked = h.fake.requests_to("/oauth/revoke");
    assert_eq!(issued.len(), 1, "one token was issued to Bob's request");
    assert!(!revoked.is_empty(), "and revoked at once");
    let ada = h.oauth.access_token(h.user_id).await.unwrap();
    assert!(
        h.fake.is_token_active(ada.expose()),
        "Ada's token still works"
    );
}

#[tokio::test]
async fn reconnecting_revokes_the_grant_it_replaces() {
    let h = harness().await;
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    let first = h.oauth.access_token(h.user_id).await.unwrap();
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    let second = h.oauth.access_token(h.user_id).await.unwrap();
    assert_ne!(first.expose(), second.expose());
    assert!(
        !h.fake.is_token_active(first.expose()),
        "the replaced grant no longer counts against WakaTime's limit"
    );
    assert!(h.fake.is_token_active(second.expose()));
}

#[tokio::test]
async fn reconnecting_as_another_wakatime_account_forgets_the_first_accounts_days() {
    let h = harness().await;
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    h.sync_now().await;
    let ada_days = cached_days(&h);
    assert!(ada_days > 300, "a year of Ada's days: {ada_days}");

    // The same computer, another WakaTime account approving (its own server here).
    let grace = FakeWakatime::start(
        Options::default()
            .with_username("grace")
            .with_switches(|s| s.auto_approve = true),
    )
    .await
    .unwrap();
    let as_grace = Connections::new(
        h.db.clone(),
        h.vault.clone(),
        ConfigSource::Fixed(Box::new(config_for(&grace))),
        Arc::new(SystemClock),
    )
    .unwrap();
    let authorize = as_grace.start(h.user_id, DEEP_LINK_REDIRECT_URI).unwrap();
    let connected = as_grace.finish(&follow(&authorize).await).await.unwrap();
    assert_eq!(connected.username, "grace");
    assert_eq!(cached_days(&h), 0, "none of Ada's days shown as Grace's");
}

#[tokio::test]
async fn a_profile_refused_for_its_scope_still_connects_named_by_the_tokens_uid() {
    let h = harness_with(Options::default().with_switches(|s| {
        s.auto_approve = true;
        s.profile_scope = Some("email".into());
    }))
    .await;
    let connected = h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    assert_eq!(
        h.fake.requests_to("/api/v1/users/current").len(),
        1,
        "the profile was asked for and refused"
    );
    assert_eq!(connected.username, h.fake.user().id, "named by the uid");
    assert!(h.connected());
}
