//! The knobs a test turns to make the stand-in misbehave the way the real server can:
//! no consent screen, a failing token endpoint, slowness, short-lived tokens, and for
//! the stats endpoints: still calculating (202), rate limited (429 or 302), failing
//! (500), premium-only ranges (402), no stats at all (404), a capped summaries range.
//! They are set at start (`Options`), from the command line, from Rust at run time,
//! or over HTTP with `POST /__fake/config` (a `SwitchesPatch` in JSON).

use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize};

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
    /// Stats (`stats/{range}`, `all_time_since_today`) answer 202 "still calculating"
    /// with this percentage done, empty lists and zero totals.
    #[serde(default)]
    pub calculating_percent: Option<u8>,
    /// The next N requests to the stats endpoints (summaries, stats, status bar, all
    /// time) are rate limited; each one answered counts down.
    #[serde(default)]
    pub rate_limit_next: u32,
    /// Rate-limited requests get a 302 to the same URL instead of a 429.
    #[serde(default)]
    pub rate_limit_as_redirect: bool,
    /// The next N requests to the stats endpoints answer 500 (after any rate limiting).
    #[serde(default)]
    pub server_error_next: u32,
    /// `stats/{range}` names that answer 402, as premium-only ranges do on free plans.
    #[serde(default)]
    pub plan_limited_ranges: Vec<String>,
    /// Every `stats/{range}` answers 404, as on self-hosted servers without stats.
    #[serde(default)]
    pub missing_stats: bool,
    /// The longest summaries range served in one request (a longer one gets 400); None
    /// serves any length, as wakatime.com does. Self-hosted servers cap it near 366.
    #[serde(default)]
    pub max_summary_days: Option<u32>,
}

/// A failure injected into a stats request by the counting switches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InjectedFailure {
    RateLimited,
    RateLimitedByRedirect,
    ServerError,
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
            calculating_percent: None,
            rate_limit_next: 0,
            rate_limit_as_redirect: false,
            server_error_next: 0,
            plan_limited_ranges: Vec::new(),
            missing_stats: false,
            max_summary_days: None,
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

    /// The failure the next stats request gets, counting it down: rate limiting first,
    /// then server errors.
    pub(crate) fn take_injected_failure(&mut self) -> Option<InjectedFailure> {
        if self.rate_limit_next > 0 {
            self.rate_limit_next -= 1;
            return Some(if self.rate_limit_as_redirect {
                InjectedFailure::RateLimitedByRedirect
            } else {
                InjectedFailure::RateLimited
            });
        }
        if self.server_error_next > 0 {
            self.server_error_next -= 1;
            return Some(InjectedFailure::ServerError);
        }
        None
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
        if let Some(percent) = patch.calculating_percent {
            self.calculating_percent = percent;
        }
        if let Some(count) = patch.rate_limit_next {
            self.rate_limit_next = count;
        }
        if let Some(on) = patch.rate_limit_as_redirect {
            self.rate_limit_as_redirect = on;
        }
        if let Some(count) = patch.server_error_next {
            self.server_error_next = count;
        }
        if let Some(ranges) = &patch.plan_limited_ranges {
            self.plan_limited_ranges.clone_from(ranges);
        }
        if let Some(on) = patch.missing_stats {
            self.missing_stats = on;
        }
        if let Some(days) = patch.max_summary_days {
            self.max_summary_days = days;
        }
    }
}

/// Any subset of the switches, as sent to `POST /__fake/config`. For the switches that
/// are optional themselves, `null` turns them off and leaving the field out keeps them.
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
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub calculating_percent: Option<Option<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_next: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_as_redirect: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_error_next: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_limited_ranges: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_stats: Option<bool>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_summary_days: Option<Option<u32>>,
}

/// A field that is present, even as `null`, is `Some`; a missing one stays `None`
/// through `#[serde(default)]`.
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
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
    fn null_turns_an_optional_switch_off_and_absence_keeps_it() {
        let mut switches = Switches {
            calculating_percent: Some(40),
            max_summary_days: Some(366),
            ..Switches::default()
        };
        let keep: SwitchesPatch =
            serde_json::from_str(r#"{"missing_stats": true}"#).expect("patch");
        switches.apply(&keep);
        assert_eq!(switches.calculating_percent, Some(40), "absent: kept");
        let off: SwitchesPatch =
            serde_json::from_str(r#"{"calculating_percent": null, "max_summary_days": null}"#)
                .expect("patch");
        switches.apply(&off);
        assert_eq!(switches.calculating_percent, None, "null: off");
        assert_eq!(switches.max_summary_days, None, "null: unlimited");
    }

    #[test]
    fn injected_failures_count_down_rate_limits_first() {
        let mut switches = Switches {
            rate_limit_next: 1,
            server_error_next: 1,
            ..Switches::default()
        };
        assert_eq!(
            switches.take_injected_failure(),
            Some(InjectedFailure::RateLimited),
            "first: rate limited"
        );
        assert_eq!(
            switches.take_injected_failure(),
            Some(InjectedFailure::ServerError),
            "second: server error"
        );
        assert_eq!(switches.take_injected_failure(), None, "then none");
        assert_eq!(
            (switches.rate_limit_next, switches.server_error_next),
            (0, 0),
            "both counters used up"
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
