//! Forged deep links. Any local program can start the app with a
//! `org.wakadesk.desktop:` URL, so `Connections::finish` is fed links with a wrong,
//! replayed or another account's state and with oversized or malformed queries,
//! while a real request waits in the database. Each is refused with a typed error,
//! nothing is stored, and where the state is not genuine no code reaches the token
//! endpoint. (`tests/stand_in/connect.rs` covers the plain unknown state, the replay
//! after success, expiry and another redirect address once each.)

use proptest::prelude::*;
use url::Url;

use crate::support::*;

/// The real link with its query replaced.
fn with_query(link: &Url, query: &str) -> Url {
    let mut forged = link.clone();
    forged.set_query(Some(query));
    forged
}

#[tokio::test]
async fn states_near_the_real_one_are_unknown_and_do_not_use_it_up() {
    let t = two_accounts().await;
    let link = t.approve(t.ada).await;
    let (state, code) = (param(&link, "state"), param(&link, "code"));
    let near = [
        format!("{state}x"),
        state[..state.len() - 1].to_owned(),
        state.to_uppercase(),
        format!(" {state}"),
        format!("{state}%00"),
        format!("{state}%0A"),
        state.chars().rev().collect(),
        "0".repeat(state.len()),
    ];
    for forged_state in &near {
        let forged = with_query(&link, &format!("code={code}&state={forged_state}"));
        let err = t.oauth.finish(&forged).await.unwrap_err();
        assert_eq!(err.code(), "auth_unknown_state", "{forged}: {err}");
    }
    assert_eq!(
        t.token_requests(),
        0,
        "no forged link reached the token endpoint"
    );
    assert!(t.nothing_stored_for(t.ada), "nothing stored");
    assert_eq!(t.open_requests(t.ada), 1, "the real request still waits");
    let connected = t
        .oauth
        .finish(&link)
        .await
        .expect("the real link still works");
    assert_eq!(connected.user_id, t.ada);
}

#[tokio::test]
async fn a_replayed_link_is_refused_after_success_refusal_cancel_and_a_restart() {
    let t = two_accounts().await;

    let link = t.approve(t.ada).await;
    t.oauth.finish(&link).await.expect("first use connects");
    let stored = t.token_columns(t.ada);
    let err = t.oauth.finish(&link).await.unwrap_err();
    assert_eq!(err.code(), "auth_state_used", "{err}");
    assert_eq!(
        t.token_columns(t.ada),
        stored,
        "the stored tokens are untouched"
    );

    // A fresh process (a cold start by the deep link) sees the state as used too.
    let err = t.fresh_client().finish(&link).await.unwrap_err();
    assert_eq!(err.code(), "auth_state_used", "after reopening: {err}");

    // Bob declines; the approving link for the same state, delivered later, is refused.
    let link = t.approve(t.bob).await;
    let denial = with_query(
        &link,
        &format!("error=access_denied&state={}", param(&link, "state")),
    );
    assert_eq!(
        t.oauth.finish(&denial).await.unwrap_err().code(),
        "declined"
    );
    let err = t.oauth.finish(&link).await.unwrap_err();
    assert_eq!(err.code(), "auth_state_used", "{err}");

    // Bob cancels in the window; the browser's late answer is refused.
    let link = t.approve(t.bob).await;
    t.oauth.cancel(t.bob).unwrap();
    let err = t.oauth.finish(&link).await.unwrap_err();
    assert_eq!(err.code(), "auth_state_used", "{err}");

    assert!(t.nothing_stored_for(t.bob), "Bob never got tokens");
    assert_eq!(t.token_requests(), 1, "only Ada's first link was exchanged");
}

#[tokio::test]
async fn a_link_connects_the_account_that_started_it_never_the_one_waiting_in_the_window() {
    let t = two_accounts().await;
    // Ada clicked Connect and waits; Bob's approved link arrives first.
    let ada_link = t.approve(t.ada).await;
    let bob_link = t.approve(t.bob).await;
    let connected = t.oauth.finish(&bob_link).await.unwrap();
    assert_eq!(connected.user_id, t.bob, "the state decides the account");
    assert!(
        t.nothing_stored_for(t.ada),
        "Ada got nothing from Bob's link"
    );
    assert_eq!(t.open_requests(t.ada), 1, "Ada's request still waits");

    // The stand-in has one WakaTime account, which one local account may hold at a
    // time: Bob lets it go, and Ada's own link then connects her.
    t.oauth.disconnect(t.bob).await.unwrap();
    let connected = t.oauth.finish(&ada_link).await.unwrap();
    assert_eq!(connected.user_id, t.ada);
    assert!(
        t.nothing_stored_for(t.bob),
        "Bob got nothing from Ada's link"
    );
}

