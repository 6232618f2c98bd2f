//! OAuth 2.0 with WakaTime, as a protocol: the authorize URL (state and PKCE), the
//! browser's answer (`callback`), the code and refresh exchanges through the oauth2
//! crate (`wakatime_client`), WakaTime's ways of answering (`token_response`,
//! `token_http`) and revocation (`revoke`). Which account a request belongs to, and
//! what is stored, is `connections`' business.

pub mod callback;
pub mod pkce;
pub(crate) mod revoke;
pub(crate) mod token_http;
pub mod token_response;
pub(crate) mod wakatime_client;

/// The redirect of the window: a private-use scheme (RFC 8252 §7.1) from the app id.
pub const DEEP_LINK_REDIRECT_URI: &str = "org.wakadesk.desktop:/oauth/callback";
/// Path of the loopback redirect the CLI listens on (RFC 8252 §7.3).
pub const LOOPBACK_PATH: &str = "/oauth/callback";
/// Default port of the CLI's loopback redirect.
pub const DEFAULT_LOOPBACK_PORT: u16 = 53682;
/// What wakadesk asks to read.
pub const SCOPES: &str = "read_summaries,read_stats";
/// How long the browser has to answer.
pub const REQUEST_LIFETIME_SECS: i64 = 600;
/// A token this close to expiry is refreshed before use.
pub const REFRESH_MARGIN_SECS: i64 = 86_400;

/// The loopback redirect URI for a port, as it must be registered at wakatime.com/apps.
pub fn loopback_redirect_uri(port: u16) -> String {
    format!("http://127.0.0.1:{port}{LOOPBACK_PATH}")
}
