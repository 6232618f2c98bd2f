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
            "heartbeat_url",
            "client_id",
            "client_secret",
            "redirect_uri",
            "redirect_uri",
            "username",
            "flavor",
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
    assert_eq!(
        one["heartbeat_url"], one["api_url"],
        "wakatime.com's plugins send heartbeats to its API root"
    );
    assert_eq!(one["client_id"], "cli-client", "client id");
    assert_eq!(one["client_secret"], "cli-secret", "client secret");
    assert_eq!(facts[6].1, "http://127.0.0.1:9/cb", "second redirect URI");
    assert_eq!(one["flavor"], "wakatime", "wakatime.com by default");

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

    let logged: Vec<Value> = get_json(&format!("{base_url}/__fake/requests")).await;
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
    let switches: Value = get_json(&format!("{base_url}/__fake/config")).await;
    assert_eq!(switches["fail_token_endpoint"], true, "failure switch on");
    assert_eq!(switches["auto_approve"], false, "consent page by default");
    assert_eq!(switches["delay_ms"], 5, "delay set");
    assert_eq!(
        bare_token_request(base_url).await,
        StatusCode::INTERNAL_SERVER_ERROR,
        "token endpoint fails"
    );
}

#[tokio::test]
async fn the_binary_takes_its_activity_and_stats_switches_from_the_command_line() {
    let (_running, facts) = spawn(&[
        "--port",
        "0",
        "--seed",
        "7",
        "--days",
        "30",
        "--calculating-percent",
        "40",
        "--rate-limit-next",
        "1",
        "--rate-limit-as-redirect",
        "--server-error-next",
        "1",
        "--plan-limited-range",
        "last_year",
        "--plan-limited-range",
        "all_time",
        "--missing-stats",
        "--max-summary-days",
        "10",
    ])
    .await;
    let one: HashMap<&str, &str> = facts
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let switches: Value = get_json(&format!("{}/__fake/config", one["base_url"])).await;
    assert_eq!(switches["calculating_percent"], 40, "--calculating-percent");
    assert_eq!(switches["rate_limit_next"], 1, "--rate-limit-next");
    assert_eq!(
        switches["rate_limit_as_redirect"], true,
        "--rate-limit-as-redirect"
    );
    assert_eq!(switches["server_error_next"], 1, "--server-error-next");
    assert_eq!(
        switches["plan_limited_ranges"],
        serde_json::json!(["last_year", "all_time"]),
        "--plan-limited-range, repeated"
    );
    assert_eq!(switches["missing_stats"], true, "--missing-stats");
    assert_eq!(switches["max_summary_days"], 10, "--max-summary-days");

    let url = |path: &str| format!("{}{path}", one["api_url"]);
    let expected = fake_wakatime::Activity::new(7, 30);
    let today = fake_wakatime::activity::today_utc();
    let start = today - time::Duration::days(2);
    let path = summaries_path(start, today);
    let statuses = [
        get_with_key(&url(&path), one["api_key"]).await.0,
        get_with_key(&url(&path), one["api_key"]).await.0,
    ];
    assert_eq!(
        statuses,
        [StatusCode::FOUND, StatusCode::INTERNAL_SERVER_ERROR],
        "the counters from the command line run down"
    );
    let (_, summaries) = get_with_key(&url(&path), one["api_key"]).await;
    let served: Vec<f64> = summaries["data"]
        .as_array()
        .expect("data list")
        .iter()
        .map(|entry| number(&entry["grand_total"]["total_seconds"]))
        .collect();
    let pure: Vec<f64> = expected
        .days(start, today)
        .iter()
        .map(|day| day.total_seconds as f64)
        .collect();
    assert_eq!(served, pure, "--seed and --days drive the figures");
    let (_, user) = get_with_key(&url("/users/current"), one["api_key"]).await;
    assert_eq!(
        user["data"]["created_at"],
        format!("{}T08:30:00Z", iso_date(expected.created_on())).as_str(),
        "created --days ago"
    );
}

/// The status of a token request without credentials to `base_url`'s `/oauth/token`.
async fn bare_token_request(base_url: &str) -> StatusCode {
    let form = [("grant_type", "refresh_token")];
    let url = format!("{base_url}/oauth/token");
    client()
        .post(url)
        .form(&form)
        .send()
        .await
        .expect("answered")
        .status()
}

