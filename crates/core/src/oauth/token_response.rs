//! The token endpoint's answer. WakaTime answers form-encoded (served as `text/html`)
//! unless asked for JSON, `scope` is comma-separated, `expires_in` may be an integer,
//! a float or a string, and `expires_at` is ISO-8601. Both formats are read, whatever
//! the Content-Type says.
//!
//! [`WakatimeTokenResponse`] is the answer as the oauth2 crate reads it (its
//! `TokenResponse`); the crate is handed the body's fields as a JSON object (see
//! `http_client`), and the same rules as [`parse`] apply. [`TokenResponse`] is what
//! wakadesk keeps of it, with the expiry as a time.

use std::collections::HashMap;
use std::time::Duration;

use oauth2::basic::BasicTokenType;
use oauth2::{AccessToken, RefreshToken, Scope};
use serde::{Deserialize, Deserializer, Serialize};
use time::format_description::well_known::Iso8601;
use time::OffsetDateTime;

use crate::secret::Secret;
use crate::{Error, Result};

/// Tokens and what came with them.
#[derive(Debug)]
pub struct TokenResponse {
    pub access_token: Secret<String>,
    pub refresh_token: Option<Secret<String>>,
    pub uid: Option<String>,
    /// Granted scopes, comma-joined.
    pub scope: Option<String>,
    /// Unix seconds, when WakaTime said.
    pub expires_at: Option<i64>,
}

/// WakaTime's answer as the oauth2 crate hands it over: the standard fields, the
/// comma-separated scopes, `uid`, and an expiry in whichever form it came.
#[derive(Debug, Serialize)]
pub struct WakatimeTokenResponse {
    access_token: AccessToken,
    token_type: BasicTokenType,
    refresh_token: Option<RefreshToken>,
    uid: Option<String>,
    /// Comma-joined, as stored.
    scope: Option<String>,
    scopes: Option<Vec<Scope>>,
    /// Whole seconds; when present it wins over `expires_at`.
    expires_in: Option<Duration>,
    /// Unix seconds.
    expires_at: Option<i64>,
}

impl WakatimeTokenResponse {
    /// The answer's fields (all as text), checked.
    fn from_fields(mut fields: HashMap<String, String>) -> Result<Self> {
        let access_token = fields
            .remove("access_token")
            .filter(|t| !t.is_empty())
            .map(AccessToken::new)
            .ok_or_else(|| invalid("no access_token"))?;
        if let Some(kind) = fields.get("token_type") {
            if !kind.eq_ignore_ascii_case("bearer") {
                return Err(invalid("token_type is not bearer"));
            }
        }
        let (expires_in, expires_at) = match (fields.get("expires_in"), fields.get("expires_at")) {
            (Some(secs), _) => (Some(Duration::from_secs(parse_seconds(secs)?)), None),
            (None, Some(at)) => (None, Some(parse_timestamp(at)?)),
            (None, None) => (None, None),
        };
        let scope = fields.get("scope").map(|s| normalize_scopes(s));
        Ok(Self {
            access_token,
            token_type: BasicTokenType::Bearer,
            refresh_token: fields
                .remove("refresh_token")
                .filter(|t| !t.is_empty())
                .map(RefreshToken::new),
            uid: fields.remove("uid").filter(|u| !u.is_empty()),
            scopes: scope.as_ref().map(|s| {
                s.split(',')
                    .filter(|s| !s.is_empty())
                    .map(|s| Scope::new(s.to_owned()))
                    .collect()
            }),
            scope,
            expires_in,
            expires_at,
        })
    }

    /// What wakadesk keeps of an answer received at `now` (Unix seconds).
    pub fn received_at(self, now: i64) -> TokenResponse {
        TokenResponse {
            access_token: Secret::new(self.access_token.into_secret()),
            refresh_token: self.refresh_token.map(|t| Secret::new(t.into_secret())),
            uid: self.uid,
            scope: self.scope,
            expires_at: match self.expires_in {
                // At most 1e10 seconds (see `parse_seconds`): no overflow.
                Some(secs) => Some(now + secs.as_secs() as i64),
                None => self.expires_at,
            },
        }
    }
}

impl<'de> Deserialize<'de> for WakatimeTokenResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let object = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        Self::from_fields(json_fields(object)).map_err(serde::de::Error::custom)
    }
}

impl oauth2::TokenResponse for WakatimeTokenResponse {
    type TokenType = BasicTokenType;

    fn access_token(&self) -> &AccessToken {
        &self.access_token
    }

    fn token_type(&self) -> &BasicTokenType {
        &self.token_type
    }

    fn expires_in(&self) -> Option<Duration> {
        self.expires_in
    }

    fn refresh_token(&self) -> Option<&RefreshToken> {
        self.refresh_token.as_ref()
    }

    fn scopes(&self) -> Option<&Vec<Scope>> {
        self.scopes.as_ref()
    }
}

