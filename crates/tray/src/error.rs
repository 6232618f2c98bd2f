//! What can go wrong starting or driving the tray.

/// A failure of the tray's D-Bus side, each case one the program may act on.
#[derive(Debug, thiserror::Error)]
pub enum TrayError {
    /// No session bus to connect to (no desktop session, or `DBUS_SESSION_BUS_ADDRESS`
    /// pointing nowhere).
    #[error("no D-Bus session bus to show a tray icon on: {0}")]
    NoSessionBus(String),
    /// Another tray of this session owns `org.wakadesk.Tray`.
    #[error("a wakadesk tray is already running in this session")]
    AlreadyRunning,
    /// The item's own bus name was taken (only another item of this process could).
    #[error("the bus name {0} is taken")]
    NameTaken(String),
    /// A call to the bus itself failed.
    #[error("D-Bus call failed: {0}")]
    Bus(String),
    /// A menu entry's id is 0 or below (0 is the menu's root) or appears twice.
    #[error("menu entry id {0} is not allowed: ids are unique and above 0")]
    MenuId(i32),
    /// Pixel data whose length is not width × height × 4.
    #[error("a {width}×{height} pixmap needs {} bytes of ARGB32, not {len}", width * height * 4)]
    PixmapSize {
        width: usize,
        height: usize,
        len: usize,
    },
    /// The thread that services the bus has ended (the bus went away).
    #[error("the tray's D-Bus connection has ended")]
    Stopped,
}

impl From<dbus::Error> for TrayError {
    fn from(error: dbus::Error) -> Self {
        TrayError::Bus(describe(&error))
    }
}

/// A D-Bus error as one line: its name and message, as libdbus gives them.
pub(crate) fn describe(error: &dbus::Error) -> String {
    match (error.name(), error.message()) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        (Some(name), None) => name.to_string(),
        (None, Some(message)) => message.to_string(),
        (None, None) => "unknown D-Bus error".to_string(),
    }
}
