//! Diagnostics on standard error, silent unless asked for with `RUST_LOG` (for example
//! `RUST_LOG=debug`, or `RUST_LOG=wakadesk_cli=trace` for this program's steps only).
//!
//! Messages name steps, paths, ids, ports and outcomes, never a password, token, API
//! key, client secret or Fernet key: those exist in memory only as `Secret`s, which
//! print as `[redacted]`, and URLs carrying a state or code are not logged.
//! `tests/faults.rs` runs the whole flow at `trace` and searches the output for every
//! secret involved.

use crate::error::CliError;

/// Starts the logger: `RUST_LOG` decides what is shown; nothing when it is unset.
pub fn init() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("off"))
        .format_target(true)
        .init();
}

/// How a command ended, for the log: the stable error code, not the message.
pub fn outcome(result: &Result<(), CliError>) -> &'static str {
    match result {
        Ok(()) => "ok",
        Err(CliError::Core(e)) => e.code(),
        Err(_) => "cli_error",
    }
}
