//! Choices made once per computer account, kept in the `setting` table: whether closing
//! the window leaves wakadesk in the tray (on by default) and whether a met goal is
//! announced (on by default). Starting at log-in is not stored here: the autostart
//! entry itself is the record ([`super::autostart`]).

use serde::Serialize;

use crate::db::{setting_table, Database};
use crate::Result;

const CLOSE_TO_TRAY: &str = "desktop_close_to_tray";
const GOAL_NOTIFICATIONS: &str = "desktop_goal_notifications";

/// One of the on/off choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pref {
    CloseToTray,
    GoalNotifications,
}

impl Pref {
    fn key(self) -> &'static str {
        match self {
            Pref::CloseToTray => CLOSE_TO_TRAY,
            Pref::GoalNotifications => GOAL_NOTIFICATIONS,
        }
    }
}

/// Both choices, as the window shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Prefs {
    pub close_to_tray: bool,
    pub goal_notifications: bool,
}

pub fn load(db: &Database) -> Result<Prefs> {
    Ok(Prefs {
        close_to_tray: get(db, Pref::CloseToTray)?,
        goal_notifications: get(db, Pref::GoalNotifications)?,
    })
}

/// The choice, on when never set.
pub fn get(db: &Database, pref: Pref) -> Result<bool> {
    Ok(setting_table::get(db.conn(), pref.key())?.as_deref() != Some("off"))
}

pub fn set(db: &Database, pref: Pref, on: bool) -> Result<()> {
    setting_table::set(db.conn(), pref.key(), if on { "on" } else { "off" })
}
