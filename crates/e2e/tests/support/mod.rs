//! What the window test files share: one window at a time, and the steps a person
//! takes (click, type, wait to see), each failing with a sentence about what was
//! expected.

// Each test file compiles its own copy and uses only some of these.
#![allow(dead_code)]

pub mod dashboard;
pub mod wakatime;

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use wakadesk_e2e::{Session, WindowApp};

/// Long enough for a first start under Xvfb and an unoptimised password hash.
pub const WAIT: Duration = Duration::from_secs(30);

/// One window at a time: two apps starting at once on a small machine only add
/// flakiness, and the app is single-instance in the session anyway.
static ONE_WINDOW: Mutex<()> = Mutex::new(());

pub fn launch() -> (MutexGuard<'static, ()>, WindowApp) {
    launch_with_env(&[])
}

pub fn launch_with_env(env: &[(&str, &str)]) -> (MutexGuard<'static, ()>, WindowApp) {
    let guard = one_window();
    (guard, start_window(env))
}

/// The turn of one test file's window, for a test that sets up the session (a tray
/// host on the bus) before its window starts ([`start_window`]).
pub fn one_window() -> MutexGuard<'static, ()> {
    ONE_WINDOW
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Starts the window; the caller holds [`one_window`].
pub fn start_window(env: &[(&str, &str)]) -> WindowApp {
    // WebKitWebDriver occasionally loses the first start on a loaded machine; one
    // more try tells that apart from an app that cannot start.
    WindowApp::launch_with_env(env)
        .or_else(|first| {
            eprintln!("window start failed once ({first}); trying again");
            std::thread::sleep(std::time::Duration::from_secs(1));
            WindowApp::launch_with_env(env)
        })
        .unwrap_or_else(|e| panic!("the wakadesk window should start under tauri-driver: {e}"))
}

pub fn screenshot(app: &WindowApp, name: &str) {
    let path = app
        .save_screenshot(name)
        .unwrap_or_else(|e| panic!("the {name} screenshot should be saved: {e}"));
    eprintln!("screenshot: {}", path.display());
}

pub fn wait_displayed(s: &Session, css: &str, why: &str) {
    s.wait_for_displayed(css, WAIT)
        .unwrap_or_else(|e| panic!("{why}: {e}"));
}

pub fn wait_text(s: &Session, css: &str, expected: &str, why: &str) {
    s.wait_for_text(css, expected, WAIT)
        .unwrap_or_else(|e| panic!("{why}: {e}"));
}

pub fn text_of(s: &Session, css: &str) -> String {
    s.find(css)
        .and_then(|e| e.text())
        .unwrap_or_else(|e| panic!("the text of {css} should be readable: {e}"))
}

pub fn fill(s: &Session, css: &str, text: &str) {
    s.fill(css, text)
        .unwrap_or_else(|e| panic!("typing into {css} should work: {e}"));
}

pub fn click(s: &Session, css: &str) {
    s.find(css)
        .and_then(|e| e.click())
        .unwrap_or_else(|e| panic!("clicking {css} should work: {e}"));
}

pub fn is_displayed(s: &Session, css: &str) -> bool {
    s.find(css)
        .and_then(|e| e.is_displayed())
        .unwrap_or_else(|e| panic!("{css} should exist: {e}"))
}

pub fn is_enabled(s: &Session, css: &str) -> bool {
    s.find(css)
        .and_then(|e| e.is_enabled())
        .unwrap_or_else(|e| panic!("{css} should exist: {e}"))
}

/// Whether the checkbox (or switch) `css` is ticked.
pub fn is_selected(s: &Session, css: &str) -> bool {
    s.find(css)
        .and_then(|e| e.property("checked"))
        .unwrap_or_else(|e| panic!("{css} should exist: {e}"))
        .as_bool()
        .unwrap_or(false)
}

pub fn value_of(s: &Session, css: &str) -> String {
    let value = s
        .find(css)
        .and_then(|e| e.property("value"))
        .unwrap_or_else(|e| panic!("the value of {css} should be readable: {e}"));
    value.as_str().unwrap_or_default().to_owned()
}

/// Opens Sign up: a first start (no account yet) is already there; otherwise Log in
/// shows, and its Create an account link leads there.
pub fn open_signup(s: &Session) {
    let on_signup = s
        .wait_until(WAIT, "Sign up or Log in", |s| {
            let signup = s.find("#signup-form")?.is_displayed()?;
            let login = s.find("#login-form")?.is_displayed()?;
            Ok((signup || login).then_some(signup))
        })
        .unwrap_or_else(|e| panic!("a screen to sign up from: {e}"));
    if on_signup {
        return;
    }
    click(s, "#to-signup");
    wait_displayed(
        s,
        "#signup-form",
        "the Create an account link opens Sign up",
    );
}

/// Signs up someone who is not a student and waits for Home.
pub fn sign_up(s: &Session, email: &str, name: &str, password: &str) {
    open_signup(s);
    fill(s, "#signup-email", email);
    fill(s, "#signup-name", name);
    fill(s, "#signup-password", password);
    click(s, "#signup-submit");
    wait_displayed(s, "#home-screen", "signing up goes straight to Home");
}

pub fn log_in(s: &Session, email: &str, password: &str) {
    fill(s, "#login-email", email);
    fill(s, "#login-password", password);
    click(s, "#login-submit");
}

pub fn log_out(s: &Session) {
    click(s, "#logout");
    wait_displayed(s, "#login-form", "Log out returns to the Log in screen");
}

/// Asserts that the error element sits right below its input and is how the input is
/// described to screen readers.
pub fn expect_error_next_to(s: &Session, input_css: &str, error_id: &str, message: &str) {
    wait_text(
        s,
        &format!("#{error_id}"),
        message,
        "the error text is shown",
    );
    assert_error_placement(s, input_css, error_id);
}

/// Like [`expect_error_next_to`], for messages known only in part (they name a server
/// or a port); returns the whole message.
pub fn expect_error_next_to_containing(
    s: &Session,
    input_css: &str,
    error_id: &str,
    part: &str,
) -> String {
    let css = format!("#{error_id}");
    let mut seen = String::new();
    s.wait_until(WAIT, &format!("{css} to mention {part:?}"), |s| {
        let element = s.find(&css)?;
        seen = element.text()?;
        Ok((seen.contains(part) && element.is_displayed()?).then_some(()))
    })
    .unwrap_or_else(|e| panic!("the error next to {input_css} is shown: {e}; it read {seen:?}"));
    assert_error_placement(s, input_css, error_id);
    seen
}

fn assert_error_placement(s: &Session, input_css: &str, error_id: &str) {
    let input = s.find(input_css).expect("the input should exist");
    let described_by = input
        .attribute("aria-describedby")
        .expect("aria-describedby should be readable")
        .unwrap_or_default();
    assert!(
        described_by.split_whitespace().any(|id| id == error_id),
        "{input_css} should be described by #{error_id}, but aria-describedby is {described_by:?}"
    );
    let input_box = input.rect().expect("the input should have a position");
    let error_box = s
        .find(&format!("#{error_id}"))
        .and_then(|e| e.rect())
        .expect("the error should have a position");
    let gap = error_box.y - input_box.bottom();
    assert!(
        (0.0..60.0).contains(&gap),
        "#{error_id} should be drawn just below {input_css}, but the gap is {gap}px \
         (input {input_box:?}, error {error_box:?})"
    );
}
