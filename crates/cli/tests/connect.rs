//! `connect`, `status` and `disconnect` of the real `wakadesk-cli` binary against the
//! local WakaTime stand-in, with the browser played by this test: it opens the printed
//! address and follows WakaTime's redirect to the CLI's loopback listener.

use std::process::{Child, Output};

use fake_wakatime::Options;
use test_support::{
    account_args, api_key_connect_args, authorize_address, browser_hop, loopback_connect_args,
    text, Hop, SYSTEM_CONFIG_FILE,
};
use wakadesk_core::oauth::loopback_redirect_uri;

mod oauth_lab;
use oauth_lab::*;

impl Setup {
    fn account(&self, args: &[&str]) -> Output {
        self.cli.run(&account_args(ADA, args), PASSWORD)
    }

    /// Starts `connect --no-browser` and returns it with the address it printed.
    fn start_connect(&self, extra: &[&str]) -> (Child, String) {
        let port = self.port.to_string();
        let mut args = loopback_connect_args(ADA, &port);
        args.extend_from_slice(extra);
        let (child, lines) = self.cli.spawn_reading(&args, PASSWORD);
        let url = authorize_address(&lines, &mut String::new());
        (child, url.expect("connect prints the address to open"))
    }

    fn connected_json(&self) -> serde_json::Value {
        let out = self.cli.run(&["users", "--json"], "");
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()[0].clone()
    }

    /// Connects through the loopback redirect, the stand-in approving at once.
    fn connect_in_browser(&self) {
        let (child, authorize) = self.start_connect(&[]);
        let back = browser_get(&authorize).location.expect("a redirect back");
        browser_get(&back);
        assert!(child.wait_with_output().unwrap().status.success());
    }
}

/// One browser hop without following redirects, which must be answered.
fn browser_get(url: &str) -> Hop {
    browser_hop(url).expect("the page answers")
}

