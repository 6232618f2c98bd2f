//! Errors as the webview receives them: `{code, message, field}`, so the UI branches on
//! `code` and puts `message` next to `field` without parsing text.

use serde::Serialize;
use wakadesk_core::{Error, Field};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: &'static str,
    pub message: String,
    pub field: Option<Field>,
}

impl CommandError {
    pub fn from_ref(e: &Error) -> Self {
        Self {
            code: e.code(),
            message: e.to_string(),
            field: e.field(),
        }
    }
}

/// The codes the shell gives itself; every other code is a core `Error::code()`. The
/// UI compares against codes only through `ui/js/codes.js`, which a test checks
/// against this list and the core's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellCode {
    /// A command that needs a logged-in account was called without one.
    NotLoggedIn,
    /// A failure inside the app itself, not caused by what the user did.
    Internal,
    /// A sync was asked for while one runs for the same account.
    SyncRunning,
    /// The system browser could not be opened.
    BrowserUnavailable,
    /// Disconnected here, but the server was not (or could not be) told.
    RevokeFailed,
    /// The tray program is not installed beside the window's.
    TrayMissing,
}

impl ShellCode {
    #[cfg(test)]
    pub const ALL: [ShellCode; 6] = [
        ShellCode::NotLoggedIn,
        ShellCode::Internal,
        ShellCode::SyncRunning,
        ShellCode::BrowserUnavailable,
        ShellCode::RevokeFailed,
        ShellCode::TrayMissing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ShellCode::NotLoggedIn => "not_logged_in",
            ShellCode::Internal => "internal",
            ShellCode::SyncRunning => "sync_running",
            ShellCode::BrowserUnavailable => "browser_unavailable",
            ShellCode::RevokeFailed => "revoke_failed",
            ShellCode::TrayMissing => "tray_missing",
        }
    }
}

impl CommandError {
    /// An error of the shell's own, with no form field.
    pub fn shell(code: ShellCode, message: impl Into<String>) -> Self {
        Self {
            code: code.as_str(),
            message: message.into(),
            field: None,
        }
    }

    pub fn not_logged_in() -> Self {
        Self::shell(ShellCode::NotLoggedIn, "Log in first.")
    }

    /// A failure inside the app itself, not caused by what the user did.
    pub fn internal(what: &str) -> Self {
        Self::shell(
            ShellCode::Internal,
            format!("{what}. Restart wakadesk; if this keeps happening, report it."),
        )
    }
}

impl From<Error> for CommandError {
    fn from(e: Error) -> Self {
        Self::from_ref(&e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_serializes_with_code_message_and_field() {
        let json =
            serde_json::to_value(CommandError::from(Error::ShortPassword { min: 8 })).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "short_password",
                "message": "Use a password of at least 8 characters.",
                "field": "password"
            })
        );
    }

    #[test]
    fn a_form_level_error_has_a_null_field() {
        let json = serde_json::to_value(CommandError::from(Error::BadCredentials)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "bad_credentials",
                "message": "Email or password is incorrect.",
                "field": null
            })
        );
    }
}
