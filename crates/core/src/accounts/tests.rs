use time::macros::datetime;
use time::Duration;

use super::*;
use crate::clock::{SystemClock, TestClock};
use crate::db::Database;

fn db() -> (tempfile::TempDir, SharedDatabase) {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open_in(dir.path()).unwrap();
    (dir, SharedDatabase::new(db))
}

fn form(email: &str, student: Option<(&str, &str)>) -> SignupForm {
    SignupForm {
        email: email.into(),
        name: "Ada Lovelace".into(),
        password: Secret::from("analytical-engine"),
        student: student.map(|(batch, project)| self::student(batch, project)),
    }
}

fn count(db: &SharedDatabase, table: &str) -> i64 {
    db.lock()
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_student_signs_up_with_batch_and_project() {
    let (_d, db) = db();
    let a = signup(
        &db,
        &form(" Ada@Example.com ", Some(("2026-A", "Compiler"))),
        &SystemClock,
    )
    .unwrap();
    assert_eq!(a.email, "Ada@Example.com", "stored trimmed, case kept");
    let s = a.student.expect("student part stored");
    assert_eq!(
        (s.batch.as_str(), s.project.as_str()),
        ("2026-A", "Compiler")
    );
    assert!(!a.wakatime.connected, "a new account is not connected");
    assert_eq!((count(&db, "user"), count(&db, "student")), (1, 1));
}

#[test]
fn a_non_student_has_no_student_row() {
    let (_d, db) = db();
    let a = signup(&db, &form("t@example.com", None), &SystemClock).unwrap();
    assert!(a.student.is_none());
    assert_eq!(count(&db, "student"), 0, "no student row for a non-student");
}

#[test]
fn a_duplicate_email_in_another_letter_case_is_refused_and_nothing_written() {
    let (_d, db) = db();
    signup(
        &db,
        &form("ada@example.com", Some(("B1", "P1"))),
        &SystemClock,
    )
    .unwrap();
    let err = signup(
        &db,
        &form("ADA@Example.COM", Some(("B2", "P2"))),
        &SystemClock,
    )
    .unwrap_err();
    assert_eq!(err.code(), "duplicate_email", "got {err}");
    assert_eq!(
        (count(&db, "user"), count(&db, "student")),
        (1, 1),
        "nothing added"
    );
}

#[test]
fn invalid_sign_ups_write_nothing_and_name_the_field() {
    let (_d, db) = db();
    let cases: Vec<(SignupForm, &str, &str)> = vec![
        (form("not-an-email", None), "invalid_email", "email"),
        (
            SignupForm {
                name: "  ".into(),
                ..form("a@example.com", None)
            },
            "empty_name",
            "name",
        ),
        (
            SignupForm {
                password: Secret::from("short"),
                ..form("a@example.com", None)
            },
            "short_password",
            "password",
        ),
        (
            form("a@example.com", Some((" ", "P"))),
            "missing_batch",
            "batch",
        ),
        (
            form("a@example.com", Some(("B", ""))),
            "missing_project",
            "project",
        ),
    ];
    for (f, code, field) in cases {
        let err = signup(&db, &f, &SystemClock).unwrap_err();
        assert_eq!(err.code(), code, "{f:?}");
        let shown = serde_json::to_value(err.field()).unwrap();
        assert_eq!(shown, field, "field of {code}");
    }
    assert_eq!(
        (count(&db, "user"), count(&db, "student")),
        (0, 0),
        "nothing written"
    );
}

#[test]
fn a_failing_student_insert_leaves_no_user_behind() {
    let (_d, db) = db();
    // Make the student insert fail after the user insert succeeded.
    db.lock()
        .conn()
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON student BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;",
        )
        .unwrap();
    let err = signup(&db, &form("a@example.com", Some(("B", "P"))), &SystemClock).unwrap_err();
    assert_eq!(err.code(), "database", "got {err}");
    assert_eq!(
        count(&db, "user"),
        0,
        "user row rolled back with the student row"
    );
}

#[test]
fn login_accepts_the_right_password_in_any_email_case() {
    let (_d, db) = db();
    let created = signup(
        &db,
        &form("ada@example.com", Some(("B", "P"))),
        &SystemClock,
    )
    .unwrap();
    let a = login(
        &db,
        " ADA@example.com",
        &Secret::from("analytical-engine"),
        &SystemClock,
    )
    .unwrap();
    assert_eq!(a, created, "same account back");
}

