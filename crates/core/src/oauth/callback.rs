//! The browser's answer to an authorization request, parsed from the redirect URL.
//!
//! Any local program can open a `org.wakadesk.desktop:` link, so the URL is hostile
//! input: it is size-limited, duplicate or missing parameters are rejected, and the
//! parse never panics. Whether the state belongs to a real request is decided later,
//! against the database.

use url::Url;

use crate::{Error, Result};

const MAX_URL_BYTES: usize = 8 * 1024;
const MAX_VALUE_BYTES: usize = 2 * 1024;

/// What WakaTime sent back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    pub state: String,
    pub outcome: CallbackOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackOutcome {
    /// Approved: the authorization code to exchange.
    Code(String),
    /// The person pressed Deny.
    Denied,
    /// Another OAuth error, such as `invalid_scope`.
    Failed {
        error: String,
        description: Option<String>,
    },
}

impl TryFrom<&Url> for Callback {
    type Error = Error;

    fn try_from(url: &Url) -> Result<Self> {
        if url.as_str().len() > MAX_URL_BYTES {
            return Err(invalid("the link is too long"));
        }
        let mut state = None;
        let mut code = None;
        let mut error = None;
        let mut description = None;
        for (key, value) in url.query_pairs() {
            let slot = match key.as_ref() {
                "state" => &mut state,
                "code" => &mut code,
                "error" => &mut error,
                "error_description" => &mut description,
                _ => continue,
            };
            if slot.is_some() {
                return Err(invalid(&format!("'{key}' appears more than once")));
            }
            if value.len() > MAX_VALUE_BYTES {
                return Err(invalid(&format!("'{key}' is too long")));
            }
            *slot = Some(value.into_owned());
        }
        let state = state
            .filter(|s| !s.is_empty())
            .ok_or_else(|| invalid("it has no state"))?;
        let outcome = match (code, error) {
            (Some(code), None) if !code.is_empty() => CallbackOutcome::Code(code),
            (None, Some(e)) if e == "access_denied" => CallbackOutcome::Denied,
            (None, Some(error)) => CallbackOutcome::Failed { error, description },
            _ => return Err(invalid("it has neither a code nor an error")),
        };
        Ok(Callback { state, outcome })
    }
}

/// Whether `url` is an answer to `redirect_uri`: same scheme, host, port and path.
///
/// A redirect of our own scheme without a host (`org.wakadesk.desktop:/oauth/callback`)
/// is also answered by the same link written with two slashes
/// (`org.wakadesk.desktop://oauth/callback`), as some URL layers rewrite it: there the
/// first path segment has become the host. Only that rewrite: a port, a user, another
/// host or path, or letters in another case are still another address.
pub fn is_for_redirect(url: &Url, redirect_uri: &Url) -> bool {
    let same_path =
        |path: &str| path.trim_end_matches('/') == redirect_uri.path().trim_end_matches('/');
    if url.scheme() != redirect_uri.scheme() {
        return false;
    }
    if url.host_str() == redirect_uri.host_str()
        && url.port_or_known_default() == redirect_uri.port_or_known_default()
    {
        return same_path(url.path());
    }
    is_rewritten_with_two_slashes(url, redirect_uri)
        && url
            .host_str()
            .is_some_and(|host| same_path(&format!("/{host}{}", url.path())))
}

/// Whether `url` may be `redirect_uri` rewritten from `scheme:/a/b` to `scheme://a/b`:
/// the redirect has no host and a custom scheme, the link a bare host and nothing else
/// in its authority.
fn is_rewritten_with_two_slashes(url: &Url, redirect_uri: &Url) -> bool {
    !matches!(
        url.scheme(),
        "http" | "https" | "ws" | "wss" | "ftp" | "file"
    ) && redirect_uri.host().is_none()
        && url.username().is_empty()
        && url.password().is_none()
        && url.port().is_none()
        && url.path().starts_with('/')
        && url.host_str().is_some_and(|host| !host.is_empty())
}

