//! `WAKADESK_NOW`: the command runs at the instant it names, and a value that is not
//! an RFC 3339 instant stops it before anything is written.

use std::path::Path;
use std::process::Output;

use test_support::{student_signup_args, Cli};

fn signup(data_dir: &Path, now: Option<&str>) -> Output {
    let cli = Cli::new(env!("CARGO_BIN_EXE_wakadesk-cli"), data_dir);
    let cli = match now {
        Some(now) => cli.env("WAKADESK_NOW", now),
        None => cli.env_remove("WAKADESK_NOW"),
    };
    cli.run(
        &student_signup_args("ada@example.com", "Ada"),
        "analytical-engine\n",
    )
}

fn created_at(data_dir: &Path) -> Vec<i64> {
    let db = rusqlite::Connection::open(data_dir.join("wakadesk.sqlite3")).unwrap();
    let mut stmt = db.prepare("SELECT created_at FROM user").unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

#[test]
fn a_sign_up_is_stamped_with_the_instant_wakadesk_now_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = signup(dir.path(), Some("2030-01-02T05:04:05+02:00"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stamped = created_at(dir.path());
    assert_eq!(stamped.len(), 1);
    assert!(
        (1_893_553_445..1_893_553_445 + 60).contains(&stamped[0]),
        "2030-01-02 03:04:05 UTC, give or take the run: {stamped:?}"
    );
}

#[test]
fn an_invalid_wakadesk_now_is_an_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["", "tomorrow", "2030-01-02"] {
        let out = signup(dir.path(), Some(bad));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{bad:?}: {stderr}");
        assert!(
            stderr.contains("WAKADESK_NOW") && stderr.contains("RFC 3339"),
            "{bad:?}: {stderr}"
        );
    }
    assert!(
        !dir.path().join("wakadesk.sqlite3").exists(),
        "nothing was written"
    );
    let out = signup(dir.path(), None);
    assert!(out.status.success(), "without it, the system clock");
}