/// An OAuth error body (`{"error": ..., "error_description": ...}`), if the body is one.
/// Also the error type the oauth2 crate reads refusals into.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthErrorBody {
    pub error: String,
    #[serde(rename = "error_description", default)]
    pub description: Option<String>,
}

impl OAuthErrorBody {
    /// The standard JSON form.
    pub(crate) fn to_json(&self) -> Vec<u8> {
        serde_json::json!({"error": self.error, "error_description": self.description})
            .to_string()
            .into_bytes()
    }
}

impl std::fmt::Display for OAuthErrorBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.description {
            Some(d) => write!(f, "{}: {d}", self.error),
            None => f.write_str(&self.error),
        }
    }
}

impl oauth2::ErrorResponse for OAuthErrorBody {}

impl From<OAuthErrorBody> for Error {
    fn from(e: OAuthErrorBody) -> Self {
        Error::WakatimeRejected {
            error: e.error,
            description: e.description,
        }
    }
}

/// Reads a successful token response received at `now` (Unix seconds).
pub fn parse(body: &str, now: i64) -> Result<TokenResponse> {
    let fields = fields(body).ok_or_else(not_readable)?;
    Ok(WakatimeTokenResponse::from_fields(fields)?.received_at(now))
}

/// Reads an error body, in either format.
pub fn parse_error(body: &str) -> Option<OAuthErrorBody> {
    let mut fields = fields(body)?;
    Some(OAuthErrorBody {
        error: fields.remove("error").filter(|e| !e.is_empty())?,
        description: fields.remove("error_description"),
    })
}

