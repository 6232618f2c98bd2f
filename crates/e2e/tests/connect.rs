//! Connecting WakaTime from the window, the whole way round: the Connect button opens
//! the "system browser" (`BROWSER` set to this crate's `fake-browser`, which approves
//! on the local stand-in `fake-wakatime --auto-approve` and hands the deep link to
//! `xdg-open`), the desktop starts a second wakadesk through the URL handler the app
//! registered in its own XDG folders, and that process forwards the link to the
//! window over its single-instance socket. Also: Settings, and what Connect says
//! before the app is set up.
//!
//! Needs a desktop session and built binaries:
//! `cargo build -p wakadesk -p fake-wakatime && scripts/test-session.sh cargo test -p wakadesk-e2e`.
#![forbid(unsafe_code)]

mod support;

use support::wakatime::*;
use support::*;
use wakadesk_e2e::Session;

#[test]
fn a_student_connects_wakatime_through_the_browser_and_disconnects_again() {
    let fake = start_stand_in(&["--auto-approve"]);
    let (_one_window, app) = launch_against(&fake, &[]);
    let s: &Session = &app;

    sign_up(s, "ada@example.edu", "Ada Lovelace", "analytical-engine");
    wait_wakatime_status(&app, "Not connected", "a new account is not connected");
    assert!(
        is_displayed(s, "#connect"),
        "a student who is not connected sees Connect WakaTime"
    );
    let handler = app.driver().desktop_dirs().url_handler_file();
    assert!(
        handler.is_file(),
        "the app registers its link handler in the XDG_DATA_HOME it was given, at {}",
        handler.display()
    );

    click(s, "#to-settings");
    wait_displayed(s, "#settings-screen", "the Settings link opens Settings");
    wait_text(
        s,
        "#settings-state",
        "Configured",
        "client id and secret from the environment count as configured",
    );
    assert!(
        is_displayed(s, "#settings-env-note"),
        "Settings says the values come from the environment"
    );
    assert!(
        !is_enabled(s, "#settings-client-id") && !is_enabled(s, "#settings-client-secret"),
        "values from the environment cannot be edited in Settings"
    );
    assert_eq!(
        value_of(s, "#settings-client-id"),
        fake.client_id(),
        "Settings shows the client id in use"
    );
    assert_eq!(
        value_of(s, "#settings-client-secret"),
        "",
        "the secret is never put back into the form"
    );
    screenshot(&app, "07-settings-from-env");
    click(s, "#settings-back");
    wait_displayed(s, "#home-screen", "Back returns to Home");

    click(s, "#connect");
    wait_wakatime_status(
        &app,
        &format!("Connected as {}", fake.username()),
        "approving in the browser connects the window",
    );
    assert!(
        !is_displayed(s, "#wakatime-problem-box"),
        "a successful connection shows no problem, but it says {:?}",
        text_of(s, "#wakatime-problem")
    );
    assert!(
        is_displayed(s, "#disconnect") && !is_displayed(s, "#connect"),
        "a connected student sees Disconnect instead of Connect"
    );
    let tokens = requests_to(&fake, "POST", "/oauth/token");
    assert_eq!(
        tokens.len(),
        1,
        "the app exchanged the code exactly once: {tokens:?}"
    );
    screenshot(&app, "08-home-connected");

    click(s, "#disconnect");
    wait_wakatime_status(&app, "Not connected", "Disconnect disconnects");
    assert!(
        is_displayed(s, "#connect"),
        "after disconnecting, Connect WakaTime is offered again"
    );
    assert!(
        !is_displayed(s, "#wakatime-problem-box"),
        "a revocation WakaTime confirmed needs no warning, but the card says {:?}",
        text_of(s, "#wakatime-problem")
    );
    // The core may revoke the access and the refresh token separately.
    let revokes = requests_to(&fake, "POST", "/oauth/revoke");
    assert!(
        !revokes.is_empty(),
        "Disconnect asks WakaTime to revoke the access"
    );
    assert!(
        revokes.iter().all(|r| r["status"] == 200),
        "the stand-in accepted every revocation: {:?}",
        revokes.iter().map(|r| &r["status"]).collect::<Vec<_>>()
    );
    screenshot(&app, "09-home-disconnected");
}