fn invalid(reason: &str) -> Error {
    Error::CallbackInvalid {
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Callback> {
        Callback::try_from(&Url::parse(s).unwrap())
    }

    #[test]
    fn an_approval_yields_the_code_and_state() {
        let c = parse("org.wakadesk.desktop:/oauth/callback?code=abc&state=xyz").unwrap();
        assert_eq!(c.state, "xyz");
        assert_eq!(c.outcome, CallbackOutcome::Code("abc".into()));
    }

    #[test]
    fn a_denial_is_recognised() {
        let c =
            parse("org.wakadesk.desktop:/oauth/callback?error=access_denied&state=xyz").unwrap();
        assert_eq!(c.outcome, CallbackOutcome::Denied);
    }

    #[test]
    fn other_errors_keep_their_description() {
        let c = parse("http://127.0.0.1:1/oauth/callback?error=invalid_scope&error_description=bad+scope&state=s").unwrap();
        assert_eq!(
            c.outcome,
            CallbackOutcome::Failed {
                error: "invalid_scope".into(),
                description: Some("bad scope".into())
            }
        );
    }

    #[test]
    fn malformed_answers_are_typed_errors() {
        for bad in [
            "org.wakadesk.desktop:/oauth/callback",
            "org.wakadesk.desktop:/oauth/callback?code=abc",
            "org.wakadesk.desktop:/oauth/callback?state=&code=abc",
            "org.wakadesk.desktop:/oauth/callback?state=s",
            "org.wakadesk.desktop:/oauth/callback?state=s&code=",
            "org.wakadesk.desktop:/oauth/callback?state=s&code=a&code=b",
            "org.wakadesk.desktop:/oauth/callback?state=s&state=t&code=a",
            "org.wakadesk.desktop:/oauth/callback?state=s&code=a&error=access_denied",
        ] {
            let err = parse(bad).unwrap_err();
            assert_eq!(err.code(), "callback_invalid", "{bad}: {err}");
        }
        let long = format!(
            "org.wakadesk.desktop:/oauth/callback?state=s&code={}",
            "a".repeat(9000)
        );
        assert_eq!(
            parse(&long).unwrap_err().code(),
            "callback_invalid",
            "oversized link"
        );
    }

    #[test]
    fn only_our_redirect_is_accepted() {
        let ours = Url::parse("org.wakadesk.desktop:/oauth/callback").unwrap();
        let yes = Url::parse("org.wakadesk.desktop:/oauth/callback?state=s&code=c").unwrap();
        assert!(is_for_redirect(&yes, &ours));
        let rewritten = Url::parse("org.wakadesk.desktop://oauth/callback?state=s").unwrap();
        assert!(
            is_for_redirect(&rewritten, &ours),
            "rewritten with two slashes"
        );
        for no in [
            "org.evil.app:/oauth/callback?state=s",
            "org.evil.app://oauth/callback?state=s",
            "org.wakadesk.desktop:/other?state=s",
            "org.wakadesk.desktop://oauth:1/callback?state=s",
            "org.wakadesk.desktop://oauth/other?state=s",
            "org.wakadesk.desktop://other/callback?state=s",
        ] {
            assert!(!is_for_redirect(&Url::parse(no).unwrap(), &ours), "{no}");
        }
        let loopback = Url::parse("http://127.0.0.1:53682/oauth/callback").unwrap();
        let other_port = Url::parse("http://127.0.0.1:9999/oauth/callback?state=s").unwrap();
        assert!(!is_for_redirect(&other_port, &loopback));
        let folded = Url::parse("http://127.0.0.1:53682/oauth/callback?state=s").unwrap();
        let web = Url::parse("http://oauth/callback").unwrap();
        assert!(
            !is_for_redirect(&folded, &web),
            "no rewrite for web addresses, which always have a host"
        );
    }
}