#[test]
fn connect_status_and_disconnect_work_through_the_loopback_redirect() {
    let s = setup();
    let (child, authorize) = s.start_connect(&[]);
    assert!(
        authorize.contains("redirect_uri=http%3A%2F%2F127.0.0.1"),
        "{authorize}"
    );
    let hop = browser_get(&authorize);
    assert_eq!(hop.status, 302, "the stand-in approves at once");
    let location = hop.location.expect("redirect back");
    assert!(
        location.starts_with(&loopback_redirect_uri(s.port)),
        "{location}"
    );
    let page = browser_get(&location);
    assert_eq!(page.status, 200, "the CLI's listener answers the browser");
    assert!(page.body.contains("close this tab"), "{}", page.body);

    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "connect failed: {}",
        text(&out.stderr)
    );
    let json = s.connected_json();
    assert_eq!(json["wakatime_connected"], true, "{json}");
    assert_eq!(json["wakatime_username"], "ada");

    let out = s.account(&["status"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "Connected as ada");

    let out = s.account(&["disconnect"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("revoked"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        !s.fake.requests_to("/oauth/revoke").is_empty(),
        "the stand-in saw the revoke"
    );
    assert_eq!(s.connected_json()["wakatime_connected"], false);
    assert_eq!(text(&s.account(&["status"]).stdout).trim(), "Not connected");
}

#[test]
fn a_schools_system_file_alone_is_enough_to_connect() {
    let mut s = setup();
    std::fs::write(
        s.dir.path().join(SYSTEM_CONFIG_FILE),
        format!(
            "# Set up by the school\nclient_id = \"{}\"\nclient_secret = \"{}\"\n\
             base_url = \"{}\"\napi_url = \"{}\"\n",
            s.fake.client_id(),
            s.fake.client_secret(),
            s.fake.base_url(),
            s.fake.api_url()
        ),
    )
    .unwrap();
    s.cli = s
        .cli
        .clone()
        .env_remove("WAKATIME_CLIENT_ID")
        .env_remove("WAKATIME_CLIENT_SECRET")
        .env_remove("WAKATIME_BASE_URL")
        .env_remove("WAKATIME_API_URL");
    s.connect_in_browser();
    assert_eq!(s.connected_json()["wakatime_connected"], true);
    let token = s.fake.requests_to("/oauth/token");
    assert_eq!(
        token[0].form_param("client_id"),
        Some(s.fake.client_id()),
        "the file's app asked for the token"
    );
}

#[test]
fn connect_gives_up_after_its_timeout_and_withdraws_the_request() {
    let s = setup();
    let (child, _authorize) = s.start_connect(&["--timeout", "1"]);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("No answer from the browser within 1 seconds"),
        "{}",
        text(&out.stderr)
    );
    let db = rusqlite::Connection::open(s.dir.path().join("wakadesk.sqlite3")).unwrap();
    let open: i64 = db
        .query_row(
            "SELECT count(*) FROM pending_auth WHERE used_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        open, 0,
        "the request was withdrawn, so a late answer is refused"
    );
    assert_eq!(s.connected_json()["wakatime_connected"], false);
}

#[test]
fn a_declined_connection_is_reported_and_nothing_is_stored() {
    let s = setup();
    s.fake.update_switches(|s| s.auto_approve = false);
    let (child, authorize) = s.start_connect(&[]);
    let page = browser_get(&authorize).body;
    let request_id = page
        .split("name=\"request_id\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("consent page")
        .to_owned();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let answer = agent
        .post(format!("{}/oauth/authorize/decision", s.fake.base_url()))
        .send_form([("request_id", request_id.as_str()), ("decision", "deny")])
        .unwrap();
    let back = answer
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    browser_get(&back);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("You declined"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(s.connected_json()["wakatime_connected"], false);
}

#[test]
fn status_after_the_grant_was_revoked_on_wakatime_disconnects_and_says_so() {
    let s = setup();
    s.connect_in_browser();
    s.fake.revoke_all_grants();
    let out = s.account(&["status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Connect again"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        s.connected_json()["wakatime_connected"],
        false,
        "cleanly disconnected"
    );
}

#[test]
fn connect_without_a_registered_app_explains_what_to_register() {
    let s = setup();
    let no_app = s
        .cli
        .clone()
        .env_remove("WAKATIME_CLIENT_ID")
        .env_remove("WAKATIME_CLIENT_SECRET");
    let out = no_app.run(&loopback_connect_args(ADA, "0"), PASSWORD);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("wakatime.com/apps") && err.contains("http://127.0.0.1:"),
        "{err}"
    );
}

#[test]
fn connect_with_an_api_key_to_a_wakapi_server_then_stats() {
    let s = setup_with(
        Options::default().with_flavor(fake_wakatime::Flavor::Wakapi),
        0,
    );
    // What a student's ~/.wakatime.cfg says: Wakapi's heartbeat root, not its API.
    let heartbeat_root = s.fake.heartbeat_root();
    let connect = api_key_connect_args(ADA, &heartbeat_root);
    let wrong = s.cli.run(&connect, "analytical-engine\nwaka_wrong\n");
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        text(&wrong.stderr).contains("did not accept this API key"),
        "{}",
        text(&wrong.stderr)
    );

    let stdin = format!("analytical-engine\n{}\n", s.fake.api_key().unwrap());
    let out = s.cli.run(&connect, &stdin);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!(
            "Connected as ada (API key)\nUsing {}\n",
            s.fake.compat_root()
        ),
        "says which API root it found and uses"
    );
    assert!(
        !text(&out.stdout).contains(s.fake.api_key().unwrap()),
        "the key is never printed"
    );

    let out = s.account(&["stats", "--range", "last_30_days", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected = s
        .fake
        .activity()
        .stats(fake_wakatime::activity::StatsRange::Last30Days)
        .total_seconds;
    assert_eq!(
        json["total"]["seconds"], expected,
        "figures equal the server's"
    );
    assert_eq!(json["series"].as_array().unwrap().len(), 30);
}

#[test]
fn stats_prints_the_dashboard_figures_as_text_syncing_when_the_cache_is_empty() {
    let s = setup();
    s.connect_in_browser();
    let out = s.account(&["stats"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("Last 7 days ("), "{stdout}");
    assert!(
        stdout.contains("Daily average") && stdout.contains("Languages"),
        "{stdout}"
    );
    assert!(stdout.contains("Last synced just now"), "{stdout}");
    assert!(
        text(&out.stderr).contains("syncing: daily summaries"),
        "progress on stderr"
    );
    let bad = s.account(&["stats", "--range", "forever"]);
    assert!(
        text(&bad.stderr).contains("Unknown range"),
        "{}",
        text(&bad.stderr)
    );
}
