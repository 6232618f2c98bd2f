//! Connecting with a personal API key instead of OAuth, as self-hosted servers need.

use fake_wakatime::activity::today_utc;
use wakadesk_core::clock::SystemClock;
use wakadesk_core::secret::Secret;
use wakadesk_core::stats::{self, DashboardRange};

use crate::support::*;

fn key(h: &Harness) -> Secret<String> {
    Secret::from(h.fake.api_key().expect("the stand-in has an API key"))
}

#[tokio::test]
async fn a_valid_key_is_checked_once_stored_encrypted_and_sent_as_basic_auth() {
    let h = harness().await;
    let connected = h
        .oauth
        .connect_api_key(h.user_id, &h.fake.api_url(), &key(&h))
        .await
        .unwrap();
    assert_eq!(connected.username, "ada");
    let checks = h.fake.requests_to("/api/v1/users/current");
    assert_eq!(checks.len(), 1, "one request to check the key");
    assert_eq!(checks[0].authorization_scheme.as_deref(), Some("Basic"));
    assert!(h.connected());
    let (access, refresh) = h.token_columns();
    assert!(
        access.unwrap().starts_with("gAAAAA"),
        "stored as Fernet ciphertext"
    );
    assert_eq!(refresh, None, "no refresh token for a key");
    let account = wakadesk_core::accounts::get(&h.db.lock(), h.user_id).unwrap();
    assert_eq!(
        account.wakatime.server.as_deref(),
        Some(h.fake.api_url().as_str())
    );

    h.fake.clear_requests();
    h.sync_now().await;
    let sync_requests = h.fake.requests_under("/api/v1/users/current/");
    assert!(
        sync_requests
            .iter()
            .all(|r| r.authorization_scheme.as_deref() == Some("Basic")),
        "{sync_requests:?}"
    );
    assert!(
        h.fake.requests_to("/oauth/token").is_empty(),
        "no refresh logic for keys"
    );
}

#[tokio::test]
async fn a_wrong_key_gets_its_own_message_and_nothing_is_stored() {
    let h = harness().await;
    let err = h
        .oauth
        .connect_api_key(
            h.user_id,
            &h.fake.api_url(),
            &Secret::from("waka_00000000-0000-0000-0000-000000000000"),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "api_key_rejected", "{err}");
    assert!(
        err.to_string().contains("127.0.0.1"),
        "names the server: {err}"
    );
    assert!(!h.connected());
}

