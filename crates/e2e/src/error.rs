//! What can go wrong while driving the window, with enough detail in the message to
//! tell a missing build from a missing element from a slow app.

use std::time::Duration;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The test cannot start: a binary is missing or a process would not come up.
    #[error("{0}")]
    Setup(String),
    #[error("HTTP request to the WebDriver server failed: {0}")]
    Http(#[from] ureq::Error),
    /// The WebDriver server answered with a W3C error, e.g. `no such element`.
    #[error("WebDriver error `{error}` on {command}: {message}")]
    WebDriver {
        command: String,
        error: String,
        message: String,
    },
    /// The server answered, but not in the shape the W3C protocol describes.
    #[error("unexpected WebDriver response to {command}: {body}")]
    Protocol { command: String, body: String },
    #[error("gave up after {waited:?} waiting for {what}; last seen: {last}")]
    Timeout {
        what: String,
        waited: Duration,
        last: String,
    },
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

impl Error {
    /// True for errors that mean "not there yet", worth polling again.
    pub fn is_transient(&self) -> bool {
        matches!(self, Error::WebDriver { error, .. }
            if error == "no such element" || error == "stale element reference"
                || error == "element not interactable")
    }

    pub(crate) fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
        let context = context.into();
        move |source| Error::Io { context, source }
    }
}
