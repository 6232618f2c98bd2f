//! The knobs a test turns to make the stand-in misbehave the way the real server can:
//! no consent screen, a failing token endpoint, slowness, short-lived tokens, and for
//! the stats endpoints: still calculating (202), rate limited (429 or 302), failing
//! (500), premium-only ranges (402), no stats at all (404), a capped summaries range, a
//! plan's limited history (402, 400 or 403), a self-hosted server's cost per day. And
//! where the account lives: its zone, and how Wakapi names and honours zones.
//!
//! Each switch is written once, here. The same struct is the program's flags (clap;
//! its doc comments are their help and its defaults theirs), the JSON of the control
//! endpoint `/__fake/config` (serde; a change is merged onto the current switches, so
//! it names only what it changes), and what the Rust handle's `update_switches` edits.

use clap::Parser;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::zone::Zone;

/// Sixty days, the shortest lifetime wakatime.com is reported to give an access token.
pub const DEFAULT_TOKEN_LIFETIME_SECS: u64 = 60 * 24 * 60 * 60;
/// Authorization codes live ten minutes, as OAuth 2.0 recommends.
pub const DEFAULT_CODE_LIFETIME_SECS: u64 = 10 * 60;

/// The behaviour switches of a running stand-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Parser)]
#[serde(deny_unknown_fields)]
pub struct Switches {
    /// Skip the consent page: authorize redirects straight back with a code.
    #[arg(long)]
    pub auto_approve: bool,
    /// Make POST /oauth/token answer 500 (an HTML page), whatever it is sent.
    #[arg(long)]
    pub fail_token_endpoint: bool,
    /// Answer token requests form-encoded even when JSON is asked for, as some
    /// deployments of the real server do.
    #[arg(long)]
    pub form_only: bool,
    /// Milliseconds to wait before every answer (control endpoints excepted).
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub delay_ms: u64,
    /// Lifetime of newly issued access tokens, in seconds (0: already expired).
    #[arg(long = "token-lifetime", value_name = "SECS", default_value_t = DEFAULT_TOKEN_LIFETIME_SECS)]
    pub token_lifetime_secs: u64,
    /// Lifetime of newly issued authorization codes, in seconds (0: already expired).
    #[arg(long = "code-lifetime", value_name = "SECS", default_value_t = DEFAULT_CODE_LIFETIME_SECS)]
    pub code_lifetime_secs: u64,
    /// Stats (stats/{range}, all_time_since_today) answer 202 "still calculating" with
    /// this percentage done, empty lists and zero totals.
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub calculating_percent: Option<u8>,
    /// Rate-limit the next N requests to the stats endpoints (summaries, stats, status
    /// bar, all time); each one answered counts down.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub rate_limit_next: u32,
    /// Answer rate-limited requests with a 302 to the same URL instead of a 429.
    #[arg(long)]
    pub rate_limit_as_redirect: bool,
    /// Make the next N requests to the stats endpoints answer 500 (after any rate
    /// limiting).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub server_error_next: u32,
    /// A stats range that answers 402, as premium-only ranges do on free plans
    /// (repeatable), e.g. all_time.
    #[arg(long = "plan-limited-range", value_name = "RANGE")]
    pub plan_limited_ranges: Vec<String>,
    /// Every stats/{range} answers 404, as on self-hosted servers without stats.
    #[arg(long)]
    pub missing_stats: bool,
    /// The longest summaries range served in one request (a longer one gets 400).
    /// Unset: any length on wakatime, 366 days on the self-hosted flavors.
    #[arg(long, value_name = "DAYS")]
    pub max_summary_days: Option<u32>,
    /// Refuse summaries that start more than N days before today, as a plan with
    /// limited history does: the last N days (today is one) are served.
    #[arg(long, value_name = "N")]
    pub history_days: Option<u32>,
    /// The status of that refusal: 402 (WakaTime's), or 400 or 403; the JSON error
    /// names the plan and the range either way.
    #[arg(long, value_name = "STATUS", default_value_t = 402, value_parser = refusal_status)]
    #[serde(deserialize_with = "checked_refusal_status")]
    pub history_refusal_status: u16,
    /// Milliseconds summaries take per requested day before answering, as Wakapi, which
    /// computes each day separately, does on a small server.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub summary_day_delay_ms: u64,
    /// The account's time zone (IANA): days, "today" and users/current's `timezone`
    /// are its, unless a summaries request's `timezone` is honoured.
    #[arg(long, value_name = "IANA", default_value_t = Zone::utc())]
    pub timezone: Zone,
    /// On the wakapi flavor, the `timezone` users/current and summaries' `range.timezone`
    /// say instead of the zone's name: an abbreviation such as CET, as Wakapi gives for
    /// a user without a location (whose days are in the server's zone).
    #[arg(long, value_name = "TEXT")]
    pub wakapi_timezone_text: Option<String>,
    /// On the wakapi flavor, honour a valid `timezone` parameter of summaries, as newer
    /// Wakapi releases do; older ones answer in the user's zone whatever is asked.
    #[arg(long)]
    pub wakapi_honours_timezone: bool,
    /// Make GET /users/current refuse an OAuth token (403, "forbidden for this scope")
    /// unless it was granted SCOPE, as a server that guards the profile by scope does.
    #[arg(long, value_name = "SCOPE")]
    pub profile_scope: Option<String>,
    /// On the wakapi flavor, write each summaries day's `range.date` as the moment of
    /// the request (RFC 3339), as Wakapi's compat API has done since 2020.
    #[arg(long)]
    pub wakapi_range_date_is_now: bool,
}

/// 400, 402 or 403: the statuses seen refusing a range for a plan.
fn refusal_status(text: &str) -> Result<u16, String> {
    match text.trim().parse() {
        Ok(status @ (400 | 402 | 403)) => Ok(status),
        _ => Err(format!("{text}: a plan's refusal is 402, 400 or 403")),
    }
}

fn checked_refusal_status<'de, D: Deserializer<'de>>(from: D) -> Result<u16, D::Error> {
    let status = u16::deserialize(from)?;
    refusal_status(&status.to_string()).map_err(serde::de::Error::custom)
}

impl Default for Switches {
    /// The defaults of the flags: no arguments at all.
    fn default() -> Self {
        Self::parse_from(["fake-wakatime"])
    }
}

/// A failure injected into a stats request by the counting switches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InjectedFailure {
    RateLimited,
    RateLimitedByRedirect,
    ServerError,
}

impl Switches {
    /// These switches with `change` (a JSON object naming some of them) merged on top:
    /// `null` turns an optional switch off, and a name that is no switch or a value of
    /// the wrong type is refused, so a misspelt switch is never ignored silently.
    pub fn patched(&self, change: &Value) -> Result<Self, String> {
        let Value::Object(fields) = change else {
            return Err(format!("expected a JSON object of switches, got {change}"));
        };
        let mut merged = serde_json::to_value(self).map_err(|e| e.to_string())?;
        for (name, value) in fields {
            merged[name] = value.clone();
        }
        serde_json::from_value(merged).map_err(|e| e.to_string())
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
}
