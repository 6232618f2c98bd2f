//! What several CLI test files share: signing up a student, and checking the data file
//! after a fault.

// Each test file compiles its own copy and uses only some of these.
#![allow(dead_code)]

use rusqlite::Connection;

/// `signup` of a student in batch 2026-A, project Compiler, the password on stdin.
pub fn student_signup<'a>(email: &'a str, name: &'a str) -> [&'a str; 11] {
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

/// SQLite's own checks pass: `PRAGMA integrity_check` says "ok" and no foreign key is
/// broken. `context` says when, for the failure message.
pub fn assert_sound(db: &Connection, context: &str) {
    let ok: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok", "integrity check {context}");
    let broken: i64 = db
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0, "foreign key check {context}");
}
