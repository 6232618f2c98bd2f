//! Logs never contain a secret: the whole flow (sign-up, configure, connect through
//! the loopback redirect, sync with token refreshes, status, disconnect, then an API
//! key, then the key of `.wakatime.cfg`) runs with `RUST_LOG=trace`, and everything
//! the CLI printed on standard output and standard error is searched for the
//! password, every code, verifier and token the stand-in saw or issued, the API key,
//! the client secret (and a system-wide file's) and the Fernet key.

use std::process::Output;

use fake_wakatime::{FakeWakatime, Options};
use test_support::{
    account_args, api_key_connect_args, authorize_address, browser_hop, free_port,
    loopback_connect_args, student_signup_args, text, Cli, FERNET_KEY as KEY, SYSTEM_CONFIG_FILE,
};
use wakadesk_core::oauth::{loopback_redirect_uri, DEEP_LINK_REDIRECT_URI};
use wakadesk_core::secret::Secret;
use wakadesk_core::vault::TokenVault;

const PASSWORD: &str = "unguessable-Passphrase-4711";
const EMAIL: &str = "ada@example.com";
const SYSTEM_FILE_SECRET: &str = "school-secret-in-etc";

struct Flow {
    dir: tempfile::TempDir,
    fake: FakeWakatime,
    port: u16,
    cli: Cli,
    /// Everything printed, by every command.
    transcript: String,
    /// Tokens seen in the database along the way, decrypted.
    stored: Vec<String>,
}

