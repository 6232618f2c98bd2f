//! What a student sets about their project in the window: the WakaTime name it goes by
//! when none matches the registered one (chosen among the synced names), and the day
//! their weeks start on.

use super::PROJECTS;
use crate::db::daily_summary_table;
use crate::db::student_table;
use crate::db::Database;
use crate::stats::week::WeekStart;
use crate::{Error, Result};

/// Saves `name`, one of the synced project names exactly as listed in the view's
/// `candidates`, as the student's WakaTime project; None goes back to matching the
/// registered name. The registered name is kept either way.
pub fn choose(db: &mut Database, user_id: i64, name: Option<&str>) -> Result<()> {
    db.write(|tx| {
        if let Some(name) = name {
            let synced = daily_summary_table::names_by_time(tx, user_id, PROJECTS)?;
            if !synced.iter().any(|(synced, _)| synced == name) {
                return Err(Error::ProjectNotSynced {
                    name: name.to_owned(),
                });
            }
        }
        if student_table::set_wakatime_project(tx, user_id, name)? {
            Ok(())
        } else {
            Err(Error::NotStudent)
        }
    })
}

/// Makes the student's weeks start on `start`.
pub fn set_week_start(db: &Database, user_id: i64, start: WeekStart) -> Result<()> {
    if student_table::set_week_start(db.conn(), user_id, start.key())? {
        Ok(())
    } else {
        Err(Error::NotStudent)
    }
}
