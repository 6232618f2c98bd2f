//! Connecting with what a student's `~/.wakatime.cfg` already holds: the offer names
//! the server only, and connecting takes the API-key path, for each server the
//! stand-in imitates.

use fake_wakatime::{Flavor, Options};
use wakadesk_core::wakatime_cfg::{self, FILE_NAME};

use crate::support::*;

/// The file an editor plugin writes for `h`'s server.
fn write_cfg(h: &Harness, api_url: &str, key: &str) -> std::path::PathBuf {
    let path = h.dir.path().join(FILE_NAME);
    std::fs::write(
        &path,
        format!("[settings]\r\ndebug = false\r\napi_url = {api_url}\r\napi_key = {key}\r\n"),
    )
    .unwrap();
    path
}

#[tokio::test]
async fn each_servers_configuration_connects_through_the_api_key_path() {
    for flavor in Flavor::ALL {
        let h = harness_with(Options::default().with_flavor(flavor)).await;
        let key = h.fake.api_key().expect("the stand-in has a key").to_owned();
        let path = write_cfg(&h, &h.fake.heartbeat_root(), &key);
        let offer = wakatime_cfg::offer(&path).unwrap();
        let host = h.fake.base_url().trim_start_matches("http://").to_owned();
        assert_eq!(
            offer.server, host,
            "{flavor:?}: the server, as host and port"
        );
        assert!(!format!("{offer:?}").contains(&key), "{flavor:?}");

        let connected = h
            .oauth
            .connect_wakatime_cfg(h.user_id, &offer)
            .await
            .unwrap();
        assert_eq!(connected.username, "ada", "{flavor:?}");
        assert_eq!(connected.api_root, h.fake.compat_root(), "{flavor:?}");
        assert!(h.connected(), "{flavor:?}");
        let checks = h.fake.requests_under(flavor.api_prefix());
        assert!(
            checks
                .iter()
                .all(|r| r.authorization_scheme.as_deref() == Some("Basic")),
            "{flavor:?}: the key is sent as an API key: {checks:?}"
        );
    }
}

#[tokio::test]
async fn a_key_the_server_refuses_is_refused_as_a_typed_one_would_be() {
    let h = harness_with(Options::default().with_flavor(Flavor::Wakapi)).await;
    let path = write_cfg(
        &h,
        &h.fake.heartbeat_root(),
        "waka_00000000-0000-0000-0000-000000000000",
    );
    let offer = wakatime_cfg::offer(&path).unwrap();
    let err = h
        .oauth
        .connect_wakatime_cfg(h.user_id, &offer)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "api_key_rejected", "{err}");
    assert!(!h.connected());
}
