//! A local stand-in for wakatime.com: the OAuth 2.0 endpoints (`/oauth/authorize`,
//! `/oauth/token`, `/oauth/revoke`) and the part of the API the app uses
//! (`/api/v1/users/current` and its `summaries`, `stats/{range}`, `status_bar/today`,
//! `all_time_since_today`), served over real HTTP on 127.0.0.1. The coding figures are
//! generated from a seed (`activity`), so tests compute what they expect. It imitates
//! the real server's traps (form-encoded token answers, client secret in the body only,
//! comma-separated scopes, single-use codes) so the app's WakaTime connection is tested
//! against them rather than against a friendlier mock. See docs/wakatime-protocol.md.
//!
//! It can also imitate a self-hosted WakaTime-compatible server (`Flavor::Wakapi`,
//! `Flavor::Hackatime`): the API under that server's prefix, API key only, no OAuth,
//! the `statusbar/today` spelling, fewer stats and a 366-day summaries cap.
//!
//! What a test controls lives in `control`: the `Switches` (misbehaviour, and the
//! account's `Zone`), the `Clock` (its "now", for expiry and "today") and the request
//! log. Days are the account's days: summaries, stats and "today" follow its zone
//! (or a request's `timezone`), as on wakatime.com.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use fake_wakatime::{FakeWakatime, Options};
//! let fake = FakeWakatime::start(Options::default().with_switches(|s| s.auto_approve = true)).await?;
//! println!("authorize at {}/oauth/authorize", fake.base_url());
//! println!("API at {} for client {}", fake.api_url(), fake.client_id());
//! fake.clock().advance(time::Duration::days(61)); // every token issued so far expires
//! # Ok(()) }
//! ```
//!
//! The same server runs as a binary (`cargo run -p fake-wakatime -- --port 8787`),
//! with HTTP control endpoints under `/__fake/` for tests in another process.
#![forbid(unsafe_code)]

mod api;
mod control;
mod oauth;
mod options;
mod server;
mod state;
mod zone;

pub use api::activity::{self, Activity, DayActivity};
pub use api::flavor::{Flavor, SELF_HOSTED_MAX_SUMMARY_DAYS};
pub use control::clock::Clock;
pub use control::recording::{peak_requests_per_second, RecordedRequest};
pub use control::switches::{Switches, DEFAULT_CODE_LIFETIME_SECS, DEFAULT_TOKEN_LIFETIME_SECS};
pub use oauth::grants::IssuedTokens;
pub use options::{
    Options, UserProfile, DEFAULT_ACTIVITY_DAYS, DEFAULT_ACTIVITY_SEED, DEFAULT_CLIENT_ID,
    DESKTOP_REDIRECT_URI, LOOPBACK_REDIRECT_URI,
};
pub use server::FakeWakatime;
pub use zone::Zone;
