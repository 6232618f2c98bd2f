//! What the window found at startup: where data lives and whether the database and
//! the keyring could be opened, so the UI can explain a problem before it bites.

use serde::Serialize;
use tauri::State;

use crate::command_error::CommandError;
use crate::state::AppState;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StartupStatus {
    data_dir: Option<String>,
    database: Check,
    keyring: Check,
}

#[derive(Serialize)]
pub struct Check {
    ok: bool,
    code: Option<&'static str>,
    message: Option<String>,
}

impl From<Result<(), &CommandError>> for Check {
    fn from(r: Result<(), &CommandError>) -> Self {
        match r {
            Ok(()) => Check {
                ok: true,
                code: None,
                message: None,
            },
            Err(e) => Check {
                ok: false,
                code: Some(e.code),
                message: Some(e.message.clone()),
            },
        }
    }
}

/// Waits, off the main thread, for the stores to open; the page asks this first.
#[tauri::command(async)]
pub fn startup_status(state: State<'_, AppState>) -> Result<StartupStatus, CommandError> {
    let status = StartupStatus {
        data_dir: state.data_dir().map(|d| d.display().to_string()),
        database: state.database_status().into(),
        keyring: state.vault_status().into(),
    };
    crate::report::ready();
    Ok(status)
}
