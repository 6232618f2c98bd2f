//! The desktop choices on Home: keep wakadesk in the tray when the window closes,
//! announce a met goal, start at log-in; and whether this desktop shows tray icons at
//! all, so the page can say why the first has no effect.

use serde::{Deserialize, Serialize};
use wakadesk_core::companion::autostart::Autostart;
use wakadesk_core::companion::prefs::{self, Pref};

use crate::command_error::{CommandError, ShellCode};
use crate::state::AppState;
use crate::tray_link;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DesktopSettings {
    close_to_tray: bool,
    goal_notifications: bool,
    start_at_login: bool,
    /// The desktop shows tray icons (a StatusNotifierWatcher answers on the bus).
    tray_host: bool,
}

/// One of the choices, as the page names it.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DesktopSetting {
    CloseToTray,
    GoalNotifications,
    StartAtLogin,
}

pub fn desktop_settings(state: &AppState) -> Result<DesktopSettings, CommandError> {
    state.user_id()?;
    load(state)
}

/// Turns one choice on or off and gives them all as they are now.
pub fn set_desktop_setting(
    state: &AppState,
    name: DesktopSetting,
    on: bool,
) -> Result<DesktopSettings, CommandError> {
    state.user_id()?;
    match name {
        DesktopSetting::CloseToTray => {
            prefs::set(&state.db()?.lock(), Pref::CloseToTray, on)?;
            if on {
                tray_link::ensure_running();
            } else {
                // A running tray reads it and leaves.
                tray_link::changed();
            }
        }
        DesktopSetting::GoalNotifications => {
            prefs::set(&state.db()?.lock(), Pref::GoalNotifications, on)?
        }
        DesktopSetting::StartAtLogin => {
            let entry = Autostart::for_user()?;
            if on {
                let program = tray_link::tray_program().ok_or_else(|| {
                    CommandError::shell(
                        ShellCode::TrayMissing,
                        "The tray program (wakadesk-tray) is not installed beside wakadesk. \
                         Reinstall wakadesk.",
                    )
                })?;
                entry.enable(&program)?;
            } else {
                entry.disable()?;
            }
        }
    }
    load(state)
}

fn load(state: &AppState) -> Result<DesktopSettings, CommandError> {
    let prefs = prefs::load(&state.db()?.lock())?;
    Ok(DesktopSettings {
        close_to_tray: prefs.close_to_tray,
        goal_notifications: prefs.goal_notifications,
        start_at_login: Autostart::for_user().is_ok_and(|a| a.is_enabled()),
        tray_host: tray_link::host_present(),
    })
}
