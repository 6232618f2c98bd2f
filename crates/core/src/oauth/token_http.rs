//! The oauth2 crate's HTTP client, made of the process's one `http::Client`, and
//! the place WakaTime's OAuth answers are made readable. It asks for JSON; hands the
//! crate a JSON object whatever format and Content-Type WakaTime answered in (by
//! default a form body served as `text/html`); turns a refusal into a standard OAuth
//! error object; and reports WakaTime's trouble (5xx, a redirect, 429) as
//! [`Error::WakatimeServerError`] without reading the body. Bodies are read up to
//! `http::MAX_BODY_BYTES` and may hold tokens: nothing here logs them, and no error
//! carries one.

use std::future::Future;
use std::pin::Pin;

use oauth2::http::{self, header, HeaderValue, StatusCode};
use oauth2::{AsyncHttpClient, HttpRequest, HttpResponse};

use super::token_response::{self, OAuthErrorBody};
use crate::http::{read_body, Client, Request};
use crate::secret::Secret;
use crate::{Error, Result};

/// The client the oauth2 crate's token requests go through.
pub(crate) struct TokenHttp(pub Client);

impl<'c> AsyncHttpClient<'c> for TokenHttp {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let (status, body) = send(&self.0, request).await?;
            // The crate reads only a 200 as success, and only JSON.
            let (status, json) = if status.is_success() {
                (
                    StatusCode::OK,
                    token_response::as_json_object(body.expose())?,
                )
            } else {
                (status, refusal(status, body.expose()).to_json())
            };
            http::Response::builder()
                .status(status)
                .header(header::CONTENT_TYPE, "application/json")
                .body(json)
                .map_err(|_| Error::TokenResponseInvalid {
                    detail: "the answer could not be handed over".into(),
                })
        })
    }
}

/// Sends a request to an OAuth endpoint of WakaTime, asking for JSON. Returns the
/// status and the body of any answer but trouble on WakaTime's side.
pub(crate) async fn send(
    http: &Client,
    mut request: Request,
) -> Result<(StatusCode, Secret<String>)> {
    request
        .headers_mut()
        .insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    let response = http.send(request).await?;
    let status = response.status();
    if status.is_server_error()
        || status.is_redirection()
        || status == StatusCode::TOO_MANY_REQUESTS
    {
        return Err(Error::WakatimeServerError {
            status: status.as_u16(),
        });
    }
    let body = read_body(response)?;
    let body = String::from_utf8(body)
        .unwrap_or_else(|not_text| String::from_utf8_lossy(not_text.as_bytes()).into_owned());
    Ok((status, Secret::new(body)))
}

/// The OAuth error a refusal carries (JSON or form-encoded), or one named after the
/// status when the body says nothing readable.
pub(crate) fn refusal(status: StatusCode, body: &str) -> OAuthErrorBody {
    token_response::parse_error(body).unwrap_or_else(|| OAuthErrorBody {
        error: format!("http_{}", status.as_u16()),
        description: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_keeps_its_oauth_error_in_either_format_or_is_named_after_the_status() {
        let json = refusal(
            StatusCode::BAD_REQUEST,
            r#"{"error":"invalid_grant","error_description":"Code used"}"#,
        );
        assert_eq!(
            (json.error.as_str(), json.description.as_deref()),
            ("invalid_grant", Some("Code used"))
        );
        let form = refusal(StatusCode::UNAUTHORIZED, "error=invalid_client");
        assert_eq!(
            (form.error.as_str(), form.description),
            ("invalid_client", None)
        );
        let page = refusal(StatusCode::FORBIDDEN, "<html>no</html>");
        assert_eq!(page.error, "http_403");
        let back: OAuthErrorBody = serde_json::from_slice(&json.to_json()).unwrap();
        assert_eq!(back, json, "the crate reads back what it is handed");
    }
}
