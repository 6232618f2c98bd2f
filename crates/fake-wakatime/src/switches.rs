//! The knobs a test turns to make the stand-in misbehave the way the real server can:
//! no consent screen, a failing token endpoint, slowness, short-lived tokens.
//! They are set at start (`Options`), from the command line, from Rust at run time,
//! or over HTTP with `POST /__fake/config` (a `SwitchesPatch` in JSON).

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Sixty days, the shortest lifetime wakatime.com is reported to give an access token.
pub const DEFAULT_TOKEN_LIFETIME_SECS: u64 = 60 * 24 * 60 * 60;
/// Authorization codes live ten minutes, as OAuth 2.0 recommends.
pub const DEFAULT_CODE_LIFETIME_SECS: u64 = 10 * 60;

/// The behaviour switches of a running stand-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Switches {
    /// Skip the consent page: `/oauth/authorize` redirects straight back with a code.
    pub auto_approve: bool,
    /// `POST /oauth/token` answers 500 with an HTML page, whatever it is sent.
    pub fail_token_endpoint: bool,
    /// The token endpoint answers form-encoded even when asked for JSON, as some
    /// deployments of the real server have.
    #[serde(default)]
    pub form_only: bool,
    /// Milliseconds to wait before every answer (control endpoints excepted).
    pub delay_ms: u64,
    /// Lifetime of newly issued access tokens, in seconds (0 = already expired).
    pub token_lifetime_secs: u64,
    /// Lifetime of newly issued authorization codes, in seconds (0 = already expired).
    pub code_lifetime_secs: u64,
}

impl Default for Switches {
    fn default() -> Self {
        Self {
            auto_approve: false,
            fail_token_endpoint: false,
            form_only: false,
            delay_ms: 0,
            token_lifetime_secs: DEFAULT_TOKEN_LIFETIME_SECS,
            code_lifetime_secs: DEFAULT_CODE_LIFETIME_SECS,
        }
    }
}

impl Switches {
    /// The delay before every answer.
    pub fn delay(&self) -> Duration {
        Duration::from_millis(self.delay_ms)
    }

    /// How long a newly issued access token stays valid.
    pub fn token_lifetime(&self) -> Duration {
        Duration::from_secs(self.token_lifetime_secs)
    }

    /// How long a newly issued authorization code stays redeemable.
    pub fn code_lifetime(&self) -> Duration {
        Duration::from_secs(self.code_lifetime_secs)
    }

    /// Applies every field the patch sets and leaves the others alone.
    pub fn apply(&mut self, patch: &SwitchesPatch) {
        if let Some(on) = patch.auto_approve {
            self.auto_approve = on;
        }
        if let Some(on) = patch.fail_token_endpoint {
            self.fail_token_endpoint = on;
        }
        if let Some(on) = patch.form_only {
            self.form_only = on;
        }
        if let Some(ms) = patch.delay_ms {
            self.delay_ms = ms;
        }
        if let Some(secs) = patch.token_lifetime_secs {
            self.token_lifetime_secs = secs;
        }
        if let Some(secs) = patch.code_lifetime_secs {
            self.code_lifetime_secs = secs;
        }
    }
}

/// Any subset of the switches, as sent to `POST /__fake/config`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwitchesPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_approve: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_token_endpoint: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_lifetime_secs: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_lifetime_secs: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_changes_only_the_fields_it_sets() {
        let mut switches = Switches::default();
        let patch: SwitchesPatch =
            serde_json::from_str(r#"{"auto_approve": true, "delay_ms": 250}"#).expect("patch");
        switches.apply(&patch);
        assert!(switches.auto_approve, "auto_approve was set");
        assert_eq!(switches.delay_ms, 250, "delay_ms was set");
        assert_eq!(
            switches.token_lifetime_secs, DEFAULT_TOKEN_LIFETIME_SECS,
            "token lifetime was not in the patch and must keep its default"
        );
    }

    #[test]
    fn a_patch_with_an_unknown_switch_is_refused() {
        let parsed = serde_json::from_str::<SwitchesPatch>(r#"{"auto_aprove": true}"#);
        assert!(
            parsed.is_err(),
            "a misspelt switch must not be ignored silently"
        );
    }
}
