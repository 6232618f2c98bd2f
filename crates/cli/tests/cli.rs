//! The real `wakadesk-cli` binary, run as a person would, on a database in a temp dir.

use std::path::Path;
use std::process::{Command, Output};

use test_support::{student_signup_args, text, Cli, FERNET_KEY};
use wakadesk_core::db::Database;

const BIN: &str = env!("CARGO_BIN_EXE_wakadesk-cli");

fn cli(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    Cli::new(BIN, data_dir).run(args, stdin)
}

fn signup_student(dir: &Path, email: &str) -> Output {
    let args = student_signup_args(email, "Ada Lovelace");
    cli(dir, &args, "analytical-engine\n")
}

fn users_json(dir: &Path) -> serde_json::Value {
    let out = cli(dir, &["users", "--json"], "");
    assert!(
        out.status.success(),
        "users --json failed: {}",
        text(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("users --json prints JSON")
}

#[test]
fn signup_prints_the_new_id_and_users_lists_the_student() {
    let dir = tempfile::tempdir().unwrap();
    let out = signup_student(dir.path(), "Ada@Example.com");
    assert!(out.status.success(), "signup failed: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "1", "prints the id");

    let table = cli(dir.path(), &["users"], "");
    let table = text(&table.stdout);
    assert!(table.contains("Ada@Example.com"), "table: {table}");
    assert!(
        table.contains("2026-A") && table.contains("Compiler"),
        "table: {table}"
    );
    assert!(table.contains("not connected"), "table: {table}");

    let json = users_json(dir.path());
    assert_eq!(json[0]["email"], "Ada@Example.com");
    assert_eq!(json[0]["student"], true);
    assert_eq!(json[0]["batch"], "2026-A");
    assert_eq!(json[0]["project"], "Compiler");
    assert_eq!(json[0]["wakatime_connected"], false);
}

#[test]
fn users_json_shows_connected_exactly_when_an_encrypted_token_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    signup_student(dir.path(), "a@example.com");
    let other = cli(
        dir.path(),
        &[
            "signup",
            "--email",
            "b@example.com",
            "--name",
            "Bo",
            "--password-stdin",
        ],
        "password123\n",
    );
    assert!(other.status.success(), "{}", text(&other.stderr));
    let db = Database::open_in(dir.path()).unwrap();
    db.conn()
        .execute(
            "UPDATE user SET wakatime_access_token_encrypted = 'gAAAAABfake', wakatime_username = 'ada' WHERE email = 'a@example.com'",
            [],
        )
        .unwrap();
    let json = users_json(dir.path());
    assert_eq!(
        json[0]["wakatime_connected"], true,
        "token column set: {json}"
    );
    assert_eq!(json[0]["wakatime_username"], "ada");
    assert_eq!(
        json[1]["wakatime_connected"], false,
        "token column NULL: {json}"
    );
    assert_eq!(json[1]["student"], false);
    let printed = text(&cli(dir.path(), &["users", "--json"], "").stdout)
        + &text(&cli(dir.path(), &["users"], "").stdout);
    assert!(
        !printed.contains("gAAAAABfake"),
        "the token column is never printed"
    );
}

#[test]
fn a_duplicate_email_in_another_case_fails_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    signup_student(dir.path(), "ada@example.com");
    let out = signup_student(dir.path(), "ADA@EXAMPLE.COM");
    assert_eq!(out.status.code(), Some(1), "exit status");
    assert!(
        text(&out.stderr).contains("already exists"),
        "stderr: {}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "no id printed");
    assert_eq!(
        users_json(dir.path()).as_array().unwrap().len(),
        1,
        "still one user"
    );
}

#[test]
fn bad_input_gets_a_clear_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["--email", "nope", "--name", "A"],
            "password123",
            "valid email",
        ),
        (
            &["--email", "a@example.com", "--name", " "],
            "password123",
            "Enter your name",
        ),
        (
            &["--email", "a@example.com", "--name", "A"],
            "short",
            "at least 8",
        ),
        (
            &[
                "--email",
                "a@example.com",
                "--name",
                "A",
                "--student",
                "--project",
                "P",
            ],
            "password123",
            "batch",
        ),
        (
            &[
                "--email",
                "a@example.com",
                "--name",
                "A",
                "--student",
                "--batch",
                "B",
            ],
            "password123",
            "project",
        ),
    ];
    for (args, pw, expected) in cases {
        let mut full = vec!["signup", "--password-stdin"];
        full.extend_from_slice(args);
        let out = cli(dir.path(), &full, pw);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(expected),
            "{args:?}: {err}"
        );
        assert!(!err.contains(pw), "the password is not echoed");
    }
    assert_eq!(
        users_json(dir.path()),
        serde_json::json!([]),
        "nothing written"
    );
}

