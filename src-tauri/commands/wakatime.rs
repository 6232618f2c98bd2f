//! Connect, cancel, disconnect and the connection status of the logged-in account.
//! The browser's answer arrives by deep link (see `deep_link.rs`), which tells the page
//! when it has been finished; the page then asks `wakatime_status` again.

use serde::Serialize;
use tauri::AppHandle;
use wakadesk_core::accounts;
use wakadesk_core::connections::{Disconnected, SERVER_PRESETS};
use wakadesk_core::oauth::DEEP_LINK_REDIRECT_URI;
use wakadesk_core::secret::Secret;

use crate::command_error::{CommandError, ShellCode};
use crate::state::AppState;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WakatimeStatus {
    connected: bool,
    username: Option<String>,
    /// The API root of a server connected by API key; None for OAuth to WakaTime.
    server: Option<String>,
    /// A request is waiting for approval in the browser.
    waiting: bool,
    /// Why the last attempt or check failed, if it did.
    problem: Option<CommandError>,
    /// A WakaTime app is set up (from any source), so Connect can work.
    app_configured: bool,
}

pub(super) fn status(state: &AppState, user_id: i64) -> Result<WakatimeStatus, CommandError> {
    let account = accounts::get(&state.db()?.lock(), user_id)?;
    Ok(WakatimeStatus {
        connected: account.wakatime.connected,
        username: account.wakatime.username,
        server: account.wakatime.server,
        waiting: state.connections()?.is_waiting(user_id)?,
        problem: state.session().connect_error(user_id),
        app_configured: state
            .connections()?
            .config()
            .is_ok_and(|c| c.client.is_some()),
    })
}

/// Starts a request and opens WakaTime's consent page in the system browser.
pub fn connect_wakatime(app: &AppHandle, state: &AppState) -> Result<WakatimeStatus, CommandError> {
    let user_id = state.user_id()?;
    let connections = state.connections()?;
    state.session().set_connect_error(user_id, None);
    let url = connections.start(user_id, DEEP_LINK_REDIRECT_URI)?;
    if let Err(e) = crate::browser::open(app, url.as_str()) {
        connections.cancel(user_id)?;
        return Err(CommandError::shell(
            ShellCode::BrowserUnavailable,
            format!("The system browser could not be opened ({e})."),
        ));
    }
    status(state, user_id)
}

/// Connects with a personal API key to WakaTime or a compatible server (Wakapi,
/// Hackatime); the key is checked with one request before it is saved.
pub async fn connect_api_key(
    state: &AppState,
    server_url: String,
    api_key: Secret<String>,
) -> Result<WakatimeStatus, CommandError> {
    let user_id = state.user_id()?;
    state.session().set_connect_error(user_id, None);
    state
        .connections()?
        .connect_api_key(user_id, &server_url, &api_key)
        .await?;
    status(state, user_id)
}

/// The servers offered for an API-key connection, as `{name, url}`.
pub fn server_presets() -> Vec<ServerPreset> {
    SERVER_PRESETS
        .iter()
        .map(|(name, url)| ServerPreset { name, url })
        .collect()
}

#[derive(Serialize)]
pub struct ServerPreset {
    name: &'static str,
    url: &'static str,
}

pub fn cancel_connect(state: &AppState) -> Result<WakatimeStatus, CommandError> {
    let user_id = state.user_id()?;
    state.connections()?.cancel(user_id)?;
    state.session().set_connect_error(user_id, None);
    status(state, user_id)
}

/// How a disconnect went: the local credential is gone either way; `problem` says
/// when the server was not told (code `revoke_failed`), and what to do.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DisconnectOutcome {
    revoked: bool,
    problem: Option<CommandError>,
}

impl From<Disconnected> for DisconnectOutcome {
    fn from(d: Disconnected) -> Self {
        Self {
            revoked: d.revoked,
            problem: d
                .warning
                .map(|message| CommandError::shell(ShellCode::RevokeFailed, message)),
        }
    }
}

pub async fn disconnect_wakatime(state: &AppState) -> Result<DisconnectOutcome, CommandError> {
    let user_id = state.user_id()?;
    state.session().set_connect_error(user_id, None);
    Ok(state.connections()?.disconnect(user_id).await?.into())
}

pub fn wakatime_status(state: &AppState) -> Result<WakatimeStatus, CommandError> {
    status(state, state.user_id()?)
}

/// Asks WakaTime whether the stored access still works (refreshing it if needed). A
/// revoked grant disconnects the account and is reported as the problem; being offline
/// leaves it connected.
pub async fn check_wakatime(state: &AppState) -> Result<WakatimeStatus, CommandError> {
    let user_id = state.user_id()?;
    let connections = state.connections()?;
    if accounts::get(&state.db()?.lock(), user_id)?
        .wakatime
        .connected
    {
        let checked = connections.verify(user_id).await;
        state
            .session()
            .set_connect_error(user_id, checked.err().map(CommandError::from));
    }
    status(state, user_id)
}
