//! `connect`, `status` and `disconnect` of the real `wakadesk-cli` binary against the
//! local WakaTime stand-in, with the browser played by this test: it opens the printed
//! address and follows WakaTime's redirect to the CLI's loopback listener.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Output, Stdio};

use fake_wakatime::{FakeWakatime, Options};
use wakadesk_core::oauth::loopback_redirect_uri;

const KEY: &str = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
const PASSWORD: &str = "analytical-engine\n";

struct Setup {
    dir: tempfile::TempDir,
    fake: FakeWakatime,
    port: u16,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn setup() -> Setup {
    let port = free_port();
    setup_with(
        Options::default()
            .with_auto_approve(true)
            .with_redirect_uris([loopback_redirect_uri(port)]),
        port,
    )
}

/// A stand-in with `options` and a signed-up account; `port` is the loopback port.
fn setup_with(options: Options, port: u16) -> Setup {
    let fake = FakeWakatime::start_blocking(options).expect("stand-in starts");
    let s = Setup {
        dir: tempfile::tempdir().unwrap(),
        fake,
        port,
    };
    let out = s.run(
        &[
            "signup",
            "--email",
            "ada@example.com",
            "--name",
            "Ada",
            "--password-stdin",
        ],
        PASSWORD,
    );
    assert!(out.status.success(), "signup: {}", text(&out.stderr));
    s
}

impl Setup {
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_wakadesk-cli"));
        c.args(args)
            .env("WAKADESK_DATA_DIR", self.dir.path())
            .env("WAKADESK_FERNET_KEY", KEY)
            .env("WAKATIME_CLIENT_ID", self.fake.client_id())
            .env("WAKATIME_CLIENT_SECRET", self.fake.client_secret())
            .env("WAKATIME_BASE_URL", self.fake.base_url())
            .env("WAKATIME_API_URL", self.fake.api_url())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self.command(args).spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    fn account(&self, args: &[&str]) -> Output {
        let mut full = args.to_vec();
        full.extend(["--email", "ada@example.com", "--password-stdin"]);
        self.run(&full, PASSWORD)
    }

    /// Starts `connect --no-browser` and returns it with the address it printed.
    fn start_connect(&self, extra: &[&str]) -> (Child, String) {
        let port = self.port.to_string();
        let mut args = vec![
            "connect",
            "--email",
            "ada@example.com",
            "--password-stdin",
            "--no-browser",
            "--port",
            &port,
        ];
        args.extend_from_slice(extra);
        let mut child = self.command(&args).spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(PASSWORD.as_bytes())
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = lines
            .by_ref()
            .map(|l| l.unwrap())
            .find(|l| l.starts_with("http"))
            .expect("connect prints the address to open");
        // Keep draining stdout in the background so the CLI never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        (child, url)
    }

    fn connected_json(&self) -> serde_json::Value {
        let out = self.run(&["users", "--json"], "");
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()[0].clone()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// One browser hop without following redirects: the `Location` header.
fn browser_get(url: &str) -> (u16, Option<String>, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent.get(url).call().expect("the page answers");
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    (status, location, body)
}

#[test]
fn connect_status_and_disconnect_work_through_the_loopback_redirect() {
    let s = setup();
    let (child, authorize) = s.start_connect(&[]);
    assert!(
        authorize.contains("redirect_uri=http%3A%2F%2F127.0.0.1"),
        "{authorize}"
    );
    let (status, location, _) = browser_get(&authorize);
    assert_eq!(status, 302, "the stand-in approves at once");
    let location = location.expect("redirect back");
    assert!(
        location.starts_with(&loopback_redirect_uri(s.port)),
        "{location}"
    );
    let (status, _, page) = browser_get(&location);
    assert_eq!(status, 200, "the CLI's listener answers the browser");
    assert!(page.contains("close this tab"), "{page}");

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
    s.fake.set_auto_approve(false);
    let (child, authorize) = s.start_connect(&[]);
    let (_, _, page) = browser_get(&authorize);
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
    let (child, authorize) = s.start_connect(&[]);
    let (_, location, _) = browser_get(&authorize);
    browser_get(&location.unwrap());
    assert!(child.wait_with_output().unwrap().status.success());
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
    let mut c = s.command(&[
        "connect",
        "--email",
        "ada@example.com",
        "--password-stdin",
        "--no-browser",
        "--port",
        "0",
    ]);
    c.env_remove("WAKATIME_CLIENT_ID")
        .env_remove("WAKATIME_CLIENT_SECRET");
    let mut child = c.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(PASSWORD.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
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
    let api_url = s.fake.api_url();
    let wrong = s.run(
        &[
            "connect",
            "--email",
            "ada@example.com",
            "--password-stdin",
            "--server",
            &api_url,
            "--api-key-stdin",
        ],
        "analytical-engine\nwaka_wrong\n",
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        text(&wrong.stderr).contains("did not accept this API key"),
        "{}",
        text(&wrong.stderr)
    );

    let stdin = format!("analytical-engine\n{}\n", s.fake.api_key().unwrap());
    let out = s.run(
        &[
            "connect",
            "--email",
            "ada@example.com",
            "--password-stdin",
            "--server",
            &api_url,
            "--api-key-stdin",
        ],
        &stdin,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Connected as ada (API key"),
        "{}",
        text(&out.stdout)
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
    let (child, authorize) = s.start_connect(&[]);
    let (_, location, _) = browser_get(&authorize);
    browser_get(&location.unwrap());
    assert!(child.wait_with_output().unwrap().status.success());
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
