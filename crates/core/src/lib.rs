//! wakadesk-core: everything in wakadesk that is not a window.
//!
//! Accounts and their storage in one SQLite file, the vault that keeps WakaTime
//! credentials encrypted, the connections to WakaTime (OAuth or an API key), and the
//! stats cache. The Tauri shell and the CLI are thin front ends over this crate, so
//! all behaviour can be tested without a display. The time is an input ([`clock`]).
#![forbid(unsafe_code)]

pub mod accounts;
pub mod clock;
pub mod companion;
pub mod config;
pub mod connections;
pub mod db;
pub mod desktop;
pub mod error;
pub mod http;
pub mod oauth;
pub mod paths;
pub mod secret;
pub mod stats;
pub mod vault;
pub mod wakatime;
pub mod wakatime_cfg;

pub use error::{Error, Field, Result};

/// Reverse-DNS identifier of the app: names the data directory and the keyring entry.
pub const APP_IDENTIFIER: &str = "org.wakadesk.desktop";
