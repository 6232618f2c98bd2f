//! Shared generators, and a database with two accounts whose OAuth client points at a
//! fresh stand-in.

use std::sync::Arc;

#[path = "../common/stand_in.rs"]
mod stand_in;
pub use stand_in::{config_for, follow};

use fake_wakatime::{FakeWakatime, Options};
use proptest::prelude::*;
use proptest::test_runner::Config;
use url::Url;
use wakadesk_core::accounts::{self, SignupForm};
use wakadesk_core::clock::SystemClock;
use wakadesk_core::config::WakatimeConfig;
use wakadesk_core::connections::{ConfigSource, Connections};
use wakadesk_core::db::{Database, SharedDatabase};
use wakadesk_core::oauth::DEEP_LINK_REDIRECT_URI;
use wakadesk_core::secret::Secret;
use wakadesk_core::vault::TokenVault;

/// `cases` generated inputs per property; a failure prints its shrunk input instead of
/// writing a regression file into the source tree.
pub fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Short text of any characters: control characters, NULs, emoji, lone combining marks.
pub fn short_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..24).prop_map(|c| c.into_iter().collect())
}

/// A JSON scalar as text, including ones that are not valid JSON (NaN, a lone
/// surrogate) and numbers no machine type holds.
pub fn json_scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_owned()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
        prop::sample::select(vec![
            "1e400",
            "-1e400",
            "-0",
            "0.0",
            "123456789012345678901234567890",
            "NaN",
            "\"\\ud800\"",
            "\"\"",
            "\"2026-11-24\"",
            "\"2026-02-30\"",
            "\"9999999-01-01\"",
            "\"-0001-01-01T00:00:00Z\"",
            "\"bearer\"",
        ])
        .prop_map(str::to_owned),
        short_text().prop_map(|s| serde_json::to_string(&s).unwrap()),
        (0usize..5000).prop_map(|n| format!("\"{}\"", "s".repeat(n))),
    ]
}

pub const ADA: &str = "ada@example.com";
pub const BOB: &str = "bob@example.com";
pub const PASSWORD: &str = "analytical-engine";

pub struct TwoAccounts {
    pub _dir: tempfile::TempDir,
    pub db: SharedDatabase,
    pub oauth: Connections,
    pub fake: FakeWakatime,
    pub vault: Arc<TokenVault>,
    pub config: WakatimeConfig,
    pub ada: i64,
    pub bob: i64,
}

pub async fn two_accounts() -> TwoAccounts {
    let fake = FakeWakatime::start(Options::default().with_switches(|s| s.auto_approve = true))
        .await
        .expect("stand-in starts");
    let dir = tempfile::tempdir().unwrap();
    let db = SharedDatabase::new(Database::open_in(dir.path()).unwrap());
    let signup = |email: &str| {
        accounts::signup(
            &db,
            &SignupForm {
                email: email.into(),
                name: "Student".into(),
                password: Secret::from(PASSWORD),
                student: None,
            },
            &SystemClock,
        )
        .unwrap()
        .id
    };
    let (ada, bob) = (signup(ADA), signup(BOB));
    let vault = Arc::new(TokenVault::from_key(&TokenVault::generate_key()).unwrap());
    let config = config_for(&fake);
    let oauth = Connections::new(
        db.clone(),
        vault.clone(),
        ConfigSource::Fixed(Box::new(config.clone())),
        Arc::new(SystemClock),
    )
    .unwrap();
    TwoAccounts {
        _dir: dir,
        db,
        oauth,
        fake,
        vault,
        config,
        ada,
        bob,
    }
}

impl TwoAccounts {
    /// Starts a request for `user` and plays the browser, which approves at once:
    /// returns the deep link WakaTime sends back.
    pub async fn approve(&self, user: i64) -> Url {
        let authorize = self.oauth.start(user, DEEP_LINK_REDIRECT_URI).unwrap();
        follow(&authorize).await
    }

    /// A client in a freshly started process: its own connection to the same file.
    pub fn fresh_client(&self) -> Connections {
        let db = Database::open(self.db.lock().path()).unwrap();
        Connections::new(
            SharedDatabase::new(db),
            self.vault.clone(),
            ConfigSource::Fixed(Box::new(self.config.clone())),
            Arc::new(SystemClock),
        )
        .unwrap()
    }

    /// Both token columns of `user`, as stored.
    pub fn token_columns(&self, user: i64) -> (Option<String>, Option<String>) {
        self.db
            .lock()
            .conn()
            .query_row(
                "SELECT wakatime_access_token_encrypted, wakatime_refresh_token_encrypted
                 FROM user WHERE id = ?1",
                [user],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    }

    pub fn nothing_stored_for(&self, user: i64) -> bool {
        self.token_columns(user) == (None, None)
    }

    pub fn token_requests(&self) -> usize {
        self.fake.requests_to("/oauth/token").len()
    }

    /// Requests of `user` not yet used.
    pub fn open_requests(&self, user: i64) -> i64 {
        self.db
            .lock()
            .conn()
            .query_row(
                "SELECT count(*) FROM pending_auth WHERE user_id = ?1 AND used_at IS NULL",
                [user],
                |r| r.get(0),
            )
            .unwrap()
    }
}

/// A query parameter of `url`.
pub fn param(url: &Url, name: &str) -> String {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("{url} has no {name}"))
}
