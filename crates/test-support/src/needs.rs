//! Tests that need what a machine may lack (root, to mount a filesystem). The rule:
//! such a test never passes without running. Under `CI=true` (the build script sets
//! `cfg(ci)`) it runs, and fails saying what it needs when that is missing; elsewhere
//! it is marked ignored with the reason, so `cargo test` lists it as ignored and
//! `cargo test -- --ignored` runs it.

/// Declares a `#[test]` that needs something the machine may lack; `$why` is the
/// reason it is ignored outside CI. The body should check for what it needs first
/// (e.g. [`require_root`](crate::require_root)) and fail saying so.
///
/// ```text
/// test_support::test_that_needs! {
///     "needs root to mount a tmpfs; runs under CI=true or with --ignored",
///     fn a_full_disk_is_reported() {
///         test_support::require_root("mounting a small tmpfs");
///     }
/// }
/// ```
#[cfg(ci)]
#[macro_export]
macro_rules! test_that_needs {
    ($why:literal, $(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        fn $name() $body
    };
}

/// Declares a `#[test]` that needs something the machine may lack; outside CI it is
/// ignored with `$why` as the reason.
#[cfg(not(ci))]
#[macro_export]
macro_rules! test_that_needs {
    ($why:literal, $(#[$attr:meta])* fn $name:ident() $body:block) => {
        $(#[$attr])*
        #[test]
        #[ignore = $why]
        fn $name() $body
    };
}

/// True when the process runs as root (user id 0).
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let uid = status.lines().find(|line| line.starts_with("Uid:"))?;
            Some(uid.split_whitespace().nth(2) == Some("0"))
        })
        .unwrap_or(false)
}

/// Fails the test, saying what needs root, unless the process runs as root.
pub fn require_root(what: &str) {
    assert!(
        is_root(),
        "{what} needs root: run the tests as root (CI does), e.g. with sudo"
    );
}

/// Fails the test, saying how to get one, unless a D-Bus session bus is there
/// (`DBUS_SESSION_BUS_ADDRESS`, as `scripts/test-session.sh` sets it).
pub fn require_session_bus() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|a| !a.is_empty()),
        "this test needs a D-Bus session bus: run it under scripts/test-session.sh \
         (e.g. CI=true scripts/test-session.sh cargo test -p wakadesk-tray)"
    );
}

/// The session bus checked ([`require_session_bus`]) and this test's turn with the
/// well-known names it owns (a watcher, a notification server, the tray's own): a name
/// has one owner at a time, and the tests of one binary run in parallel.
pub fn bus_names_turn() -> std::sync::MutexGuard<'static, ()> {
    static BUS_NAMES: std::sync::Mutex<()> = std::sync::Mutex::new(());
    require_session_bus();
    BUS_NAMES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
