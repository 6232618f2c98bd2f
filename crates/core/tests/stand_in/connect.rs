//! Connecting: the happy path in both token formats, and every way the answer from the
//! browser can be wrong.

use fake_wakatime::Options;
use url::Url;
use wakadesk_core::oauth::DEEP_LINK_REDIRECT_URI;

use crate::support::*;

#[tokio::test]
async fn approving_in_the_browser_connects_with_encrypted_tokens_and_the_username() {
    let h = harness().await;
    let callback = h.approve_in_browser().await;
    assert!(
        callback
            .as_str()
            .starts_with("org.wakadesk.desktop:/oauth/callback?"),
        "{callback}"
    );
    let connected = h.oauth.finish(&callback).await.expect("finish succeeds");
    assert_eq!(connected.username, "ada");
    assert_eq!(connected.user_id, h.user_id);
    assert!(h.connected(), "the account is connected");
    let (access, refresh) = h.token_columns();
    assert!(
        access.unwrap().starts_with("gAAAAA"),
        "access token stored as Fernet ciphertext"
    );
    assert!(
        refresh.unwrap().starts_with("gAAAAA"),
        "refresh token stored as Fernet ciphertext"
    );

    let token = h.oauth.access_token(h.user_id).await.unwrap();
    assert!(
        token.expose().starts_with("waka_tok_"),
        "decrypts to the real token"
    );
    assert!(
        h.fake.is_token_active(token.expose()),
        "the stand-in issued it"
    );
}

#[tokio::test]
async fn the_authorize_url_asks_for_read_scopes_with_pkce_and_the_token_request_sends_the_secret_in_the_body(
) {
    let h = harness().await;
    let authorize = h.oauth.start(h.user_id, DEEP_LINK_REDIRECT_URI).unwrap();
    let q: std::collections::HashMap<_, _> = authorize.query_pairs().into_owned().collect();
    assert_eq!(q["scope"], "read_summaries,read_stats");
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["redirect_uri"], DEEP_LINK_REDIRECT_URI);
    assert_eq!(q["code_challenge_method"], "S256");
    assert!(
        q["state"].len() >= 22,
        "state carries at least 128 bits: {}",
        q["state"]
    );
    assert_eq!(
        q.get("force_approve").map(String::as_str),
        Some("true"),
        "the consent page shows whose account is connected, the first time too"
    );

    h.oauth.finish(&follow(&authorize).await).await.unwrap();
    let token_requests = h.fake.requests_to("/oauth/token");
    let r = token_requests.last().expect("a token request was made");
    assert_eq!(r.form_param("grant_type"), Some("authorization_code"));
    assert_eq!(
        r.form_param("client_secret"),
        Some(h.fake.client_secret()),
        "secret in the body"
    );
    assert!(
        r.form_param("code_verifier").is_some(),
        "PKCE verifier sent"
    );
    assert_eq!(r.form_param("redirect_uri"), Some(DEEP_LINK_REDIRECT_URI));
    assert!(!r.authorization_present, "no HTTP Basic auth");
    assert!(
        r.accept
            .as_deref()
            .unwrap_or_default()
            .contains("application/json"),
        "asks for JSON"
    );
}

#[tokio::test]
async fn a_form_encoded_token_answer_served_as_html_is_understood() {
    let h = harness().await;
    h.fake.update_switches(|s| s.form_only = true);
    let callback = h.approve_in_browser().await;
    let connected = h
        .oauth
        .finish(&callback)
        .await
        .expect("form-encoded answer accepted");
    assert_eq!(connected.username, "ada");
    let token = h.oauth.access_token(h.user_id).await.unwrap();
    assert!(h.fake.is_token_active(token.expose()));
}

#[tokio::test]
async fn a_state_wakadesk_never_issued_is_refused_and_nothing_is_stored() {
    let h = harness().await;
    let callback = h.approve_in_browser().await;
    let mut forged = callback.clone();
    let code = callback
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    forged.set_query(Some(&format!("code={code}&state=forged-state")));
    let err = h.oauth.finish(&forged).await.unwrap_err();
    assert_eq!(err.code(), "auth_unknown_state", "{err}");
    assert!(!h.connected(), "nothing stored");
    assert!(
        h.fake.requests_to("/oauth/token").is_empty(),
        "the code was not even exchanged"
    );
}

#[tokio::test]
async fn a_replayed_answer_is_refused() {
    let h = harness().await;
    let callback = h.approve_in_browser().await;
    h.oauth.finish(&callback).await.unwrap();
    let err = h.oauth.finish(&callback).await.unwrap_err();
    assert_eq!(err.code(), "auth_state_used", "{err}");
    assert_eq!(
        h.fake.requests_to("/oauth/token").len(),
        1,
        "the code was exchanged once"
    );
}

#[tokio::test]
async fn an_answer_after_ten_minutes_is_refused_and_nothing_is_stored() {
    let h = harness().await;
    let callback = h.approve_in_browser().await;
    h.db.lock()
        .conn()
        .execute("UPDATE pending_auth SET expires_at = created_at - 1", [])
        .unwrap();
    let err = h.oauth.finish(&callback).await.unwrap_err();
    assert_eq!(err.code(), "auth_expired", "{err}");
    assert!(
        err.to_string().contains("Connect"),
        "says what to do: {err}"
    );
    assert!(!h.connected());
}

