//! The account's daily goal; its progress and streaks come with the dashboard.

use wakadesk_core::stats::goal::{self, GoalFigures};

use crate::command_error::CommandError;
use crate::state::AppState;

/// Sets the daily goal in minutes (1 to 1440), or removes it (`null`).
pub fn set_daily_goal(state: &AppState, minutes: Option<i64>) -> Result<GoalFigures, CommandError> {
    let user_id = state.user_id()?;
    Ok(goal::set_daily_goal(
        &state.db()?.lock(),
        user_id,
        minutes,
        state.clock(),
    )?)
}
