//! What the test binaries under `tests/` need around the stand-in: the app's WakaTime
//! configuration pointed at it, and the browser's part in the OAuth flow.

use std::sync::Arc;

use fake_wakatime::FakeWakatime;
use url::Url;
use wakadesk_core::config::{ClientCredentials, Source, WakatimeConfig};
use wakadesk_core::secret::Secret;

/// The registered app and the server addresses of `fake`.
pub fn config_for(fake: &FakeWakatime) -> WakatimeConfig {
    WakatimeConfig::fixed(
        Some(ClientCredentials {
            id: fake.client_id().to_owned(),
            secret: Arc::new(Secret::from(fake.client_secret())),
            source: Source::Settings,
        }),
        Url::parse(&fake.base_url()).unwrap(),
        Url::parse(&fake.api_url()).unwrap(),
    )
}

/// One browser hop: GET the URL and return the `Location` it redirects to.
pub async fn follow(url: &Url) -> Url {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client
        .get(url.clone())
        .send()
        .await
        .expect("authorize answers");
    assert!(
        response.status().is_redirection(),
        "authorize redirects, got {}",
        response.status()
    );
    let location = response.headers()["location"].to_str().unwrap();
    Url::parse(location).expect("redirect is a URL")
}
