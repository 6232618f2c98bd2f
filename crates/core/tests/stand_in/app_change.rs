//! The WakaTime app set up in Settings changes while accounts hold grants made with the
//! previous one: saving says how many must reconnect, and those grants are neither
//! refreshed nor revoked as the new app's (WakaTime would refuse, and a refused
//! refresh ends the grant).

use std::sync::Arc;

use fake_wakatime::Options;
use wakadesk_core::accounts::administrator::{change_app, AppChange};
use wakadesk_core::clock::SystemClock;
use wakadesk_core::config::{ClientCredentials, InstallDefaults, Source};
use wakadesk_core::connections::{ConfigSource, Connections};
use wakadesk_core::secret::Secret;

use crate::support::*;

fn made_with(h: &Harness) -> Option<String> {
    h.db.lock()
        .conn()
        .query_row(
            "SELECT wakatime_client_id FROM user WHERE id = ?1",
            [h.user_id],
            |r| r.get(0),
        )
        .unwrap()
}

#[tokio::test]
async fn a_grant_of_the_previous_app_is_named_at_saving_and_never_renewed_as_the_new_ones() {
    // Hour-long tokens: every use is within a day of expiry and would refresh.
    let h = harness_with(Options::default().with_switches(|s| {
        s.auto_approve = true;
        s.token_lifetime_secs = 3600;
    }))
    .await;
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    assert_eq!(made_with(&h).as_deref(), Some(h.fake.client_id()));

    let password = Secret::from("analytical-engine");
    let secret = Secret::from("another-secret");
    let change = AppChange {
        email: "ada@example.com",
        password: &password,
        client_id: "another-app",
        client_secret: &secret,
    };
    let must_reconnect = change_app(
        &h.db,
        &h.vault,
        &InstallDefaults::none(),
        &change,
        &SystemClock,
    )
    .unwrap();
    assert_eq!(must_reconnect, 1, "Ada's grant is the previous app's");

    let mut cfg = config_for(&h.fake);
    cfg.client = Some(ClientCredentials {
        id: "another-app".into(),
        secret: Arc::new(secret),
        source: Source::Settings,
    });
    let with_new_app = Connections::new(
        h.db.clone(),
        h.vault.clone(),
        ConfigSource::Fixed(Box::new(cfg)),
        Arc::new(SystemClock),
    )
    .unwrap();
    h.fake.clear_requests();
    let token = with_new_app.access_token(h.user_id).await.unwrap();
    assert!(
        h.fake.is_token_active(token.expose()),
        "the old token serves until it expires"
    );
    assert!(
        h.fake.requests_to("/oauth/token").is_empty(),
        "no refresh as the new app"
    );
    assert!(h.connected(), "and the grant is not thrown away");

    let outcome = with_new_app.disconnect(h.user_id).await.unwrap();
    assert!(!outcome.revoked);
    let warning = outcome.warning.unwrap();
    assert!(
        warning.contains("another WakaTime app") && warning.contains("wakatime.com/apps"),
        "{warning}"
    );
    assert!(h.fake.requests_to("/oauth/revoke").is_empty());
    assert!(!h.connected(), "forgotten on this computer all the same");
}
