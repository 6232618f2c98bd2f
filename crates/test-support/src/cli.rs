//! The real `wakadesk-cli` binary, run as a person would: on a data directory of the
//! test's, with the test Fernet key (no keyring needed), pointed at a stand-in when the
//! test has one, its input on stdin and its output captured.

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use fake_wakatime::FakeWakatime;

/// The system-wide file's name in the data directory of a test (see [`Cli::new`]).
pub const SYSTEM_CONFIG_FILE: &str = "system-wakatime.toml";

/// How to start the binary: its path (`env!("CARGO_BIN_EXE_wakadesk-cli")`, which only
/// the CLI's own tests know) and the environment it gets.
#[derive(Debug, Clone)]
pub struct Cli {
    program: PathBuf,
    /// Each variable set to a value, or removed (None).
    env: Vec<(String, Option<String>)>,
}

impl Cli {
    /// The binary on `data_dir`, with the test Fernet key and without `RUST_LOG`. The
    /// machine's system-wide file and the tester's own `~/.wakatime.cfg` stay out of
    /// it: both are looked for in `data_dir` (`WAKADESK_SYSTEM_CONFIG`,
    /// `WAKATIME_HOME`), where a test writes them when it wants them.
    pub fn new(program: impl Into<PathBuf>, data_dir: &Path) -> Self {
        Self {
            program: program.into(),
            env: Vec::new(),
        }
        .env("WAKADESK_DATA_DIR", data_dir.display())
        .env("WAKADESK_FERNET_KEY", crate::FERNET_KEY)
        .env(
            "WAKADESK_SYSTEM_CONFIG",
            data_dir.join(SYSTEM_CONFIG_FILE).display(),
        )
        .env("WAKATIME_HOME", data_dir.display())
        .env_remove("RUST_LOG")
    }

    /// Points it at `fake`: the registered app (`WAKATIME_CLIENT_ID`, `_SECRET`) and the
    /// server (`WAKATIME_BASE_URL`, `WAKATIME_API_URL`).
    pub fn stand_in(self, fake: &FakeWakatime) -> Self {
        self.env("WAKATIME_CLIENT_ID", fake.client_id())
            .env("WAKATIME_CLIENT_SECRET", fake.client_secret())
            .env("WAKATIME_BASE_URL", fake.base_url())
            .env("WAKATIME_API_URL", fake.api_url())
    }

    pub fn env(mut self, name: &str, value: impl ToString) -> Self {
        self.env.retain(|(set, _)| set != name);
        self.env.push((name.to_owned(), Some(value.to_string())));
        self
    }

    pub fn env_remove(mut self, name: &str) -> Self {
        self.env.retain(|(set, _)| set != name);
        self.env.push((name.to_owned(), None));
        self
    }

    /// The command with `args`, every stream piped.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.program);
        command
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in &self.env {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        command
    }

    /// Starts it and writes `stdin` (then closes it). A child that exits or is killed
    /// before reading its input is not an error.
    pub fn spawn(&self, args: &[&str], stdin: &str) -> Child {
        let mut child = self
            .command(args)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", self.program.display()));
        let mut input = child.stdin.take().expect("stdin is piped");
        let _ = input.write_all(stdin.as_bytes());
        child
    }

    /// Like `spawn`, and forwards each line it prints on stdout, as it prints it, to the
    /// receiver (which ends when stdout closes), so the pipe never fills.
    pub fn spawn_reading(&self, args: &[&str], stdin: &str) -> (Child, Receiver<String>) {
        let mut child = self.spawn(args, stdin);
        let stdout = child.stdout.take().expect("stdout is piped");
        let (lines, received) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        (child, received)
    }

    /// Runs it to the end.
    pub fn run(&self, args: &[&str], stdin: &str) -> Output {
        let child = self.spawn(args, stdin);
        child.wait_with_output().expect("the CLI's output")
    }

    /// Signs up `email` (named Ada, not a student) with `password_line` on stdin; a
    /// failure fails the test with the CLI's message.
    pub fn sign_up(&self, email: &str, password_line: &str) {
        let args = [
            "signup",
            "--email",
            email,
            "--name",
            "Ada",
            "--password-stdin",
        ];
        let out = self.run(&args, password_line);
        assert!(out.status.success(), "signup: {}", crate::text(&out.stderr));
    }
}

/// `signup` of a student in batch 2026-A, project Compiler, the password on stdin.
pub fn student_signup_args<'a>(email: &'a str, name: &'a str) -> [&'a str; 11] {
    [
        "signup",
        "--email",
        email,
        "--name",
        name,
        "--student",
        "--batch",
        "2026-A",
        "--project",
        "Compiler",
        "--password-stdin",
    ]
}

/// `args` as the account `email`, whose password comes first on stdin.
pub fn account_args<'a>(email: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut full = args.to_vec();
    full.extend(["--email", email, "--password-stdin"]);
    full
}

/// `connect` of the account `email` to `server` by API key: the password, then the
/// key, on stdin.
pub fn api_key_connect_args<'a>(email: &'a str, server: &'a str) -> Vec<&'a str> {
    account_args(email, &["connect", "--server", server, "--api-key-stdin"])
}

/// `connect` of the account `email` through the browser: the redirect on the loopback
/// `port`, no browser opened (the test plays it), the password on stdin.
pub fn loopback_connect_args<'a>(email: &'a str, port: &'a str) -> Vec<&'a str> {
    account_args(email, &["connect", "--no-browser", "--port", port])
}

/// The address `connect` prints for the browser, among the `lines` it printed; None
/// if it printed none within 20 seconds. Lines before it are added to `printed`.
pub fn authorize_address(lines: &Receiver<String>, printed: &mut String) -> Option<String> {
    while let Ok(line) = lines.recv_timeout(Duration::from_secs(20)) {
        printed.push_str(&line);
        printed.push('\n');
        if line.starts_with("http") {
            return Some(line.trim().to_owned());
        }
    }
    None
}
