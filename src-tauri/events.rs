//! What the shell tells the page without being asked: a browser's answer has been
//! finished (the account's connection may have changed), and where a running sync is.
//! The page listens for these instead of asking again and again. Payloads name the
//! account they are about, so a page showing another account ignores them; they never
//! carry a token, a code or a message meant for another account.

use serde::Serialize;
use tauri::{AppHandle, Emitter};
use wakadesk_core::stats::SyncStep;

/// Payload [`ConnectionChanged`].
pub const CONNECTION_CHANGED: &str = "connection-changed";
/// Payload [`SyncProgress`].
pub const SYNC_PROGRESS: &str = "sync-progress";

/// A browser's answer was finished, for this account (None: for no known account).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionChanged {
    pub user_id: Option<i64>,
}

/// The account's sync reached `step`; None when it has ended, however it ended.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub user_id: i64,
    pub step: Option<SyncStep>,
}

pub fn connection_changed(app: &AppHandle, user_id: Option<i64>) {
    emit(app, CONNECTION_CHANGED, ConnectionChanged { user_id });
}

pub fn sync_progress(app: &AppHandle, user_id: i64, step: Option<SyncStep>) {
    emit(app, SYNC_PROGRESS, SyncProgress { user_id, step });
}

/// To the main window only. A window that is not there yet loses nothing: the page
/// asks for the current state once it has loaded and listens from then on.
fn emit<T: Serialize + Clone>(app: &AppHandle, event: &str, payload: T) {
    if let Err(e) = app.emit_to("main", event, payload) {
        eprintln!("wakadesk: the window missed an update ({event}): {e}");
    }
}
