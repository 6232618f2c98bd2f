//! The WakaTime API: requests with a bearer token, and the response types wakadesk
//! reads. Status codes are turned into typed outcomes here (202 "still calculating",
//! 429 or a 302 in its place, 402/403 plan limits, 404, 5xx) so callers decide what
//! to retry; bodies are parsed tolerantly (see `types`).

pub mod types;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::config::WakatimeConfig;
use crate::http::unreachable;
use crate::secret::Secret;
use crate::{Error, Result};

pub use types::{AllTimeSinceToday, CurrentUser, DaySummary, Item, Stats, Summaries};

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

/// `GET /users/current`.
pub async fn current_user(
    http: &reqwest::Client,
    cfg: &WakatimeConfig,
    token: &Secret<String>,
) -> Result<CurrentUser> {
    match get::<types::Envelope<CurrentUser>>(http, cfg, token, "users/current", &[]).await? {
        Answer::Ready(e) | Answer::Calculating { body: Some(e), .. } => Ok(e.data),
        Answer::Calculating { body: None, .. } => Err(Error::WakatimeResponseInvalid {
            detail: "no user in the answer".into(),
        }),
    }
}

/// `GET /users/current/summaries?start&end`: one entry per day, inclusive.
pub async fn summaries(
    http: &reqwest::Client,
    cfg: &WakatimeConfig,
    token: &Secret<String>,
    start: &str,
    end: &str,
) -> Result<Answer<Summaries>> {
    get(
        http,
        cfg,
        token,
        "users/current/summaries",
        &[("start", start), ("end", end)],
    )
    .await
}

/// `GET /users/current/stats/{range}`.
pub async fn stats(
    http: &reqwest::Client,
    cfg: &WakatimeConfig,
    token: &Secret<String>,
    range: &str,
) -> Result<Answer<Stats>> {
    let answer = get::<types::Envelope<Stats>>(
        http,
        cfg,
        token,
        &format!("users/current/stats/{range}"),
        &[],
    )
    .await;
    match answer {
        Err(Error::WakatimeNotAvailable { .. }) => Err(Error::WakatimeNotAvailable {
            what: format!("the {range} stats"),
        }),
        other => other.map(|a| a.map(|e| e.data)),
    }
}

/// `GET /users/current/status_bar/today`: today's summary.
pub async fn status_bar_today(
    http: &reqwest::Client,
    cfg: &WakatimeConfig,
    token: &Secret<String>,
) -> Result<Answer<DaySummary>> {
    let answer =
        get::<types::Envelope<DaySummary>>(http, cfg, token, "users/current/status_bar/today", &[])
            .await?;
    Ok(answer.map(|e| e.data))
}

/// `GET /users/current/all_time_since_today`.
pub async fn all_time_since_today(
    http: &reqwest::Client,
    cfg: &WakatimeConfig,
    token: &Secret<String>,
) -> Result<Answer<AllTimeSinceToday>> {
    let answer = get::<types::Envelope<AllTimeSinceToday>>(
        http,
        cfg,
        token,
        "users/current/all_time_since_today",
        &[],
    )
    .await?;
    Ok(answer.map(|e| e.data))
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

async fn get<T: DeserializeOwned + types::Progress>(
    http: &reqwest::Client,
    cfg: &WakatimeConfig,
    token: &Secret<String>,
    path: &str,
    query: &[(&str, &str)],
) -> Result<Answer<T>> {
    let response = http
        .get(cfg.api_endpoint(path))
        .query(query)
        .bearer_auth(token.expose())
        .send()
        .await
        .map_err(unreachable)?;
    let status = response.status();
    match status {
        StatusCode::OK | StatusCode::CREATED => {
            let body: T = parse(&response.bytes().await.map_err(unreachable)?)?;
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
            let bytes = response.bytes().await.map_err(unreachable)?;
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

fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| Error::WakatimeResponseInvalid {
        detail: e.to_string(),
    })
}
