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

#[cfg(target_os = "linux")]
mod bus;
#[cfg(target_os = "linux")]
pub mod control;
#[cfg(target_os = "linux")]
pub mod dbusmenu;
#[cfg(target_os = "linux")]
mod error;
#[cfg(target_os = "linux")]
pub mod icon;
#[cfg(target_os = "linux")]
mod introspect;
#[cfg(target_os = "linux")]
mod properties;
#[cfg(target_os = "linux")]
mod service;
#[cfg(target_os = "linux")]
pub mod status_item;
#[cfg(target_os = "linux")]
mod tray;
#[cfg(target_os = "linux")]
pub mod watcher;

#[cfg(target_os = "linux")]
pub use control::PokeError;
#[cfg(target_os = "linux")]
pub use dbusmenu::MenuEntry;
#[cfg(target_os = "linux")]
pub use error::TrayError;
#[cfg(target_os = "linux")]
pub use icon::Pixmap;
#[cfg(target_os = "linux")]
pub use tray::{Tray, TrayConfig, TrayEvent};
