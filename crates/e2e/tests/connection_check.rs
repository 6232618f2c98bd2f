//! What Home says about a connection made earlier: it asks WakaTime once when it
//! opens, keeps the account connected (and says so) when WakaTime cannot be reached,
//! and shows it disconnected when the grant was revoked on WakaTime's side.
//!
//! Needs a desktop session and built binaries:
//! `cargo build -p wakadesk -p fake-wakatime && scripts/test-session.sh cargo test -p wakadesk-e2e`.
#![forbid(unsafe_code)]

mod support;

use support::wakatime::*;
use support::*;
use wakadesk_e2e::Session;

/// Logs out and back in, which opens Home afresh and so asks WakaTime once more.
fn reopen_home(s: &Session, email: &str, password: &str) {
    log_out(s);
    log_in(s, email, password);
    wait_displayed(s, "#home-screen", "logging back in reaches Home");
}

#[test]
fn opening_home_checks_the_connection_and_says_when_wakatime_is_unreachable() {
    let fake = start_stand_in(&["--auto-approve"]);
    let (_one_window, app) = launch_against(&fake, &[]);
    let s: &Session = &app;
    let (email, password) = ("barbara@example.edu", "liskov-substitution");
    let connected = format!("Connected as {}", fake.username());

    sign_up(s, email, "Barbara Liskov", password);
    click(s, "#connect");
    wait_wakatime_status(&app, &connected, "approving connects the window");
    let asked_before = requests_to(&fake, "GET", "/api/v1/users/current").len();

    reopen_home(s, email, password);
    wait_wakatime_status(&app, &connected, "a working connection stays connected");
    s.wait_until(WAIT, "Home to ask WakaTime who is connected", |_| {
        let asked = requests_to(&fake, "GET", "/api/v1/users/current").len();
        Ok((asked > asked_before).then_some(()))
    })
    .unwrap_or_else(|e| panic!("opening Home checks the connection with WakaTime: {e}"));

    drop(fake);
    reopen_home(s, email, password);
    wait_displayed(
        s,
        "#wakatime-problem",
        "an unreachable WakaTime is reported on the card",
    );
    let problem = text_of(s, "#wakatime-problem");
    assert!(
        problem.contains("could not be reached"),
        "the card says WakaTime could not be reached, but says {problem:?}"
    );
    wait_wakatime_status(
        &app,
        &connected,
        "being offline does not disconnect the account",
    );
    screenshot(&app, "14-home-offline");
}

#[test]
fn a_grant_revoked_on_wakatime_shows_as_disconnected_when_home_opens() {
    let fake = start_stand_in(&["--auto-approve"]);
    let (_one_window, app) = launch_against(&fake, &[]);
    let s: &Session = &app;
    let (email, password) = ("margaret@example.edu", "apollo-guidance");

    sign_up(s, email, "Margaret Hamilton", password);
    click(s, "#connect");
    wait_wakatime_status(
        &app,
        &format!("Connected as {}", fake.username()),
        "approving connects the window",
    );
    // The dashboard syncs on connecting; a revocation during that sync would be found
    // by the sync instead of by the check on opening Home that this test is about.
    wait_text(
        s,
        "#last-synced",
        "Last synced just now",
        "the first sync finishes",
    );

    fake.revoke_all()
        .unwrap_or_else(|e| panic!("the stand-in should revoke every grant: {e}"));
    reopen_home(s, email, password);
    wait_wakatime_status(
        &app,
        "Not connected",
        "a revoked grant is shown as not connected",
    );
    wait_displayed(
        s,
        "#wakatime-problem",
        "the card says why it is disconnected",
    );
    let problem = text_of(s, "#wakatime-problem");
    assert!(
        problem.contains("Connect again"),
        "the card asks to connect again, but says {problem:?}"
    );
    assert!(
        is_displayed(s, "#connect"),
        "Connect WakaTime is offered again"
    );
    screenshot(&app, "15-home-revoked");
}