#[tokio::test]
async fn a_code_moved_under_another_accounts_state_is_refused_by_pkce_and_stores_nothing() {
    let t = two_accounts().await;
    let ada_link = t.approve(t.ada).await;
    let bob_link = t.approve(t.bob).await;
    // The attacker has Bob's code and delivers it under Ada's state.
    let spliced = with_query(
        &ada_link,
        &format!(
            "code={}&state={}",
            param(&bob_link, "code"),
            param(&ada_link, "state")
        ),
    );
    let err = t.oauth.finish(&spliced).await.unwrap_err();
    assert_eq!(err.code(), "wakatime_rejected", "{err}");
    assert!(t.nothing_stored_for(t.ada), "no tokens for Ada");
    assert!(t.nothing_stored_for(t.bob), "no tokens for Bob either");
    let exchange = t.fake.requests_to("/oauth/token");
    assert_eq!(exchange.len(), 1, "one exchange attempt");
    assert_ne!(exchange[0].status, Some(200), "WakaTime refused it (PKCE)");
    // Bob's own link may or may not still work (the stand-in burns a code on a bad
    // exchange, as RFC 6749 suggests), but it can only ever connect Bob.
    match t.oauth.finish(&bob_link).await {
        Ok(c) => assert_eq!(c.user_id, t.bob),
        Err(e) => assert_eq!(e.code(), "wakatime_rejected", "{e}"),
    }
    assert!(t.nothing_stored_for(t.ada), "still nothing for Ada");
}

#[tokio::test]
async fn oversized_and_malformed_links_are_refused_and_leave_the_real_request_usable() {
    let t = two_accounts().await;
    let link = t.approve(t.ada).await;
    let (state, code) = (param(&link, "state"), param(&link, "code"));
    let q = |query: String| with_query(&link, &query);
    let cases: Vec<(Url, &str)> = vec![
        (
            q(format!("state={state}&state=forged&code={code}")),
            "callback_invalid",
        ),
        (
            q(format!("state=forged&state={state}&code={code}")),
            "callback_invalid",
        ),
        (
            q(format!("st%61te={state}&state={state}&code={code}")),
            "callback_invalid",
        ),
        (
            q(format!("state={state}&code={code}&code=other")),
            "callback_invalid",
        ),
        (
            q(format!("state={state}&code={code}&error=access_denied")),
            "callback_invalid",
        ),
        (q(format!("state={state}&code=")), "callback_invalid"),
        (q(format!("state={state}")), "callback_invalid"),
        (q(format!("code={code}")), "callback_invalid"),
        (q(format!("state=&code={code}")), "callback_invalid"),
        (
            q(format!("state={}&code={code}", "s".repeat(2049))),
            "callback_invalid",
        ),
        (
            q(format!("state={state}&code={}", "c".repeat(2049))),
            "callback_invalid",
        ),
        (
            q(format!(
                "state={state}&code={code}&pad={}",
                "p".repeat(9000)
            )),
            "callback_invalid",
        ),
        (q(format!("state=%FF%FE&code={code}")), "auth_unknown_state"),
        (q(format!("state=%00&code={code}")), "auth_unknown_state"),
        (q(String::new()), "callback_invalid"),
        (
            Url::parse(&format!(
                "org.wakadesk.desktop:/oauth/callback#state={state}&code={code}"
            ))
            .unwrap(),
            "callback_invalid",
        ),
        (
            Url::parse(&format!(
                "org.wakadesk.desktop://evil.example/oauth/callback?state={state}&code={code}"
            ))
            .unwrap(),
            "callback_invalid",
        ),
        (
            Url::parse(&format!(
                "org.wakadesk.desktop:/oauth/other?state={state}&code={code}"
            ))
            .unwrap(),
            "callback_invalid",
        ),
        (
            Url::parse(&format!(
                "http://127.0.0.1:53682/oauth/callback?state={state}&code={code}"
            ))
            .unwrap(),
            "callback_invalid",
        ),
    ];
    for (forged, expected) in &cases {
        let err = t.oauth.finish(forged).await.unwrap_err();
        assert_eq!(
            err.code(),
            *expected,
            "{}: {err}",
            &forged.as_str()[..forged.as_str().len().min(160)]
        );
        assert!(
            !err.to_string().contains(&code),
            "the message does not echo the code"
        );
    }
    assert_eq!(
        t.token_requests(),
        0,
        "no malformed link reached the token endpoint"
    );
    assert!(t.nothing_stored_for(t.ada) && t.nothing_stored_for(t.bob));
    assert_eq!(
        t.open_requests(t.ada),
        1,
        "the real request was not used up"
    );
    assert_eq!(t.oauth.finish(&link).await.unwrap().user_id, t.ada);
}

