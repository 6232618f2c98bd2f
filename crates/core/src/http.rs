//! The one HTTP client of the process: timeouts so a dead network cannot hang the app,
//! a user agent that names wakadesk, no automatic redirects (WakaTime sometimes
//! answers 302 where it means "slow down", and a token request must never be re-sent
//! somewhere else), and nothing older than TLS 1.2, which every server wakadesk talks
//! to offers. Answers are read through [`read_body`], which caps their size.

mod body;

use std::time::Duration;

use crate::{Error, Result};

pub use body::{read_body, MAX_BODY_BYTES};

pub const USER_AGENT: &str = concat!("wakadesk/", env!("CARGO_PKG_VERSION"));

/// How long a request may take in all, unless a caller sets its own.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

pub fn client() -> Result<reqwest::Client> {
    client_with_timeout(REQUEST_TIMEOUT)
}

pub fn client_with_timeout(timeout: Duration) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(Duration::from_secs(10).min(timeout))
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .min_tls_version(reqwest::tls::Version::TLS_1_2)
        .build()
        .map_err(|e| Error::WakatimeUnreachable {
            detail: format!("the HTTP client could not start: {e}"),
        })
}

/// A transport failure in words, without the request body.
pub fn unreachable(e: reqwest::Error) -> Error {
    let what = if e.is_timeout() {
        "the server did not answer in time"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "the connection failed"
    };
    let host = e
        .url()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "WakaTime".into());
    Error::WakatimeUnreachable {
        detail: format!("{what} ({host})"),
    }
}
