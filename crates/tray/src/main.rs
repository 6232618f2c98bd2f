//! `wakadesk-tray`: today's coding time in the tray, for the student logged in to the
//! window or kept logged in on this computer (see `app`). Linux only for now.
#![forbid(unsafe_code)]

use std::process::ExitCode;

#[cfg(target_os = "linux")]
mod app;

#[cfg(target_os = "linux")]
fn main() -> ExitCode {
    app::run()
}

#[cfg(not(target_os = "linux"))]
fn main() -> ExitCode {
    eprintln!("wakadesk-tray: the tray runs on Linux only for now; use the window.");
    ExitCode::FAILURE
}
