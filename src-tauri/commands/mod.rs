//! Commands the webview may call. Each takes the state, calls one core function and
//! maps the error; nothing here touches SQL, HTTP or cryptography.

pub mod accounts;
pub mod desktop;
mod dispatch;
pub mod export;
pub mod goal;
pub mod project;
pub mod settings;
pub mod stats;
pub mod status;
pub mod wakatime;
pub mod wakatime_config;

pub use dispatch::handle;
