//! The desktop companion around the window: who the tray follows (`session`), the
//! per-computer choices (`prefs`), starting at log-in (`autostart`), and the daily
//! "goal met" notice (`goal_notice`). The window and the tray process share these
//! through the database, so either may end without the other losing anything.

pub mod autostart;
pub mod goal_notice;
pub mod prefs;
pub mod session;

#[cfg(test)]
mod tests;
