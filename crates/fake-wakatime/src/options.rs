//! What a stand-in is started with: the registered app (client id, secret, redirect
//! URIs), the one user who signs in, an optional API key, the seed and length of the
//! generated coding history, the server flavor imitated, its clock and the initial
//! switches. Defaults match what the wakadesk app registers, so most tests use
//! `Options::default()`.

use rand::distributions::{Alphanumeric, DistString};

use crate::api::flavor::Flavor;
use crate::control::clock::Clock;
use crate::control::switches::Switches;

/// The custom-scheme redirect the desktop app registers.
pub const DESKTOP_REDIRECT_URI: &str = "org.wakadesk.desktop:/oauth/callback";
/// The loopback redirect the desktop app registers as a fallback.
pub const LOOPBACK_REDIRECT_URI: &str = "http://127.0.0.1:53682/oauth/callback";
/// The client id of `Options::default()`.
pub const DEFAULT_CLIENT_ID: &str = "fake-client-id";
/// The activity seed of `Options::default()`.
pub const DEFAULT_ACTIVITY_SEED: u64 = 42;
/// How many days before today the default account was created.
pub const DEFAULT_ACTIVITY_DAYS: u32 = 365;

/// How to start a stand-in.
#[derive(Debug, Clone)]
pub struct Options {
    /// Port on 127.0.0.1; 0 lets the OS pick a free one.
    pub port: u16,
    pub client_id: String,
    pub client_secret: String,
    /// Registered redirect URIs; authorize requests must use one of them exactly.
    pub redirect_uris: Vec<String>,
    /// The user who "signs in" on the consent page.
    pub user: UserProfile,
    /// An API key accepted as `Authorization: Basic base64(key)` by the API.
    pub api_key: Option<String>,
    /// Seed of the generated coding activity (see `activity::Activity`).
    pub activity_seed: u64,
    /// The account was created this many days before the clock's today.
    pub activity_days: u32,
    /// The server imitated: wakatime.com (the default) or a self-hosted one.
    pub flavor: Flavor,
    /// The system clock unless set; clones of these options share it.
    pub clock: Clock,
    /// With a self-hosted flavor, a `max_summary_days` of None here becomes that
    /// flavor's cap (366) when the server starts.
    pub switches: Switches,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            port: 0,
            client_id: DEFAULT_CLIENT_ID.to_owned(),
            client_secret: format!("waka_sec_{}", random_alphanumeric(40)),
            redirect_uris: vec![
                DESKTOP_REDIRECT_URI.to_owned(),
                LOOPBACK_REDIRECT_URI.to_owned(),
            ],
            user: UserProfile::default(),
            api_key: Some(format!("waka_{}", uuid::Uuid::new_v4())),
            activity_seed: DEFAULT_ACTIVITY_SEED,
            activity_days: DEFAULT_ACTIVITY_DAYS,
            flavor: Flavor::default(),
            clock: Clock::default(),
            switches: Switches::default(),
        }
    }
}

impl Options {
    pub fn with_client(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.client_id = id.into();
        self.client_secret = secret.into();
        self
    }

    /// Registers one more redirect URI next to the ones already registered.
    pub fn with_redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uris.push(uri.into());
        self
    }

    /// Replaces the registered redirect URIs.
    pub fn with_redirect_uris<I, S>(mut self, uris: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.redirect_uris = uris.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the username (the display and full names follow).
    pub fn with_username(mut self, username: impl Into<String>) -> Self {
        self.user = UserProfile::named(username);
        self
    }

    pub fn with_api_key(mut self, api_key: Option<String>) -> Self {
        self.api_key = api_key;
        self
    }

    /// The generated coding history: its seed, and how many days before today the
    /// account was created.
    pub fn with_activity(mut self, seed: u64, days: u32) -> Self {
        self.activity_seed = seed;
        self.activity_days = days;
        self
    }

    /// Imitates a self-hosted WakaTime-compatible server instead of wakatime.com.
    pub fn with_flavor(mut self, flavor: Flavor) -> Self {
        self.flavor = flavor;
        self
    }

    /// Sets switches for the start: `.with_switches(|s| s.auto_approve = true)`.
    pub fn with_switches(mut self, change: impl FnOnce(&mut Switches)) -> Self {
        change(&mut self.switches);
        self
    }
}

/// The profile `GET /api/v1/users/current` answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserProfile {
    /// The WakaTime user id (a UUID v4); also the `uid` of token responses.
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub full_name: String,
    /// Only shown to tokens granted the `email` scope (and to the API key).
    pub email: String,
    pub photo: String,
    /// ISO-8601 UTC. Empty (the default) means 08:30 on the generated activity's first
    /// day (in the account's zone), filled in when the server starts, so the profile and
    /// the history agree. (The account's zone is the `timezone` switch.)
    pub created_at: String,
}

impl Default for UserProfile {
    fn default() -> Self {
        Self::named("ada")
    }
}

impl UserProfile {
    /// A profile whose names, email and photo derive from `username`, with a fresh id.
    pub fn named(username: impl Into<String>) -> Self {
        let username = username.into();
        let id = uuid::Uuid::new_v4().to_string();
        let mut chars = username.chars();
        let full_name = match (username.as_str(), chars.next()) {
            ("ada", _) => "Ada Lovelace".to_owned(),
            (_, Some(first)) => first.to_uppercase().chain(chars).collect(),
            (_, None) => String::new(),
        };
        Self {
            photo: format!("https://wakatime.com/photo/{id}"),
            email: format!("{username}@example.com"),
            display_name: full_name.clone(),
            full_name,
            created_at: String::new(),
            username,
            id,
        }
    }
}

/// `len` characters from [A-Za-z0-9], from a cryptographic generator.
pub(crate) fn random_alphanumeric(len: usize) -> String {
    Alphanumeric.sample_string(&mut rand::thread_rng(), len)
}
