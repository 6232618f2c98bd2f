//! The window's side of the desktop companion: who is logged in is recorded for the
//! tray (`core::companion::session`), the tray process is started when the window
//! starts and told when something it shows changed, and a met goal is announced after
//! the window's own sync. The tray runs as its own small program (`wakadesk-tray`,
//! Linux): closing the window ends this process, WebKit with it, and leaves the tray.

use std::sync::atomic::{AtomicBool, Ordering};

use tauri::Manager;
use wakadesk_core::companion::{goal_notice, prefs, session};
use wakadesk_core::db::SharedDatabase;

use crate::state::AppState;

/// This window's process, as recorded with its log-in.
fn pid() -> u32 {
    std::process::id()
}

/// A log-in (or sign-up) in this window; `keep` for "Keep me logged in".
pub fn logged_in(state: &AppState, user_id: i64, keep: bool) {
    if let Ok(db) = state.db() {
        let recorded =
            session::logged_in(&mut db.lock(), user_id, pid(), keep, state.clock().unix());
        report("recording the log-in for the tray", recorded);
    }
    crate::tray_link::changed();
}

/// *Log out*: neither in the window nor kept any more.
pub fn logged_out(state: &AppState, user_id: i64) {
    if let Ok(db) = state.db() {
        report(
            "ending the kept log-in",
            session::logged_out(&mut db.lock(), user_id, pid()),
        );
    }
    crate::tray_link::changed();
}

/// At startup, once the database is open: the account kept logged in is this window's
/// too.
pub fn at_start(db: &SharedDatabase, now: i64) -> Option<i64> {
    let mut db = db.lock();
    let kept = session::kept(&db).unwrap_or(None);
    if let Some(user_id) = kept {
        report(
            "recording the kept log-in",
            session::logged_in(&mut db, user_id, pid(), false, now),
        );
    }
    kept
}

/// Once the first screen is up (the page asked its first question): the tray is
/// started, when closing to it is on, so its start never competes with the window's;
/// on a thread of its own, so the page's answer does not wait for the session bus.
pub fn after_first_screen(app: &tauri::AppHandle) {
    static STARTED: AtomicBool = AtomicBool::new(false);
    if STARTED.swap(true, Ordering::SeqCst) {
        return;
    }
    let app = app.clone();
    let started = std::thread::Builder::new()
        .name("tray-start".into())
        .spawn(move || {
            let state = app.state::<AppState>();
            let Ok(db) = state.db() else { return };
            if prefs::get(&db.lock(), prefs::Pref::CloseToTray).unwrap_or(true) {
                crate::tray_link::ensure_running();
            }
        });
    if let Err(e) = started {
        eprintln!("wakadesk: the tray was not started: {e}");
    }
}

/// The window closes: its log-in ends (a kept one stays with the tray).
pub fn window_closed(state: &AppState) {
    if let Some(db) = state.opened_db() {
        report(
            "ending the window's log-in",
            session::window_closed(&db.lock(), pid()),
        );
    }
    crate::tray_link::changed();
}

/// After the window's sync: the tray shows the new figure, and a goal met today is
/// announced (once a day, whichever process sees it first).
pub fn after_sync(state: &AppState, user_id: i64) {
    crate::tray_link::changed();
    let Ok(db) = state.db() else { return };
    let notice = goal_notice::due(&db.lock(), user_id, state.clock());
    match notice {
        Ok(Some(notice)) => crate::tray_link::notify(&notice),
        Ok(None) => {}
        Err(e) => eprintln!("wakadesk: judging the daily goal: {}", e.code()),
    }
}

fn report(what: &str, outcome: wakadesk_core::Result<()>) {
    if let Err(e) = outcome {
        eprintln!("wakadesk: {what}: {}", e.code());
    }
}
