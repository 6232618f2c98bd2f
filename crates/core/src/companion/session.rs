//! Who is logged in outside the window's own memory. A log-in in the window records
//! the account with the window's process id; ticking "Keep me logged in on this
//! computer" also keeps it (one account at most: the last to tick it), so the window
//! opens on it after a restart and the tray keeps following it after the window
//! closes. *Log out* ends both. The tray follows the window's account while that window
//! runs, else the kept one, else nobody.

use crate::db::desktop_session_table::{self, SessionRow, KEPT, WINDOW};
use crate::db::{user_table, Database};
use crate::Result;

/// How the followed account is logged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// Logged in to the running window.
    Window,
    /// Kept logged in on this computer.
    Kept,
}

/// Records a log-in to the window of process `pid`; `keep` also keeps the account
/// logged in on this computer. One transaction.
pub fn logged_in(db: &mut Database, user_id: i64, pid: u32, keep: bool, now: i64) -> Result<()> {
    db.write(|tx| {
        let window = SessionRow {
            user_id,
            window_pid: Some(pid),
        };
        desktop_session_table::put(tx, WINDOW, &window, now)?;
        if keep {
            let kept = SessionRow {
                user_id,
                window_pid: None,
            };
            desktop_session_table::put(tx, KEPT, &kept, now)?;
        }
        Ok(())
    })
}

/// *Log out* in the window of process `pid`: the account is neither in the window nor
/// kept any more.
pub fn logged_out(db: &mut Database, user_id: i64, pid: u32) -> Result<()> {
    db.write(|tx| {
        desktop_session_table::delete_window(tx, pid)?;
        desktop_session_table::delete_for(tx, KEPT, user_id)
    })
}

/// The window of process `pid` closes: its log-in ends (a kept one stays).
pub fn window_closed(db: &Database, pid: u32) -> Result<()> {
    desktop_session_table::delete_window(db.conn(), pid)
}

/// The account kept logged in, if it still exists.
pub fn kept(db: &Database) -> Result<Option<i64>> {
    existing(db, desktop_session_table::get(db.conn(), KEPT)?)
}

/// The account the tray follows: the running window's (`window_alive` says whether the
/// process holding it still runs), else the kept one.
pub fn followed(
    db: &Database,
    window_alive: impl Fn(u32) -> bool,
) -> Result<Option<(i64, Holder)>> {
    let window = desktop_session_table::get(db.conn(), WINDOW)?
        .filter(|row| row.window_pid.is_some_and(&window_alive));
    if let Some(user_id) = existing(db, window)? {
        return Ok(Some((user_id, Holder::Window)));
    }
    Ok(kept(db)?.map(|user_id| (user_id, Holder::Kept)))
}

fn existing(db: &Database, row: Option<SessionRow>) -> Result<Option<i64>> {
    match row {
        Some(row) if user_table::get(db.conn(), row.user_id)?.is_some() => Ok(Some(row.user_id)),
        _ => Ok(None),
    }
}
