//! The request log: enough for tests to assert on what a client sent, never a
//! credential from an Authorization header.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use reqwest::header::{ACCEPT, AUTHORIZATION};

use crate::support::*;

#[tokio::test]
async fn the_log_keeps_the_authorization_scheme_but_never_its_value() {
    let fake = start_auto().await;
    let tokens = fake.grant_directly(&["read_stats"]);
    current_user(&fake, &tokens.access_token).await;
    let basic = STANDARD.encode("client:basic-secret-value");
    client()
        .post(format!("{}/oauth/token", fake.base_url()))
        .header(AUTHORIZATION, format!("Basic {basic}"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("token answered");
    client()
        .get(format!("{}/users/current", fake.api_url()))
        .header(AUTHORIZATION, "bare-credential-without-scheme")
        .send()
        .await
        .expect("API answered");

    let requests = fake.requests();
    let schemes: Vec<Option<&str>> = requests
        .iter()
        .map(|request| request.authorization_scheme.as_deref())
        .collect();
    assert_eq!(
        schemes,
        vec![Some("Bearer"), Some("Basic"), Some("(none)")],
        "schemes recorded"
    );
    assert!(
        requests.iter().all(|request| request.authorization_present),
        "presence recorded"
    );
    let log = serde_json::to_string(&requests).expect("log serializes");
    for secret in [
        tokens.access_token.as_str(),
        &basic,
        "bare-credential-without-scheme",
    ] {
        assert!(
            !log.contains(secret),
            "log must not contain {secret}: {log}"
        );
    }
}

#[tokio::test]
async fn the_log_keeps_method_path_query_form_and_content_headers() {
    let fake = start_auto().await;
    let code = obtain_code(&fake, &[("force_approve", "true")]).await;
    client()
        .post(format!("{}/oauth/token", fake.base_url()))
        .header(ACCEPT, "application/json")
        .form(&code_form(&fake, &code))
        .send()
        .await
        .expect("token answered");

    let authorize = &fake.requests_to("/oauth/authorize")[0];
    assert_eq!(authorize.method, "GET", "authorize method");
    assert_eq!(
        authorize.query_param("scope").as_deref(),
        Some(SCOPE),
        "scope as sent"
    );
    assert_eq!(
        authorize.query_param("force_approve").as_deref(),
        Some("true"),
        "force_approve kept"
    );
    assert!(
        !authorize.authorization_present,
        "no Authorization on authorize"
    );

    let token = &fake.requests_to("/oauth/token")[0];
    assert_eq!(token.method, "POST", "token method");
    assert_eq!(
        token.accept.as_deref(),
        Some("application/json"),
        "Accept header"
    );
    assert_eq!(
        token.content_type.as_deref(),
        Some("application/x-www-form-urlencoded"),
        "Content-Type header"
    );
    assert_eq!(
        token.form_param("grant_type"),
        Some("authorization_code"),
        "grant type"
    );
    assert_eq!(
        token.form_param("client_secret"),
        Some(fake.client_secret()),
        "secret in body"
    );
    assert_eq!(
        token.form_param("code"),
        Some(code.as_str()),
        "code in body"
    );
    assert_eq!(token.status, Some(200), "answer status");
}

#[tokio::test]
async fn unknown_paths_are_logged_with_their_404() {
    let fake = start_auto().await;
    let response = client()
        .get(format!("{}/users/current/goals", fake.api_url()))
        .send()
        .await
        .expect("API answered");
    assert_eq!(
        response.status(),
        reqwest::StatusCode::NOT_FOUND,
        "not served yet"
    );
    let logged = fake.requests();
    assert_eq!(logged.len(), 1, "logged once");
    assert_eq!(logged[0].status, Some(404), "with its status");
}