#[test]
fn an_unwritable_data_directory_is_named_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    let out = cli(&file.join("data"), &["users"], "");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("a-file") && err.contains("WAKADESK_DATA_DIR"),
        "stderr: {err}"
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    signup_student(dir.path(), "a@example.com");
    let db = Database::open_in(dir.path()).unwrap();
    db.conn().pragma_update(None, "user_version", 999).unwrap();
    drop(db);
    let out = cli(dir.path(), &["users"], "");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("newer version of wakadesk"), "stderr: {err}");
    assert_eq!(rusqlite_count(dir.path()), 1, "the user is still there");
}

/// Reads the file without migrating it, as any SQLite tool would.
fn rusqlite_count(dir: &Path) -> i64 {
    let conn = rusqlite::Connection::open(dir.join("wakadesk.sqlite3")).unwrap();
    conn.query_row("SELECT count(*) FROM user", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn doctor_reports_an_invalid_fernet_key_in_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let out = Cli::new(BIN, dir.path())
        .env("WAKADESK_FERNET_KEY", "not-a-key")
        .run(&["doctor"], "");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("WAKADESK_FERNET_KEY is set but is not a valid Fernet key"),
        "{err}"
    );
    assert!(
        !err.contains("not-a-key"),
        "the key value is not echoed: {err}"
    );
}

#[test]
fn doctor_says_no_keyring_is_reachable_and_how_to_fix_it() {
    let dir = tempfile::tempdir().unwrap();
    let no_bus = format!("unix:path={}", dir.path().join("no-bus").display());
    let out = Cli::new(BIN, dir.path())
        .env_remove("WAKADESK_FERNET_KEY")
        .env("DBUS_SESSION_BUS_ADDRESS", no_bus)
        .run(&["doctor"], "");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("No OS keyring is reachable"), "{err}");
    assert!(
        err.contains("WAKADESK_FERNET_KEY"),
        "offers the alternative: {err}"
    );
}

#[test]
fn doctor_reports_a_working_setup() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(dir.path(), &["doctor"], "");
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let version = format!("schema version {}", wakadesk_core::db::LATEST_VERSION);
    assert!(stdout.contains(&version), "{stdout}");
    assert!(
        stdout.contains("WAKADESK_FERNET_KEY environment variable"),
        "{stdout}"
    );
    assert!(!stdout.contains(FERNET_KEY), "the key is not printed");
}

#[test]
fn every_command_has_help() {
    for cmd in [
        &["--help"][..],
        &["signup", "--help"],
        &["users", "--help"],
        &["doctor", "--help"],
        &["connect", "--help"],
        &["status", "--help"],
        &["disconnect", "--help"],
        &["configure", "--help"],
    ] {
        let out = Command::new(BIN).args(cmd).output().unwrap();
        assert!(out.status.success(), "{cmd:?}");
        assert!(
            text(&out.stdout).contains("Usage:"),
            "{cmd:?}: {}",
            text(&out.stdout)
        );
    }
}

#[test]
fn signup_without_password_stdin_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(
        dir.path(),
        &["signup", "--email", "a@example.com", "--name", "A"],
        "",
    );
    assert_eq!(out.status.code(), Some(2), "usage errors exit 2");
    assert!(
        text(&out.stderr).contains("--password-stdin"),
        "{}",
        text(&out.stderr)
    );
}
