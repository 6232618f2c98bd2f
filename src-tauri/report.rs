//! Opt-in lines on standard output for tools that watch the app from outside: the
//! startup benchmark (`make bench-startup`) and the installed-package test. Off unless
//! asked for, and they never carry a secret (a link is reported without its query,
//! which holds the OAuth code and state).
//!
//! - `WAKADESK_REPORT_READY` set: `ready <ms since the process started>`, once, the
//!   first time the UI asks for the startup status (it does when its page has loaded).
//! - `WAKADESK_REPORT_READY` set: also `dashboard <ms since the process started>`, once,
//!   the first time the page gets the dashboard's figures (a window opened on an
//!   account kept logged in, as the tray's *Open* does).
//! - `WAKADESK_REPORT_LINKS` set: `link <scheme>:<path>` for every deep link received.

use std::sync::atomic::{AtomicBool, Ordering};

use url::Url;

static READY_REPORTED: AtomicBool = AtomicBool::new(false);
static DASHBOARD_REPORTED: AtomicBool = AtomicBool::new(false);

/// The UI has loaded and asked its first question.
pub fn ready() {
    once(&READY_REPORTED, "ready");
}

/// The page got the dashboard's figures for the first time.
pub fn dashboard() {
    once(&DASHBOARD_REPORTED, "dashboard");
}

fn once(reported: &AtomicBool, what: &str) {
    if std::env::var_os("WAKADESK_REPORT_READY").is_none() || reported.swap(true, Ordering::SeqCst)
    {
        return;
    }
    match ms_since_process_start() {
        Some(ms) => println!("{what} {ms}"),
        None => println!("{what}"),
    }
}

/// A deep link reached this process.
pub fn link(url: &Url) {
    if std::env::var_os("WAKADESK_REPORT_LINKS").is_some() {
        println!("link {}:{}", url.scheme(), url.path());
    }
}

/// From the kernel's start time of this process, so loading the WebKit libraries
/// counts too. Linux clock ticks are 1/100 s for every user-space program.
fn ms_since_process_start() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which may itself hold spaces and parentheses;
    // the 22nd field of the line (start time) is the 20th after it.
    let start_ticks: u64 = stat
        .rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(19)?
        .parse()
        .ok()?;
    let uptime_s: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(((uptime_s * 1000.0) as u64).saturating_sub(start_ticks * 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn the_time_since_process_start_is_read_from_the_kernel() {
        let ms = ms_since_process_start().expect("/proc gives this process's start time");
        assert!(
            ms < 3_600_000,
            "a test process is younger than an hour: {ms} ms"
        );
    }
}
