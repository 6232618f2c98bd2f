//! No command hands a secret to the webview. With an account connected through the
//! browser (so an access and a refresh token are stored) and its stats synced, the page
//! calls every command the shell registers, the way `ui/js/api.js` does, and each
//! answer (value or error) is searched for the password, the OAuth tokens, the client
//! secret, the API key and the Fernet key. The page itself (its HTML and storage) is
//! searched too. The list of commands comes from `src-tauri/build.rs`, so a command
//! added later is covered or this test fails.
//!
//! Needs a desktop session and built binaries:
//! `cargo build -p wakadesk -p fake-wakatime && scripts/test-session.sh cargo test -p wakadesk-e2e`.
#![forbid(unsafe_code)]

mod support;

use std::collections::BTreeSet;

use serde_json::{json, Value};
use support::wakatime::*;
use support::*;
use wakadesk_e2e::Session;

const PASSWORD: &str = "analytical-engine";
const SECOND_PASSWORD: &str = "difference-engine";
/// A valid Fernet key (32 bytes, URL-safe base64), given to the app instead of the
/// keyring's so the test knows what to look for.
const FERNET_KEY: &str = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
const SAVED_CLIENT_SECRET: &str = "saved-client-secret-7f3a9c";
/// What the stand-in's tokens start with; the rest is random.
const TOKEN_PREFIXES: [&str; 2] = ["waka_tok_", "waka_ref_"];

/// Every command, in an order that leaves each one something to do: the connected
/// account's reads first, then a second connection by API key, disconnecting, one with
/// the key of the student's `.wakatime.cfg`, and the account commands last. `{api}` and `{key}` are filled in with the stand-in's.
const CALLS: &str = r#"
[
  ["startup_status", {}],
  ["current_user", {}],
  ["wakatime_status", {}],
  ["check_wakatime", {}],
  ["wakatime_settings", {}],
  ["save_wakatime_settings", {"clientId": "another-client", "clientSecret": "saved-client-secret-7f3a9c",
                              "password": "analytical-engine"}],
  ["server_presets", {}],
  ["sync_stats", {}],
  ["dashboard", {"range": "last_30_days"}],
  ["set_daily_goal", {"minutes": 45}],
  ["project_view", {"range": "last_30_days"}],
  ["set_week_start", {"weekStart": "sunday"}],
  ["choose_project", {"name": null}],
  ["update_student", {"batch": "2026-B", "project": "compiler"}],
  ["export_csv", {"range": "last_30_days"}],
  ["show_folder", {"folder": "/"}],
  ["desktop_settings", {}],
  ["set_desktop_setting", {"name": "goalNotifications", "on": false}],
  ["connect_wakatime", {}],
  ["cancel_connect", {}],
  ["connect_api_key", {"serverUrl": "{api}", "apiKey": "{key}"}],
  ["disconnect_wakatime", {}],
  ["wakatime_config_offer", {}],
  ["connect_wakatime_config", {}],
  ["logout", {}],
  ["login", {"email": "ada@example.edu", "password": "analytical-engine"}],
  ["signup", {"email": "grace@example.edu", "name": "Grace Hopper", "password": "difference-engine",
              "student": {"batch": "2026", "project": "compilers"}}]
]
"#;

/// Calls each `[command, args]` in turn and answers `[{command, ok} | {command, err}]`.
const INVOKE_ALL: &str = r#"
const calls = arguments[0];
return (async () => {
  const answers = [];
  for (const [command, args] of calls) {
    try {
      answers.push({ command, ok: await window.__TAURI__.core.invoke(command, args) });
    } catch (err) {
      answers.push({ command, err });
    }
  }
  return answers;
})();
"#;

const PAGE_CONTENTS: &str = r#"
return document.documentElement.outerHTML
  + JSON.stringify(Object.entries(localStorage))
  + JSON.stringify(Object.entries(sessionStorage));
"#;