#[test]
fn a_wrong_password_and_an_unknown_email_give_the_same_error() {
    let (_d, db) = db();
    signup(&db, &form("ada@example.com", None), &SystemClock).unwrap();
    let wrong = login(
        &db,
        "ada@example.com",
        &Secret::from("analytical-engin"),
        &SystemClock,
    )
    .unwrap_err();
    let unknown = login(
        &db,
        "bob@example.com",
        &Secret::from("analytical-engine"),
        &SystemClock,
    )
    .unwrap_err();
    assert_eq!(wrong.code(), "bad_credentials");
    assert_eq!(
        wrong.to_string(),
        unknown.to_string(),
        "indistinguishable messages"
    );
    assert_eq!(wrong.code(), unknown.code(), "indistinguishable codes");
}

#[test]
fn the_database_holds_no_plaintext_password() {
    let (dir, db) = db();
    signup(&db, &form("ada@example.com", None), &SystemClock).unwrap();
    let stored: String = db
        .lock()
        .conn()
        .query_row("SELECT password FROM user", [], |r| r.get(0))
        .unwrap();
    assert!(stored.starts_with("$argon2id$"), "stored {stored}");
    drop(db);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let found = bytes.windows(17).any(|w| w == b"analytical-engine");
        assert!(!found, "plaintext password found on disk");
    }
}

#[test]
fn a_first_start_has_no_account_and_a_sign_up_makes_one() {
    let (_d, db) = db();
    assert!(
        !any_exist(&db.lock()).unwrap(),
        "a fresh data file has none"
    );
    signup(&db, &form("a@example.com", None), &SystemClock).unwrap();
    assert!(any_exist(&db.lock()).unwrap());
}

#[test]
fn list_shows_every_account_with_its_student_part() {
    let (_d, db) = db();
    signup(&db, &form("a@example.com", Some(("B", "P"))), &SystemClock).unwrap();
    signup(&db, &form("b@example.com", None), &SystemClock).unwrap();
    let all = list(&db.lock()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].student.as_ref().map(|s| s.batch.as_str()), Some("B"));
    assert!(all[1].student.is_none());
}

#[test]
fn connected_means_an_encrypted_access_token_is_stored() {
    let (_d, db) = db();
    let a = signup(&db, &form("a@example.com", None), &SystemClock).unwrap();
    db.lock()
        .conn()
        .execute(
            "UPDATE user SET wakatime_access_token_encrypted = 'gAAAA...', wakatime_username = 'ada' WHERE id = ?1",
            [a.id],
        )
        .unwrap();
    let a = get(&db.lock(), a.id).unwrap();
    assert!(a.wakatime.connected, "token column set means connected");
    assert_eq!(a.wakatime.username.as_deref(), Some("ada"));
}

#[test]
fn deleting_a_user_deletes_their_student_row() {
    let (_d, db) = db();
    let a = signup(&db, &form("a@example.com", Some(("B", "P"))), &SystemClock).unwrap();
    db.lock()
        .conn()
        .execute("DELETE FROM user WHERE id = ?1", [a.id])
        .unwrap();
    assert_eq!(
        count(&db, "student"),
        0,
        "ON DELETE CASCADE with foreign keys on"
    );
}

#[test]
fn a_new_account_is_stamped_with_the_clocks_time() {
    let (_d, db) = db();
    let clock = TestClock::at(datetime!(2026-11-25 09:30 UTC));
    let a = signup(&db, &form("a@example.com", None), &clock).unwrap();
    assert_eq!(a.created_at, clock.unix());
}

