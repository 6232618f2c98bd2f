//! The dashboard: figures from the cache (fast, offline), and syncing, whose progress
//! reaches the page as events (`events::SYNC_PROGRESS`).

use serde::Serialize;
use tauri::AppHandle;
use wakadesk_core::config::sync_max_age_secs;
use wakadesk_core::stats::{self, Dashboard, DashboardRange, RetryPolicy, SyncReport, SyncStep};

use crate::command_error::{CommandError, ShellCode};
use crate::events;
use crate::state::AppState;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DashboardView {
    #[serde(flatten)]
    dashboard: Dashboard,
    /// The cache is empty or older than the configured age: sync now.
    sync_due: bool,
    /// Where the running sync is, if one is running.
    syncing: Option<SyncStep>,
    /// The WakaTime server the data comes from.
    source: String,
}

pub fn dashboard(state: &AppState, range: String) -> Result<DashboardView, CommandError> {
    let user_id = state.user_id()?;
    let range = DashboardRange::parse(&range)?;
    let dashboard = stats::dashboard(&state.db()?.lock(), user_id, range, state.clock())?;
    let sync_due = dashboard.sync.is_due(state.clock(), sync_max_age_secs());
    let source = state
        .connections()?
        .config()?
        .api_url
        .host_str()
        .unwrap_or_default()
        .to_owned();
    crate::report::dashboard();
    Ok(DashboardView {
        dashboard,
        sync_due,
        syncing: state.session().sync_step(user_id),
        source,
    })
}

pub async fn sync_stats(app: &AppHandle, state: &AppState) -> Result<SyncReport, CommandError> {
    let user_id = state.user_id()?;
    let connections = state.connections()?;
    let db = state.db()?;
    if !state.session().begin_sync(user_id) {
        return Err(CommandError::shell(
            ShellCode::SyncRunning,
            "A sync is already running.",
        ));
    }
    let progress = |step: SyncStep| {
        state.session().sync_reached(user_id, step.clone());
        events::sync_progress(app, user_id, Some(step));
    };
    let result = stats::sync(
        db,
        &connections.api(),
        user_id,
        state.clock(),
        RetryPolicy::default(),
        &progress,
    )
    .await;
    {
        let mut session = state.session();
        session.end_sync(user_id);
        if let Err(e @ wakadesk_core::Error::ReconnectNeeded) = &result {
            // Kept for the WakaTime card, so the reason survives logging out and in.
            session.set_connect_error(user_id, Some(CommandError::from_ref(e)));
        }
    }
    events::sync_progress(app, user_id, None);
    if result.is_ok() {
        crate::companion::after_sync(state, user_id);
    }
    Ok(result?)
}
