//! What the fault tests check of the data file after each fault.

use rusqlite::Connection;

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
