//! The notification when today's coding reaches the daily goal: once a day per
//! account (the user's day), unless turned off. Whichever process notices first (the
//! tray after a refresh, the window after a sync) claims the day in the database, so
//! two processes never both announce it.

use crate::clock::Clock;
use crate::db::{goal_notice_table, Database};
use crate::stats::goal;
use crate::Result;

use super::prefs::{self, Pref};

/// What to announce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub summary: String,
    pub body: String,
}

/// The notice due now for `user_id`, claimed for today: None when goal notifications
/// are off, there is no goal, today has not reached it, or today was announced already.
pub fn due(db: &Database, user_id: i64, clock: &dyn Clock) -> Result<Option<Notice>> {
    if !prefs::get(db, Pref::GoalNotifications)? {
        return Ok(None);
    }
    let figures = goal::load(db, user_id, clock)?;
    let Some(progress) = figures.goal_progress.filter(|p| p.met) else {
        return Ok(None);
    };
    if !goal_notice_table::claim(db.conn(), user_id, &progress.date)? {
        return Ok(None);
    }
    let streak = figures.current_streak.unwrap_or(0);
    let summary = match streak {
        s if s > 1 => format!("Goal met: {} today, {s}-day streak", progress.text),
        _ => format!("Goal met: {} today", progress.text),
    };
    Ok(Some(Notice {
        summary,
        body: format!("Your daily goal is {}.", progress.goal_text),
    }))
}
