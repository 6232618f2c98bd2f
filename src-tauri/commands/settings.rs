//! The Settings screen: which WakaTime app wakadesk acts as.

use serde::Serialize;
use wakadesk_core::accounts::{self, administrator};
use wakadesk_core::config::{InstallDefaults, Source, WakatimeConfig};
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
    /// Where the app in use comes from: `environment`, `settings`, `system` (the
    /// system-wide file) or `build` (built into the app); None when there is none.
    source: Option<Source>,
    /// Redirect URIs to paste at wakatime.com/apps.
    redirect_uris: Vec<String>,
    base_url: String,
    /// Whether the logged-in account may change the app: it administers the settings
    /// (the account created first) and the environment does not fix them.
    can_change: bool,
    /// After a save: how many accounts' connections were made with the previous app
    /// and must reconnect.
    must_reconnect: i64,
}

pub fn wakatime_settings(state: &AppState) -> Result<WakatimeSettings, CommandError> {
    let user_id = state
        .session()
        .user_id
        .ok_or_else(CommandError::not_logged_in)?;
    let db = state.db()?.lock();
    let defaults = InstallDefaults::current();
    let cfg = WakatimeConfig::load(&db, state.vault().ok(), &defaults)?;
    let source = cfg.client.as_ref().map(|c| c.source);
    Ok(WakatimeSettings {
        configured: cfg.client.is_some(),
        client_id: cfg.client.as_ref().map(|c| c.id.clone()),
        from_env: source == Some(Source::Environment),
        source,
        redirect_uris: vec![
            DEEP_LINK_REDIRECT_URI.to_owned(),
            loopback_redirect_uri(DEFAULT_LOOPBACK_PORT),
        ],
        base_url: cfg.base_url.to_string(),
        can_change: administrator::may_change(&db, state.vault().ok(), &defaults, user_id)?,
        must_reconnect: 0,
    })
}

/// Saves a new app for the logged-in account, which must administer the settings and
/// confirm with its password.
pub fn save_wakatime_settings(
    state: &AppState,
    client_id: String,
    client_secret: Secret<String>,
    password: Secret<String>,
) -> Result<WakatimeSettings, CommandError> {
    let user_id = state
        .session()
        .user_id
        .ok_or_else(CommandError::not_logged_in)?;
    let db = state.db()?;
    let email = accounts::get(&db.lock(), user_id)?.email;
    let change = administrator::AppChange {
        email: &email,
        password: &password,
        client_id: &client_id,
        client_secret: &client_secret,
    };
    let defaults = InstallDefaults::current();
    let must_reconnect =
        administrator::change_app(db, state.vault()?, &defaults, &change, state.clock())?;
    Ok(WakatimeSettings {
        must_reconnect,
        ..wakatime_settings(state)?
    })
}
