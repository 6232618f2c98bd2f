//! The token endpoint's answer. WakaTime answers form-encoded (served as `text/html`)
//! unless asked for JSON, `scope` is comma-separated, `expires_in` may be an integer,
//! a float or a string, and `expires_at` is ISO-8601. Both formats are read, whatever
//! the Content-Type says.

use std::collections::HashMap;

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

/// An OAuth error body (`{"error": ..., "error_description": ...}`), if the body is one.
#[derive(Debug, PartialEq, Eq)]
pub struct OAuthErrorBody {
    pub error: String,
    pub description: Option<String>,
}

/// Reads a successful token response received at `now` (Unix seconds).
pub fn parse(body: &str, now: i64) -> Result<TokenResponse> {
    let mut fields = fields(body).ok_or_else(|| invalid("neither JSON nor form-encoded"))?;
    let access_token = fields
        .remove("access_token")
        .filter(|t| !t.is_empty())
        .map(Secret::new)
        .ok_or_else(|| invalid("no access_token"))?;
    if let Some(kind) = fields.get("token_type") {
        if !kind.eq_ignore_ascii_case("bearer") {
            return Err(invalid("token_type is not bearer"));
        }
    }
    let expires_at = match (fields.get("expires_in"), fields.get("expires_at")) {
        (Some(secs), _) => Some(now + parse_seconds(secs)?),
        (None, Some(at)) => Some(parse_timestamp(at)?),
        (None, None) => None,
    };
    Ok(TokenResponse {
        access_token,
        refresh_token: fields
            .remove("refresh_token")
            .filter(|t| !t.is_empty())
            .map(Secret::new),
        uid: fields.remove("uid").filter(|u| !u.is_empty()),
        scope: fields.get("scope").map(|s| normalize_scopes(s)),
        expires_at,
    })
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

/// The body's top-level fields as strings (numbers written out), JSON or form.
fn fields(body: &str) -> Option<HashMap<String, String>> {
    let trimmed = body.trim();
    if trimmed.starts_with('{') {
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(trimmed).ok()?;
        Some(
            map.into_iter()
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
                .collect(),
        )
    } else if trimmed.contains('=') && !trimmed.starts_with('<') {
        serde_urlencoded::from_str::<Vec<(String, String)>>(trimmed)
            .ok()
            .map(|pairs| pairs.into_iter().collect())
    } else {
        None
    }
}

fn parse_seconds(raw: &str) -> Result<i64> {
    let secs: f64 = raw
        .trim()
        .parse()
        .map_err(|_| invalid("expires_in is not a number"))?;
    if !(0.0..=1e10).contains(&secs) {
        return Err(invalid("expires_in is out of range"));
    }
    Ok(secs as i64)
}

fn parse_timestamp(raw: &str) -> Result<i64> {
    OffsetDateTime::parse(raw.trim(), &Iso8601::DEFAULT)
        .map(|t| t.unix_timestamp())
        .map_err(|_| invalid("expires_at is not an ISO-8601 time"))
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
}
