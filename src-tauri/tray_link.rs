//! Reaching the tray program (`wakadesk-tray`, next to this one) from the window:
//! starting it, telling it to read the database again, asking whether the desktop has
//! a tray host, and sending the goal notification over the session bus. The tray
//! exists on Linux only for now; elsewhere these do nothing.

use std::path::PathBuf;

use wakadesk_core::companion::goal_notice::Notice;

/// The tray program's file name.
pub const TRAY_PROGRAM: &str = "wakadesk-tray";

/// The tray program installed beside this one.
pub fn tray_program() -> Option<PathBuf> {
    let path = std::env::current_exe().ok()?.with_file_name(TRAY_PROGRAM);
    path.is_file().then_some(path)
}

/// Starts the tray program, which exits at once when one already runs or the desktop
/// has no tray host. In a process group of its own, so a terminal's Ctrl+C for the
/// window leaves it; waited for on a thread, so it never lingers as a zombie.
#[cfg(target_os = "linux")]
fn start() {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    let Some(program) = tray_program() else {
        return;
    };
    let spawned = Command::new(&program)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .process_group(0)
        .spawn();
    match spawned {
        Ok(mut child) => {
            let _ = std::thread::Builder::new()
                .name("tray-start".into())
                .spawn(move || child.wait());
        }
        Err(e) => eprintln!("wakadesk: starting {}: {e}", program.display()),
    }
}

/// Starts the tray program unless one runs already (then it is told to read the
/// database again, as after any change): a second program would only find the first
/// and leave, costing a process start beside the window's.
#[cfg(target_os = "linux")]
pub fn ensure_running() {
    if let Err(wakadesk_tray::control::PokeError::NotRunning) =
        wakadesk_tray::control::poke_reload()
    {
        start();
    }
}

#[cfg(not(target_os = "linux"))]
pub fn ensure_running() {}

/// Tells a running tray to read the database again (who is logged in, today's
/// figure, the choices). No tray running is not a problem.
#[cfg(target_os = "linux")]
pub fn changed() {
    let _ = wakadesk_tray::control::poke_reload();
}

#[cfg(not(target_os = "linux"))]
pub fn changed() {}

/// Whether the desktop shows tray icons (a StatusNotifierWatcher on the session bus).
#[cfg(target_os = "linux")]
pub fn host_present() -> bool {
    wakadesk_tray::watcher::host_present().unwrap_or(false)
}

#[cfg(not(target_os = "linux"))]
pub fn host_present() -> bool {
    false
}

/// Shows `notice` as a desktop notification; a desktop without a notification
/// service only loses the notice.
pub fn notify(notice: &Notice) {
    if let Err(e) =
        wakadesk_core::desktop::notify::notify("wakadesk", &notice.summary, &notice.body)
    {
        eprintln!("wakadesk: the goal notification was not shown: {e}");
    }
}
