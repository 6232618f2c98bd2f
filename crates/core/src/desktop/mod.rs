//! What the desktop session offers beside windows: for now, notifications.

pub mod notify;

pub use notify::{notify, NotifyError};
