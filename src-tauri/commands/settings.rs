//! The Settings screen: which WakaTime app wakadesk acts as.

use serde::Serialize;
use tauri::State;
use wakadesk_core::config::{save_client, WakatimeConfig};
use wakadesk_core::oauth::{loopback_redirect_uri, DEEP_LINK_REDIRECT_URI, DEFAULT_LOOPBACK_PORT};
use wakadesk_core::secret::Secret;

use crate::command_error::CommandError;
use crate::state::AppState;

/// What the Settings screen shows. Never the secret itself.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WakatimeSettings {
    configured: bool,
    client_id: Option<String>,
    /// Set by WAKATIME_CLIENT_ID / WAKATIME_CLIENT_SECRET; the screen cannot change it.
    from_env: bool,
    /// Redirect URIs to paste at wakatime.com/apps.
    redirect_uris: Vec<String>,
    base_url: String,
}

#[tauri::command(async)]
pub fn wakatime_settings(state: State<'_, AppState>) -> Result<WakatimeSettings, CommandError> {
    let cfg = WakatimeConfig::load(&state.db()?.lock(), state.vault().ok())?;
    Ok(WakatimeSettings {
        configured: cfg.client.is_some(),
        client_id: cfg.client.as_ref().map(|c| c.id.clone()),
        from_env: cfg.client.as_ref().is_some_and(|c| c.from_env),
        redirect_uris: vec![
            DEEP_LINK_REDIRECT_URI.to_owned(),
            loopback_redirect_uri(DEFAULT_LOOPBACK_PORT),
        ],
        base_url: cfg.base_url.to_string(),
    })
}

#[tauri::command(async)]
pub fn save_wakatime_settings(
    state: State<'_, AppState>,
    client_id: String,
    client_secret: Secret<String>,
) -> Result<WakatimeSettings, CommandError> {
    save_client(
        &mut state.db()?.lock(),
        state.vault()?,
        &client_id,
        &client_secret,
    )?;
    wakatime_settings(state)
}
