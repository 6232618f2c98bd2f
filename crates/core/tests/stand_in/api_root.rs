//! An API key connects from the address a student has for their server: the server
//! itself, the heartbeat root of their `~/.wakatime.cfg`, or the API root. The stand-in
//! plays Wakapi (Go's plain-text 404 outside its routes, the status bar under `/api`
//! too) and Hackatime; its request log proves the root is found with at most one
//! request more than the key check, and that the root found is the one stored and synced.

use fake_wakatime::{Flavor, Options};
use wakadesk_core::secret::Secret;
use wakadesk_core::Error;

use crate::support::*;

async fn server(flavor: Flavor) -> Harness {
    harness_with(Options::default().with_flavor(flavor)).await
}

fn key(h: &Harness) -> Secret<String> {
    Secret::from(h.fake.api_key().expect("the stand-in has an API key"))
}

/// Connects with `key` from `typed` and returns the outcome with the path and status
/// of every request the server received meanwhile.
async fn connect_from(
    h: &Harness,
    typed: &str,
    key: &Secret<String>,
) -> (Result<String, Error>, Vec<(String, u16)>) {
    h.fake.clear_requests();
    let outcome = h.oauth.connect_api_key(h.user_id, typed, key).await;
    let requests = h
        .fake
        .requests()
        .into_iter()
        .map(|r| (r.path, r.status.unwrap_or_default()))
        .collect();
    (outcome.map(|c| c.api_root), requests)
}

fn stored_root(h: &Harness) -> Option<String> {
    wakadesk_core::accounts::get(&h.db.lock(), h.user_id)
        .unwrap()
        .wakatime
        .server
}

#[tokio::test]
async fn every_wakapi_address_form_finds_the_compat_root_with_one_request() {
    let h = server(Flavor::Wakapi).await;
    let compat = h.fake.compat_root();
    let check = "/api/compat/wakatime/v1/users/current".to_owned();
    for typed in [
        h.fake.server_root(),
        format!("{}/", h.fake.server_root()),
        h.fake.heartbeat_root(),
        format!("{}/", h.fake.heartbeat_root()),
        compat.clone(),
        format!(" {compat}/ "),
    ] {
        let (root, requests) = connect_from(&h, &typed, &key(&h)).await;
        assert_eq!(root.unwrap(), compat, "the root used, from {typed:?}");
        assert_eq!(
            stored_root(&h).unwrap(),
            compat,
            "the root stored, from {typed:?}"
        );
        assert_eq!(
            requests,
            [(check.clone(), 200)],
            "one request, the key check, from {typed:?}"
        );
    }
}

#[tokio::test]
async fn hackatime_addresses_take_at_most_one_extra_request() {
    let h = server(Flavor::Hackatime).await;
    let compat = h.fake.compat_root();
    let wakapi_check = ("/api/compat/wakatime/v1/users/current".to_owned(), 404);
    let check = ("/api/hackatime/v1/users/current".to_owned(), 200);
    for (typed, expected) in [
        (
            h.fake.server_root(),
            vec![wakapi_check.clone(), check.clone()],
        ),
        (
            format!("{}/api", h.fake.server_root()),
            vec![wakapi_check.clone(), check.clone()],
        ),
        (compat.clone(), vec![check.clone()]),
    ] {
        let (root, requests) = connect_from(&h, &typed, &key(&h)).await;
        assert_eq!(root.unwrap(), compat, "from {typed:?}");
        assert_eq!(stored_root(&h).unwrap(), compat, "from {typed:?}");
        assert_eq!(requests, expected, "from {typed:?}");
    }
}

#[tokio::test]
async fn a_sync_after_connecting_from_the_heartbeat_root_uses_the_compat_root() {
    let h = server(Flavor::Wakapi).await;
    h.oauth
        .connect_api_key(h.user_id, &h.fake.heartbeat_root(), &key(&h))
        .await
        .unwrap();
    h.fake.clear_requests();
    let report = h.sync_now().await;
    assert_eq!(report.days_fetched, 365);
    let requests = h.fake.requests();
    assert!(!requests.is_empty());
    assert!(
        requests.iter().all(
            |r| r.path.starts_with("/api/compat/wakatime/v1/users/current")
                && r.status == Some(200)
        ),
        "every sync request goes to the compat root and succeeds: {requests:?}"
    );
}

#[tokio::test]
async fn a_wrong_key_ends_the_search_at_the_first_401() {
    let h = server(Flavor::Wakapi).await;
    let wrong = Secret::from("waka_00000000-0000-0000-0000-000000000000");
    let (outcome, requests) = connect_from(&h, &h.fake.heartbeat_root(), &wrong).await;
    assert_eq!(outcome.unwrap_err().code(), "api_key_rejected");
    assert_eq!(
        requests,
        [("/api/compat/wakatime/v1/users/current".to_owned(), 401)],
        "a 401 is a wrong key, not a wrong address: nothing else is tried"
    );

    let h = server(Flavor::Hackatime).await;
    let (outcome, requests) = connect_from(&h, &h.fake.server_root(), &wrong).await;
    assert_eq!(outcome.unwrap_err().code(), "api_key_rejected");
    assert_eq!(
        requests
            .iter()
            .map(|(_, status)| *status)
            .collect::<Vec<_>>(),
        [404, 401],
        "Wakapi's root is not there, Hackatime's refuses the key: {requests:?}"
    );
    assert!(!h.connected());
}

#[tokio::test]
async fn an_address_without_a_wakatime_api_is_named_as_typed_after_two_requests() {
    let h = server(Flavor::Wakapi).await;
    for typed in [
        format!("{}/not/an/api/", h.fake.server_root()),
        format!("{}/api/v1", h.fake.server_root()),
    ] {
        let (outcome, requests) = connect_from(&h, &typed, &key(&h)).await;
        let err = outcome.unwrap_err();
        assert_eq!(err.code(), "not_wakatime_api", "{typed}: {err}");
        assert!(
            err.to_string()
                .starts_with(&format!("{typed} does not answer")),
            "names the address as typed: {err}"
        );
        assert!(
            (1..=2).contains(&requests.len()) && requests.iter().all(|(_, s)| *s == 404),
            "{typed}: {requests:?}"
        );
    }
    assert!(!h.connected());

    // wakatime.com's API lives at /api/v1, which is no candidate of a bare address
    // elsewhere: two 404s, then the message.
    let h = server(Flavor::Wakatime).await;
    let (outcome, requests) = connect_from(&h, &h.fake.server_root(), &key(&h)).await;
    assert_eq!(outcome.unwrap_err().code(), "not_wakatime_api");
    assert_eq!(requests.len(), 2, "{requests:?}");
}

#[tokio::test]
async fn an_unreachable_server_is_reported_as_such_whatever_the_form() {
    let h = server(Flavor::Wakapi).await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    for path in ["", "/api", "/api/compat/wakatime/v1", "/elsewhere"] {
        let typed = format!("http://127.0.0.1:{closed}{path}");
        let err = h
            .oauth
            .connect_api_key(h.user_id, &typed, &key(&h))
            .await
            .unwrap_err();
        assert_eq!(err.code(), "server_unreachable", "{typed}: {err}");
    }
}
