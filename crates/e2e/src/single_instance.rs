//! The app is single-instance: the first wakadesk of a session holds an exclusive lock
//! on `$XDG_RUNTIME_DIR/org.wakadesk.desktop/instance.lock` (see
//! `src-tauri/single_instance.rs`), and one started while it runs hands its arguments
//! over and exits. A window killed by the previous test may hold the lock a moment
//! longer (until its process is gone), and a new window started then would hand over
//! to it and vanish; so a launch first waits for the lock to be free.

use std::fs::{File, TryLockError};
use std::path::PathBuf;
use std::thread;
use std::time::{Duration, Instant};

use crate::{Error, Result};

/// The app's lock file in this process's runtime directory, if there is one (without
/// it, the app keeps the lock in its data directory, which each test makes anew).
pub fn lock_file() -> Option<PathBuf> {
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty())?;
    Some(
        PathBuf::from(runtime)
            .join("org.wakadesk.desktop")
            .join("instance.lock"),
    )
}

/// Whether a running wakadesk holds the lock.
pub fn is_taken() -> bool {
    let Some(path) = lock_file() else {
        return false;
    };
    let Ok(file) = File::options().write(true).open(&path) else {
        return false;
    };
    // Taken and dropped at once when free; a starting app that meets it retries.
    matches!(file.try_lock(), Err(TryLockError::WouldBlock))
}

/// Waits until no wakadesk holds the lock.
pub fn wait_until_free(timeout: Duration) -> Result<()> {
    let start = Instant::now();
    while is_taken() {
        if start.elapsed() > timeout {
            return Err(Error::Setup(format!(
                "another wakadesk still holds {} after {timeout:?}; a new window would hand \
                 over to it and exit. Close it, or run the tests inside \
                 scripts/test-session.sh, which has a runtime folder of its own",
                lock_file().unwrap_or_default().display()
            )));
        }
        thread::sleep(Duration::from_millis(50));
    }
    let waited = start.elapsed();
    if waited > Duration::from_millis(100) {
        eprintln!("waited {waited:?} for the previous window to release its lock");
    }
    Ok(())
}
