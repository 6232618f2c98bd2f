//! Drives the real wakadesk window from tests, the way a person would: through
//! WebDriver, with `tauri-driver` in front of `WebKitWebDriver`.
//!
//! The WebDriver client is a few HTTP calls, so it is written here over `ureq` instead
//! of pulling in an async WebDriver crate. [`WindowApp::launch`] is the one entry point
//! tests need: it starts `tauri-driver` on free ports with a fresh data directory, opens
//! a session (which starts the app), and tears both down when dropped.
//!
//! Run inside a desktop session: `scripts/test-session.sh cargo test -p wakadesk-e2e`.
#![forbid(unsafe_code)]

mod element;
mod error;
mod paths;
mod session;
mod tauri_driver;
mod window_app;

pub use element::{Element, Rect};
pub use error::{Error, Result};
pub use paths::{app_binary, screenshot_path, target_dir};
pub use session::Session;
pub use tauri_driver::TauriDriver;
pub use window_app::WindowApp;