/// Scopes separated by commas and/or spaces, comma-joined.
pub fn normalize_scopes(raw: &str) -> String {
    raw.split([',', ' ', '+'])
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

/// The body's top-level fields as a JSON object of strings, the one form the oauth2
/// crate is given to read, or why the body is not a token answer at all.
pub(crate) fn as_json_object(body: &str) -> Result<Vec<u8>> {
    let fields = fields(body).ok_or_else(not_readable)?;
    serde_json::to_vec(&fields).map_err(|e| invalid(&format!("it could not be re-encoded: {e}")))
}

/// Why a body the oauth2 crate refused is not a usable token answer, by the same rules.
pub(crate) fn why_unusable(body: &[u8]) -> Error {
    match parse(&String::from_utf8_lossy(body), 0) {
        Err(e) => e,
        Ok(_) => invalid("its fields could not be read"),
    }
}

/// The body's top-level fields as strings (numbers written out), JSON or form.
fn fields(body: &str) -> Option<HashMap<String, String>> {
    let trimmed = body.trim();
    if trimmed.starts_with('{') {
        serde_json::from_str(trimmed).ok().map(json_fields)
    } else if trimmed.contains('=') && !trimmed.starts_with('<') {
        serde_urlencoded::from_str::<Vec<(String, String)>>(trimmed)
            .ok()
            .map(|pairs| pairs.into_iter().collect())
    } else {
        None
    }
}

/// A JSON object's fields as strings: numbers written out, lists of strings
/// comma-joined, anything else left out.
fn json_fields(object: serde_json::Map<String, serde_json::Value>) -> HashMap<String, String> {
    object
        .into_iter()
        .filter_map(|(k, v)| match v {
            serde_json::Value::String(s) => Some((k, s)),
            serde_json::Value::Number(n) => Some((k, n.to_string())),
            serde_json::Value::Array(items) => Some((
                k,
                items
                    .iter()
                    .filter_map(|i| i.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            )),
            _ => None,
        })
        .collect()
}

fn parse_seconds(raw: &str) -> Result<u64> {
    let secs: f64 = raw
        .trim()
        .parse()
        .map_err(|_| invalid("expires_in is not a number"))?;
    if !(0.0..=1e10).contains(&secs) {
        return Err(invalid("expires_in is out of range"));
    }
    Ok(secs as u64)
}

fn parse_timestamp(raw: &str) -> Result<i64> {
    OffsetDateTime::parse(raw.trim(), &Iso8601::DEFAULT)
        .map(|t| t.unix_timestamp())
        .map_err(|_| invalid("expires_at is not an ISO-8601 time"))
}

fn not_readable() -> Error {
    invalid("neither JSON nor form-encoded")
}

fn invalid(detail: &str) -> Error {
    Error::TokenResponseInvalid {
        detail: detail.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000;

    #[test]
    fn a_form_encoded_answer_as_wakatime_sends_by_default_is_read() {
        let body = "access_token=waka_tok_abc&refresh_token=waka_ref_def&token_type=bearer\
                    &uid=1f0c6a8e-0000-4000-8000-000000000000&scope=read_summaries%2Cread_stats\
                    &expires_in=5184000&expires_at=2023-12-14T22%3A13%3A20Z";
        let t = parse(body, NOW).unwrap();
        assert_eq!(t.access_token.expose(), "waka_tok_abc");
        assert_eq!(t.refresh_token.unwrap().expose(), "waka_ref_def");
        assert_eq!(t.scope.as_deref(), Some("read_summaries,read_stats"));
        assert_eq!(t.expires_at, Some(NOW + 5_184_000), "expires_in wins");
        assert_eq!(
            t.uid.as_deref(),
            Some("1f0c6a8e-0000-4000-8000-000000000000")
        );
    }

    #[test]
    fn a_json_answer_is_read_with_a_float_expiry() {
        let body = r#"{"access_token":"waka_tok_abc","refresh_token":"waka_ref_def","token_type":"Bearer",
                      "uid":"u","scope":"read_stats read_summaries","expires_in":3600.5}"#;
        let t = parse(body, NOW).unwrap();
        assert_eq!(
            t.scope.as_deref(),
            Some("read_stats,read_summaries"),
            "space-separated normalised"
        );
        assert_eq!(t.expires_at, Some(NOW + 3600));
    }

    #[test]
    fn expires_at_alone_is_used_and_neither_is_fine() {
        let t = parse("access_token=a&expires_at=2023-11-14T22%3A13%3A20Z", NOW).unwrap();
        assert_eq!(t.expires_at, Some(1_700_000_000));
        assert_eq!(
            parse("access_token=a", NOW).unwrap().expires_at,
            None,
            "expiry is optional"
        );
    }

    #[test]
    fn answers_without_a_usable_token_are_typed_errors() {
        for bad in [
            "",
            "<html>oops</html>",
            "{}",
            "refresh_token=x",
            "access_token=",
            "access_token=a&token_type=mac",
            "access_token=a&expires_in=soon",
            "{\"access_token\": 5",
        ] {
            let err = parse(bad, NOW).unwrap_err();
            assert_eq!(err.code(), "token_response_invalid", "{bad:?}: {err}");
        }
    }

    #[test]
    fn error_bodies_are_read_in_both_formats() {
        let json =
            parse_error(r#"{"error":"invalid_grant","error_description":"Code used"}"#).unwrap();
        assert_eq!(
            json,
            OAuthErrorBody {
                error: "invalid_grant".into(),
                description: Some("Code used".into())
            }
        );
        let form = parse_error("error=invalid_client").unwrap();
        assert_eq!(form.error, "invalid_client");
        assert_eq!(parse_error("<html>500</html>"), None);
    }

    #[test]
    fn a_parsed_response_never_prints_its_tokens() {
        let t = parse(
            "access_token=waka_tok_secret1&refresh_token=waka_ref_secret2",
            NOW,
        )
        .unwrap();
        let shown = format!("{t:?}");
        assert!(
            !shown.contains("secret1") && !shown.contains("secret2"),
            "{shown}"
        );
    }

    #[test]
    fn the_oauth2_crates_reading_agrees_with_parse() {
        let bodies = [
            "access_token=waka_tok_abc&refresh_token=waka_ref_def&token_type=bearer\
             &uid=u&scope=read_summaries%2Cread_stats&expires_in=5184000",
            r#"{"access_token":"a","token_type":"Bearer","scope":"read_stats read_summaries",
               "expires_in":3600.5,"unknown":{"nested":true}}"#,
            r#"{"access_token":"a","scope":["read_stats","read_summaries"],"expires_at":"2023-11-14T22:13:20Z"}"#,
            "access_token=a&token_type=mac",
            "refresh_token=x",
            "access_token=a&expires_in=soon",
        ];
        for body in bodies {
            let ours = parse(body, NOW);
            let json = as_json_object(body).unwrap();
            let theirs = serde_json::from_slice::<WakatimeTokenResponse>(&json)
                .map(|t| t.received_at(NOW))
                .map_err(|_| why_unusable(&json));
            match (ours, theirs) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a.access_token.expose(), b.access_token.expose(), "{body}");
                    assert_eq!(
                        a.refresh_token.map(|t| t.expose().clone()),
                        b.refresh_token.map(|t| t.expose().clone()),
                        "{body}"
                    );
                    assert_eq!(
                        (a.uid, a.scope, a.expires_at),
                        (b.uid, b.scope, b.expires_at),
                        "{body}"
                    );
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{body}"),
                (a, b) => panic!("{body}: parse {a:?}, the crate's reading {b:?}"),
            }
        }
    }

    #[test]
    fn the_crate_sees_the_scopes_one_by_one() {
        use oauth2::TokenResponse as _;
        let json = as_json_object(
            "access_token=waka_tok_secret1&refresh_token=waka_ref_secret2\
             &scope=read_stats%2Cread_summaries",
        )
        .unwrap();
        let t: WakatimeTokenResponse = serde_json::from_slice(&json).unwrap();
        let scopes: Vec<&str> = t.scopes().unwrap().iter().map(|s| s.as_str()).collect();
        assert_eq!(scopes, ["read_stats", "read_summaries"]);
        assert_eq!(t.expires_in(), None);
        let shown = format!("{t:?}");
        assert!(
            !shown.contains("secret1") && !shown.contains("secret2"),
            "{shown}"
        );
    }
}
