//! Links `org.wakadesk.desktop:/oauth/callback?...` from the browser. They reach the
//! app as the only argument of a new process, which hands them to the running window
//! (`single_instance.rs` on Linux, the single-instance plugin elsewhere); a link that
//! cold-starts the app is read at setup. Either way the answer is finished by the
//! core, which finds the request in the database, and the page is told.

use tauri::{AppHandle, Manager};
use url::Url;
use wakadesk_core::oauth::DEEP_LINK_REDIRECT_URI;

use crate::command_error::CommandError;
use crate::events;
use crate::state::AppState;

/// The scheme of our redirect URI.
pub fn scheme() -> &'static str {
    DEEP_LINK_REDIRECT_URI
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .unwrap_or(DEEP_LINK_REDIRECT_URI)
}

/// Finishes every link of ours in `urls`, in the background, and brings the window up.
/// When one is finished, the page hears of it (`events::CONNECTION_CHANGED`) and asks
/// for the account's status again.
pub fn handle(app: &AppHandle, urls: Vec<Url>) {
    for url in urls.into_iter().filter(|u| u.scheme() == scheme()) {
        crate::report::link(&url);
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            let state = app.state::<AppState>();
            let outcome = match state.connections() {
                Ok(connections) => connections.finish(&url).await.map_err(CommandError::from),
                Err(e) => Err(e),
            };
            let user_id = {
                let mut session = state.session();
                // A link that names no request of ours is shown to whoever uses the
                // window: it arrived here, and nobody else would see it.
                let user_id = match &outcome {
                    Ok(connected) => Some(connected.user_id),
                    Err(_) => session.user_id,
                };
                if let Some(user_id) = user_id {
                    session.set_connect_error(user_id, outcome.err());
                }
                user_id
            };
            events::connection_changed(&app, user_id);
        });
    }
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
