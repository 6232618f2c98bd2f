//! The tray's own bus name, `org.wakadesk.Tray`: one tray per session (a second start
//! finds the name taken), and the way the window tells a running tray to reload after
//! something changed (a log-in, a sync) without waiting for its next refresh.
//!
//! [`poke_reload`] is all the window needs: one call, a short wait, a typed answer.

use std::time::Duration;

use dbus::blocking::Proxy;

use crate::bus;
use crate::error::describe;

pub const CONTROL_NAME: &str = "org.wakadesk.Tray";
pub const CONTROL_PATH: &str = "/org/wakadesk/Tray";
pub const CONTROL_INTERFACE: &str = "org.wakadesk.Tray";

/// The tray answers from its own thread at once; the window must not hang on it.
const POKE_TIMEOUT: Duration = Duration::from_secs(2);

/// Why a reload request did not reach a tray.
#[derive(Debug, thiserror::Error)]
pub enum PokeError {
    /// No tray runs in this session (nobody owns `org.wakadesk.Tray`).
    #[error("no wakadesk tray is running")]
    NotRunning,
    /// No session bus to ask on.
    #[error("no D-Bus session bus: {0}")]
    NoSessionBus(String),
    /// The tray is there but did not answer in time, or answered with an error.
    #[error("the wakadesk tray did not take the reload: {0}")]
    Failed(String),
}

/// Asks the running tray to reload now (it gets `TrayEvent::Reload`).
pub fn poke_reload() -> Result<(), PokeError> {
    let channel = bus::session().map_err(|e| PokeError::NoSessionBus(e.to_string()))?;
    let tray = Proxy::new(CONTROL_NAME, CONTROL_PATH, POKE_TIMEOUT, &channel);
    tray.method_call::<(), _, _, _>(CONTROL_INTERFACE, "Reload", ())
        .map_err(|e| {
            if bus::is_no_owner(&e) {
                PokeError::NotRunning
            } else {
                PokeError::Failed(describe(&e))
            }
        })
}