#[tokio::test]
async fn declining_changes_nothing() {
    let h = harness().await;
    let authorize = h.oauth.start(h.user_id, DEEP_LINK_REDIRECT_URI).unwrap();
    let denied = Url::parse(&format!(
        "{DEEP_LINK_REDIRECT_URI}?error=access_denied&state={}",
        state_of(&authorize)
    ))
    .unwrap();
    let err = h.oauth.finish(&denied).await.unwrap_err();
    assert_eq!(err.code(), "declined", "{err}");
    assert!(err.to_string().contains("declined"), "{err}");
    assert!(!h.connected());
    assert!(
        !h.oauth.is_waiting(h.user_id).unwrap(),
        "the request is used up"
    );
}

#[tokio::test]
async fn denying_on_the_consent_page_comes_back_as_declined() {
    let h = harness_with(Options::default()).await;
    let authorize = h.oauth.start(h.user_id, DEEP_LINK_REDIRECT_URI).unwrap();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(authorize)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("id=\"deny\""),
        "a consent page with a Deny button"
    );
    let request_id = page
        .split("name=\"request_id\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page carries its request id");
    let answer = client
        .post(format!("{}/oauth/authorize/decision", h.fake.base_url()))
        .form(&[("request_id", request_id), ("decision", "deny")])
        .send()
        .await
        .unwrap();
    let back = Url::parse(answer.headers()["location"].to_str().unwrap()).unwrap();
    let err = h.oauth.finish(&back).await.unwrap_err();
    assert_eq!(err.code(), "declined", "{err}");
    assert!(!h.connected());
}

#[tokio::test]
async fn a_failing_token_endpoint_stores_nothing_and_says_wakatime_is_in_trouble() {
    let h = harness().await;
    let callback = h.approve_in_browser().await;
    h.fake.update_switches(|s| s.fail_token_endpoint = true);
    let err = h.oauth.finish(&callback).await.unwrap_err();
    assert_eq!(err.code(), "wakatime_server_error", "{err}");
    assert!(err.is_transient(), "worth trying again");
    assert!(!h.connected(), "nothing stored");
    assert_eq!(h.token_columns(), (None, None));
}

#[tokio::test]
async fn an_unreachable_server_is_reported_in_words() {
    let h = harness().await;
    let callback = h.approve_in_browser().await;
    let h = h.offline().await;
    let err = h.oauth.finish(&callback).await.unwrap_err();
    assert_eq!(err.code(), "wakatime_unreachable", "{err}");
    assert!(err.to_string().contains("Check your connection"), "{err}");
}

#[tokio::test]
async fn an_answer_for_another_address_is_refused() {
    let h = harness().await;
    let callback = h.approve_in_browser().await;
    let mut elsewhere = Url::parse("org.evil.app:/oauth/callback").unwrap();
    elsewhere.set_query(callback.query());
    let err = h.oauth.finish(&elsewhere).await.unwrap_err();
    assert_eq!(err.code(), "callback_invalid", "{err}");
    assert!(!h.connected());
    h.oauth
        .finish(&callback)
        .await
        .expect("a forged link does not use up the real request");
}

#[tokio::test]
async fn without_a_registered_app_connect_explains_what_to_register() {
    let h = harness().await;
    let mut cfg = config_for(&h.fake);
    cfg.client = None;
    let oauth = wakadesk_core::connections::Connections::new(
        h.db.clone(),
        std::sync::Arc::new(
            wakadesk_core::vault::TokenVault::from_key(
                &wakadesk_core::vault::TokenVault::generate_key(),
            )
            .unwrap(),
        ),
        wakadesk_core::connections::ConfigSource::Fixed(Box::new(cfg)),
        std::sync::Arc::new(wakadesk_core::clock::SystemClock),
    )
    .unwrap();
    let err = oauth.start(h.user_id, DEEP_LINK_REDIRECT_URI).unwrap_err();
    assert_eq!(err.code(), "not_configured", "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("wakatime.com/apps") && msg.contains(DEEP_LINK_REDIRECT_URI),
        "{msg}"
    );
}

#[tokio::test]
async fn no_token_is_written_to_the_database_file_or_its_wal_in_plaintext() {
    let h = harness().await;
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    let access = h.oauth.access_token(h.user_id).await.unwrap();
    let issued: Vec<String> = h
        .fake
        .requests_to("/oauth/token")
        .iter()
        .filter_map(|r| r.form_param("code").map(str::to_owned))
        .collect();
    let mut needles = vec![
        access.expose().clone(),
        "waka_tok_".to_owned(),
        "waka_ref_".to_owned(),
    ];
    needles.extend(issued);
    for entry in std::fs::read_dir(h.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        for needle in &needles {
            let found = bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
            assert!(!found, "{} contains a token in plaintext", path.display());
        }
    }
}

#[tokio::test]
async fn a_request_started_by_one_process_is_finished_by_a_freshly_started_one() {
    let h = harness().await;
    let callback = h.approve_in_browser().await;
    // A cold start: a new connection to the same file, nothing shared in memory.
    let reopened = wakadesk_core::db::Database::open_in(h.dir.path()).unwrap();
    let fresh = wakadesk_core::connections::Connections::new(
        wakadesk_core::db::SharedDatabase::new(reopened),
        h.vault.clone(),
        wakadesk_core::connections::ConfigSource::Fixed(Box::new(config_for(&h.fake))),
        std::sync::Arc::new(wakadesk_core::clock::SystemClock),
    )
    .unwrap();
    let connected = fresh
        .finish(&callback)
        .await
        .expect("finished from the database alone");
    assert_eq!(connected.user_id, h.user_id);
    assert!(h.connected(), "the first process sees the connection too");
}