/// The link with `org.wakadesk.desktop:` followed by `rest` instead of
/// `:/oauth/callback`, its query kept.
fn rewritten(link: &Url, rest: &str) -> Url {
    let query = link.query().unwrap_or_default();
    Url::parse(&format!("org.wakadesk.desktop:{rest}?{query}")).unwrap()
}

#[tokio::test]
async fn the_link_rewritten_with_two_slashes_connects_and_its_near_misses_do_not() {
    let t = two_accounts().await;
    let link = t.approve(t.ada).await;
    // Some URL layers (curl's parser, for one) turn `scheme:/oauth/callback` into
    // `scheme://oauth/callback`: host `oauth`, path `/callback`.
    let near_misses = [
        "//OAUTH/callback",
        "//oauth/callbacks",
        "//oauth/callback/more",
        "//oauth/Callback",
        "//oauth./callback",
        "//oauthx/callback",
        "//oauth:80/callback",
        "//user@oauth/callback",
        "//user:pw@oauth/callback",
        "//oauth",
        "//oauth/",
        "//callback/oauth",
        "//oauth/oauth/callback",
        "//127.0.0.1/oauth/callback",
        "//oauth%2Fcallback",
        "/oauth//callback",
        "//oauth//callback",
        "oauth/callback",
    ];
    for rest in near_misses {
        let forged = rewritten(&link, rest);
        let err = t.oauth.finish(&forged).await.unwrap_err();
        assert_eq!(err.code(), "callback_invalid", "{rest}: {err}");
    }
    assert_eq!(
        t.token_requests(),
        0,
        "no near miss reached the token endpoint"
    );
    assert_eq!(t.open_requests(t.ada), 1, "the request was not used up");

    let connected = t
        .oauth
        .finish(&rewritten(&link, "//oauth/callback"))
        .await
        .expect("the rewritten link connects");
    assert_eq!(connected.user_id, t.ada);

    // The form WakaTime sends still works, and a request is still used once (Bob's,
    // once Ada has let the stand-in's one WakaTime account go).
    t.oauth.disconnect(t.ada).await.unwrap();
    let link = t.approve(t.bob).await;
    t.oauth
        .finish(&link)
        .await
        .expect("the registered form connects");
    let err = t
        .oauth
        .finish(&rewritten(&link, "//oauth/callback"))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        "auth_state_used",
        "either form uses it up: {err}"
    );
}

/// Pieces of a forged query: the real code (stolen), random states, errors, junk.
fn forged_query(code: String) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(format!("code={code}")),
        "[A-Za-z0-9_-]{0,43}".prop_map(|s| format!("state={s}")),
        "[A-Za-z0-9_-]{0,20}".prop_map(|s| format!("code={s}")),
        Just("error=access_denied".to_owned()),
        "[a-z_]{1,20}".prop_map(|e| format!("error={e}&error_description=x")),
        any::<String>().prop_map(|s| url::form_urlencoded::byte_serialize(s.as_bytes()).collect()),
        (0usize..3000).prop_map(|n| format!("state={}", "s".repeat(n))),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|p| p.join("&"))
}

#[test]
fn generated_forgeries_without_the_real_state_never_store_or_exchange_anything() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let t = runtime.block_on(two_accounts());
    let link = runtime.block_on(t.approve(t.ada));
    let code = param(&link, "code");
    let mut runner = proptest::test_runner::TestRunner::new(config(1000));
    runner
        .run(&forged_query(code), |query| {
            let forged = with_query(&link, &query);
            let err = match runtime.block_on(t.oauth.finish(&forged)) {
                Ok(c) => return Err(TestCaseError::fail(format!("{query} connected {c:?}"))),
                Err(e) => e,
            };
            prop_assert!(
                matches!(err.code(), "callback_invalid" | "auth_unknown_state"),
                "{}: {}",
                query,
                err
            );
            Ok(())
        })
        .unwrap();
    assert_eq!(
        t.token_requests(),
        0,
        "no forgery reached the token endpoint"
    );
    assert!(t.nothing_stored_for(t.ada) && t.nothing_stored_for(t.bob));
    assert_eq!(t.open_requests(t.ada), 1, "the real request still waits");
    assert_eq!(
        runtime.block_on(t.oauth.finish(&link)).unwrap().user_id,
        t.ada
    );
}
