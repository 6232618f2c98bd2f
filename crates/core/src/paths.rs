//! Where wakadesk keeps its data, the same for the window and the CLI.
//!
//! The default is the platform data directory joined with the app identifier, which is
//! exactly what Tauri's `app_data_dir()` returns, so both front ends open one file.

use std::path::{Path, PathBuf};

use crate::{Error, Result, APP_IDENTIFIER};

/// Environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "WAKADESK_DATA_DIR";
/// File name of the SQLite database inside the data directory.
pub const DATABASE_FILE: &str = "wakadesk.sqlite3";

/// The data directory: `WAKADESK_DATA_DIR` when set and non-empty, else the platform
/// default (`~/.local/share/org.wakadesk.desktop` on Linux).
pub fn data_dir() -> Result<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => default_data_dir(),
    }
}

/// The platform data directory for wakadesk, ignoring any override.
pub fn default_data_dir() -> Result<PathBuf> {
    let base = directories::BaseDirs::new().ok_or(Error::NoDataDir)?;
    Ok(base.data_dir().join(APP_IDENTIFIER))
}

/// The database file inside `dir`.
pub fn database_path(dir: &Path) -> PathBuf {
    dir.join(DATABASE_FILE)
}
