//! Drives the real wakadesk window from tests, the way a person would: through
//! WebDriver, with `tauri-driver` in front of `WebKitWebDriver`.
//!
//! The WebDriver client is a few HTTP calls, so it is written here over `ureq` instead
//! of pulling in an async WebDriver crate. [`WindowApp::launch`] is the one entry point
//! tests need: it starts `tauri-driver` on free ports with a fresh data directory, opens
//! a session (which starts the app), and tears both down when dropped. The app gets its
//! own data directory and XDG folders, so it never touches the real user's files or
//! desktop settings.
//!
//! For the WakaTime connection, [`StandInProcess`] runs the local stand-in server and the
//! `fake-browser` binary of this crate plays the system browser (set it as `BROWSER`).
//!
//! Run inside a desktop session: `scripts/test-session.sh cargo test -p wakadesk-e2e`.
#![forbid(unsafe_code)]

mod desktop_dirs;
mod element;
mod error;
mod paths;
mod session;
mod single_instance;
mod stand_in_process;
mod tauri_driver;
mod window_app;

pub use desktop_dirs::{DesktopDirs, LINK_SCHEME};
pub use element::{Element, Rect};
pub use error::{Error, Result};
pub use paths::{app_binary, fake_wakatime_binary, screenshot_path, target_dir};
pub use session::Session;
pub use single_instance::{is_taken as single_instance_taken, wait_until_free};
pub use stand_in_process::StandInProcess;
pub use tauri_driver::{TauriDriver, BROWSER_LOG_ENV};
pub use window_app::WindowApp;
