//! The keyring locked, then gone, in the middle of a session: every command that needs
//! the key says so clearly and at once (never waiting for an unlock prompt nobody can
//! answer), and once the keyring is back nothing is lost.
//!
//! Everything is real and started here: a private D-Bus bus, gnome-keyring-daemon with a
//! fresh login keyring, the WakaTime stand-in and the `wakadesk-cli` binary. The
//! display (from scripts/test-session.sh) lets the keyring show its unlock prompt, as on
//! a desktop, so a client that asks for one waits; the test shows that `secret-tool`
//! does, and that the CLI does not.

mod private_keyring;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use fake_wakatime::{FakeWakatime, Flavor, Options};
use rusqlite::types::Value;
use rusqlite::Connection;
use test_support::{account_args, api_key_connect_args, student_signup_args, text, Cli};
use wakadesk_core::vault::KEYRING_ACCOUNT;
use wakadesk_core::APP_IDENTIFIER;

use private_keyring::{finish_within, PrivateKeyring, KEYRING_PASSWORD};

const PASSWORD: &str = "analytical-engine-1843";
const EMAIL: &str = "ada@example.com";
/// How long a command may take to say the keyring is locked or gone.
const QUICK: Duration = Duration::from_secs(10);
/// A command still running after this hangs: it is killed and the test fails.
const DEADLINE: Duration = Duration::from_secs(45);
/// How long `secret-tool` must keep waiting to show that a prompt waits here.
const PROMPT_WAIT: Duration = Duration::from_secs(3);

/// The data directory, the stand-in and the private keyring, and every byte the CLI
/// printed, to be searched for secrets.
struct Lab {
    _dir: tempfile::TempDir,
    data: PathBuf,
    fake: FakeWakatime,
    keyring: PrivateKeyring,
    printed: Vec<(String, String)>,
}

