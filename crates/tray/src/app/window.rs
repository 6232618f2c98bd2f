//! The window program (`wakadesk`, beside this one): started by *Open* (a running
//! window takes the hand-over and comes to the front), asked to quit by *Quit*
//! (`wakadesk --quit`), and whether the window that recorded a log-in still runs.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The window program's file name.
pub const WINDOW_PROGRAM: &str = "wakadesk";

fn program() -> PathBuf {
    std::env::current_exe()
        .map(|exe| exe.with_file_name(WINDOW_PROGRAM))
        .unwrap_or_else(|_| PathBuf::from(WINDOW_PROGRAM))
}

/// Opens the window, or brings the running one to the front; its end is collected on
/// a thread, so it never lingers as a zombie while the tray runs.
pub fn open() {
    if let Some(mut child) = spawn(&[]) {
        let _ = std::thread::Builder::new()
            .name("window".into())
            .spawn(move || child.wait());
    }
}

/// Asks a running window to quit, and waits (a few seconds at most) until it has
/// been told.
pub fn quit() {
    let Some(mut child) = spawn(&["--quit"]) else {
        return;
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while std::time::Instant::now() < deadline {
        if !matches!(child.try_wait(), Ok(None)) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    eprintln!("wakadesk-tray: the window did not take the request to quit");
}

fn spawn(args: &[&str]) -> Option<std::process::Child> {
    let program = program();
    let spawned = Command::new(&program)
        .args(args)
        .stdin(Stdio::null())
        .process_group(0)
        .spawn();
    match spawned {
        Ok(child) => Some(child),
        Err(e) => {
            eprintln!("wakadesk-tray: starting {}: {e}", program.display());
            None
        }
    }
}

/// Whether process `pid` still runs (a zombie child counts as ended).
pub fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_an_ended_one_is_not() {
        assert!(alive(std::process::id()));
        let mut child = Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!alive(pid));
    }
}
