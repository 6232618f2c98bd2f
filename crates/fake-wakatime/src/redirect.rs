//! Builds the URL the browser is sent back to. Registered redirect URIs may be a
//! custom scheme (`org.wakadesk.desktop:/oauth/callback`) or loopback http, and may
//! already carry a query, so the parameters are appended rather than set with a URL
//! parser that might normalise the registered string.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// `redirect_uri` with `params` appended to its query (before any fragment).
pub(crate) fn with_query(redirect_uri: &str, params: &[(&str, &str)]) -> String {
    let (base, fragment) = match redirect_uri.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (redirect_uri, None),
    };
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let separator = match base.find('?') {
        None => "?",
        Some(_) if base.ends_with('?') || base.ends_with('&') => "",
        Some(_) => "&",
    };
    let mut url = format!("{base}{separator}{query}");
    if let Some(fragment) = fragment {
        url.push('#');
        url.push_str(fragment);
    }
    url
}

/// A 302 Found to `location`, as wakatime.com answers the authorize step.
pub(crate) fn found(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => (StatusCode::FOUND, [(header::LOCATION, value)]).into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "redirect URI is not a valid header value",
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_custom_scheme_uri_gets_a_question_mark() {
        assert_eq!(
            with_query("org.wakadesk.desktop:/oauth/callback", &[("code", "c1")]),
            "org.wakadesk.desktop:/oauth/callback?code=c1",
            "custom scheme"
        );
    }

    #[test]
    fn a_uri_with_a_query_gets_an_ampersand() {
        assert_eq!(
            with_query(
                "http://127.0.0.1:9/cb?x=1",
                &[("code", "c1"), ("state", "s")]
            ),
            "http://127.0.0.1:9/cb?x=1&code=c1&state=s",
            "existing query kept"
        );
    }

    #[test]
    fn parameters_are_percent_encoded_and_go_before_the_fragment() {
        assert_eq!(
            with_query("http://127.0.0.1:9/cb#top", &[("state", "a b&c")]),
            "http://127.0.0.1:9/cb?state=a+b%26c#top",
            "encoding and fragment"
        );
    }
}
