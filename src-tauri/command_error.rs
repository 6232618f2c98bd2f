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

impl CommandError {
    pub fn not_logged_in() -> Self {
        Self {
            code: "not_logged_in",
            message: "Log in first.".into(),
            field: None,
        }
    }

    /// A failure inside the app itself, not caused by what the user did.
    pub fn internal(what: &str) -> Self {
        Self {
            code: "internal",
            message: format!("{what}. Restart wakadesk; if this keeps happening, report it."),
            field: None,
        }
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
