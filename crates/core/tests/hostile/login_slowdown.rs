//! Repeated failed log-ins slow down: after five attempts within fifteen minutes each
//! further one is refused with the wait in words, the wait grows, a success resets
//! it, a restart does not, unknown emails get exactly the same answers, and parallel
//! attempts cannot slip past the count.

use std::path::Path;

use time::macros::datetime;
use time::OffsetDateTime;
use wakadesk_core::accounts::{self, throttle, SignupForm};
use wakadesk_core::clock::{Clock, TestClock};
use wakadesk_core::db::{Database, SharedDatabase};
use wakadesk_core::secret::Secret;

use crate::support::{ADA, PASSWORD};

/// The database and the clock its log-ins see. The clock stands still, so an
/// announced wait is exact; only `let_the_wait_pass` moves it.
struct Pinned {
    db: SharedDatabase,
    clock: TestClock,
}

impl Pinned {
    fn open(dir: &Path) -> Self {
        Self {
            db: SharedDatabase::new(Database::open_in(dir).unwrap()),
            clock: TestClock::at(datetime!(2026-11-25 12:00 UTC)),
        }
    }
}

fn signed_up() -> (tempfile::TempDir, Pinned) {
    let dir = tempfile::tempdir().unwrap();
    let pinned = Pinned::open(dir.path());
    accounts::signup(
        &pinned.db,
        &SignupForm {
            email: ADA.into(),
            name: "Ada".into(),
            password: Secret::from(PASSWORD),
            student: None,
        },
        &pinned.clock,
    )
    .unwrap();
    (dir, pinned)
}

/// The error code and message of one attempt ("ok" for a success).
fn attempt(at: &Pinned, email: &str, password: &str) -> (String, String) {
    match accounts::login(&at.db, email, &Secret::from(password), &at.clock) {
        Ok(_) => ("ok".into(), String::new()),
        Err(e) => (e.code().to_owned(), e.to_string()),
    }
}

/// The wait announced by a refusal, checked against the exact wording.
fn announced_wait(message: &str) -> i64 {
    let n = message
        .strip_prefix("Too many failed attempts; try again in ")
        .and_then(|rest| rest.strip_suffix(" seconds."))
        .unwrap_or_else(|| panic!("unexpected wording: {message}"));
    n.parse().unwrap()
}

/// Moves the clock to the end of the current wait.
fn let_the_wait_pass(at: &Pinned) {
    let until: Option<i64> = at
        .db
        .lock()
        .conn()
        .query_row("SELECT max(locked_until) FROM login_throttle", [], |r| {
            r.get(0)
        })
        .unwrap();
    let until = until.unwrap_or(0).max(at.clock.unix());
    at.clock
        .set(OffsetDateTime::from_unix_timestamp(until).unwrap());
}

#[test]
fn the_sixth_attempt_is_refused_with_the_wait_even_with_the_right_password() {
    let (_d, db) = signed_up();
    for i in 1..=5 {
        assert_eq!(
            attempt(&db, ADA, "wrong password").0,
            "bad_credentials",
            "attempt {i}"
        );
    }
    let (code, message) = attempt(&db, ADA, PASSWORD);
    assert_eq!(
        code, "too_many_attempts",
        "the right password waits too: {message}"
    );
    let wait = announced_wait(&message);
    assert!((1..=throttle::FIRST_WAIT_SECS).contains(&wait), "{message}");
}

#[test]
fn each_failure_after_a_wait_doubles_the_next_wait_and_a_success_resets_it() {
    let (_d, db) = signed_up();
    for _ in 0..5 {
        attempt(&db, ADA, "wrong password");
    }
    let mut previous = throttle::FIRST_WAIT_SECS;
    for _ in 0..3 {
        let_the_wait_pass(&db);
        assert_eq!(
            attempt(&db, ADA, "wrong password").0,
            "bad_credentials",
            "checked again"
        );
        let (code, message) = attempt(&db, ADA, "wrong password");
        assert_eq!(code, "too_many_attempts");
        let wait = announced_wait(&message);
        assert!(
            wait > previous && wait <= 2 * previous,
            "the wait grows: {previous} then {wait}"
        );
        previous = wait;
    }
    let_the_wait_pass(&db);
    assert_eq!(
        attempt(&db, ADA, PASSWORD).0,
        "ok",
        "the right password after the wait"
    );
    for i in 1..=5 {
        assert_eq!(
            attempt(&db, ADA, "wrong password").0,
            "bad_credentials",
            "count reset: {i}"
        );
    }
    assert_eq!(attempt(&db, ADA, "wrong password").0, "too_many_attempts");
}

#[test]
fn unknown_emails_get_exactly_the_same_answers_as_existing_ones() {
    let (_d, db) = signed_up();
    let answers = |email: &str| -> Vec<(String, String)> {
        (0..7)
            .map(|_| attempt(&db, email, "wrong password"))
            .collect()
    };
    let known = answers(ADA);
    let unknown = answers("nobody@example.com");
    let strip = |a: Vec<(String, String)>| -> Vec<(String, String)> {
        // The seconds left may differ by one between the two runs.
        a.into_iter()
            .map(|(c, m)| (c, m.chars().filter(|ch| !ch.is_ascii_digit()).collect()))
            .collect()
    };
    assert_eq!(strip(known), strip(unknown), "same codes and messages");
    let stored: Vec<String> = db
        .db
        .lock()
        .conn()
        .prepare("SELECT email_hash FROM login_throttle")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stored.len(), 2, "one count per email");
    assert!(
        stored.iter().all(|h| !h.contains('@')),
        "typed emails are not kept in clear: {stored:?}"
    );
}

#[test]
fn the_count_survives_closing_and_reopening_the_database() {
    let (dir, db) = signed_up();
    for _ in 0..5 {
        attempt(&db, ADA, "wrong password");
    }
    drop(db);
    let reopened = Pinned::open(dir.path());
    assert_eq!(
        attempt(&reopened, ADA, PASSWORD).0,
        "too_many_attempts",
        "a restart does not reset the count"
    );
}

#[test]
fn letter_case_and_spaces_do_not_give_an_email_a_fresh_count() {
    let (_d, db) = signed_up();
    for email in [
        ADA,
        "ADA@example.com",
        " Ada@Example.Com ",
        "ada@EXAMPLE.com",
        ADA,
    ] {
        assert_eq!(attempt(&db, email, "wrong password").0, "bad_credentials");
    }
    assert_eq!(
        attempt(&db, "Ada@example.com", PASSWORD).0,
        "too_many_attempts"
    );
}

#[test]
fn twenty_parallel_attempts_get_exactly_five_password_checks() {
    let (dir, db) = signed_up();
    drop(db);
    let path = dir.path().to_path_buf();
    let handles: Vec<_> = (0..20)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let db = Pinned::open(&path);
                attempt(&db, ADA, "wrong password").0
            })
        })
        .collect();
    let mut codes: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    codes.sort();
    let checked = codes.iter().filter(|c| *c == "bad_credentials").count();
    let refused = codes.iter().filter(|c| *c == "too_many_attempts").count();
    assert_eq!((checked, refused), (5, 15), "{codes:?}");
}
