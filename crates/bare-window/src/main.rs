//! The framework's floor for `make bench-startup`: a Tauri window with wakadesk's
//! window settings (size, limits, CSP, global API) and a trivial page that reports
//! ready the way wakadesk does. No plugins, no state, no database.
#![forbid(unsafe_code)]
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::sync::atomic::{AtomicBool, Ordering};

static READY_REPORTED: AtomicBool = AtomicBool::new(false);

/// Called by the page when it has loaded. With `WAKADESK_REPORT_READY` set, prints
/// `ready <ms since the process started>` once, exactly like wakadesk.
#[tauri::command]
fn startup_status() -> &'static str {
    if std::env::var_os("WAKADESK_REPORT_READY").is_some()
        && !READY_REPORTED.swap(true, Ordering::SeqCst)
    {
        match ms_since_process_start() {
            Some(ms) => println!("ready {ms}"),
            None => println!("ready"),
        }
    }
    "Ready"
}

/// The same reading as wakadesk's `src-tauri/report.rs`: the kernel's start time of
/// this process against the uptime, in 1/100 s clock ticks.
fn ms_since_process_start() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
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

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![startup_status])
        .run(tauri::generate_context!())
        .expect("the bare window could not start");
}
