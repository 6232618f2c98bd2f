//! The student's registered project on the dashboard: its view for a range, the
//! WakaTime name chosen for it when none matches, the week start, and editing batch
//! and project.

use wakadesk_core::accounts::{self, Account, StudentForm};
use wakadesk_core::stats::project::{self, choice, ProjectView};
use wakadesk_core::stats::week::WeekStart;
use wakadesk_core::stats::DashboardRange;

use crate::command_error::CommandError;
use crate::state::AppState;

/// The project's view for `range`; null for an account that is not a student.
pub fn project_view(state: &AppState, range: String) -> Result<Option<ProjectView>, CommandError> {
    let user_id = state.user_id()?;
    let range = DashboardRange::parse(&range)?;
    Ok(project::view(
        &state.db()?.lock(),
        user_id,
        range,
        state.clock(),
    )?)
}

/// Saves which synced WakaTime project is the registered one (`null`: match by name).
pub fn choose_project(state: &AppState, name: Option<String>) -> Result<(), CommandError> {
    let user_id = state.user_id()?;
    Ok(choice::choose(
        &mut state.db()?.lock(),
        user_id,
        name.as_deref(),
    )?)
}

/// Starts the project's weeks on Monday (`"monday"`) or Sunday (`"sunday"`).
pub fn set_week_start(state: &AppState, week_start: String) -> Result<(), CommandError> {
    let user_id = state.user_id()?;
    let start = WeekStart::from_key(&week_start);
    Ok(choice::set_week_start(&state.db()?.lock(), user_id, start)?)
}

/// Changes the student's batch and project, checked as at sign-up.
pub fn update_student(
    state: &AppState,
    batch: String,
    project: String,
) -> Result<Account, CommandError> {
    let user_id = state.user_id()?;
    let form = StudentForm { batch, project };
    Ok(accounts::update_student(
        &mut state.db()?.lock(),
        user_id,
        &form,
    )?)
}