#[test]
fn connect_before_setup_explains_what_to_register_and_settings_sets_it_up() {
    let fake = start_stand_in(&["--auto-approve"]);
    // Empty values count as unset, whatever the developer's shell exports.
    let (_one_window, app) = launch_with_env(&[
        ("WAKATIME_CLIENT_ID", ""),
        ("WAKATIME_CLIENT_SECRET", ""),
        ("WAKATIME_BASE_URL", fake.base_url()),
        ("WAKATIME_API_URL", fake.api_url()),
        ("BROWSER", FAKE_BROWSER),
    ]);
    let s: &Session = &app;

    sign_up(s, "grace@example.edu", "Grace Hopper", "cobol-forever");
    wait_displayed(
        s,
        "#wakatime-setup-help",
        "with no app set up, the card says how to get one",
    );
    assert!(
        !is_displayed(s, "#connect"),
        "Connect is not offered while it cannot work"
    );
    let help = text_of(s, "#wakatime-setup-help");
    assert!(
        help.contains("Ask your school") && help.contains("wakatime.com/apps"),
        "the help names both ways to an app, but says {help:?}"
    );
    wait_wakatime_status(&app, "Not connected", "nothing is connected");
    screenshot(&app, "10-home-not-configured");

    click(s, "#setup-help-to-settings");
    wait_displayed(s, "#settings-screen", "the explanation leads to Settings");
    wait_text(
        s,
        "#settings-state",
        "Not configured",
        "Settings says nothing is set up yet",
    );
    let uris = text_of(s, "#settings-redirect-uris");
    assert!(
        uris.contains(DEEP_LINK_REDIRECT) && uris.contains("http://127.0.0.1:53682/oauth/callback"),
        "Settings lists both redirect URIs to register, but shows {uris:?}"
    );
    assert!(
        !is_displayed(s, "#settings-env-note"),
        "nothing comes from the environment here"
    );

    click(s, "#settings-save");
    expect_error_next_to(
        s,
        "#settings-client-id",
        "settings-client-id-error",
        "Enter the client id of your WakaTime app.",
    );
    fill(s, "#settings-client-id", fake.client_id());
    click(s, "#settings-save");
    expect_error_next_to(
        s,
        "#settings-client-secret",
        "settings-client-secret-error",
        "Enter the client secret of your WakaTime app.",
    );

    fill(s, "#settings-client-secret", fake.client_secret());
    fill(s, "#settings-password", "not-my-password");
    click(s, "#settings-save");
    expect_error_next_to(
        s,
        "#settings-password",
        "settings-password-error",
        "That is not this account's password. Type the password you log in with.",
    );
    fill(s, "#settings-password", "cobol-forever");
    click(s, "#settings-save");
    wait_text(
        s,
        "#settings-state",
        "Configured",
        "saving id and secret sets wakadesk up",
    );
    wait_displayed(s, "#settings-saved", "saving is confirmed");
    assert_eq!(
        value_of(s, "#settings-client-secret"),
        "",
        "the secret does not stay in the form after saving"
    );
    assert_eq!(
        value_of(s, "#settings-client-id"),
        fake.client_id(),
        "the saved client id is shown"
    );
    screenshot(&app, "11-settings-configured");

    click(s, "#settings-back");
    wait_displayed(s, "#home-screen", "Back returns to Home");
    click(s, "#connect");
    wait_wakatime_status(
        &app,
        &format!("Connected as {}", fake.username()),
        "with the app set up in Settings, Connect works",
    );

    // Any later account may read the settings, not change them.
    log_out(s);
    sign_up(s, "alan@example.edu", "Alan Turing", "enigma-machine");
    click(s, "#to-settings");
    wait_displayed(
        s,
        "#settings-admin-note",
        "a later account is told who may change them",
    );
    assert!(
        !is_enabled(s, "#settings-client-id") && !is_enabled(s, "#settings-save"),
        "and cannot"
    );
}

#[test]
fn while_the_consent_page_is_open_the_card_waits_and_cancel_withdraws_the_request() {
    // No auto-approve and nobody clicking: the consent page just stays open.
    let fake = start_stand_in(&[]);
    let (_one_window, app) = launch_against(&fake, &[]);
    let s: &Session = &app;

    sign_up(s, "alan@example.edu", "Alan Turing", "enigma-machine");
    click(s, "#connect");
    wait_wakatime_status(
        &app,
        "Waiting for approval in your browser…",
        "after Connect the card waits for the browser",
    );
    assert!(
        is_displayed(s, "#cancel-connect") && !is_displayed(s, "#connect"),
        "while waiting, Cancel is offered instead of Connect"
    );
    screenshot(&app, "12-home-waiting");

    click(s, "#to-settings");
    wait_displayed(s, "#settings-screen", "Settings opens while waiting");
    click(s, "#settings-back");
    wait_wakatime_status(
        &app,
        "Waiting for approval in your browser…",
        "back on Home the request is still waiting",
    );

    click(s, "#cancel-connect");
    wait_wakatime_status(&app, "Not connected", "Cancel withdraws the request");
    assert!(
        is_displayed(s, "#connect"),
        "after cancelling, Connect WakaTime is offered again"
    );
    assert!(
        requests_to(&fake, "POST", "/oauth/token").is_empty(),
        "nothing was exchanged for tokens"
    );

    // Logging out withdraws the request too: a tab left open in a shared browser
    // cannot connect this account later.
    click(s, "#connect");
    wait_wakatime_status(
        &app,
        "Waiting for approval in your browser…",
        "waiting again",
    );
    log_out(s);
    log_in(s, "alan@example.edu", "enigma-machine");
    wait_wakatime_status(&app, "Not connected", "logging out withdrew the request");
}

#[test]
fn declining_on_wakatime_is_explained_on_the_card() {
    let fake = start_stand_in(&[]);
    let (_one_window, app) = launch_against(&fake, &[("WAKADESK_E2E_BROWSER_CLICK", "deny")]);
    let s: &Session = &app;

    sign_up(s, "edsger@example.edu", "Edsger Dijkstra", "goto-harmful");
    click(s, "#connect");
    if let Err(e) = s.wait_for_text(
        "#wakatime-problem",
        "You declined the connection on WakaTime. Nothing was changed.",
        WAIT,
    ) {
        panic!(
            "a denial in the browser is explained on the card: {e}\n--- browser log ---\n{}",
            app.driver().browser_log()
        );
    }
    wait_wakatime_status(
        &app,
        "Not connected",
        "a denial leaves the account unconnected",
    );
    assert!(
        is_displayed(s, "#connect") && !is_displayed(s, "#problem-to-settings"),
        "Connect is offered again, and Settings is not the answer to a denial"
    );
    screenshot(&app, "13-home-declined");
}
