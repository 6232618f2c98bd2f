//! The WakaTime API (or a compatible server's): requests with a bearer token or an API
//! key, and the response types wakadesk reads. Status codes are turned into typed
//! outcomes here (202 "still calculating", 429 or a 302 in its place, 402/403 plan
//! limits, 404, 5xx) so callers decide what to retry; bodies are parsed tolerantly
//! (see `types`). Calls are made through an [`Api`]: an endpoint with the HTTP client
//! to reach it, handed out by `connections::ApiAccess`.

pub mod types;

use http::header::{HeaderValue, AUTHORIZATION};
use http::StatusCode;
use serde::de::DeserializeOwned;

use url::Url;

use crate::http::{read_body, Client, Request};
use crate::secret::Secret;
use crate::{Error, Result};

pub use types::{AllTimeSinceToday, CurrentUser, DaySummary, Item, Stats, Summaries};

/// How requests prove who they are for.
#[derive(Debug)]
pub enum Auth {
    /// An OAuth access token: `Authorization: Bearer <token>`.
    Bearer(Secret<String>),
    /// A personal API key: `Authorization: Basic base64(<key>)`, the form WakaTime and
    /// the self-hosted servers all accept (never `?api_key=`, which ends up in logs).
    ApiKey(Secret<String>),
}

/// Where to send API requests and with which credential.
#[derive(Debug)]
pub struct Endpoint {
    /// The API root, e.g. `https://api.wakatime.com/api/v1`.
    pub api_url: Url,
    pub auth: Auth,
}

impl Endpoint {
    fn url(&self, path: &str) -> Url {
        crate::config::join(&self.api_url, path)
    }
}

/// A successful answer: complete, or partial while WakaTime is still calculating.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer<T> {
    Ready(T),
    /// HTTP 202: the body may be partial or empty; show cached figures meanwhile.
    Calculating {
        body: Option<T>,
        percent: Option<f64>,
    },
}

/// The stats ranges WakaTime computes.
pub const STATS_RANGES: &[&str] = &[
    "last_7_days",
    "last_30_days",
    "last_6_months",
    "last_year",
    "all_time",
];

/// One user's API: where it is, the credential, and the client that sends the requests.
#[derive(Debug)]
pub struct Api<'h> {
    http: &'h Client,
    endpoint: Endpoint,
}

impl<'h> Api<'h> {
    pub fn new(http: &'h Client, endpoint: Endpoint) -> Self {
        Self { http, endpoint }
    }

    /// Whether the credential is a personal API key (no refresh exists for those).
    pub fn uses_api_key(&self) -> bool {
        matches!(self.endpoint.auth, Auth::ApiKey(_))
    }

    /// `GET /users/current`.
    pub async fn current_user(&self) -> Result<CurrentUser> {
        match self
            .get::<types::Envelope<CurrentUser>>("users/current", &[])
            .await?
        {
            Answer::Ready(e) | Answer::Calculating { body: Some(e), .. } => Ok(e.data),
            Answer::Calculating { body: None, .. } => Err(Error::WakatimeResponseInvalid {
                detail: "no user in the answer".into(),
            }),
        }
    }

    /// `GET /users/current/summaries?start&end&timezone`: one entry per day of that
    /// IANA zone, inclusive (the zone is URL-encoded, so `Etc/GMT+12` keeps its `+`).
    /// A refusal for the range's age (a plan's limited history) is
    /// [`Error::WakatimeHistoryRefused`].
    pub async fn summaries(
        &self,
        start: &str,
        end: &str,
        timezone: &str,
    ) -> Result<Answer<Summaries>> {
        let query = [("start", start), ("end", end), ("timezone", timezone)];
        self.request("users/current/summaries", &query, Refusals::ByAge)
            .await
    }

    /// `GET /users/current/stats/{range}`. Nothing in the app calls it yet; it stays
    /// for the figures WakaTime computes itself, which the next steps show.
    pub async fn stats(&self, range: &str) -> Result<Answer<Stats>> {
        let path = format!("users/current/stats/{range}");
        match self.get::<types::Envelope<Stats>>(&path, &[]).await {
            Err(Error::WakatimeNotAvailable { .. }) => Err(Error::WakatimeNotAvailable {
                what: format!("the {range} stats"),
            }),
            other => other.map(|a| a.map(|e| e.data)),
        }
    }

