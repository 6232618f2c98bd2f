//! Connecting by API key from the window, to a self-hosted server: the stand-in as
//! Wakapi (API key only, the API under `/api/compat/wakatime/v1`). The preset fills in
//! an address with a HOST to replace, a wrong key is refused next to the key field, and
//! the right one connects from the address students have in their WakaTime config (the
//! heartbeat root `.../api`), the card naming the API root found; the dashboard then
//! shows that server's figures and names it.
//!
//! The window runs in the dark theme (`GTK_THEME=Adwaita:dark`, which WebKitGTK turns
//! into `prefers-color-scheme: dark`), so the screenshots show that theme too.
//!
//! Needs a desktop session and built binaries:
//! `cargo build -p wakadesk -p fake-wakatime && scripts/test-session.sh cargo test -p wakadesk-e2e`.
#![forbid(unsafe_code)]

mod support;

use support::dashboard::*;
use support::wakatime::*;
use support::*;
use wakadesk_e2e::Session;

const WAKAPI_PRESET: &str = "https://HOST/api/compat/wakatime/v1";

#[test]
fn a_wakapi_api_key_connects_and_the_dashboard_shows_that_servers_data() {
    let fake = start_stand_in(&["--flavor", "wakapi"]);
    assert!(
        fake.api_url().ends_with("/api/compat/wakatime/v1"),
        "the stand-in serves Wakapi's API root, not {}",
        fake.api_url()
    );
    // Empty values count as unset: the OAuth app keeps pointing at wakatime.com, so the
    // data's source can only come from the key's server.
    let (_one_window, app) = launch_with_env(&[
        ("WAKATIME_CLIENT_ID", ""),
        ("WAKATIME_CLIENT_SECRET", ""),
        ("WAKATIME_BASE_URL", ""),
        ("WAKATIME_API_URL", ""),
        ("GTK_THEME", "Adwaita:dark"),
    ]);
    let s: &Session = &app;

    sign_up(s, "ada@example.edu", "Ada Lovelace", "analytical-engine");
    wait_wakatime_status(&app, "Not connected", "a new account is not connected");
    click(s, "#apikey-open");
    wait_displayed(s, "#apikey-form", "the API-key link opens its form");
    let presets = text_of(s, "#apikey-preset");
    assert!(
        ["WakaTime", "Wakapi", "Hackatime"]
            .iter()
            .all(|name| presets.contains(name)),
        "the form offers the servers the shell knows, but lists {presets:?}"
    );
    click(s, "#apikey-preset option[value=\"Wakapi\"]");
    assert_eq!(
        value_of(s, "#apikey-server"),
        WAKAPI_PRESET,
        "choosing Wakapi fills in its API root"
    );

    fill(s, "#apikey-key", "waka_wrong-key");
    click(s, "#apikey-submit");
    let error = expect_error_next_to_containing(s, "#apikey-server", "apikey-server-error", "HOST");
    assert!(
        error.contains("replace HOST"),
        "the address still naming HOST is refused with a hint, not {error:?}"
    );

    fill(s, "#apikey-server", fake.api_url());
    fill(s, "#apikey-key", "waka_wrong-key");
    click(s, "#apikey-submit");
    expect_error_next_to_containing(
        s,
        "#apikey-key",
        "apikey-key-error",
        "did not accept this API key",
    );
    assert!(
        !is_displayed(s, "#apikey-server-error"),
        "the address is fine now, so its error is gone"
    );
    wait_wakatime_status(&app, "Not connected", "a refused key connects nothing");
    screenshot(&app, "19-api-key-refused");

    // As a student's WakaTime config has it: Wakapi's heartbeat root, not its API root.
    let heartbeat_root = fake
        .api_url()
        .strip_suffix("/compat/wakatime/v1")
        .unwrap_or_else(|| panic!("Wakapi's API root is under /api: {}", fake.api_url()));
    fill(s, "#apikey-server", heartbeat_root);
    fill(s, "#apikey-key", fake.api_key());
    click(s, "#apikey-submit");
    wait_wakatime_status(
        &app,
        &format!("Connected as {}", fake.username()),
        "the right key connects from the heartbeat root",
    );
    assert_eq!(
        text_of(s, "#wakatime-server"),
        format!("Server: {}", fake.api_url()),
        "the card names the WakaTime-compatible root found from the heartbeat root"
    );
    assert!(
        !is_displayed(s, "#apikey-form") && is_displayed(s, "#disconnect"),
        "once connected the form is gone and Disconnect is offered"
    );
    assert_eq!(
        value_of(s, "#apikey-key"),
        "",
        "the key does not stay in the form"
    );

    wait_displayed(s, "#dashboard", "a key connection opens the dashboard");
    wait_text(
        s,
        "#last-synced",
        "Last synced just now",
        "the dashboard syncs from the key's server when it opens",
    );
    assert_eq!(
        text_of(s, "#data-source"),
        "Data from 127.0.0.1",
        "the dashboard says the data comes from the key's server"
    );
    let week = server_stats(&fake, "last_7_days");
    wait_total(
        s,
        week["human_readable_total"].as_str().unwrap_or_default(),
        "the 7-day total is the Wakapi server's",
    );
    assert_eq!(
        seconds_of(s, "#stat-total"),
        total_seconds(&week),
        "the 7-day total is the server's, to the second"
    );
    let dark = s
        .execute(
            "return matchMedia('(prefers-color-scheme: dark)').matches;",
            vec![],
        )
        .unwrap_or_default();
    eprintln!("dark theme in effect: {dark}");
    screenshot(&app, "20-dashboard-api-key-dark");
}
