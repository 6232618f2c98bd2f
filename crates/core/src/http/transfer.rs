//! One transfer through libcurl: the handle's options, the callbacks that read the
//! answer within its ceiling, and the flag that ends a transfer nobody waits for.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use wakadesk_libcurl::{Easy, Handler};
use zeroize::Zeroizing;

use super::body::too_large;
use super::{unreachable, Request, Response, CONNECT_TIMEOUT, USER_AGENT};
use crate::{Error, Result};

/// How many finished handles (and their open connections) a client keeps.
pub(super) const KEPT_HANDLES: usize = 4;

/// What every request of a client shares.
#[derive(Debug, Clone, Copy)]
pub(super) struct Settings {
    pub timeout: Duration,
    pub body_limit: usize,
}

/// Set when the caller stops waiting (dropped with its future); the transfer then ends
/// at its next progress callback (libcurl calls it at least once a second). Each
/// transfer has a flag of its own, so setting it after the transfer ended does nothing.
#[derive(Debug, Default)]
pub(super) struct Stop(Arc<AtomicBool>);

impl Stop {
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.0)
    }
}

impl Drop for Stop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// What the callbacks gather during one transfer.
#[derive(Default)]
pub(super) struct Collector {
    headers: http::HeaderMap,
    body: Vec<u8>,
    limit: usize,
    over_limit: bool,
    stopped: Arc<AtomicBool>,
}

impl Handler for Collector {
    fn write(&mut self, data: &[u8]) -> bool {
        if data.len() > self.limit - self.body.len() {
            self.over_limit = true;
            return false;
        }
        self.body.extend_from_slice(data);
        true
    }

    fn header(&mut self, line: &[u8]) -> bool {
        if line.starts_with(b"HTTP/") {
            // A new answer's status line (after a `100 Continue`, say).
            self.headers.clear();
            return true;
        }
        let Some((name, value)) = header_field(line) else {
            return true;
        };
        if name == http::header::CONTENT_LENGTH
            && value
                .to_str()
                .ok()
                .and_then(|v| v.parse::<u64>().ok())
                .is_some_and(|length| length > self.limit as u64)
        {
            self.over_limit = true;
            return false;
        }
        self.headers.append(name, value);
        true
    }

    fn progress(&mut self) -> bool {
        !self.stopped.load(Ordering::Relaxed)
    }
}

/// The name and value of a header line; `None` for the blank line that ends the head
/// and for anything that is not a field.
fn header_field(line: &[u8]) -> Option<(http::HeaderName, http::HeaderValue)> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = http::HeaderName::from_bytes(&line[..colon]).ok()?;
    let value = line[colon + 1..].trim_ascii();
    Some((name, http::HeaderValue::from_bytes(value).ok()?))
}

/// A libcurl handle; kept between requests, it keeps its connections open.
pub(super) struct Handle {
    easy: Easy<Collector>,
    /// Whether it was made ready again after its last transfer; if not, it is not kept.
    reusable: bool,
}

impl Handle {
    /// A new handle; the first one opens libcurl.
    pub fn new() -> Result<Self, wakadesk_libcurl::Error> {
        let easy = Easy::new(Collector::default())?;
        Ok(Self {
            easy,
            reusable: true,
        })
    }

    pub fn is_reusable(&self) -> bool {
        self.reusable
    }

    /// Sends `request` and reads the answer, then leaves the handle ready for another.
    pub fn perform(
        &mut self,
        settings: &Settings,
        request: &Request,
        stopped: Arc<AtomicBool>,
    ) -> Result<Response> {
        let uri = request.uri();
        let host = uri.host().unwrap_or("the server").to_owned();
        if !matches!(uri.scheme_str(), Some("http" | "https")) {
            return Err(Error::WakatimeUnreachable {
                detail: format!("only http and https addresses can be reached ({host})"),
            });
        }
        *self.easy.get_mut() = Collector {
            limit: settings.body_limit,
            stopped,
            ..Collector::default()
        };
        let outcome = self
            .configure(settings, request)
            .and_then(|()| self.easy.perform());
        let status = self.easy.response_code().unwrap_or(0);
        let collected = std::mem::take(self.easy.get_mut());
        self.reusable = self.easy.reset().is_ok();
        if status == 0 {
            return Err(match outcome {
                Err(e) if !collected.over_limit => unreachable(&e, &host),
                _ => too_large(&host, settings.body_limit),
            });
        }
        let body = match outcome {
            _ if collected.over_limit => Err(too_large(&host, settings.body_limit)),
            Ok(()) => Ok(collected.body),
            Err(e) => Err(unreachable(&e, &host)),
        };
        let status = http::StatusCode::from_u16(status as u16).map_err(|_| {
            Error::WakatimeResponseInvalid {
                detail: format!("{host} answered with status {status}"),
            }
        })?;
        let mut response = Response::new(body);
        *response.status_mut() = status;
        *response.headers_mut() = collected.headers;
        Ok(response)
    }

    fn configure(
        &mut self,
        settings: &Settings,
        request: &Request,
    ) -> Result<(), wakadesk_libcurl::Error> {
        let easy = &mut self.easy;
        easy.url(&request.uri().to_string())?;
        easy.user_agent(USER_AGENT)?;
        easy.follow_location(false)?;
        easy.tls_1_2_or_newer()?;
        easy.timeout(settings.timeout)?;
        easy.connect_timeout(CONNECT_TIMEOUT.min(settings.timeout))?;
        // Compressed answers where the server offers them; the ceiling applies to the
        // body as decoded.
        easy.accept_encoding("")?;
        match *request.method() {
            http::Method::GET => easy.get()?,
            http::Method::POST => easy.post(request.body())?,
            ref other => easy.custom_request(other.as_str())?,
        }
        let lines = request.headers().iter().map(|(name, value)| {
            // The line may hold a credential: cleared once libcurl has its copy.
            let mut line =
                Zeroizing::new(Vec::with_capacity(name.as_str().len() + value.len() + 2));
            line.extend_from_slice(name.as_str().as_bytes());
            line.extend_from_slice(b": ");
            line.extend_from_slice(value.as_bytes());
            line
        });
        // No `Expect: 100-continue` round trip before a form.
        easy.http_headers(lines.chain([Zeroizing::new(b"Expect:".to_vec())]))
    }
}
