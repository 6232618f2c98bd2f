//! The `fake-wakatime` program: prints its facts, then serves them.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::*;

/// Kills the child it holds when dropped, so a failing test leaves no server behind.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary and reads its `key=value` lines up to the last one (`api_key=`).
async fn spawn(args: &[&str]) -> (Running, Vec<(String, String)>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-wakatime"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().expect("stdout piped");
    let running = Running(child);
    let read = tokio::task::spawn_blocking(move || {
        let mut facts = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("stdout is text");
            let (key, value) = line.split_once('=').expect("key=value line");
            facts.push((key.to_owned(), value.to_owned()));
            if key == "api_key" {
                break;
            }
        }
        facts
    });
    let facts = tokio::time::timeout(Duration::from_secs(30), read)
        .await
        .expect("facts printed in time")
        .expect("reader finished");
    (running, facts)
}

#[tokio::test]
async fn the_binary_prints_its_facts_and_serves_the_flow_they_describe() {
    let (_running, facts) = spawn(&[
        "--port",
        "0",
        "--auto-approve",
        "--client-id",
        "cli-client",
        "--client-secret",
        "cli-secret",
        "--redirect-uri",
        "org.wakadesk.desktop:/oauth/callback",
        "--redirect-uri",
        "http://127.0.0.1:9/cb",
        "--username",
        "grace",
        "--token-lifetime",
        "120",
    ])
    .await;
    let keys: Vec<&str> = facts.iter().map(|(key, _)| key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "base_url",
            "api_url",
            "client_id",
            "client_secret",
            "redirect_uri",
            "redirect_uri",
            "username",
            "api_key"
        ],
        "facts in order"
    );
    let one: HashMap<&str, &str> = facts
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let base_url = one["base_url"];
    assert!(
        base_url.starts_with("http://127.0.0.1:"),
        "loopback: {base_url}"
    );
    assert_ne!(base_url, "http://127.0.0.1:0", "a real port was picked");
    assert_eq!(one["api_url"], format!("{base_url}/api/v1"), "API URL");
    assert_eq!(one["client_id"], "cli-client", "client id");
    assert_eq!(one["client_secret"], "cli-secret", "client secret");
    assert_eq!(facts[5].1, "http://127.0.0.1:9/cb", "second redirect URI");

    let authorize = client()
        .get(format!("{base_url}/oauth/authorize"))
        .query(&[
            ("client_id", "cli-client"),
            ("response_type", "code"),
            ("redirect_uri", "http://127.0.0.1:9/cb"),
            ("scope", SCOPE),
            ("state", STATE),
        ])
        .send()
        .await
        .expect("authorize answered");
    let code = redirect_params(&authorize)["code"].clone();
    let token = client()
        .post(format!("{base_url}/oauth/token"))
        .form(&[
            ("client_id", "cli-client"),
            ("client_secret", "cli-secret"),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://127.0.0.1:9/cb"),
        ])
        .send()
        .await
        .expect("token answered")
        .text()
        .await
        .expect("form body");
    let fields = parse_form(&token);
    assert_eq!(
        fields["expires_in"], "120",
        "--token-lifetime applied: {token}"
    );
    let user: Value = client()
        .get(format!("{}/users/current", one["api_url"]))
        .bearer_auth(&fields["access_token"])
        .send()
        .await
        .expect("API answered")
        .json()
        .await
        .expect("user JSON");
    assert_eq!(user["data"]["username"], "grace", "--username applied");

    let logged: Vec<Value> = client()
        .get(format!("{base_url}/__fake/requests"))
        .send()
        .await
        .expect("requests answered")
        .json()
        .await
        .expect("log JSON");
    let paths: Vec<&str> = logged.iter().filter_map(|r| r["path"].as_str()).collect();
    assert_eq!(
        paths,
        ["/oauth/authorize", "/oauth/token", "/api/v1/users/current"],
        "the log over HTTP"
    );
}

#[tokio::test]
async fn the_binary_takes_its_switches_from_the_command_line() {
    let (_running, facts) =
        spawn(&["--port", "0", "--fail-token-endpoint", "--delay-ms", "5"]).await;
    let base_url = &facts[0].1;
    let switches: Value = client()
        .get(format!("{base_url}/__fake/config"))
        .send()
        .await
        .expect("config answered")
        .json()
        .await
        .expect("switches JSON");
    assert_eq!(switches["fail_token_endpoint"], true, "failure switch on");
    assert_eq!(switches["auto_approve"], false, "consent page by default");
    assert_eq!(switches["delay_ms"], 5, "delay set");
    let token = client()
        .post(format!("{base_url}/oauth/token"))
        .form(&[("grant_type", "refresh_token")])
        .send()
        .await
        .expect("token answered");
    assert_eq!(
        token.status(),
        StatusCode::INTERNAL_SERVER_ERROR,
        "token endpoint fails"
    );
}
