//! The window's data folder on a fresh profile is for its owner only, under a
//! permissive umask (022 and 000): the folder `0700` and the database, its WAL and its
//! shared-memory file `0600`. Tauri creates the same folder (and WebKit's storage in it)
//! with the umask's mode before the app's setup runs, so the app makes it private
//! first, in `main()`. (How the database file itself is created is traced in
//! `crates/cli/tests/file_modes.rs`: the window opens it with the same core code.)
//!
//! No WebDriver: the real window (`target/debug/wakadesk`) is started as the desktop
//! starts it, with fresh XDG folders and no `WAKADESK_DATA_DIR`, so its data folder is
//! Tauri's own `$XDG_DATA_HOME/org.wakadesk.desktop`. Needs a desktop session and the
//! built binary: `cargo build -p wakadesk && scripts/test-session.sh cargo test -p
//! wakadesk-e2e --test data_folder`.
#![forbid(unsafe_code)]

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use wakadesk_e2e::{app_binary, DesktopDirs};

/// How long the window may take to open its database on this slow machine.
const STORES_OPEN: Duration = Duration::from_secs(90);
const FILES: [&str; 3] = [
    "wakadesk.sqlite3",
    "wakadesk.sqlite3-wal",
    "wakadesk.sqlite3-shm",
];

/// A window in a process group of its own; dropping it kills the group.
struct Window(Child);

impl Drop for Window {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.wait();
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_fresh_profiles_data_folder_and_database_are_private_whatever_the_umask() {
    let app = app_binary().unwrap_or_else(|e| panic!("{e}"));
    for umask in ["022", "000"] {
        let root = tempfile::tempdir().unwrap();
        let desktop = DesktopDirs::create_in(root.path()).unwrap();
        // A runtime folder of its own: no other window of the session takes its link.
        let runtime = root.path().join("runtime");
        std::fs::create_dir(&runtime).unwrap();
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
        let log = std::fs::File::create(root.path().join("window.log")).unwrap();
        let window = Window(
            Command::new("sh")
                .args(["-c", "umask \"$1\"; shift; exec \"$@\"", "sh", umask])
                .arg(&app)
                .envs(desktop.env())
                .env("XDG_RUNTIME_DIR", &runtime)
                .env("WAKADESK_FERNET_KEY", test_support::FERNET_KEY)
                .env_remove("WAKADESK_DATA_DIR")
                .env_remove("RUST_LOG")
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("starting {}: {e}", app.display())),
        );
        let data = desktop.env()[0].1.join("org.wakadesk.desktop");
        let started = Instant::now();
        while !FILES.iter().all(|file| data.join(file).exists()) {
            let output = || std::fs::read_to_string(root.path().join("window.log"));
            assert!(
                started.elapsed() < STORES_OPEN,
                "umask {umask}: the window did not open its database in {STORES_OPEN:?}; \
                 its output: {:?}",
                output()
            );
            thread::sleep(Duration::from_millis(100));
        }
        assert_eq!(
            mode(&data),
            0o700,
            "umask {umask}: the data folder is {:o}",
            mode(&data)
        );
        for file in FILES {
            let path = data.join(file);
            assert_eq!(
                mode(&path),
                0o600,
                "umask {umask}: {file} is {:o}",
                mode(&path)
            );
        }
        drop(window);
    }
}
