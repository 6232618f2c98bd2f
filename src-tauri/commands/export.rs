//! Export for a mentor: the range's days per project and language as a CSV file in
//! the user's downloads folder, never over an existing file, and showing that folder.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::{AppHandle, Manager};
use wakadesk_core::stats::export::{self, ExportFormat};
use wakadesk_core::stats::DashboardRange;

use crate::command_error::{CommandError, ShellCode};
use crate::state::AppState;

#[derive(Serialize)]
pub struct Exported {
    /// Where the file was written.
    path: String,
    /// The folder holding it, for "Show in folder".
    folder: String,
}

/// Writes the CSV of `range` into the downloads folder (`XDG_DOWNLOAD_DIR` on Linux;
/// the home folder's `Downloads` when the desktop names none).
pub fn export_csv(
    app: &AppHandle,
    state: &AppState,
    range: String,
) -> Result<Exported, CommandError> {
    let user_id = state.user_id()?;
    let range = DashboardRange::parse(&range)?;
    let folder = downloads(app).ok_or_else(|| {
        CommandError::shell(
            ShellCode::Internal,
            "There is no downloads folder to save the export in. Use `wakadesk-cli export` \
             with --output instead.",
        )
    })?;
    let path = export::save_in(
        &state.db()?.lock(),
        user_id,
        range,
        ExportFormat::Csv,
        &folder,
        state.clock(),
    )?;
    Ok(Exported {
        path: path.display().to_string(),
        folder: folder.display().to_string(),
    })
}

/// Opens `folder` (one an export was written to) in the desktop's file manager.
pub fn show_folder(app: &AppHandle, state: &AppState, folder: String) -> Result<(), CommandError> {
    state.user_id()?;
    let folder = PathBuf::from(folder);
    if downloads(app).as_deref() != Some(folder.as_path()) {
        return Err(CommandError::shell(
            ShellCode::Internal,
            "Only the downloads folder is opened from here",
        ));
    }
    crate::browser::open_folder(app, &folder).map_err(|e| {
        CommandError::shell(
            ShellCode::BrowserUnavailable,
            format!("The folder could not be opened ({e})."),
        )
    })
}

fn downloads(app: &AppHandle) -> Option<PathBuf> {
    app.path()
        .download_dir()
        .ok()
        .or_else(|| {
            app.path()
                .home_dir()
                .ok()
                .map(|home| home.join("Downloads"))
        })
        .filter(|dir| std::fs::create_dir_all(dir).is_ok() && Path::new(dir).is_dir())
}
