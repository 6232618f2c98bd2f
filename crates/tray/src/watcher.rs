//! The tray host: whoever owns `org.kde.StatusNotifierWatcher` on the session bus (the
//! panel, or the GNOME AppIndicator extension). Without one an icon shows nowhere, so
//! the window asks [`host_present`] before offering to live in the tray.

use std::time::Duration;

use dbus::blocking::stdintf::org_freedesktop_dbus::Properties;
use dbus::blocking::Proxy;
use dbus::channel::Channel;

use crate::bus;
use crate::error::describe;
use crate::TrayError;

pub const WATCHER_NAME: &str = "org.kde.StatusNotifierWatcher";
pub const WATCHER_PATH: &str = "/StatusNotifierWatcher";
pub const WATCHER_INTERFACE: &str = "org.kde.StatusNotifierWatcher";

/// A watcher answers at once; one that does not is as good as absent.
const WATCHER_TIMEOUT: Duration = Duration::from_secs(2);

/// The match that tells the tray when the watcher's name changes owner.
pub(crate) fn owner_changes_rule() -> String {
    format!(
        "type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',\
         member='NameOwnerChanged',path='/org/freedesktop/DBus',arg0='{WATCHER_NAME}'"
    )
}

/// Is there a tray host on the session bus? The watcher's name must be owned, and
/// where the watcher has `IsStatusNotifierHostRegistered` (all current ones do) it
/// must say true. Opens a connection of its own for the question.
pub fn host_present() -> Result<bool, TrayError> {
    host_present_on(&bus::session()?)
}

/// [`host_present`] on a connection the caller already has.
pub fn host_present_on(channel: &Channel) -> Result<bool, TrayError> {
    if !bus::name_has_owner(channel, WATCHER_NAME)? {
        return Ok(false);
    }
    let watcher = Proxy::new(WATCHER_NAME, WATCHER_PATH, WATCHER_TIMEOUT, channel);
    match watcher.get::<bool>(WATCHER_INTERFACE, "IsStatusNotifierHostRegistered") {
        Ok(registered) => Ok(registered),
        // An older watcher without the property: its name is all there is to go by.
        Err(e) if lacks_property(&e) => Ok(true),
        // Gone between the two questions.
        Err(e) if bus::is_no_owner(&e) => Ok(false),
        Err(e) => Err(TrayError::Bus(describe(&e))),
    }
}

fn lacks_property(error: &dbus::Error) -> bool {
    matches!(
        error.name(),
        Some(
            "org.freedesktop.DBus.Error.UnknownProperty"
                | "org.freedesktop.DBus.Error.InvalidArgs"
                | "org.freedesktop.DBus.Error.UnknownMethod"
                | "org.freedesktop.DBus.Error.UnknownInterface"
        )
    )
}