#[test]
fn no_command_answer_and_nothing_in_the_page_holds_a_secret() {
    let fake = start_stand_in(&["--auto-approve"]);
    let (_one_window, app) = launch_against(&fake, &[("WAKADESK_FERNET_KEY", FERNET_KEY)]);
    let s: &Session = &app;

    sign_up(s, "ada@example.edu", "Ada Lovelace", PASSWORD);
    wait_wakatime_status(&app, "Not connected", "a new account is not connected");
    click(s, "#connect");
    wait_wakatime_status(
        &app,
        &format!("Connected as {}", fake.username()),
        "approving in the browser connects the window",
    );
    wait_displayed(s, "#dashboard", "a connected account sees its dashboard");

    // The student's own WakaTime configuration, holding the API key.
    std::fs::write(
        app.driver().data_dir().join(".wakatime.cfg"),
        format!(
            "[settings]\napi_url = {}\napi_key = {}\n",
            fake.api_url(),
            fake.api_key()
        ),
    )
    .expect("writing .wakatime.cfg");
    let calls = serde_json::from_str::<Value>(
        &CALLS
            .replace("{api}", fake.api_url())
            .replace("{key}", fake.api_key()),
    )
    .expect("the list of calls is JSON");
    let answers = s
        .execute(INVOKE_ALL, vec![calls])
        .unwrap_or_else(|e| panic!("the page should call every command: {e}"));
    let answers = answers.as_array().expect("the page answers a list");

    let called: BTreeSet<String> = answers
        .iter()
        .map(|a| a["command"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        called,
        registered_commands(),
        "every command src-tauri/build.rs registers is called, and only those"
    );
    for answer in answers {
        let text = answer.to_string();
        for secret in [
            PASSWORD,
            SECOND_PASSWORD,
            FERNET_KEY,
            fake.client_secret(),
            SAVED_CLIENT_SECRET,
            fake.api_key(),
        ]
        .iter()
        .chain(TOKEN_PREFIXES.iter())
        {
            assert!(
                !text.contains(secret),
                "the answer of {} holds a secret ({} characters starting {:?}): {text}",
                answer["command"],
                secret.len(),
                secret.chars().take(4).collect::<String>()
            );
        }
    }

    // The calls did real work, so their answers were worth searching.
    let answer_of = |command: &str| {
        answers
            .iter()
            .find(|a| a["command"] == command)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(
        answer_of("wakatime_status")["ok"]["connected"],
        json!(true),
        "the account was connected through OAuth when the reads ran: {}",
        answer_of("wakatime_status")
    );
    assert!(
        answer_of("dashboard")["ok"].is_object(),
        "the dashboard answered with the synced figures: {}",
        answer_of("dashboard")
    );
    assert_eq!(
        answer_of("connect_api_key")["ok"]["connected"],
        json!(true),
        "the API key connected: {}",
        answer_of("connect_api_key")
    );
    assert!(
        answer_of("wakatime_config_offer")["ok"]["server"]
            .as_str()
            .is_some_and(|server| server.starts_with("127.0.0.1:")),
        "the configuration offered its server: {}",
        answer_of("wakatime_config_offer")
    );
    assert_eq!(
        answer_of("connect_wakatime_config")["ok"]["connected"],
        json!(true),
        "the configuration's key connected: {}",
        answer_of("connect_wakatime_config")
    );
    assert!(
        answer_of("login")["ok"].is_object() && answer_of("signup")["ok"].is_object(),
        "logging in and signing up worked: {} {}",
        answer_of("login"),
        answer_of("signup")
    );

    let page = s
        .execute(PAGE_CONTENTS, vec![])
        .unwrap_or_else(|e| panic!("the page's contents should be readable: {e}"));
    let page = page.as_str().unwrap_or_default();
    assert!(page.contains("<body"), "the page's HTML was read");
    for secret in [PASSWORD, SECOND_PASSWORD, FERNET_KEY, fake.client_secret()]
        .iter()
        .chain(TOKEN_PREFIXES.iter())
    {
        assert!(
            !page.contains(secret),
            "the page keeps a secret ({} characters starting {:?})",
            secret.len(),
            secret.chars().take(4).collect::<String>()
        );
    }
}

/// The command names listed in `src-tauri/build.rs`.
fn registered_commands() -> BTreeSet<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../src-tauri/build.rs");
    let source = std::fs::read_to_string(path).expect("src-tauri/build.rs is readable");
    let list = source
        .split_once(".commands(&[")
        .and_then(|(_, rest)| rest.split_once("])"))
        .map(|(list, _)| list)
        .expect("build.rs lists the commands in AppManifest::commands");
    list.split(',')
        .map(|item| item.trim().trim_matches('"').to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}
