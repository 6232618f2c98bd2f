//! The first minute of a student who already uses WakaTime: a fresh profile opens on
//! Sign up, and after signing up the card offers the API key from this computer's
//! WakaTime settings (`.wakatime.cfg`, as an editor plugin writes it, here pointing at
//! the stand-in as Wakapi). One click connects, and the dashboard shows that server's
//! figures. No WakaTime app is set up, so the card also says how to get one.
//!
//! Needs a desktop session and built binaries:
//! `cargo build -p wakadesk -p fake-wakatime && scripts/test-session.sh cargo test -p wakadesk-e2e`.
#![forbid(unsafe_code)]

mod support;

use support::dashboard::*;
use support::wakatime::*;
use support::*;
use wakadesk_e2e::Session;

#[test]
fn a_student_with_a_wakatime_config_goes_from_first_start_to_the_dashboard_in_one_click() {
    let fake = start_stand_in(&["--flavor", "wakapi"]);
    let (_one_window, app) = launch_with_env(&[
        ("WAKATIME_CLIENT_ID", ""),
        ("WAKATIME_CLIENT_SECRET", ""),
        ("WAKATIME_BASE_URL", ""),
        ("WAKATIME_API_URL", ""),
    ]);
    let s: &Session = &app;
    // What Wakapi tells its users to put in the file: the heartbeat address, a BOM and
    // Windows line ends from an editor on another system, and a comment.
    let heartbeat = fake.api_url().replace("/compat/wakatime/v1", "");
    let cfg = format!(
        "\u{feff}; written by the editor plugin\r\n[settings]\r\napi_url = {heartbeat}\r\napi_key = {}\r\n",
        fake.api_key()
    );
    std::fs::write(app.driver().data_dir().join(".wakatime.cfg"), cfg).unwrap();

    wait_displayed(s, "#signup-form", "a first start opens on Sign up");
    fill(s, "#signup-email", "ada@example.edu");
    fill(s, "#signup-name", "Ada Lovelace");
    fill(s, "#signup-password", "analytical-engine");
    click(s, "#signup-submit");
    wait_displayed(s, "#home-screen", "signing up goes straight to Home");

    wait_displayed(
        s,
        "#wakatime-cfg-offer",
        "the key of this computer's WakaTime settings is offered",
    );
    let host = heartbeat
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let offer = text_of(s, "#wakatime-cfg-offer");
    assert!(
        offer.contains("this computer's WakaTime settings") && offer.contains(&host),
        "the offer names the server, not {offer:?}"
    );
    assert!(
        !offer.contains(fake.api_key()) && !text_of(s, "body").contains(fake.api_key()),
        "the key itself never reaches the page"
    );
    assert!(
        is_displayed(s, "#wakatime-setup-help") && !is_displayed(s, "#connect"),
        "with no WakaTime app set up, Connect is replaced by how to get one"
    );
    screenshot(&app, "20-home-wakatime-config-offer");

    click(s, "#wakatime-cfg-offer");
    wait_wakatime_status(
        &app,
        &format!("Connected as {}", fake.username()),
        "one click connects with the configuration's key",
    );
    wait_displayed(s, "#dashboard", "the dashboard follows");
    wait_text(
        s,
        "#last-synced",
        "Last synced just now",
        "the first sync finishes",
    );
    let week = server_stats(&fake, "last_7_days");
    wait_total(
        s,
        week["human_readable_total"].as_str().unwrap_or_default(),
        "the week's total is the server's",
    );
    assert_eq!(
        seconds_of(s, "#stat-total"),
        total_seconds(&week),
        "to the second"
    );
}
