//! The app is single-instance: at start it claims `org.wakadesk.desktop.SingleInstance`
//! on the session bus, and if another wakadesk owns it, it hands its arguments over and
//! exits. A window killed by the previous test may hold the name a moment longer, and a
//! new window started then would vanish at once; so a launch first waits for the name
//! to be free.

use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use crate::{Error, Result};

/// `<identifier>.SingleInstance`, as tauri-plugin-single-instance names it.
pub const BUS_NAME: &str = "org.wakadesk.desktop.SingleInstance";

/// Waits until no process owns [`BUS_NAME`] on this process's session bus. Without a
/// reachable bus (or `dbus-send`) there is nothing to wait for.
pub fn wait_until_free(timeout: Duration) -> Result<()> {
    let start = Instant::now();
    while name_has_owner() == Some(true) {
        if start.elapsed() > timeout {
            return Err(Error::Setup(format!(
                "another wakadesk still owns {BUS_NAME} on the session bus after {timeout:?}; \
                 a new window would hand over to it and exit. Close it, or run the tests \
                 inside scripts/test-session.sh, which has a bus of its own"
            )));
        }
        thread::sleep(Duration::from_millis(50));
    }
    let waited = start.elapsed();
    if waited > Duration::from_millis(100) {
        eprintln!("waited {waited:?} for the previous window to release {BUS_NAME}");
    }
    Ok(())
}

fn name_has_owner() -> Option<bool> {
    let out = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
        ])
        .arg(format!("string:{BUS_NAME}"))
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).contains("boolean true"))
}