#[test]
fn at_pinned_instants_the_sixth_failed_log_in_waits_thirty_seconds_to_the_second() {
    let (_d, db) = db();
    let clock = TestClock::at(datetime!(2026-11-25 09:30 UTC));
    signup(&db, &form("ada@example.com", None), &clock).unwrap();
    let attempt =
        |password: &str| match login(&db, "ada@example.com", &Secret::from(password), &clock) {
            Ok(_) => "ok".to_owned(),
            Err(Error::TooManyAttempts { retry_after_secs }) => format!("wait {retry_after_secs}"),
            Err(e) => e.code().to_owned(),
        };
    for i in 1..=5 {
        assert_eq!(attempt("wrong"), "bad_credentials", "attempt {i}");
    }
    assert_eq!(
        attempt("analytical-engine"),
        "wait 30",
        "the clock has not moved"
    );
    clock.advance(Duration::seconds(29));
    assert_eq!(attempt("analytical-engine"), "wait 1");
    clock.advance(Duration::seconds(1));
    assert_eq!(attempt("wrong"), "bad_credentials", "the wait is over");
    assert_eq!(
        attempt("analytical-engine"),
        "wait 60",
        "and the next one doubles"
    );
    clock.advance(Duration::seconds(60));
    assert_eq!(attempt("analytical-engine"), "ok");
}

fn student(batch: &str, project: &str) -> StudentForm {
    StudentForm {
        batch: batch.into(),
        project: project.into(),
    }
}

/// The student row as stored: batch, project, chosen WakaTime name.
fn stored(db: &SharedDatabase, id: i64) -> Option<(String, String, Option<String>)> {
    use rusqlite::OptionalExtension;
    db.lock()
        .conn()
        .query_row(
            "SELECT batch, project, wakatime_project FROM student WHERE user_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .unwrap()
}

#[test]
fn batch_and_project_are_edited_with_the_sign_up_checks_and_bad_input_changes_nothing() {
    let (_d, db) = db();
    let a = signup(
        &db,
        &form("ada@example.com", Some(("2026-A", "Compiler"))),
        &SystemClock,
    )
    .unwrap();
    for (form, code) in [
        (student(" ", "Compiler"), "missing_batch"),
        (student("2026-B", "\t"), "missing_project"),
        (student(&"b".repeat(201), "Compiler"), "too_long"),
        (student("2026-B", &"p".repeat(201)), "too_long"),
    ] {
        let err = update_student(&mut db.lock(), a.id, &form).unwrap_err();
        assert_eq!(err.code(), code, "{form:?}");
        assert_eq!(
            stored(&db, a.id),
            Some(("2026-A".into(), "Compiler".into(), None)),
            "{form:?} wrote nothing"
        );
    }
    let edited = update_student(&mut db.lock(), a.id, &student(" 2026-B ", " Parser ")).unwrap();
    let s = edited.student.expect("still a student");
    assert_eq!(
        (s.batch.as_str(), s.project.as_str()),
        ("2026-B", "Parser"),
        "trimmed as at sign-up"
    );
    let err = update_student(&mut db.lock(), 999, &student("B", "P")).unwrap_err();
    assert_eq!(err.code(), "unknown_user");
}

#[test]
fn a_chosen_wakatime_name_stays_with_the_same_project_and_goes_with_a_new_one() {
    let (_d, db) = db();
    let a = signup(
        &db,
        &form("ada@example.com", Some(("2026-A", "Compiler"))),
        &SystemClock,
    )
    .unwrap();
    let choose = |name: &str| {
        db.lock()
            .conn()
            .execute(
                "UPDATE student SET wakatime_project = ?2 WHERE user_id = ?1",
                rusqlite::params![a.id, name],
            )
            .unwrap();
    };
    choose("cc-2026");
    update_student(&mut db.lock(), a.id, &student("2026-B", "compiler_")).unwrap();
    assert_eq!(
        stored(&db, a.id),
        Some(("2026-B".into(), "compiler_".into(), Some("cc-2026".into()))),
        "the same project written otherwise keeps the choice"
    );
    update_student(&mut db.lock(), a.id, &student("2026-B", "Parser")).unwrap();
    assert_eq!(
        stored(&db, a.id),
        Some(("2026-B".into(), "Parser".into(), None)),
        "a new project is matched afresh"
    );
}

#[test]
fn an_account_without_batch_and_project_becomes_a_student_by_adding_them() {
    let (_d, db) = db();
    let a = signup(&db, &form("t@example.com", None), &SystemClock).unwrap();
    let edited = update_student(&mut db.lock(), a.id, &student("2026-A", "Compiler")).unwrap();
    assert!(edited.student.is_some());
    assert_eq!((count(&db, "user"), count(&db, "student")), (1, 1));
}
