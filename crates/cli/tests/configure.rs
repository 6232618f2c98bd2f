//! `configure` changes the WakaTime app for every account on the computer, so only the
//! account created first may, proving it with its password on the first line of
//! standard input (the secret on the second); values from the environment stay fixed.

use std::path::Path;
use std::process::Output;

use test_support::{student_signup_args, text, Cli};

const BIN: &str = env!("CARGO_BIN_EXE_wakadesk-cli");
const ADA: &str = "ada@example.com";
const ALAN: &str = "alan@example.com";

fn cli(dir: &Path) -> Cli {
    Cli::new(BIN, dir)
        .env_remove("WAKATIME_CLIENT_ID")
        .env_remove("WAKATIME_CLIENT_SECRET")
}

fn sign_up(dir: &Path, email: &str, password: &str) {
    let out = cli(dir).run(
        &student_signup_args(email, "A student"),
        &format!("{password}\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

fn configure(cli: &Cli, email: &str, stdin: &str) -> Output {
    let args = [
        "configure",
        "--email",
        email,
        "--password-stdin",
        "--client-id",
        "client-2",
        "--client-secret-stdin",
    ];
    cli.run(&args, stdin)
}

fn configured(dir: &Path) -> bool {
    let out = cli(dir).run(&["doctor"], "");
    text(&out.stdout).contains("client-2")
}

#[test]
fn only_the_first_account_with_its_password_changes_the_app() {
    let dir = tempfile::tempdir().unwrap();
    sign_up(dir.path(), ADA, "analytical-engine");
    sign_up(dir.path(), ALAN, "enigma-machine");

    let out = configure(&cli(dir.path()), ALAN, "enigma-machine\nsecret-2\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Only the account created first on this computer"),
        "{}",
        text(&out.stderr)
    );

    let out = configure(&cli(dir.path()), ADA, "not-her-password\nsecret-2\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("That is not this account's password"),
        "{}",
        text(&out.stderr)
    );

    let out = configure(&cli(dir.path()), ADA, "analytical-engine\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Enter the client secret"),
        "the secret is the second line: {}",
        text(&out.stderr)
    );
    assert!(!configured(dir.path()), "nothing was saved so far");

    let out = configure(&cli(dir.path()), ADA, "analytical-engine\nsecret-2\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(configured(dir.path()), "saved");
}

#[test]
fn an_app_set_in_the_environment_cannot_be_changed() {
    let dir = tempfile::tempdir().unwrap();
    sign_up(dir.path(), ADA, "analytical-engine");
    let fixed = cli(dir.path())
        .env("WAKATIME_CLIENT_ID", "client-1")
        .env("WAKATIME_CLIENT_SECRET", "secret-1");
    let out = configure(&fixed, ADA, "analytical-engine\nsecret-2\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("environment variables"),
        "{}",
        text(&out.stderr)
    );
    assert!(!configured(dir.path()));
}
