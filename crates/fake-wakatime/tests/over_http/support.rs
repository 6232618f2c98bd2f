//! What every test needs: a client that does not follow redirects, the authorize
//! step, the token step, and parsers for the answers.

use std::collections::HashMap;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use fake_wakatime::{FakeWakatime, Options, DESKTOP_REDIRECT_URI};
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION};
use reqwest::{redirect, Client, Response, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub const STATE: &str = "st4te-xyz";
pub const SCOPE: &str = "read_summaries,read_stats";

/// A client that reports redirects instead of following them.
pub fn client() -> Client {
    Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .expect("reqwest client builds")
}

pub async fn start(options: Options) -> FakeWakatime {
    FakeWakatime::start(options).await.expect("fake starts")
}

/// A fake that redirects straight back with a code.
pub async fn start_auto() -> FakeWakatime {
    start(Options::default().with_switches(|s| s.auto_approve = true)).await
}

/// A PKCE verifier and its S256 challenge, computed here independently of the fake.
pub fn pkce_pair() -> (String, String) {
    let verifier = "v3rifier-0123456789-abcdefghijklmnopqrstuvwxyz_ABC~".to_owned();
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

/// GET /oauth/authorize with the usual parameters; `overrides` replace or add some
/// (an empty value drops that parameter).
pub async fn authorize(fake: &FakeWakatime, overrides: &[(&str, &str)]) -> Response {
    let mut params: Vec<(String, String)> = [
        ("client_id", fake.client_id()),
        ("response_type", "code"),
        ("redirect_uri", DESKTOP_REDIRECT_URI),
        ("scope", SCOPE),
        ("state", STATE),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (name, value) in overrides {
        params.retain(|(key, _)| key != name);
        if !value.is_empty() {
            params.push(((*name).to_owned(), (*value).to_owned()));
        }
    }
    client()
        .get(format!("{}/oauth/authorize", fake.base_url()))
        .query(&params)
        .send()
        .await
        .expect("authorize request is answered")
}

/// The decoded query parameters of a redirect's Location header.
pub fn redirect_params(response: &Response) -> HashMap<String, String> {
    assert_eq!(
        response.status(),
        StatusCode::FOUND,
        "expected a 302 redirect"
    );
    let location = location(response);
    let query = location
        .split_once('?')
        .map(|(_, query)| query)
        .unwrap_or_default();
    let query = query.split('#').next().unwrap_or_default();
    parse_form(query)
}

/// The Content-Type of an answer.
pub fn content_type(response: &Response) -> String {
    let value = response
        .headers()
        .get(CONTENT_TYPE)
        .expect("a Content-Type");
    value.to_str().expect("ASCII").to_owned()
}

pub fn location(response: &Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .expect("a redirect has a Location header")
        .to_str()
        .expect("Location is ASCII")
        .to_owned()
}

pub fn parse_form(text: &str) -> HashMap<String, String> {
    form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

/// Authorizes on an auto-approving fake and returns the code.
pub async fn obtain_code(fake: &FakeWakatime, overrides: &[(&str, &str)]) -> String {
    let params = redirect_params(&authorize(fake, overrides).await);
    assert_eq!(
        params.get("state").map(String::as_str),
        Some(STATE),
        "state echoed"
    );
    params
        .get("code")
        .cloned()
        .expect("redirect carries a code")
}

/// The token form for a code exchange with the default redirect URI.
pub fn code_form(fake: &FakeWakatime, code: &str) -> Vec<(String, String)> {
    vec![
        ("client_id".to_owned(), fake.client_id().to_owned()),
        ("client_secret".to_owned(), fake.client_secret().to_owned()),
        ("grant_type".to_owned(), "authorization_code".to_owned()),
        ("code".to_owned(), code.to_owned()),
        ("redirect_uri".to_owned(), DESKTOP_REDIRECT_URI.to_owned()),
    ]
}

pub fn refresh_form(fake: &FakeWakatime, refresh_token: &str) -> Vec<(String, String)> {
    vec![
        ("client_id".to_owned(), fake.client_id().to_owned()),
        ("client_secret".to_owned(), fake.client_secret().to_owned()),
        ("grant_type".to_owned(), "refresh_token".to_owned()),
        ("refresh_token".to_owned(), refresh_token.to_owned()),
        ("redirect_uri".to_owned(), DESKTOP_REDIRECT_URI.to_owned()),
    ]
}

/// `form` with `name` set to `value` (or removed when `value` is None).
pub fn with(
    mut form: Vec<(String, String)>,
    name: &str,
    value: Option<&str>,
) -> Vec<(String, String)> {
    form.retain(|(key, _)| key != name);
    if let Some(value) = value {
        form.push((name.to_owned(), value.to_owned()));
    }
    form
}

/// POSTs a form to `/oauth/<endpoint>` asking for JSON.
pub async fn post_oauth(
    fake: &FakeWakatime,
    endpoint: &str,
    form: &[(String, String)],
) -> Response {
    client()
        .post(format!("{}/oauth/{endpoint}", fake.base_url()))
        .header(ACCEPT, "application/json")
        .form(form)
        .send()
        .await
        .expect("oauth endpoint answers")
}

/// Status and JSON body of a token or revoke request.
pub async fn post_oauth_json(
    fake: &FakeWakatime,
    endpoint: &str,
    form: &[(String, String)],
) -> (StatusCode, Value) {
    let response = post_oauth(fake, endpoint, form).await;
    let status = response.status();
    let body = response.json().await.expect("JSON body");
    (status, body)
}

/// Exchanges a code (JSON answer) and returns the token body, asserting success.
pub async fn exchange(fake: &FakeWakatime, form: &[(String, String)]) -> Value {
    let (status, body) = post_oauth_json(fake, "token", form).await;
    assert_eq!(status, StatusCode::OK, "token exchange succeeds: {body}");
    body
}

pub fn text(value: &Value, field: &str) -> String {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} is a string in {value}"))
        .to_owned()
}

/// GET /api/v1/users/current with a bearer token.
pub async fn current_user(fake: &FakeWakatime, access_token: &str) -> Response {
    client()
        .get(format!("{}/users/current", fake.api_url()))
        .bearer_auth(access_token)
        .send()
        .await
        .expect("API answers")
}

/// GET `base_url()/api/v1` + `path` (with any query) with a bearer token: status and
/// JSON body (Null when the body is not JSON).
pub async fn api_get(fake: &FakeWakatime, path: &str, access_token: &str) -> (StatusCode, Value) {
    let response = client()
        .get(format!("{}{path}", fake.api_url()))
        .bearer_auth(access_token)
        .send()
        .await
        .expect("API answers");
    status_and_json(response).await
}

/// Status and JSON body (Null when the body is not JSON) of an answer.
async fn status_and_json(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.expect("a body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// GET `url` (a control endpoint, say): its JSON body as a `T`.
pub async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> T {
    let response = client().get(url).send().await.expect("answered");
    response.json().await.expect("a JSON body")
}

/// POST `body` as JSON to `url`: status and JSON answer.
pub async fn post_json(url: &str, body: &Value) -> (StatusCode, Value) {
    let response = client().post(url).json(body).send().await;
    status_and_json(response.expect("answered")).await
}

/// GET `url` with `Authorization: Basic base64(key)`: status and JSON body.
pub async fn get_with_key(url: &str, key: &str) -> (StatusCode, Value) {
    let basic = format!("Basic {}", STANDARD.encode(key));
    let response = client()
        .get(url)
        .header("Authorization", basic)
        .send()
        .await;
    status_and_json(response.expect("answered")).await
}

/// Authorizes with an S256 PKCE challenge: the code and the verifier that redeems it.
pub async fn obtain_s256_code(fake: &FakeWakatime) -> (String, String) {
    let (verifier, challenge) = pkce_pair();
    let pkce = [
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    (obtain_code(fake, &pkce).await, verifier)
}

/// A fake with a read token for the stats endpoints.
pub async fn start_with_token(options: Options) -> (FakeWakatime, String) {
    let fake = start(options).await;
    let token = fake
        .grant_directly(&["read_summaries", "read_stats"])
        .access_token;
    (fake, token)
}

/// `YYYY-MM-DD`, written here independently of the fake.
pub fn iso_date(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// `/users/current/summaries?start=..&end=..`.
pub fn summaries_path(start: time::Date, end: time::Date) -> String {
    format!(
        "/users/current/summaries?start={}&end={}",
        iso_date(start),
        iso_date(end)
    )
}

/// A JSON number as f64.
pub fn number(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("a number, got {value}"))
}

/// The one-time request id carried by the consent page's forms.
pub fn consent_request_id(html: &str) -> String {
    let marker = "name=\"request_id\" value=\"";
    let start = html
        .find(marker)
        .expect("consent page has a request_id field")
        + marker.len();
    let len = html[start..].find('"').expect("request_id value is closed");
    html[start..start + len].to_owned()
}

/// POSTs the consent page's decision.
pub async fn decide(fake: &FakeWakatime, request_id: &str, decision: &str) -> Response {
    client()
        .post(format!("{}/oauth/authorize/decision", fake.base_url()))
        .form(&[("request_id", request_id), ("decision", decision)])
        .send()
        .await
        .expect("decision answered")
}

/// GET `api_url()` + `path` with the stand-in's own API key: status and JSON body.
pub async fn key_get(fake: &FakeWakatime, path: &str) -> (StatusCode, Value) {
    let key = fake.api_key().expect("the stand-in has an API key");
    get_with_key(&format!("{}{path}", fake.api_url()), key).await
}

/// Options whose clock reads `now` (RFC 3339) at the start and whose account lives in
/// `zone` (an IANA name).
pub fn pinned(options: Options, zone: &str, now: &str) -> Options {
    let now = time::OffsetDateTime::parse(now, &time::format_description::well_known::Rfc3339)
        .expect("an RFC 3339 instant");
    options.clock.set(now);
    options.with_switches(|s| s.timezone = zone.parse().expect("an IANA zone"))
}

/// A `YYYY-MM-DD` date, written as tests write them.
pub fn ymd(text: &str) -> time::Date {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, format).expect("a YYYY-MM-DD date")
}

/// `/users/current/summaries?start=..&end=..&timezone=..`, the zone encoded (the `+`
/// of `Etc/GMT+12` would otherwise arrive as a space).
pub fn summaries_in(start: &str, end: &str, zone: &str) -> String {
    let zone: String = form_urlencoded::byte_serialize(zone.as_bytes()).collect();
    format!("/users/current/summaries?start={start}&end={end}&timezone={zone}")
}