impl Lab {
    fn new() -> Self {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "no DISPLAY: run this test under scripts/test-session.sh, which gives the \
             keyring a display for its unlock prompt, as a desktop session does"
        );
        let keyring = PrivateKeyring::start();
        let fake = FakeWakatime::start_blocking(Options::default().with_flavor(Flavor::Wakapi))
            .expect("stand-in starts");
        let dir = tempfile::tempdir().unwrap();
        Self {
            data: dir.path().join("data"),
            _dir: dir,
            fake,
            keyring,
            printed: Vec::new(),
        }
    }

    fn api_key(&self) -> String {
        self.fake.api_key().unwrap().to_owned()
    }

    /// Runs the CLI on the private bus with the keyring as its only key source; kills it
    /// and fails at [`DEADLINE`]. Returns its output and how long it took.
    fn run(&mut self, args: &[&str], stdin: &str) -> (Output, Duration) {
        let started = Instant::now();
        let child = Cli::new(env!("CARGO_BIN_EXE_wakadesk-cli"), &self.data)
            .env("DBUS_SESSION_BUS_ADDRESS", self.keyring.bus_address())
            .env_remove("WAKADESK_FERNET_KEY")
            .env("WAKATIME_BASE_URL", self.fake.base_url())
            .env("WAKATIME_API_URL", self.fake.api_url())
            .spawn(args, stdin);
        let out = finish_within(child, DEADLINE).unwrap_or_else(|out| {
            panic!(
                "wakadesk-cli {args:?} hung: still running after {} s (killed). \
                 stdout: {} stderr: {}",
                DEADLINE.as_secs(),
                text(&out.stdout),
                text(&out.stderr)
            )
        });
        let took = started.elapsed();
        let name = args.join(" ");
        self.printed
            .push((format!("{name} (stdout)"), text(&out.stdout)));
        self.printed
            .push((format!("{name} (stderr)"), text(&out.stderr)));
        (out, took)
    }

    fn as_account(&mut self, args: &[&str]) -> (Output, Duration) {
        self.run(&account_args(EMAIL, args), &format!("{PASSWORD}\n"))
    }

    fn connect_api_key(&mut self) -> (Output, Duration) {
        let api = self.fake.api_url();
        let stdin = format!("{PASSWORD}\n{}\n", self.api_key());
        self.run(&api_key_connect_args(EMAIL, &api), &stdin)
    }

    fn ok(&mut self, args: &[&str]) -> String {
        let (out, _) = self.as_account(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    /// Every command that needs the key fails with exit status 1, quickly, with a
    /// message containing each of `expected`. Returns the slowest time.
    fn every_key_command_fails(&mut self, phase: &str, expected: &[&str]) -> Duration {
        let mut slowest = Duration::ZERO;
        for what in [
            "status",
            "stats",
            "stats --sync",
            "disconnect",
            "connect --api-key-stdin",
            "doctor",
        ] {
            let (out, took) = match what {
                "status" => self.as_account(&["status"]),
                "stats" => self.as_account(&["stats"]),
                "stats --sync" => self.as_account(&["stats", "--sync", "--json"]),
                "disconnect" => self.as_account(&["disconnect"]),
                "connect --api-key-stdin" => self.connect_api_key(),
                _ => self.run(&["doctor"], ""),
            };
            let err = text(&out.stderr);
            assert!(
                took < QUICK,
                "{phase}: {what} took {took:?} to answer (at most {QUICK:?}): {err}"
            );
            assert_eq!(
                out.status.code(),
                Some(1),
                "{phase}: {what} must fail; stdout: {} stderr: {err}",
                text(&out.stdout)
            );
            for words in expected {
                assert!(
                    err.contains(words),
                    "{phase}: {what} must say {words:?}; it said: {err}"
                );
            }
            slowest = slowest.max(took);
        }
        slowest
    }

    fn db(&self) -> Connection {
        Connection::open(self.data.join("wakadesk.sqlite3")).unwrap()
    }

    /// SQLite's own checks pass; then every row of the tables that must survive.
    fn stored(&self, context: &str) -> Vec<Vec<Vec<Value>>> {
        let db = self.db();
        test_support::assert_sound(&db, context);
        ["user", "student", "daily_total"]
            .iter()
            .map(|table| rows(&db, table))
            .collect()
    }

    /// Fails if anything the CLI printed so far contains one of `secrets`.
    fn assert_nothing_printed(&self, secrets: &[(&str, &str)]) {
        for (name, secret) in secrets {
            assert!(!secret.is_empty());
            for (what, printed) in &self.printed {
                assert!(
                    !printed.contains(secret),
                    "{what} printed the {name}: {printed}"
                );
            }
        }
    }
}

fn rows(db: &Connection, table: &str) -> Vec<Vec<Value>> {
    let mut statement = db
        .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
        .unwrap();
    let columns = statement.column_count();
    statement
        .query_map([], |row| {
            (0..columns).map(|i| row.get::<_, Value>(i)).collect()
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The data directory holds the database and SQLite's files and nothing else, and no
/// file in it holds `key`: the key was never written next to the data as a fallback.
fn assert_no_key_in(data: &Path, key: &str) {
    for entry in std::fs::read_dir(data).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        assert!(
            [
                "wakadesk.sqlite3",
                "wakadesk.sqlite3-wal",
                "wakadesk.sqlite3-shm"
            ]
            .contains(&name.as_str()),
            "unexpected file in the data directory: {name}"
        );
        let bytes = std::fs::read(entry.path()).unwrap();
        assert!(
            !bytes
                .windows(key.len())
                .any(|window| window == key.as_bytes()),
            "{name} contains the Fernet key"
        );
    }
}

#[test]
fn a_locked_then_missing_keyring_is_named_at_once_and_nothing_is_lost() {
    let started = Instant::now();
    let mut lab = Lab::new();

    // With the keyring: an account, a student, a stored API key and cached figures.
    let (out, _) = lab.run(&student_signup_args(EMAIL, "Ada"), &format!("{PASSWORD}\n"));
    assert!(out.status.success(), "signup: {}", text(&out.stderr));
    let (out, _) = lab.connect_api_key();
    assert!(out.status.success(), "connect: {}", text(&out.stderr));
    let synced = lab.ok(&["stats", "--sync", "--json"]);
    let figures: serde_json::Value = serde_json::from_str(&synced).unwrap();
    assert!(
        figures["total"]["seconds"].as_f64().unwrap() > 0.0,
        "{figures}"
    );
    assert!(lab.ok(&["status"]).starts_with("Connected as ada"));
    let key = lab
        .keyring
        .lookup(APP_IDENTIFIER, KEYRING_ACCOUNT)
        .expect("the Fernet key is in the private keyring");
    assert_eq!(key.trim().len(), 44, "a Fernet key");
    let before = lab.stored("before the keyring was locked");
    assert_eq!(before[0].len(), 1, "one user");
    assert_eq!(before[1].len(), 1, "one student");
    assert!(
        matches!(&before[0][0][4], Value::Text(t) if t.starts_with("gAAAAA")),
        "the API key is stored as Fernet ciphertext: {:?}",
        before[0][0][4]
    );
    assert!(!before[2].is_empty(), "cached days");

    // Locked: named as such, at once, without setting off an unlock prompt.
    lab.keyring.lock_all();
    let locked_slowest = lab.every_key_command_fails(
        "locked keyring",
        &[
            "keyring is locked",
            "Unlock it",
            "log in to the desktop session again",
        ],
    );
    assert!(lab.keyring.is_locked(), "the CLI left the keyring locked");
    assert!(
        !lab.keyring.prompt_is_showing(),
        "the CLI set off an unlock prompt"
    );
    // The hazard is real here: a client that lets the keyring prompt waits for it.
    let control = lab.keyring.secret_tool(
        &[
            "lookup",
            "service",
            APP_IDENTIFIER,
            "username",
            KEYRING_ACCOUNT,
        ],
        PROMPT_WAIT,
    );
    assert!(
        control.is_none(),
        "secret-tool answered on a locked keyring instead of waiting for the unlock \
         prompt ({:?}), so this environment does not show whether the CLI would hang",
        control.map(|o| text(&o.stderr))
    );
    assert!(
        lab.keyring.prompt_is_showing(),
        "secret-tool's unlock prompt appeared on the bus"
    );
    assert_eq!(
        lab.stored("with the keyring locked"),
        before,
        "nothing changed"
    );

    // Gone: the daemon is killed; nothing on the bus can start another.
    lab.keyring.kill_daemon();
    let missing_slowest = lab.every_key_command_fails(
        "no keyring",
        &[
            "No OS keyring is reachable",
            "Start your keyring",
            "stored tokens are kept",
        ],
    );
    assert_eq!(
        lab.stored("with the keyring gone"),
        before,
        "nothing changed"
    );

    // Back, on the same files with the same password: the same key, the same token.
    lab.keyring.start_daemon();
    assert_eq!(
        lab.keyring
            .lookup(APP_IDENTIFIER, KEYRING_ACCOUNT)
            .as_deref(),
        Some(key.as_str()),
        "the keyring still holds the same key; no new one was made"
    );
    assert!(
        lab.keyring.keyrings_dir().join("login.keyring").is_file(),
        "the login keyring file is still there"
    );
    let status = lab.ok(&["status"]);
    assert!(status.starts_with("Connected as ada"), "{status}");
    let cached = lab.ok(&["stats", "--json"]);
    let cached: serde_json::Value = serde_json::from_str(&cached).unwrap();
    assert_eq!(
        cached["total"], figures["total"],
        "the cached figures are unchanged"
    );
    lab.ok(&["stats", "--sync", "--json"]);
    let after = lab.stored("after the keyring came back");
    assert_eq!(
        after[0], before[0],
        "the user row, token included, is intact"
    );
    assert_eq!(after[1], before[1], "the student row is intact");
    assert!(after[2].len() >= before[2].len(), "no cached day lost");

    assert_no_key_in(&lab.data, key.trim());
    let api_key = lab.api_key();
    lab.assert_nothing_printed(&[
        ("account password", PASSWORD),
        ("keyring password", KEYRING_PASSWORD),
        ("API key", &api_key),
        ("Fernet key", key.trim()),
    ]);
    eprintln!(
        "locked: slowest answer {locked_slowest:?}; gone: slowest answer \
         {missing_slowest:?}; whole test {:?}",
        started.elapsed()
    );
}
