//! wakadesk's tray icon on Linux, spoken directly over D-Bus.
//!
//! The tray runs as a small process of its own, without GTK or WebKit, so it stays
//! within a few MiB while the window is closed. It is a StatusNotifierItem (the
//! protocol KDE, the GNOME AppIndicator extension and most panels host) with its menu
//! served as `com.canonical.dbusmenu`, both written over libdbus (the `dbus` crate the
//! keyring already brings), and a control name of its own, `org.wakadesk.Tray`, through
//! which the window asks it to reload ([`control::poke_reload`]).
//!
//! [`Tray::start`] claims the names and services the bus on a thread of its own; the
//! program hears what happened ([`TrayEvent`]) on an `mpsc::Receiver`, so its main
//! loop can wait for an event or its own timer with `recv_timeout`.
#![forbid(unsafe_code)]
// Linux only for now: elsewhere the crate is empty.
#![cfg(target_os = "linux")]

mod bus;
pub mod control;
pub mod dbusmenu;
mod error;
pub mod icon;
mod introspect;
mod properties;
mod service;
pub mod status_item;
mod tray;
pub mod watcher;

pub use control::PokeError;
pub use dbusmenu::MenuEntry;
pub use error::TrayError;
pub use icon::Pixmap;
pub use tray::{Tray, TrayConfig, TrayEvent};