    /// `GET /users/current/status_bar/today`: today's summary. Nothing in the app
    /// calls it yet; it stays for a live "today", and is tested on every flavor.
    pub async fn status_bar_today(&self) -> Result<Answer<DaySummary>> {
        // Self-hosted servers spell it `statusbar`.
        let answer = match self
            .get::<types::Envelope<DaySummary>>("users/current/status_bar/today", &[])
            .await
        {
            Err(Error::WakatimeNotAvailable { .. }) => {
                self.get::<types::Envelope<DaySummary>>("users/current/statusbar/today", &[])
                    .await?
            }
            other => other?,
        };
        Ok(answer.map(|e| e.data))
    }

    /// `GET /users/current/all_time_since_today`.
    pub async fn all_time_since_today(&self) -> Result<Answer<AllTimeSinceToday>> {
        let answer = self
            .get::<types::Envelope<AllTimeSinceToday>>("users/current/all_time_since_today", &[])
            .await?;
        Ok(answer.map(|e| e.data))
    }

    async fn get<T: DeserializeOwned + types::Progress>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Answer<T>> {
        self.request(path, query, Refusals::AsUnavailable).await
    }

    async fn request<T: DeserializeOwned + types::Progress>(
        &self,
        path: &str,
        query: &[(&str, &str)],
        refusals: Refusals,
    ) -> Result<Answer<T>> {
        let request = self.build(path, query)?;
        let response = self.http.send(request).await?;
        let status = response.status();
        let refusal = matches!(
            status,
            StatusCode::BAD_REQUEST | StatusCode::PAYMENT_REQUIRED | StatusCode::FORBIDDEN
        );
        if refusal && refusals == Refusals::ByAge {
            // The words of a refusal only help; a body that cannot be read is none.
            let body = match read_body(response) {
                Err(e @ Error::ResponseTooLarge { .. }) => return Err(e),
                read => read.unwrap_or_default(),
            };
            if refused_for_age(status, &body) {
                return Err(Error::WakatimeHistoryRefused);
            }
            return Err(match status {
                StatusCode::BAD_REQUEST => Error::WakatimeServerError { status: 400 },
                _ => Error::WakatimeNotAvailable {
                    what: path.to_owned(),
                },
            });
        }
        match status {
            StatusCode::OK | StatusCode::CREATED => {
                let body: T = parse(&read_body(response)?)?;
                // Some servers answer 200 while still calculating; treat it like a 202.
                match body.percent_if_incomplete() {
                    Some(percent) => Ok(Answer::Calculating {
                        body: Some(body),
                        percent: Some(percent),
                    }),
                    None => Ok(Answer::Ready(body)),
                }
            }
            StatusCode::ACCEPTED => {
                let bytes = read_body(response)?;
                let body: Option<T> = parse(&bytes).ok();
                let percent = body.as_ref().and_then(|b| b.percent_if_incomplete());
                Ok(Answer::Calculating { body, percent })
            }
            StatusCode::UNAUTHORIZED => Err(Error::WakatimeUnauthorized),
            StatusCode::TOO_MANY_REQUESTS => Err(Error::WakatimeRateLimited),
            s if s.is_redirection() => Err(Error::WakatimeRateLimited),
            StatusCode::PAYMENT_REQUIRED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND => {
                Err(Error::WakatimeNotAvailable {
                    what: path.to_owned(),
                })
            }
            s => Err(Error::WakatimeServerError { status: s.as_u16() }),
        }
    }

    /// The GET request for `path`, with the credential in a sensitive header.
    fn build(&self, path: &str, query: &[(&str, &str)]) -> Result<Request> {
        let mut url = self.endpoint.url(path);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        http::Request::get(url.as_str())
            .header(AUTHORIZATION, authorization(&self.endpoint.auth)?)
            .body(Vec::new())
            .map_err(|_| Error::WakatimeResponseInvalid {
                detail: format!("{url} cannot be asked"),
            })
    }
}

/// How an endpoint's 400/402/403 answers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusals {
    /// 402/403 mean the endpoint is not offered; 400 is a failure.
    AsUnavailable,
    /// A refusal of a range for its age is told apart (summaries).
    ByAge,
}

/// Whether a refusal is about how far back the request reaches: any 402 (WakaTime's
/// "outside free plan range"), or a 400 or 403 whose body names the plan or the
/// history (not a range that is merely too long, which Wakapi and Hackatime refuse
/// with 400 too).
fn refused_for_age(status: StatusCode, body: &[u8]) -> bool {
    if status == StatusCode::PAYMENT_REQUIRED {
        return true;
    }
    let text = String::from_utf8_lossy(&body[..body.len().min(4096)]).to_lowercase();
    ["plan", "history", "outside"]
        .iter()
        .any(|word| text.contains(word))
}

