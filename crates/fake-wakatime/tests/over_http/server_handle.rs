//! The Rust handle: the blocking variant, stopping, and what it reports.

use fake_wakatime::{FakeWakatime, Options};
use reqwest::StatusCode;

use crate::support::*;

#[test]
fn start_blocking_serves_from_its_own_thread_and_stops_on_drop() {
    let fake = FakeWakatime::start_blocking(Options::default().with_username("grace"))
        .expect("fake starts on its own thread");
    let api_url = fake.api_url();
    let tokens = fake.grant_directly(&["read_stats"]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("test runtime");

    let user: serde_json::Value = runtime.block_on(async {
        client()
            .get(format!("{api_url}/users/current"))
            .bearer_auth(&tokens.access_token)
            .send()
            .await
            .expect("API answers")
            .json()
            .await
            .expect("user JSON")
    });
    assert_eq!(user["data"]["username"], "grace", "configured username");

    drop(fake);
    let after = runtime.block_on(async {
        client()
            .get(format!("{api_url}/users/current"))
            .send()
            .await
    });
    assert!(after.is_err(), "port closed after drop: {after:?}");
}

#[tokio::test]
async fn stop_closes_the_port() {
    let fake = start_auto().await;
    let base_url = fake.base_url();
    fake.stop().await;
    let after = client()
        .get(format!("{base_url}/oauth/authorize"))
        .send()
        .await;
    assert!(after.is_err(), "nothing listens after stop: {after:?}");
}

#[tokio::test]
async fn the_handle_reports_its_urls_and_registration() {
    let fake = start(
        Options::default()
            .with_client("my-client", "my-secret")
            .with_redirect_uris(["app:/cb"]),
    )
    .await;
    assert_eq!(
        fake.base_url(),
        format!("http://127.0.0.1:{}", fake.addr().port()),
        "loopback base URL"
    );
    assert_eq!(
        fake.api_url(),
        format!("{}/api/v1", fake.base_url()),
        "API URL"
    );
    assert_eq!(fake.client_id(), "my-client", "client id");
    assert_eq!(fake.client_secret(), "my-secret", "client secret");
    assert_eq!(
        fake.redirect_uris(),
        ["app:/cb".to_owned()],
        "replaced redirect URIs"
    );
    let response = authorize(
        &fake,
        &[("redirect_uri", "app:/cb"), ("client_id", "my-client")],
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "consent page for the new registration"
    );
}
