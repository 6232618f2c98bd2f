//! Reads `application/x-www-form-urlencoded` bodies, the only kind the real token and
//! revoke endpoints take. A JSON body is refused with 400 rather than guessed at.

use std::collections::HashMap;

use axum::http::{header, HeaderMap};

use crate::oauth_error::OauthError;

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

/// A parsed form body. Empty values count as absent.
#[derive(Debug, Default)]
pub(crate) struct FormBody(HashMap<String, String>);

impl FormBody {
    /// Refuses a body that is not form-encoded or that repeats a parameter
    /// (RFC 6749 section 3.2).
    pub(crate) fn parse(headers: &HeaderMap, bytes: &[u8]) -> Result<Self, OauthError> {
        if !is_form(headers) {
            return Err(OauthError::invalid_request(
                "the body must be application/x-www-form-urlencoded",
            ));
        }
        Self::from_pairs(pairs(bytes))
    }

    pub(crate) fn from_pairs(pairs: Vec<(String, String)>) -> Result<Self, OauthError> {
        let mut map = HashMap::new();
        for (name, value) in pairs {
            if map.contains_key(&name) {
                return Err(OauthError::invalid_request(format!(
                    "parameter {name} is repeated"
                )));
            }
            map.insert(name, value);
        }
        Ok(Self(map))
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }

    pub(crate) fn require(&self, name: &str) -> Result<&str, OauthError> {
        self.get(name)
            .ok_or_else(|| OauthError::invalid_request(format!("missing parameter: {name}")))
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
    fn a_form_content_type_with_a_charset_is_a_form() {
        assert!(
            is_form(&headers("application/x-www-form-urlencoded; charset=UTF-8")),
            "charset parameter allowed"
        );
    }

    #[test]
    fn a_json_body_is_refused() {
        let error = FormBody::parse(&headers("application/json"), b"{}").expect_err("json");
        assert_eq!(error.code, "invalid_request", "json body is a bad request");
    }

    #[test]
    fn a_repeated_parameter_is_refused() {
        let form = headers("application/x-www-form-urlencoded");
        assert!(
            FormBody::parse(&form, b"code=a&code=b").is_err(),
            "repeated parameter"
        );
    }

    #[test]
    fn an_empty_value_counts_as_missing() {
        let form = headers("application/x-www-form-urlencoded");
        let body = FormBody::parse(&form, b"code=&state=x").expect("form");
        assert_eq!(body.get("code"), None, "empty code is absent");
        assert_eq!(body.get("state"), Some("x"), "state present");
    }
}
