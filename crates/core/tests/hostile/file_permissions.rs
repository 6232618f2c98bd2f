//! Other people on the same computer cannot read the data file: the data directory
//! is created for its owner only and the database, its WAL and shared-memory files are
//! `0600`, including a file an older version left readable. (As root these bits do
//! not stop anyone, so the test checks the bits themselves.)

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use wakadesk_core::db::Database;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_new_data_directory_and_its_files_are_for_their_owner_only() {
    let base = tempfile::tempdir().unwrap();
    let data = base.path().join("share").join("org.wakadesk.desktop");
    let db = Database::open_in(&data).unwrap();
    db.conn()
        .execute("INSERT INTO setting (key, value) VALUES ('k', 'v')", [])
        .unwrap();
    assert_eq!(mode(&data), 0o700, "data directory");
    assert_eq!(mode(&base.path().join("share")), 0o700, "a created parent");
    for file in [
        "wakadesk.sqlite3",
        "wakadesk.sqlite3-wal",
        "wakadesk.sqlite3-shm",
    ] {
        assert_eq!(mode(&data.join(file)), 0o600, "{file}");
    }
}

#[test]
fn a_database_left_readable_by_others_is_made_private_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    drop(Database::open_in(dir.path()).unwrap());
    let file = dir.path().join("wakadesk.sqlite3");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let _db = Database::open_in(dir.path()).unwrap();
    assert_eq!(mode(&file), 0o600);
}

#[test]
fn a_data_directory_left_open_to_others_is_made_private_when_opened() {
    // Tauri, or an older wakadesk, may have made it with the umask's mode.
    let base = tempfile::tempdir().unwrap();
    let data = base.path().join("org.wakadesk.desktop");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let _db = Database::open_in(&data).unwrap();
    assert_eq!(mode(&data), 0o700, "mode {:o}", mode(&data));
}
