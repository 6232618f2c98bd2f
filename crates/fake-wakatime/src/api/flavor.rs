//! Which server the stand-in imitates. Many students use a self-hosted,
//! WakaTime-compatible server instead of wakatime.com; the app must work against those
//! too, so the stand-in can be one: the API under another prefix, an API key instead
//! of OAuth, the `statusbar/today` spelling, fewer stats, and a capped summaries range
//! (see docs/wakatime-protocol.md, "Self-hosted servers").

use std::fmt;
use std::str::FromStr;

/// The longest summaries range the self-hosted servers serve in one request.
pub const SELF_HOSTED_MAX_SUMMARY_DAYS: u32 = 366;

/// The server a stand-in imitates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// wakatime.com: OAuth and API key, the API at `/api/v1`, every endpoint.
    #[default]
    Wakatime,
    /// Wakapi: API key only, the API at `/api/compat/wakatime/v1`, every stats range.
    Wakapi,
    /// Hackatime: API key only, the API at `/api/hackatime/v1`, stats for
    /// `last_7_days` only and no `all_time_since_today`.
    Hackatime,
}

impl Flavor {
    pub const ALL: [Self; 3] = [Self::Wakatime, Self::Wakapi, Self::Hackatime];

    /// The name used by `--flavor` and printed as `flavor=`, where the API is mounted
    /// and where editor plugins send heartbeats, relative to the base URL (no trailing
    /// slash).
    fn facts(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Wakatime => ("wakatime", "/api/v1", "/api/v1"),
            Self::Wakapi => ("wakapi", "/api/compat/wakatime/v1", "/api"),
            Self::Hackatime => ("hackatime", "/api/hackatime/v1", "/api/hackatime/v1"),
        }
    }

    /// The name used by `--flavor` and printed as `flavor=`.
    pub fn name(self) -> &'static str {
        self.facts().0
    }

    /// Where the API is mounted, relative to the base URL (no trailing slash).
    pub fn api_prefix(self) -> &'static str {
        self.facts().1
    }

    /// What students' `~/.wakatime.cfg` says as `api_url` for this server, relative to
    /// the base URL: the heartbeat root, which on Wakapi (`/api`) is not its
    /// WakaTime-compatible API.
    pub fn heartbeat_prefix(self) -> &'static str {
        self.facts().2
    }

    /// True for wakatime.com only: the self-hosted servers have no OAuth endpoints
    /// and refuse Bearer tokens.
    pub fn serves_oauth(self) -> bool {
        self == Self::Wakatime
    }

    /// The status bar endpoint under the API prefix: wakatime.com spells it
    /// `status_bar`, the self-hosted servers `statusbar`.
    pub fn status_bar_path(self) -> &'static str {
        if self == Self::Wakatime {
            "/users/current/status_bar/today"
        } else {
            "/users/current/statusbar/today"
        }
    }

    /// Whether `stats/{range}` exists for this range name (an unknown name still
    /// answers 404 on every flavor).
    pub fn serves_stats_range(self, range: &str) -> bool {
        match self {
            Self::Wakatime | Self::Wakapi => true,
            Self::Hackatime => range == "last_7_days",
        }
    }

    pub fn serves_all_time_since_today(self) -> bool {
        self != Self::Hackatime
    }

    /// The summaries cap a server of this flavor starts with when none is set.
    pub fn default_max_summary_days(self) -> Option<u32> {
        match self {
            Self::Wakatime => None,
            Self::Wakapi | Self::Hackatime => Some(SELF_HOSTED_MAX_SUMMARY_DAYS),
        }
    }
}

impl fmt::Display for Flavor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Flavor {
    type Err = String;

    /// A flavor's name, in any case.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|flavor| flavor.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| format!("unknown flavor {name:?}: use wakatime, wakapi or hackatime"))
    }
}
