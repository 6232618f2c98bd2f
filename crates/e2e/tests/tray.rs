//! The window and the tray together, on the private test session bus with a tray host
//! and a notification server that the test provides: the window starts the tray, a
//! student who ticks "Keep me logged in" stays in its menu after the window closes,
//! *Open* brings the window back on that account, *Quit* ends both, and the log-in
//! start entry is written and removed from Home. Without a tray host, closing the
//! window quits wakadesk: no tray process is left.
//!
//! Needs a desktop session and built binaries:
//! `cargo build -p wakadesk -p wakadesk-tray -p fake-wakatime && scripts/test-session.sh cargo test -p wakadesk-e2e --test tray`.
#![forbid(unsafe_code)]

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::*;
use test_support::{FakeWatcher, ItemRef, MenuRow};
use wakadesk_e2e::Session;
use wakadesk_tray::control::{poke_reload, PokeError};

const PASSWORD: &str = "analytical-engine";

fn names(menu: &[MenuRow]) -> Vec<String> {
    menu.iter()
        .filter(|row| !row.separator)
        .map(|row| row.label.clone())
        .collect()
}

/// Waits until the item's menu lists `expected`.
fn wait_menu(watcher: &FakeWatcher, item: &ItemRef, expected: &[&str], why: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let now = names(&watcher.menu(item));
        if now == expected {
            return;
        }
        assert!(Instant::now() < deadline, "{why}: the menu is {now:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The process of the window that recorded a log-in in `data`, if it still runs.
fn window_pid(data: &Path) -> Option<u32> {
    let db = rusqlite::Connection::open(wakadesk_core::paths::database_path(data)).ok()?;
    let pid: u32 = db
        .query_row(
            "SELECT window_pid FROM desktop_session WHERE kind = 'window'",
            [],
            |r| r.get(0),
        )
        .ok()?;
    Path::new(&format!("/proc/{pid}")).exists().then_some(pid)
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !done() {
        assert!(Instant::now() < deadline, "{what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Clicks the tray's *Quit* when the test ends, passed or not, so no tray (or window
/// it opened) outlives it.
struct QuitAtEnd<'w>(&'w FakeWatcher, ItemRef);

impl Drop for QuitAtEnd<'_> {
    fn drop(&mut self) {
        if tray_running() {
            self.0.click(&self.1, 4);
        }
    }
}

fn tray_running() -> bool {
    !matches!(poke_reload(), Err(PokeError::NotRunning))
}

#[test]
fn a_kept_student_stays_in_the_tray_after_the_window_closes_and_open_and_quit_work() {
    let _one_window = one_window();
    let watcher = FakeWatcher::start();
    let app = start_window(&[]);
    let s: &Session = &app;
    let data = app.driver().data_dir();
    let item = watcher.wait_for_item(WAIT);
    let _quit = QuitAtEnd(&watcher, item.clone());
    wait_menu(
        &watcher,
        &item,
        &["Open wakadesk", "Quit"],
        "nobody logged in yet",
    );

    sign_up(s, "ada@example.edu", "Ada Lovelace", PASSWORD);
    wait_menu(
        &watcher,
        &item,
        &["Open wakadesk", "Sync now", "Ada Lovelace", "Quit"],
        "the tray follows the student logged in to the window",
    );
    assert_eq!(watcher.label(&item), "Not connected");

    // Home's choices: a tray host is here, so closing keeps wakadesk in the tray.
    wait_displayed(s, "#desktop", "Home shows the choices for this computer");
    assert!(is_selected(s, "#desktop-close-to-tray"), "on by default");
    assert!(!is_displayed(s, "#desktop-no-tray"));
    assert!(!is_selected(s, "#desktop-start-at-login"), "off by default");
    let entry = app
        .driver()
        .desktop_dirs()
        .config_home()
        .join("autostart/wakadesk-tray.desktop");
    click(s, "#desktop-start-at-login");
    wait_for("the log-in start entry is written", || entry.is_file());
    wait_for("the switch shows it on", || {
        is_enabled(s, "#desktop-start-at-login") && is_selected(s, "#desktop-start-at-login")
    });
    let text = std::fs::read_to_string(&entry).unwrap();
    assert!(
        text.contains("wakadesk-tray\" --at-login\n"),
        "it starts the tray program at log-in: {text}"
    );
    click(s, "#desktop-start-at-login");
    wait_for("the log-in start entry is removed", || !entry.exists());

    log_out(s);
    wait_menu(
        &watcher,
        &item,
        &["Open wakadesk", "Quit"],
        "Log out ends it",
    );
    click(s, "#login-keep");
    log_in(s, "ada@example.edu", PASSWORD);
    wait_displayed(s, "#home-screen", "logged in");
    wait_menu(
        &watcher,
        &item,
        &["Open wakadesk", "Sync now", "Ada Lovelace", "Quit"],
        "logged in again, and kept",
    );
    screenshot(&app, "30-home-desktop-choices");
    let first_window = window_pid(&data).expect("the window recorded its log-in");

    s.close_window().expect("the window closes");
    wait_for("the window's process ends when it closes", || {
        !Path::new(&format!("/proc/{first_window}")).exists()
    });
    assert_eq!(
        watcher.registrations().last(),
        Some(&item),
        "the tray stays"
    );
    wait_menu(
        &watcher,
        &item,
        &["Open wakadesk", "Sync now", "Ada Lovelace", "Quit"],
        "the kept student stays in the tray after the window closed",
    );

    watcher.click(&item, 1);
    wait_for("Open starts the window again, on the kept account", || {
        window_pid(&data).is_some()
    });
    let second_window = window_pid(&data).unwrap();
    assert_ne!(second_window, first_window);

    watcher.click(&item, 4);
    wait_for("Quit ends the tray", || !tray_running());
    wait_for("Quit ends the window too", || {
        !Path::new(&format!("/proc/{second_window}")).exists()
    });
}

#[test]
fn without_a_tray_host_closing_the_window_quits_wakadesk() {
    let (_one_window, app) = launch();
    let s: &Session = &app;
    let data = app.driver().data_dir();
    sign_up(s, "grace@example.edu", "Grace Hopper", PASSWORD);
    wait_displayed(s, "#desktop", "Home shows the choices for this computer");
    assert!(
        is_displayed(s, "#desktop-no-tray"),
        "the page says closing quits here"
    );
    let window = window_pid(&data).expect("the window recorded its log-in");
    wait_for("no tray without a tray host", || !tray_running());
    s.close_window().expect("the window closes");
    wait_for("closing the window ends wakadesk", || {
        !Path::new(&format!("/proc/{window}")).exists()
    });
    assert!(!tray_running(), "and leaves no tray behind");
}
