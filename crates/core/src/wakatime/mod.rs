//! The WakaTime API: requests with a bearer token, and the response types wakadesk
//! reads. Tolerant of extra and missing fields, since the server's answers vary.

use reqwest::StatusCode;
use serde::Deserialize;

use crate::config::WakatimeConfig;
use crate::http::unreachable;
use crate::secret::Secret;
use crate::{Error, Result};

/// `GET /users/current` → `data`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
}

impl CurrentUser {
    /// The name to show: the username, else the display name, else the id.
    pub fn shown_name(&self) -> &str {
        self.username
            .as_deref()
            .or(self.display_name.as_deref())
            .filter(|n| !n.is_empty())
            .unwrap_or(&self.id)
    }
}

#[derive(Deserialize)]
struct Envelope<T> {
    data: T,
}

pub async fn current_user(
    http: &reqwest::Client,
    cfg: &WakatimeConfig,
    token: &Secret<String>,
) -> Result<CurrentUser> {
    let response = http
        .get(cfg.api_endpoint("users/current"))
        .bearer_auth(token.expose())
        .send()
        .await
        .map_err(unreachable)?;
    match response.status() {
        s if s.is_success() => {
            let body: Envelope<CurrentUser> =
                response
                    .json()
                    .await
                    .map_err(|e| Error::WakatimeResponseInvalid {
                        detail: e.to_string(),
                    })?;
            Ok(body.data)
        }
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Err(Error::WakatimeUnauthorized),
        s => Err(Error::WakatimeServerError { status: s.as_u16() }),
    }
}