/// The facts of a spawned binary by key (the last one wins for repeated keys).
fn by_key(facts: &[(String, String)]) -> HashMap<&str, &str> {
    facts
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[tokio::test]
async fn the_binary_imitates_the_flavor_it_is_given_and_prints_it_before_the_api_key() {
    let cases = [
        ("wakapi", "/api/compat/wakatime/v1", "/api"),
        ("hackatime", "/api/hackatime/v1", "/api/hackatime/v1"),
        ("wakatime", "/api/v1", "/api/v1"),
    ];
    for (flavor, prefix, heartbeats) in cases {
        let (_running, facts) = spawn(&["--port", "0", "--flavor", flavor]).await;
        let keys: Vec<&str> = facts.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(
            keys[keys.len() - 2..],
            ["flavor", "api_key"],
            "{flavor}: flavor= just before the last line, api_key="
        );
        let one = by_key(&facts);
        assert_eq!(one["flavor"], flavor, "--flavor {flavor} printed");
        let base_url = one["base_url"];
        assert_eq!(
            one["api_url"],
            format!("{base_url}{prefix}"),
            "{flavor}: API URL"
        );
        assert_eq!(
            one["heartbeat_url"],
            format!("{base_url}{heartbeats}"),
            "{flavor}: heartbeat URL, as in a student's ~/.wakatime.cfg"
        );
        let url = format!("{}/users/current", one["api_url"]);
        let (status, _) = get_with_key(&url, one["api_key"]).await;
        assert_eq!(status, StatusCode::OK, "{flavor}: API key opens the API");
        let token = bare_token_request(base_url).await;
        assert_eq!(
            token == StatusCode::NOT_FOUND,
            flavor != "wakatime",
            "{flavor}: /oauth/token exists on wakatime only ({})",
            token
        );
        let switches: Value = get_json(&format!("{base_url}/__fake/config")).await;
        let cap = if flavor == "wakatime" {
            Value::Null
        } else {
            Value::from(366)
        };
        assert_eq!(switches["max_summary_days"], cap, "{flavor}: summary cap");
    }
}

#[tokio::test]
async fn the_binary_refuses_an_unknown_flavor() {
    let output = tokio::task::spawn_blocking(|| {
        Command::new(env!("CARGO_BIN_EXE_fake-wakatime"))
            .args(["--port", "0", "--flavor", "kimai"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .expect("binary runs")
    })
    .await
    .expect("waited");
    assert!(!output.status.success(), "an unknown flavor is an error");
    assert!(output.stdout.is_empty(), "no facts printed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("kimai"), "the error names it: {stderr}");
}

#[tokio::test]
async fn the_binary_starts_its_clock_at_now_and_counts_the_history_back_from_it() {
    let (_running, facts) = spawn(&["--now", "2030-01-15T12:00:00Z", "--days", "10"]).await;
    let one = by_key(&facts);
    let clock: Value = get_json(&format!("{}/__fake/clock", one["base_url"])).await;
    assert!(
        text(&clock, "now").starts_with("2030-01-15T12:0"),
        "--now: {clock}"
    );
    let url = format!("{}/users/current", one["api_url"]);
    let (_, user) = get_with_key(&url, one["api_key"]).await;
    assert_eq!(
        user["data"]["created_at"], "2030-01-05T08:30:00Z",
        "created --days before --now"
    );
}

#[tokio::test]
async fn the_binary_takes_the_zone_plan_and_self_hosted_switches_as_flags() {
    let (_running, facts) = spawn(&[
        "--flavor",
        "wakapi",
        "--timezone",
        "Asia/Kolkata",
        "--wakapi-timezone-text",
        "IST",
        "--wakapi-honours-timezone",
        "--history-days",
        "14",
        "--history-refusal-status",
        "403",
        "--summary-day-delay-ms",
        "3",
    ])
    .await;
    let one = by_key(&facts);
    let switches: Value = get_json(&format!("{}/__fake/config", one["base_url"])).await;
    let expected = serde_json::json!({
        "timezone": "Asia/Kolkata",
        "wakapi_timezone_text": "IST",
        "wakapi_honours_timezone": true,
        "wakapi_range_date_is_now": false,
        "history_days": 14,
        "history_refusal_status": 403,
        "summary_day_delay_ms": 3,
    });
    for (name, value) in expected.as_object().expect("an object") {
        assert_eq!(&switches[name], value, "--{}", name.replace('_', "-"));
    }
    let url = format!("{}/users/current", one["api_url"]);
    let (_, user) = get_with_key(&url, one["api_key"]).await;
    assert_eq!(user["data"]["timezone"], "IST", "what Wakapi says");
}

#[tokio::test]
async fn the_binary_refuses_an_unknown_zone_and_a_refusal_status_no_server_uses() {
    for flag in [
        ["--timezone", "Mars/Olympus_Mons"],
        ["--history-refusal-status", "500"],
    ] {
        let output = tokio::task::spawn_blocking(move || {
            Command::new(env!("CARGO_BIN_EXE_fake-wakatime"))
                .args(["--port", "0"])
                .args(flag)
                .output()
                .expect("binary runs")
        })
        .await
        .expect("waited");
        assert!(!output.status.success(), "{flag:?} is an error");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(flag[1]),
            "{flag:?}: the error names it: {stderr}"
        );
    }
}