impl<T> Answer<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Answer<U> {
        match self {
            Answer::Ready(t) => Answer::Ready(f(t)),
            Answer::Calculating { body, percent } => Answer::Calculating {
                body: body.map(f),
                percent,
            },
        }
    }
}

/// The `Authorization` header for `auth`: `Bearer <token>`, or `Basic base64(key)`
/// without a colon. It is marked sensitive, so HTTP layers print it as `Sensitive`
/// in their debug output. A token that cannot be sent in a header at all (a control
/// character) is one the server would not accept either:
/// [`Error::WakatimeUnauthorized`], which refreshes it.
fn authorization(auth: &Auth) -> Result<HeaderValue> {
    use base64::Engine;
    let text = Secret::new(match auth {
        Auth::Bearer(token) => format!("Bearer {}", token.expose()),
        Auth::ApiKey(key) => format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(key.expose().as_bytes())
        ),
    });
    let mut value =
        HeaderValue::from_str(text.expose()).map_err(|_| Error::WakatimeUnauthorized)?;
    value.set_sensitive(true);
    Ok(value)
}

/// Reads a JSON answer body; anything unreadable is [`Error::WakatimeResponseInvalid`].
/// Public so the hostile-input tests feed it exactly what the API calls do.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| Error::WakatimeResponseInvalid {
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_at(http: &Client, auth: Auth) -> Api<'_> {
        let api_url = Url::parse("https://wakapi.example.edu/api/compat/wakatime/v1").unwrap();
        Api::new(http, Endpoint { api_url, auth })
    }

    #[test]
    fn requests_carry_an_api_key_in_a_sensitive_basic_header() {
        let http = crate::http::client();
        let api = api_at(&http, Auth::ApiKey(Secret::from("waka_0123-key")));
        let request = api.build("users/current", &[]).unwrap();
        let header = &request.headers()[AUTHORIZATION];
        assert!(header.is_sensitive(), "the header is marked sensitive");
        assert_eq!(
            header, "Basic d2FrYV8wMTIzLWtleQ==",
            "base64 of the key, no colon"
        );
        assert_eq!(
            format!("{header:?}"),
            "Sensitive",
            "debug output leaves it out"
        );
        assert!(
            !request.uri().to_string().contains("waka_0123"),
            "never in the URL"
        );
    }

    #[test]
    fn requests_carry_an_access_token_in_a_sensitive_bearer_header() {
        let http = crate::http::client();
        let api = api_at(&http, Auth::Bearer(Secret::from("waka_tok_abc")));
        let request = api.build("users/current/summaries", &[]).unwrap();
        let header = &request.headers()[AUTHORIZATION];
        assert!(header.is_sensitive(), "the header is marked sensitive");
        assert_eq!(header, "Bearer waka_tok_abc");
    }

    #[test]
    fn a_token_that_cannot_be_a_header_is_not_accepted_rather_than_sent() {
        let bad = Auth::Bearer(Secret::from("waka_tok_\nX-Injected: 1"));
        assert!(
            matches!(authorization(&bad), Err(Error::WakatimeUnauthorized)),
            "refused, so the token is refreshed"
        );
    }

    #[test]
    fn a_refusal_for_age_is_any_402_or_a_400_or_403_naming_the_plan_or_history() {
        let plan = br#"{"error":"Requested range is outside your plan's range: the free plan includes the last 14 days of history"}"#;
        for (status, body, age) in [
            (StatusCode::PAYMENT_REQUIRED, &b""[..], true),
            (
                StatusCode::PAYMENT_REQUIRED,
                &b"<html>Payment required</html>"[..],
                true,
            ),
            (StatusCode::BAD_REQUEST, &plan[..], true),
            (StatusCode::FORBIDDEN, &plan[..], true),
            (
                StatusCode::FORBIDDEN,
                &br#"{"error":"Upgrade your PLAN"}"#[..],
                true,
            ),
            (
                StatusCode::BAD_REQUEST,
                &br#"{"error":"Range too long: 400 days asked, at most 366 days per request."}"#[..],
                false,
            ),
            (
                StatusCode::BAD_REQUEST,
                &br#"{"error":"Invalid timezone"}"#[..],
                false,
            ),
            (
                StatusCode::FORBIDDEN,
                &br#"{"error":"Forbidden"}"#[..],
                false,
            ),
        ] {
            assert_eq!(
                refused_for_age(status, body),
                age,
                "{status} {}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
