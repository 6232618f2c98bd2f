//! The dashboard: figures from the cache (fast, offline), and syncing with progress.

use serde::Serialize;
use tauri::State;
use wakadesk_core::config::sync_max_age_secs;
use wakadesk_core::stats::{self, Dashboard, DashboardRange, RetryPolicy, SyncReport, SyncStep};

use crate::command_error::CommandError;
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

#[tauri::command(async)]
pub fn dashboard(state: State<'_, AppState>, range: String) -> Result<DashboardView, CommandError> {
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
    Ok(DashboardView {
        dashboard,
        sync_due,
        syncing: state.session().sync_step.clone(),
        source,
    })
}

#[tauri::command]
pub async fn sync_stats(state: State<'_, AppState>) -> Result<SyncReport, CommandError> {
    let user_id = state.user_id()?;
    let connections = state.connections()?;
    {
        let mut session = state.session();
        if session.sync_step.is_some() {
            return Err(CommandError {
                code: "sync_running",
                message: "A sync is already running.".into(),
                field: None,
            });
        }
        session.sync_step = Some(SyncStep::Saving);
    }
    let progress = |step: SyncStep| state.session().sync_step = Some(step);
    let result = stats::sync(
        state.db()?,
        &connections.api(),
        user_id,
        state.clock(),
        RetryPolicy::default(),
        &progress,
    )
    .await;
    let mut session = state.session();
    session.sync_step = None;
    if let Err(e @ wakadesk_core::Error::ReconnectNeeded) = &result {
        // Kept for the WakaTime card, so the reason survives logging out and in.
        session.connect_error = Some(CommandError::from_ref(e));
    }
    drop(session);
    Ok(result?)
}

#[tauri::command]
pub fn sync_progress(state: State<'_, AppState>) -> Option<SyncStep> {
    state.session().sync_step.clone()
}