impl Flow {
    fn record(&mut self, args: &[&str], out: &Output) {
        self.transcript.push_str(&format!(
            "$ {}\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
        self.snapshot_tokens();
    }

    fn run(&mut self, args: &[&str], stdin: &str) -> Output {
        let out = self.cli.run(args, stdin);
        self.record(args, &out);
        out
    }

    fn as_account(&mut self, args: &[&str]) -> Output {
        let out = self.run(&account_args(EMAIL, args), &format!("{PASSWORD}\n"));
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// `connect` through the loopback redirect, the test playing the browser.
    fn connect(&mut self) {
        let port = self.port.to_string();
        let args = loopback_connect_args(EMAIL, &port);
        let (child, lines) = self.cli.spawn_reading(&args, &format!("{PASSWORD}\n"));
        let mut printed = String::new();
        let authorize =
            authorize_address(&lines, &mut printed).expect("connect printed an address");
        let back = browser_hop(&authorize).and_then(|hop| hop.location);
        browser_hop(&back.expect("the stand-in approves at once")).expect("the CLI answers");
        let mut out = child.wait_with_output().unwrap();
        printed.extend(lines.iter().map(|line| line + "\n"));
        out.stdout = printed.into_bytes();
        assert!(
            out.status.success(),
            "connect: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.record(&args, &out);
    }

    fn snapshot_tokens(&mut self) {
        let db = rusqlite::Connection::open(self.dir.path().join("wakadesk.sqlite3")).unwrap();
        let vault = TokenVault::from_key(&Secret::from(KEY)).unwrap();
        let mut stmt = db
            .prepare(
                "SELECT wakatime_access_token_encrypted FROM user
                 UNION ALL SELECT wakatime_refresh_token_encrypted FROM user
                 UNION ALL SELECT value FROM setting WHERE key LIKE '%secret%'",
            )
            .unwrap();
        let sealed: Vec<Option<String>> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for s in sealed.into_iter().flatten() {
            let plain = vault.decrypt(&s).expect("stored with the test's key");
            self.stored.push(plain.expose().clone());
        }
    }
}

#[test]
fn the_whole_flow_at_trace_level_never_prints_a_secret() {
    let port = free_port();
    // Hour-long tokens: every use within a day of expiry refreshes, so refresh tokens
    // and new access tokens flow through the run too.
    let fake = FakeWakatime::start_blocking(
        Options::default()
            .with_switches(|s| {
                s.auto_approve = true;
                s.token_lifetime_secs = 3600;
            })
            .with_redirect_uris([
                loopback_redirect_uri(port),
                DEEP_LINK_REDIRECT_URI.to_owned(),
            ]),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(env!("CARGO_BIN_EXE_wakadesk-cli"), dir.path())
        .stand_in(&fake)
        .env("RUST_LOG", "trace");
    let mut flow = Flow {
        dir,
        fake,
        port,
        cli,
        transcript: String::new(),
        stored: Vec::new(),
    };

    let signup = student_signup_args(EMAIL, "Ada");
    assert!(flow.run(&signup, &format!("{PASSWORD}\n")).status.success());
    let secret = flow.fake.client_secret().to_owned();
    let configure = [
        "configure",
        "--email",
        EMAIL,
        "--password-stdin",
        "--client-id",
        "fake-client-id",
        "--client-secret-stdin",
    ];
    // Saved settings are only changed where the environment does not fix them.
    let with_env = flow.cli.clone();
    flow.cli = with_env
        .clone()
        .env_remove("WAKATIME_CLIENT_ID")
        .env_remove("WAKATIME_CLIENT_SECRET");
    let configured = flow.run(&configure, &format!("{PASSWORD}\n{secret}\n"));
    assert!(configured.status.success(), "{}", text(&configured.stderr));
    flow.cli = with_env;
    flow.run(&["doctor"], "");
    let wrong = flow.run(
        &account_args(EMAIL, &["status"]),
        &format!("{PASSWORD}-wrong\n"),
    );
    assert_eq!(
        wrong.status.code(),
        Some(1),
        "a failed log-in is logged too"
    );
    flow.connect();
    flow.as_account(&["stats", "--sync"]);
    flow.as_account(&["stats", "--sync", "--json", "--range", "last_year"]);
    flow.as_account(&["status"]);
    flow.run(&["users", "--json"], "");
    flow.as_account(&["disconnect"]);
    let api_key = flow.fake.api_key().unwrap().to_owned();
    let api = flow.fake.api_url();
    let key_connect = api_key_connect_args(EMAIL, &api);
    let out = flow.run(&key_connect, &format!("{PASSWORD}\n{api_key}\n"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    flow.as_account(&["stats", "--sync"]);
    flow.as_account(&["disconnect"]);

    // The student's own WakaTime configuration, and a school's system-wide file.
    std::fs::write(
        flow.dir.path().join(".wakatime.cfg"),
        format!("[settings]\napi_url = {api}\napi_key = {api_key}\n"),
    )
    .unwrap();
    std::fs::write(
        flow.dir.path().join(SYSTEM_CONFIG_FILE),
        format!("client_id = \"school\"\nclient_secret = \"{SYSTEM_FILE_SECRET}\"\n"),
    )
    .unwrap();
    flow.run(&["doctor"], "");
    flow.as_account(&["connect", "--from-wakatime-config"]);
    flow.as_account(&["disconnect"]);

    let mut needles: Vec<(String, String)> = vec![
        ("the password".into(), PASSWORD.into()),
        ("the Fernet key".into(), KEY.into()),
        ("the client secret".into(), secret),
        ("the API key".into(), api_key),
        ("the system file's secret".into(), SYSTEM_FILE_SECRET.into()),
    ];
    for request in flow.fake.requests_to("/oauth/token") {
        for field in ["code", "code_verifier", "refresh_token", "client_secret"] {
            if let Some(v) = request.form_param(field) {
                needles.push((format!("a token request's {field}"), v.to_owned()));
            }
        }
    }
    for request in flow.fake.requests_to("/oauth/revoke") {
        if let Some(v) = request.form_param("token") {
            needles.push(("a revoked token".into(), v.to_owned()));
        }
    }
    for token in &flow.stored {
        needles.push(("a stored token".into(), token.clone()));
    }
    let refreshes = flow
        .fake
        .requests_to("/oauth/token")
        .iter()
        .filter(|r| r.form_param("grant_type") == Some("refresh_token"))
        .count();
    assert!(
        refreshes >= 1,
        "the run refreshed tokens ({refreshes} refreshes)"
    );
    assert!(
        needles.len() >= 10,
        "secrets to look for: {}",
        needles.len()
    );

    let transcript = &flow.transcript;
    for (what, needle) in &needles {
        assert!(!needle.is_empty(), "{what} is known");
        assert!(
            !transcript.contains(needle.as_str()),
            "{what} appears in the output:\n{}",
            context(transcript, needle)
        );
    }
    for prefix in ["waka_tok_", "waka_ref_", "waka_sec_", "Bearer ", "Basic "] {
        assert!(
            !transcript.contains(prefix),
            "something like a credential ({prefix}) appears:\n{}",
            context(transcript, prefix)
        );
    }
    let log_lines = transcript
        .lines()
        .filter(|l| l.contains(" TRACE ") || l.contains(" DEBUG "))
        .count();
    assert!(
        log_lines >= 40,
        "the log was verbose: {log_lines} lines\n{transcript}"
    );
    for step in [
        "logged in as account",
        "loopback redirect listening",
        "sync: ",
        "disconnected",
    ] {
        assert!(transcript.contains(step), "the log names the step {step:?}");
    }
    if std::env::var_os("WAKADESK_SHOW_TRANSCRIPT").is_some() {
        eprintln!("{transcript}");
    }
    eprintln!(
        "searched {} bytes ({log_lines} log lines) for {} secrets",
        transcript.len(),
        needles.len()
    );
}

#[test]
fn without_rust_log_nothing_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(env!("CARGO_BIN_EXE_wakadesk-cli"), dir.path());
    let out = cli.run(&["users"], "");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "stderr stays quiet"
    );
    let out = cli
        .env("RUST_LOG", "wakadesk_cli=debug")
        .run(&["users"], "");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("data directory"),
        "RUST_LOG is respected"
    );
}

/// The lines around the first occurrence of `needle`, for the failure message.
fn context(haystack: &str, needle: &str) -> String {
    let at = haystack.find(needle).unwrap_or(0);
    let start = haystack[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = haystack[at..].find('\n').map_or(haystack.len(), |i| at + i);
    haystack[start..end].to_owned()
}

#[test]
fn a_key_pasted_into_the_server_address_is_refused_unsent_and_unprinted() {
    let fake =
        FakeWakatime::start_blocking(Options::default().with_flavor(fake_wakatime::Flavor::Wakapi))
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(env!("CARGO_BIN_EXE_wakadesk-cli"), dir.path())
        .stand_in(&fake)
        .env("RUST_LOG", "trace");
    let signup = student_signup_args(EMAIL, "Ada");
    assert!(cli.run(&signup, &format!("{PASSWORD}\n")).status.success());
    let key = fake.api_key().unwrap();
    let server = format!("{}?api_key={key}", fake.heartbeat_root());
    let out = cli.run(
        &api_key_connect_args(EMAIL, &server),
        &format!("{PASSWORD}\n{key}\n"),
    );
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains("without a query"), "{printed}");
    assert!(!printed.contains(key), "the key is not printed: {printed}");
    assert!(fake.requests().is_empty(), "nothing was sent to the server");
}
