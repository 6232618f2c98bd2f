//! The few calls to the bus daemon itself, on a bare libdbus channel: the tray owns its
//! channel on one thread and dispatches every message itself (see `service.rs`).

use std::time::Duration;

use dbus::blocking::Proxy;
use dbus::channel::{BusType, Channel};

use crate::error::{describe, TrayError};

/// Calls to the bus daemon answer at once; a longer wait means the bus is stuck.
const BUS_TIMEOUT: Duration = Duration::from_secs(5);

/// `RequestName` flag: fail at once instead of waiting in line for the name.
const DO_NOT_QUEUE: u32 = 4;
/// `RequestName` replies.
const PRIMARY_OWNER: u32 = 1;
const ALREADY_OWNER: u32 = 4;

/// A private connection to the session bus (closed when dropped).
pub(crate) fn session() -> Result<Channel, TrayError> {
    Channel::get_private(BusType::Session).map_err(|e| TrayError::NoSessionBus(describe(&e)))
}

fn daemon(channel: &Channel) -> Proxy<'static, &Channel> {
    Proxy::new(
        "org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        BUS_TIMEOUT,
        channel,
    )
}

/// Takes `name` unless someone else has it; true when this connection owns it now.
pub(crate) fn request_name(channel: &Channel, name: &str) -> Result<bool, TrayError> {
    let (reply,): (u32,) =
        daemon(channel).method_call("org.freedesktop.DBus", "RequestName", (name, DO_NOT_QUEUE))?;
    Ok(reply == PRIMARY_OWNER || reply == ALREADY_OWNER)
}

/// Gives `name` back, and waits until the bus has, so whoever asks next gets it.
pub(crate) fn release_name(channel: &Channel, name: &str) -> Result<(), TrayError> {
    let (_,): (u32,) =
        daemon(channel).method_call("org.freedesktop.DBus", "ReleaseName", (name,))?;
    Ok(())
}

pub(crate) fn name_has_owner(channel: &Channel, name: &str) -> Result<bool, TrayError> {
    let (owned,): (bool,) =
        daemon(channel).method_call("org.freedesktop.DBus", "NameHasOwner", (name,))?;
    Ok(owned)
}

/// Asks the bus to route signals matching `rule` to this connection.
pub(crate) fn add_match(channel: &Channel, rule: &str) -> Result<(), TrayError> {
    let () = daemon(channel).method_call("org.freedesktop.DBus", "AddMatch", (rule,))?;
    Ok(())
}

/// True when a D-Bus error says the name has no owner (nobody to call).
pub(crate) fn is_no_owner(error: &dbus::Error) -> bool {
    matches!(
        error.name(),
        Some(
            "org.freedesktop.DBus.Error.ServiceUnknown"
                | "org.freedesktop.DBus.Error.NameHasNoOwner"
        )
    )
}
