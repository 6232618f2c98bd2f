//! Form bodies (`application/x-www-form-urlencoded`, the only kind the real token and
//! revoke endpoints take: a JSON body is refused with 400 rather than guessed at) and
//! the client authentication they carry: `client_id` and `client_secret` in the body,
//! nothing else. A generic OAuth client defaults to HTTP Basic, which wakatime.com does
//! not read; the stand-in answers it with 401 `invalid_client` so that mistake shows.

use std::collections::HashMap;

use axum::http::{header, HeaderMap};

use super::OauthError;
use crate::state::Registration;

/// True when the Content-Type is form-urlencoded (parameters such as charset allowed).
pub(crate) fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// The name/value pairs of a form body or query string, in order.
pub(crate) fn pairs(bytes: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(bytes).into_owned().collect()
}

/// A parsed form body or query. Empty values count as absent.
#[derive(Debug, Default)]
pub(crate) struct FormBody(HashMap<String, String>);

impl FormBody {
    /// Refuses a body that is not form-encoded.
    pub(crate) fn parse(headers: &HeaderMap, bytes: &[u8]) -> Result<Self, OauthError> {
        if !is_form(headers) {
            return Err(OauthError::invalid_request(
                "the body must be application/x-www-form-urlencoded",
            ));
        }
        Self::from_pairs(pairs(bytes))
    }

    /// Refuses a repeated parameter (RFC 6749 section 3.2).
    pub(crate) fn from_pairs(pairs: Vec<(String, String)>) -> Result<Self, OauthError> {
        let mut map = HashMap::new();
        for (name, value) in pairs {
            if map.contains_key(&name) {
                let repeated = format!("parameter {name} is repeated");
                return Err(OauthError::invalid_request(repeated));
            }
            map.insert(name, value);
        }
        Ok(Self(map))
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        let value = self.0.get(name).map(String::as_str);
        value.filter(|value| !value.is_empty())
    }

    pub(crate) fn require(&self, name: &str) -> Result<&str, OauthError> {
        self.get(name)
            .ok_or_else(|| OauthError::invalid_request(format!("missing parameter: {name}")))
    }

    /// The client's credentials in the body match the registered app.
    pub(crate) fn authenticate_client(
        &self,
        registration: &Registration,
        headers: &HeaderMap,
    ) -> Result<(), OauthError> {
        let (Some(id), Some(secret)) = (self.get("client_id"), self.get("client_secret")) else {
            let basic = headers
                .get(header::AUTHORIZATION)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.split_whitespace().next())
                .is_some_and(|scheme| scheme.eq_ignore_ascii_case("basic"));
            return Err(OauthError::invalid_client(if basic {
                "HTTP Basic client authentication is not supported: \
send client_id and client_secret in the form body"
            } else {
                "client_id and client_secret are required in the form body"
            }));
        };
        if id != registration.client_id || secret != registration.client_secret {
            return Err(OauthError::invalid_client(
                "unknown client or wrong client_secret",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(content_type: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        headers
    }

    #[test]
    fn only_a_form_body_without_repeats_is_read_and_empty_values_are_missing() {
        let form = headers("application/x-www-form-urlencoded; charset=UTF-8");
        let error = FormBody::parse(&headers("application/json"), b"{}").expect_err("json");
        assert_eq!(error.code, "invalid_request", "json body is a bad request");
        let repeated = FormBody::parse(&form, b"code=a&code=b");
        assert!(repeated.is_err(), "repeated parameter");
        let body = FormBody::parse(&form, b"code=&state=x").expect("a form, charset allowed");
        assert_eq!(body.get("code"), None, "empty code is absent");
        assert_eq!(body.get("state"), Some("x"), "state present");
    }
}
