//! Where wakadesk keeps its data, the same for the window and the CLI.
//!
//! The default is the platform data directory joined with the app identifier, which is
//! exactly what Tauri's `app_data_dir()` returns, so both front ends open one file.
//! The folder is for its owner only: [`create_private_dir`] makes it `0700` (or
//! tightens one that is not), before anything else writes into it.

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

/// Creates `dir`, and missing parents, for its owner only (`0700` whatever the umask):
/// other people on the computer have no business listing it. An existing folder that
/// others may enter (one a Tauri or an older wakadesk made `0755`) is tightened, best
/// effort: on a read-only disk it stays as it is, and opening the database says why.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir)?.permissions().mode();
        if mode & 0o777 != 0o700 {
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        }
    }
    Ok(())
}
