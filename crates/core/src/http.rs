//! The one HTTP client of the process, on the system's libcurl (opened at the first
//! request, `crates/libcurl`): timeouts so a dead
//! network cannot hang the app, a user agent that names wakadesk, no automatic
//! redirects (WakaTime sometimes answers 302 where it means "slow down", and a token
//! request must never be re-sent somewhere else), nothing older than TLS 1.2, which
//! every server wakadesk talks to offers, and only `http` and `https` addresses. The
//! system's proxy variables (`https_proxy`, `no_proxy`) are honoured, as curl does.
//!
//! A request is an [`http::Request`] (the type the oauth2 crate hands over too); its
//! answer is an [`http::Response`] whose body was read with a ceiling (see
//! [`read_body`]). A transfer runs on the async runtime's blocking threads; dropping
//! [`Client::send`]'s future ends it within about a second. Finished handles are kept
//! for the next request, so a sync of several parts reuses one connection.

mod body;
mod transfer;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::{Error, Result};

pub use body::{read_body, MAX_BODY_BYTES};

pub const USER_AGENT: &str = concat!("wakadesk/", env!("CARGO_PKG_VERSION"));

/// How long a request may take in all, unless a caller sets its own.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest wait for a connection, within the request's own time.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A request: method, address, headers and body (empty for a GET).
pub type Request = http::Request<Vec<u8>>;

/// An answer: its status and headers, and its body as read, or why it was not
/// ([`Error::ResponseTooLarge`], or the connection lost while reading).
pub type Response = http::Response<Result<Vec<u8>>>;

/// The process's HTTP client. Clones share the handles kept between requests.
#[derive(Clone)]
pub struct Client {
    settings: transfer::Settings,
    idle: Arc<Mutex<Vec<transfer::Handle>>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("timeout", &self.settings.timeout)
            .finish_non_exhaustive()
    }
}

/// A client with the usual timeout. Making one is cheap: libcurl is opened and its
/// handles made at the first request, and the certificate authorities are read at the
/// first handshake.
pub fn client() -> Client {
    client_with_timeout(REQUEST_TIMEOUT)
}

pub fn client_with_timeout(timeout: Duration) -> Client {
    Client {
        settings: transfer::Settings {
            timeout,
            body_limit: MAX_BODY_BYTES,
        },
        idle: Arc::default(),
    }
}

impl Client {
    /// This client with another ceiling on answers, so tests can find its edges.
    #[cfg(test)]
    pub(crate) fn with_body_limit(mut self, limit: usize) -> Self {
        self.settings.body_limit = limit;
        self
    }

    /// Sends `request` and reads its answer. A transport failure before any answer
    /// is [`Error::WakatimeUnreachable`], in words that name the host and never the
    /// request's headers or body.
    pub async fn send(&self, request: Request) -> Result<Response> {
        let handle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let stop = transfer::Stop::default();
        let (settings, stopped) = (self.settings, stop.flag());
        let (handle, answer) = tokio::task::spawn_blocking(move || {
            let mut handle = match handle.map_or_else(transfer::Handle::new, Ok) {
                Ok(handle) => handle,
                Err(e) => return (None, Err(unreachable(&e, request_host(&request)))),
            };
            let answer = handle.perform(&settings, &request, stopped);
            (Some(handle), answer)
        })
        .await
        .map_err(|_| Error::WakatimeUnreachable {
            detail: "the request stopped unexpectedly".into(),
        })?;
        drop(stop);
        if let (Some(handle), Ok(mut idle)) = (handle, self.idle.lock()) {
            if handle.is_reusable() && idle.len() < transfer::KEPT_HANDLES {
                idle.push(handle);
            }
        }
        answer
    }
}

/// The host a request goes to, for words about it.
fn request_host(request: &Request) -> &str {
    request.uri().host().unwrap_or("the server")
}

/// A transport failure in words, without the request's headers or body.
fn unreachable(e: &wakadesk_libcurl::Error, host: &str) -> Error {
    if e.is_unavailable() {
        return Error::WakatimeUnreachable {
            detail: e.to_string(),
        };
    }
    let what = if e.is_operation_timedout() {
        "the server did not answer in time"
    } else if e.is_certificate_problem() {
        "its certificate could not be verified"
    } else if e.is_connect_failure() {
        "could not connect"
    } else {
        "the connection failed"
    };
    Error::WakatimeUnreachable {
        detail: format!("{what} ({host})"),
    }
}

#[cfg(test)]
mod tests;