#[tokio::test]
async fn an_address_that_is_not_a_wakatime_api_gets_its_own_message() {
    let h = harness().await;
    let err = h
        .oauth
        .connect_api_key(
            h.user_id,
            &format!("{}/not/an/api", h.fake.base_url()),
            &key(&h),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_wakatime_api", "{err}");
    assert!(
        err.to_string().contains("/api/compat/wakatime/v1"),
        "suggests the right form: {err}"
    );
}

#[tokio::test]
async fn an_unreachable_server_gets_its_own_message() {
    let h = harness().await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = h
        .oauth
        .connect_api_key(
            h.user_id,
            &format!("http://127.0.0.1:{closed}/api/v1"),
            &key(&h),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "server_unreachable", "{err}");
}

#[tokio::test]
async fn plain_http_to_another_machine_is_refused_before_any_request() {
    let h = harness().await;
    let err = h
        .oauth
        .connect_api_key(
            h.user_id,
            "http://wakapi.example.edu/api/compat/wakatime/v1",
            &key(&h),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "server_url_invalid", "{err}");
}

#[tokio::test]
async fn switching_from_oauth_to_a_key_revokes_the_grant_and_drops_the_old_cache() {
    let h = harness().await;
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    let oauth_token = h.oauth.access_token(h.user_id).await.unwrap();
    h.sync_now().await;
    h.oauth
        .connect_api_key(h.user_id, &h.fake.api_url(), &key(&h))
        .await
        .unwrap();
    assert!(
        !h.fake.is_token_active(oauth_token.expose()),
        "the OAuth grant was revoked"
    );
    let d = dashboard(&h, DashboardRange::Last7Days);
    assert!(d.sync.empty, "the previous connection's cache is gone");
    // And back to OAuth.
    h.oauth.finish(&h.approve_in_browser().await).await.unwrap();
    let account = wakadesk_core::accounts::get(&h.db.lock(), h.user_id).unwrap();
    assert!(
        account.wakatime.connected && account.wakatime.server.is_none(),
        "OAuth again"
    );
    h.oauth
        .access_token(h.user_id)
        .await
        .expect("OAuth token usable");
}

#[tokio::test]
async fn disconnecting_a_key_forgets_it_and_says_the_key_still_works_on_the_server() {
    let h = harness().await;
    h.oauth
        .connect_api_key(h.user_id, &h.fake.api_url(), &key(&h))
        .await
        .unwrap();
    let outcome = h.oauth.disconnect(h.user_id).await.unwrap();
    assert!(!h.connected());
    assert!(
        outcome.warning.unwrap().contains("still works"),
        "explains what was not revoked"
    );
    assert!(
        h.fake.requests_to("/oauth/revoke").is_empty(),
        "nothing to revoke for a key"
    );
}

#[tokio::test]
async fn a_key_the_server_stops_accepting_disconnects_cleanly() {
    let h = harness().await;
    h.oauth
        .connect_api_key(h.user_id, &h.fake.api_url(), &key(&h))
        .await
        .unwrap();
    h.db.lock()
        .conn()
        .execute(
            "UPDATE user SET wakatime_access_token_encrypted = ?1",
            [h.vault.encrypt(&Secret::from("waka_revoked"))],
        )
        .unwrap();
    let err = h.oauth.verify(h.user_id).await.unwrap_err();
    assert_eq!(err.code(), "reconnect_needed", "{err}");
    assert!(!h.connected());
}

fn dashboard(h: &Harness, range: DashboardRange) -> stats::Dashboard {
    stats::dashboard(&h.db.lock(), h.user_id, range, &SystemClock).unwrap()
}

async fn self_hosted(flavor: fake_wakatime::Flavor) -> Harness {
    harness_with(fake_wakatime::Options::default().with_flavor(flavor)).await
}

#[tokio::test]
async fn wakapi_connects_by_key_and_syncs_a_year() {
    let h = self_hosted(fake_wakatime::Flavor::Wakapi).await;
    assert!(h.fake.api_url().ends_with("/api/compat/wakatime/v1"));
    h.oauth
        .connect_api_key(h.user_id, &h.fake.api_url(), &key(&h))
        .await
        .unwrap();
    let report = h.sync_now().await;
    assert_eq!(report.days_fetched, 365);
    let d = dashboard(&h, DashboardRange::LastYear);
    let server = h
        .fake
        .activity()
        .stats(fake_wakatime::activity::StatsRange::LastYear);
    assert_eq!(
        d.total.seconds as u64, server.total_seconds,
        "figures from summaries"
    );
    assert!(d.all_time.is_some(), "Wakapi serves the all-time total");
}

#[tokio::test]
async fn hackatime_without_stats_ranges_or_all_time_still_gives_every_figure() {
    let h = self_hosted(fake_wakatime::Flavor::Hackatime).await;
    h.oauth
        .connect_api_key(h.user_id, &h.fake.api_url(), &key(&h))
        .await
        .unwrap();
    h.sync_now().await;
    for range in DashboardRange::ALL {
        let d = dashboard(&h, range);
        assert!(d.sync.problem.is_none() && !d.sync.empty, "{range:?}");
    }
    let d = dashboard(&h, DashboardRange::Last6Months);
    let server = h
        .fake
        .activity()
        .stats(fake_wakatime::activity::StatsRange::Last6Months);
    assert_eq!(
        d.total.seconds as u64, server.total_seconds,
        "computed from summaries"
    );
    assert_eq!(
        d.all_time, None,
        "no all-time total on Hackatime, and no error for it"
    );
    let too_long = h
        .fake
        .requests_under(fake_wakatime::Flavor::Hackatime.api_prefix());
    assert!(
        too_long.iter().all(|r| r.status != Some(400)),
        "no request over the 366-day cap"
    );
}

#[tokio::test]
async fn the_status_bar_is_found_under_either_spelling() {
    for flavor in [
        fake_wakatime::Flavor::Wakatime,
        fake_wakatime::Flavor::Wakapi,
    ] {
        let h = self_hosted(flavor).await;
        h.oauth
            .connect_api_key(h.user_id, &h.fake.api_url(), &key(&h))
            .await
            .unwrap();
        let today = h
            .oauth
            .api()
            .with_endpoint(h.user_id, |api| async move { api.status_bar_today().await })
            .await
            .unwrap_or_else(|e| panic!("{flavor:?}: {e}"));
        let wakadesk_core::wakatime::Answer::Ready(day) = today else {
            panic!("ready")
        };
        assert_eq!(
            day.grand_total.total_seconds as u64,
            h.fake.activity().day(today_utc()).total_seconds,
            "{flavor:?}"
        );
    }
}

#[tokio::test]
async fn a_self_hosted_server_refuses_oauth_so_the_key_is_the_way() {
    let h = self_hosted(fake_wakatime::Flavor::Wakapi).await;
    let wrong = h
        .oauth
        .connect_api_key(
            h.user_id,
            &format!("{}/api/v1", h.fake.base_url()),
            &key(&h),
        )
        .await
        .unwrap_err();
    assert_eq!(
        wrong.code(),
        "not_wakatime_api",
        "the wakatime.com path is not Wakapi's: {wrong}"
    );
}
