//! The system browser's part in a test: one request that does not follow a redirect,
//! the way a test plays the browser between WakaTime's pages and the app's redirect.

use std::time::Duration;

/// What the browser got: the status, where it is sent next, and the page.
#[derive(Debug, Clone)]
pub struct Hop {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

/// GETs `url` without following a redirect and without any proxy; None when nothing
/// answers within ten seconds.
pub fn browser_hop(url: &str) -> Option<Hop> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .proxy(None)
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let mut response = agent.get(url).call().ok()?;
    let location = response
        .headers()
        .get("location")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    Some(Hop {
        status,
        location,
        body,
    })
}
