//! The request log tests assert on: what a client really sent (method, path, query,
//! form body, Accept, Content-Type, and the Authorization scheme but never its value)
//! and when it arrived, so a test can check the client's request rate stays under
//! WakaTime's limit.
//! Control endpoints under `/__fake/` are not logged, so asking for the log does not
//! change it.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::oauth::form::{is_form, pairs};
use crate::state::Shared;

const MAX_BODY_BYTES: usize = 1024 * 1024;

/// One request the server received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// The raw query string, without `?`.
    pub query: Option<String>,
    /// The parsed body when it was form-urlencoded (a repeated name keeps its last value).
    pub form: Option<BTreeMap<String, String>>,
    pub accept: Option<String>,
    pub content_type: Option<String>,
    pub authorization_present: bool,
    /// `Bearer`, `Basic`, ...: the scheme only, never the credentials.
    pub authorization_scheme: Option<String>,
    /// The status the server answered with (None while the answer is pending).
    pub status: Option<u16>,
    /// When it arrived: milliseconds since the Unix epoch (wall clock, so the log of a
    /// server in another process compares with the test's own clock).
    #[serde(default)]
    pub at_ms: u64,
}

impl RecordedRequest {
    /// The decoded value of a query parameter.
    pub fn query_param(&self, name: &str) -> Option<String> {
        let query = self.query.as_deref()?;
        pairs(query.as_bytes())
            .into_iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    /// The value of a form body parameter.
    pub fn form_param(&self, name: &str) -> Option<&str> {
        self.form.as_ref()?.get(name).map(String::as_str)
    }
}

/// The most requests that arrived within any one second (any window of 1000 ms), in
/// whatever order `requests` lists them.
pub fn peak_requests_per_second(requests: &[RecordedRequest]) -> usize {
    let mut arrivals: Vec<u64> = requests.iter().map(|request| request.at_ms).collect();
    arrivals.sort_unstable();
    let mut first = 0;
    let mut peak = 0;
    for (last, at) in arrivals.iter().enumerate() {
        while at - arrivals[first] >= 1000 {
            first += 1;
        }
        peak = peak.max(last - first + 1);
    }
    peak
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| {
            u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
        })
}

/// The middleware that logs every request outside `/__fake/`.
pub(crate) async fn record(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    if req.uri().path().starts_with("/__fake/") {
        return next.run(req).await;
    }
    let at_ms = now_ms();
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "body too large").into_response();
    };
    let form = is_form(&parts.headers).then(|| pairs(&bytes).into_iter().collect());
    let scheme = authorization_scheme(&parts.headers);
    let entry = RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        form,
        accept: header_text(&parts.headers, header::ACCEPT),
        content_type: header_text(&parts.headers, header::CONTENT_TYPE),
        authorization_present: parts.headers.contains_key(header::AUTHORIZATION),
        authorization_scheme: scheme,
        status: None,
        at_ms,
    };
    let index = {
        let mut log = shared.log();
        log.push(entry);
        log.len() - 1
    };
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if let Some(entry) = shared.log().get_mut(index) {
        entry.status = Some(response.status().as_u16());
    }
    response
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// The scheme word of an Authorization header. A header with no scheme (a bare
/// credential) is logged as `(none)` so the credential itself is never kept.
fn authorization_scheme(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?;
    let text = String::from_utf8_lossy(value.as_bytes());
    let scheme = match text.trim_start().split_once(char::is_whitespace) {
        Some((scheme, _)) if is_scheme_word(scheme) => scheme.to_owned(),
        _ => "(none)".to_owned(),
    };
    Some(scheme)
}

fn is_scheme_word(word: &str) -> bool {
    (1..=20).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}
