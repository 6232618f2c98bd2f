//! A local stand-in for wakatime.com: the OAuth 2.0 endpoints (`/oauth/authorize`,
//! `/oauth/token`, `/oauth/revoke`) and the part of the API the app uses
//! (`/api/v1/users/current` and its `summaries`, `stats/{range}`, `status_bar/today`,
//! `all_time_since_today`), served over real HTTP on 127.0.0.1. The coding figures are
//! generated from a seed (`activity`), so tests compute what they expect. It imitates the real
//! server's traps (form-encoded token answers, client secret in the body only,
//! comma-separated scopes, single-use codes) so the app's WakaTime connection is tested
//! against them rather than against a friendlier mock. See shared/WAKATIME.md.
//!
//! It can also imitate a self-hosted WakaTime-compatible server (`Flavor::Wakapi`,
//! `Flavor::Hackatime`): the API under that server's prefix, API key only, no OAuth,
//! the `statusbar/today` spelling, fewer stats and a 366-day summaries cap.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use fake_wakatime::{FakeWakatime, Options};
//! let fake = FakeWakatime::start(Options::default().with_auto_approve(true)).await?;
//! println!("authorize at {}/oauth/authorize", fake.base_url());
//! println!("API at {} for client {}", fake.api_url(), fake.client_id());
//! # Ok(()) }
//! ```
//!
//! The same server runs as a binary (`cargo run -p fake-wakatime -- --port 8787`),
//! with HTTP control endpoints under `/__fake/` for tests in another process.
#![forbid(unsafe_code)]

pub mod activity;
mod api;
mod api_auth;
mod authorize;
mod calendar;
mod catalogue;
mod client_auth;
mod consents;
mod control;
mod fake_wakatime;
mod flavor;
mod form_body;
mod grants;
mod human_time;
mod iso_time;
mod oauth_error;
mod options;
mod pages;
mod pkce;
mod prng;
pub use prng::FaultMoments;
mod range_totals;
mod recording;
mod redirect;
mod revoke;
mod router;
mod scopes;
mod shared;
mod stats_api;
mod stats_json;
mod stats_range;
mod summary_json;
mod switches;
mod token;
mod token_response;

pub use activity::{Activity, DayActivity};
pub use fake_wakatime::FakeWakatime;
pub use flavor::{Flavor, SELF_HOSTED_MAX_SUMMARY_DAYS};
pub use grants::IssuedTokens;
pub use options::{
    Options, UserProfile, DEFAULT_ACTIVITY_DAYS, DEFAULT_ACTIVITY_SEED, DEFAULT_CLIENT_ID,
    DESKTOP_REDIRECT_URI, LOOPBACK_REDIRECT_URI,
};
pub use recording::{peak_requests_per_second, RecordedRequest};
pub use switches::{
    Switches, SwitchesPatch, DEFAULT_CODE_LIFETIME_SECS, DEFAULT_TOKEN_LIFETIME_SECS,
};
