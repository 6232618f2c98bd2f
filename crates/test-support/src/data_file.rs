//! The data file after a fault: SQLite's own checks must pass, whatever was killed or
//! failed while it was being written.

use rusqlite::Connection;

/// What SQLite's checks find wrong with the file (`PRAGMA integrity_check` not "ok",
/// or a broken foreign key), if anything.
pub fn unsound(db: &Connection) -> Option<String> {
    let integrity: String = match db.query_row("PRAGMA integrity_check", [], |r| r.get(0)) {
        Ok(integrity) => integrity,
        Err(error) => return Some(format!("PRAGMA integrity_check failed: {error}")),
    };
    if integrity != "ok" {
        return Some(format!("PRAGMA integrity_check: {integrity}"));
    }
    let broken = db.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get::<_, i64>(0)
    });
    match broken {
        Ok(0) => None,
        Ok(broken) => Some(format!("{broken} rows break a foreign key")),
        Err(error) => Some(format!("the foreign key check failed: {error}")),
    }
}

/// Panics, saying when (`context`) and what, unless the file is sound.
pub fn assert_sound(db: &Connection, context: &str) {
    if let Some(problem) = unsound(db) {
        panic!("the data file is damaged {context}: {problem}");
    }
}
