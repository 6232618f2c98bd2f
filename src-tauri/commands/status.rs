//! What the window found at startup: where data lives, whether the database and the
//! keyring could be opened and the system-wide WakaTime file used, so the UI can explain
//! a problem before it bites; and whether any account exists, so a first start can
//! open Sign up.

use serde::Serialize;
use wakadesk_core::accounts;
use wakadesk_core::config::InstallDefaults;

use crate::command_error::CommandError;
use crate::state::AppState;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StartupStatus {
    data_dir: Option<String>,
    database: Check,
    keyring: Check,
    /// The system-wide WakaTime file: ok when there is none or it is used; otherwise
    /// why it was left out (code `system_config_unusable`, naming the file and line).
    /// The app works without it, so this is a warning for the banner.
    system_config: Check,
    /// Whether any local account exists yet (false when the database could not open).
    has_accounts: bool,
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
pub fn startup_status(
    app: &tauri::AppHandle,
    state: &AppState,
) -> Result<StartupStatus, CommandError> {
    let status = StartupStatus {
        data_dir: state.data_dir().map(|d| d.display().to_string()),
        database: state.database_status().into(),
        keyring: state.vault_status().into(),
        system_config: match InstallDefaults::current().system_file_problem() {
            Some(problem) => Err(&CommandError::from(problem.to_error())).into(),
            None => Ok(()).into(),
        },
        has_accounts: state
            .db()
            .is_ok_and(|db| accounts::any_exist(&db.lock()).unwrap_or(false)),
    };
    crate::report::ready();
    crate::companion::after_first_screen(app);
    Ok(status)
}
