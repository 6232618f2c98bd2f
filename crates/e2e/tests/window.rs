//! The window as a student uses it: sign up, see the home screen, log out and back in,
//! and see mistakes explained next to the field or form they concern. Each test starts
//! the real app with an empty data directory and saves screenshots to
//! `target/screenshots/` for a person to look at.
//!
//! Needs a desktop session and a built app:
//! `cargo build -p wakadesk && scripts/test-session.sh cargo test -p wakadesk-e2e`.
#![forbid(unsafe_code)]

mod support;

use support::*;
use wakadesk_e2e::Session;

fn expect_home(s: &Session, why: &str) {
    wait_displayed(s, "#home-screen", why);
    wait_text(s, "#home-name", "Ada Lovelace", "home shows the name");
    // Whether the core keeps the typed letter case is its choice; the address must match.
    s.wait_until(WAIT, "#home-email to show the address", |s| {
        let text = s.find("#home-email")?.text()?;
        Ok(text
            .eq_ignore_ascii_case("ada.lovelace@example.edu")
            .then_some(()))
    })
    .unwrap_or_else(|e| panic!("home shows the email: {e}"));
    wait_text(s, "#home-batch", "2026-A", "home shows the student's batch");
    wait_text(
        s,
        "#home-project",
        "Compiler",
        "home shows the student's project",
    );
    wait_text(
        s,
        "#wakatime-status",
        "Not connected",
        "a new account has no WakaTime link",
    );
}

#[test]
fn a_student_signs_up_logs_out_and_logs_back_in_with_the_email_in_any_letter_case() {
    let (_one_window, app) = launch();
    let s: &Session = &app;

    wait_displayed(
        s,
        "#signup-form",
        "with no account on this computer yet the window starts on Sign up",
    );
    assert!(
        !is_displayed(s, "#startup-warning"),
        "with a working keyring there should be no startup warning"
    );
    let data_dir = app.driver().data_dir();
    wait_text(
        s,
        "#data-dir",
        &format!("Data folder: {}", data_dir.display()),
        "the app should use the WAKADESK_DATA_DIR the test gave it",
    );
    screenshot(&app, "01-first-start");

    open_signup(s);
    assert!(
        !is_displayed(s, "#signup-batch"),
        "batch stays hidden until 'I am a student' is ticked"
    );
    fill(s, "#signup-email", "Ada.Lovelace@Example.EDU");
    fill(s, "#signup-name", "Ada Lovelace");
    fill(s, "#signup-password", "analytical-engine");
    click(s, "#signup-student");
    wait_displayed(s, "#signup-batch", "ticking 'I am a student' reveals batch");
    assert!(
        is_displayed(s, "#signup-project"),
        "ticking 'I am a student' reveals project"
    );
    fill(s, "#signup-batch", "2026-A");
    fill(s, "#signup-project", "Compiler");
    screenshot(&app, "02-signup-student");
    click(s, "#signup-submit");

    expect_home(s, "signing up goes straight to Home");
    screenshot(&app, "03-home-student");

    log_out(s);
    log_in(s, "ADA.LOVELACE@example.edu", "analytical-engine");
    expect_home(
        s,
        "logging in with the email in another letter case reaches Home",
    );

    log_out(s);
    assert_eq!(
        s.find("#login-password")
            .and_then(|e| e.property("value"))
            .expect("the password input should be readable"),
        "",
        "after logging out, the password is no longer in the form"
    );
}

#[test]
fn mistakes_are_explained_next_to_the_field_or_form_they_concern() {
    let (_one_window, app) = launch();
    let s: &Session = &app;

    open_signup(s);
    fill(s, "#signup-email", "grace@example.edu");
    fill(s, "#signup-name", "Grace Hopper");
    fill(s, "#signup-password", "short");
    click(s, "#signup-submit");
    expect_error_next_to(
        s,
        "#signup-password",
        "signup-password-error",
        "Use a password of at least 8 characters.",
    );
    assert!(
        !is_displayed(s, "#signup-error"),
        "a field error is not repeated in the form-level error area"
    );
    screenshot(&app, "04-signup-short-password");

    fill(s, "#signup-password", "cobol-forever");
    click(s, "#signup-submit");
    wait_displayed(s, "#home-screen", "a corrected signup reaches Home");
    assert!(
        !is_displayed(s, "#home-batch"),
        "someone who is not a student sees no batch on Home"
    );
    log_out(s);

    log_in(s, "grace@example.edu", "not-my-password");
    wait_text(
        s,
        "#login-error",
        "Email or password is incorrect.",
        "a wrong password is explained above the Log in button",
    );
    let submit = s.find("#login-submit").expect("the submit button exists");
    assert!(
        submit.is_enabled().expect("the button state is readable"),
        "the Log in button is usable again after the failed attempt"
    );
    screenshot(&app, "05-login-wrong-password");

    fill(s, "#login-password", "cobol-forever");
    click(s, "#login-submit");
    wait_displayed(
        s,
        "#home-screen",
        "the right password logs in after a wrong one",
    );
}

#[test]
fn without_a_keyring_the_window_warns_and_signup_still_works() {
    // No session bus means no Secret Service, as on a bare server or a broken desktop.
    let (_one_window, app) = launch_with_env(&[(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/wakadesk-e2e-bus",
    )]);
    let s: &Session = &app;

    wait_displayed(
        s,
        "#startup-warning",
        "a missing keyring is announced in a banner on the Log in screen",
    );
    let warning = s
        .find("#startup-warning-text")
        .and_then(|e| e.text())
        .expect("the banner text should be readable");
    assert!(
        warning.contains("keyring") && warning.ends_with("Once that is fixed, restart wakadesk."),
        "the banner says what is wrong and that a restart picks up the fix, not {warning:?}"
    );
    screenshot(&app, "06-login-no-keyring");

    open_signup(s);
    fill(s, "#signup-email", "linus@example.edu");
    fill(s, "#signup-name", "Linus");
    fill(s, "#signup-password", "a-long-passphrase");
    click(s, "#signup-submit");
    wait_displayed(s, "#home-screen", "signup works without a keyring");
    assert!(
        is_displayed(s, "#startup-warning"),
        "Home also shows the keyring warning"
    );
    wait_text(
        s,
        "#wakatime-status",
        "Not connected",
        "home shows the WakaTime status",
    );
}
