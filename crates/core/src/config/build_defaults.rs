//! A registered WakaTime app put into the binary when it is built, so a package works
//! without anyone entering a client id. Read at compile time from variables with names
//! of their own (`WAKADESK_BUILD_CLIENT_ID`, `WAKADESK_BUILD_CLIENT_SECRET`), so the
//! runtime `WAKATIME_CLIENT_ID` and `_SECRET` of a developer's shell can never be built
//! in by accident. Whatever is built in can be read from the binary by anyone who has
//! it (SECURITY.md says what that allows).

use std::fmt;

use super::precedence::Layer;
use crate::secret::Secret;

/// Compile-time variable naming the built-in app's client id.
pub const BUILD_CLIENT_ID_ENV: &str = "WAKADESK_BUILD_CLIENT_ID";
/// Compile-time variable naming the built-in app's client secret.
pub const BUILD_CLIENT_SECRET_ENV: &str = "WAKADESK_BUILD_CLIENT_SECRET";

/// The client id and secret built in, if any. Tests make their own with [`new`](Self::new).
#[derive(Clone, Copy, Default)]
pub struct BuildDefaults {
    client_id: Option<&'static str>,
    client_secret: Option<&'static str>,
}

impl BuildDefaults {
    /// What this binary was built with (nothing, unless both variables were set).
    pub const fn compiled() -> Self {
        Self {
            client_id: option_env!("WAKADESK_BUILD_CLIENT_ID"),
            client_secret: option_env!("WAKADESK_BUILD_CLIENT_SECRET"),
        }
    }

    pub const fn new(client_id: Option<&'static str>, client_secret: Option<&'static str>) -> Self {
        Self {
            client_id,
            client_secret,
        }
    }

    /// The built-in pair, when both halves are there and not blank.
    pub(super) fn layer(&self) -> Layer {
        let id = self.client_id.map(str::trim).filter(|v| !v.is_empty());
        let secret = self.client_secret.map(str::trim).filter(|v| !v.is_empty());
        Layer {
            client: id
                .zip(secret)
                .map(|(id, secret)| (id.to_owned(), Secret::from(secret))),
            ..Layer::default()
        }
    }

    /// Whether both halves are built in.
    pub fn has_client(&self) -> bool {
        self.layer().client.is_some()
    }
}

impl fmt::Debug for BuildDefaults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BuildDefaults")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.map(|_| "[redacted]"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_build_carries_no_app() {
        assert!(
            !BuildDefaults::compiled().has_client(),
            "tests must be built without {BUILD_CLIENT_ID_ENV} and {BUILD_CLIENT_SECRET_ENV}, \
             or every test would start configured"
        );
    }

    #[test]
    fn both_halves_are_needed_and_the_secret_is_never_printed() {
        assert!(!BuildDefaults::new(Some("id"), None).has_client());
        assert!(!BuildDefaults::new(Some("id"), Some("  ")).has_client());
        let built = BuildDefaults::new(Some(" id "), Some("built-secret"));
        let (id, secret) = built.layer().client.unwrap();
        assert_eq!(
            (id.as_str(), secret.expose().as_str()),
            ("id", "built-secret")
        );
        let shown = format!("{built:?}");
        assert!(
            shown.contains("id") && !shown.contains("built-secret"),
            "{shown}"
        );
    }
}
