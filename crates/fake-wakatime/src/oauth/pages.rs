//! The few HTML pages a browser sees: the consent screen, the error page shown
//! instead of redirecting to an unregistered URI, and the 500 page of the failure
//! switch. Self-contained: no scripts, styles or images from anywhere else.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

const STYLE: &str = "body{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}\
button{font-size:1rem;padding:.5rem 1.5rem;margin-right:1rem}";

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>{title}</title><style>{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n",
        title = escape(title),
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

/// The consent screen: two forms posting the one-time `request_id` to the decision
/// endpoint, one with `decision=approve`, one with `decision=deny`.
pub(crate) fn consent(
    request_id: &str,
    client_id: &str,
    username: &str,
    scopes: &[String],
) -> Response {
    let items: String = scopes
        .iter()
        .map(|scope| format!("<li><code>{}</code></li>", escape(scope)))
        .collect();
    let form = |decision: &str, label: &str| {
        format!(
            "<form method=\"post\" action=\"/oauth/authorize/decision\" style=\"display:inline\">\
<input type=\"hidden\" name=\"request_id\" value=\"{id}\">\
<input type=\"hidden\" name=\"decision\" value=\"{decision}\">\
<button type=\"submit\" id=\"{decision}\">{label}</button></form>",
            id = escape(request_id),
        )
    };
    let body = format!(
        "<h1>Authorize application</h1>\n<p>Signed in as <strong>{user}</strong>.</p>\n\
<p>The application <strong>{client}</strong> wants to:</p>\n<ul>{items}</ul>\n<div>{approve}{deny}</div>",
        user = escape(username),
        client = escape(client_id),
        approve = form("approve", "Approve"),
        deny = form("deny", "Deny"),
    );
    page(StatusCode::OK, "Authorize application - WakaTime", &body)
}

/// A 400 page for requests that cannot be redirected (bad client or redirect URI).
pub(crate) fn error(message: &str) -> Response {
    let body = format!(
        "<h1>Invalid authorization request</h1>\n<p id=\"error\">{}</p>",
        escape(message)
    );
    page(StatusCode::BAD_REQUEST, "Error - WakaTime", &body)
}

/// What the token endpoint answers while the failure switch is on.
pub(crate) fn server_error() -> Response {
    page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "500 Internal Server Error",
        "<h1>Internal Server Error</h1>\n<p>Something went wrong. Please try again later.</p>",
    )
}

fn escape(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    escaped.replace('"', "&quot;").replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;",
            "all five characters"
        );
    }
}
