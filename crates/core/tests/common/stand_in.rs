//! The browser's part in the OAuth tests, shared by the test binaries under `tests/`.

use url::Url;

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
