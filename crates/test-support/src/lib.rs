//! What the workspace's test files would otherwise each write again: running the
//! `wakadesk-cli` binary with its environment ([`Cli`]), the test Fernet key, one
//! browser hop ([`browser_hop`]), the data-file soundness check ([`assert_sound`]), the
//! seeded kill moments of the fault tests ([`FaultMoments`]), a second local user
//! ([`LocalUser`]), and the rule for tests
//! that need what a machine may lack ([`test_that_needs!`], [`require_root`]): under
//! `CI=true` they run and fail saying what they need, elsewhere they are ignored with
//! the reason, never passed in silence ([`require_session_bus`] for the D-Bus ones), and
//! stand-ins for the session's D-Bus services: a tray host's watcher ([`FakeWatcher`])
//! and a notification server ([`FakeNotifications`]). A dev-dependency only.
#![forbid(unsafe_code)]

mod browser;
mod cli;
mod data_file;
#[cfg(target_os = "linux")]
mod fake_notifications;
#[cfg(target_os = "linux")]
mod fake_watcher;
mod fault_moments;
mod local_user;
mod needs;
#[cfg(target_os = "linux")]
mod served_name;

pub use browser::{browser_hop, Hop};
pub use cli::{
    account_args, api_key_connect_args, authorize_address, loopback_connect_args,
    student_signup_args, Cli, SYSTEM_CONFIG_FILE,
};
pub use data_file::{assert_sound, unsound};
#[cfg(target_os = "linux")]
pub use fake_notifications::{FakeNotifications, Notification};
#[cfg(target_os = "linux")]
pub use fake_watcher::{FakeWatcher, ItemRef, MenuRow};
pub use fault_moments::FaultMoments;
pub use local_user::LocalUser;
pub use needs::{bus_names_turn, is_root, require_root, require_session_bus};

/// A valid Fernet key (the specification's test vector), given to the programs under
/// test in `WAKADESK_FERNET_KEY` so they do not need a keyring.
pub const FERNET_KEY: &str = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";

/// Output bytes as text, for assertions and their messages.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("a bound address").port()
}
