//! Connecting with what the student's own WakaTime configuration (`~/.wakatime.cfg`)
//! holds: the page learns only which server it would connect to, never the key, and
//! connecting reads the file again in the core.

use serde::Serialize;
use tauri::AppHandle;
use wakadesk_core::wakatime_cfg;

use super::wakatime::{status, WakatimeStatus};
use crate::command_error::CommandError;
use crate::events;
use crate::state::AppState;

/// A connection the configuration offers, as `{server}` (`wakatime.com`,
/// `wakapi.example.edu`).
#[derive(Serialize)]
pub struct ConfigOffer {
    server: String,
}

/// The offer, or None when the file is missing, unreadable, malformed or holds no key
/// wakadesk may use (a key behind `api_key_vault_cmd` must be pasted).
pub fn wakatime_config_offer(state: &AppState) -> Result<Option<ConfigOffer>, CommandError> {
    state.user_id()?;
    Ok(wakatime_cfg::offer_here().ok().map(|offer| ConfigOffer {
        server: offer.server,
    }))
}

/// Connects the logged-in account with the configuration's key and server, through
/// the API-key path, and tells the page its connection changed.
pub async fn connect_wakatime_config(
    app: &AppHandle,
    state: &AppState,
) -> Result<WakatimeStatus, CommandError> {
    let user_id = state.user_id()?;
    state.session().set_connect_error(user_id, None);
    let offer = wakatime_cfg::offer_here()?;
    state
        .connections()?
        .connect_wakatime_cfg(user_id, &offer)
        .await?;
    events::connection_changed(app, Some(user_id));
    status(state, user_id)
}
