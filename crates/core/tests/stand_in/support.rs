//! A database with one account, an OAuth client pointed at a fresh stand-in, and a
//! "browser" that follows the authorize URL the way a person's would.

use std::sync::Arc;

#[path = "../common/stand_in.rs"]
mod stand_in;
pub use stand_in::{config_for, follow};

use fake_wakatime::{FakeWakatime, Options};
use url::Url;
use wakadesk_core::accounts::{self, SignupForm};
use wakadesk_core::clock::SystemClock;
use wakadesk_core::connections::{ConfigSource, Connections};
use wakadesk_core::db::{Database, SharedDatabase};
use wakadesk_core::oauth::DEEP_LINK_REDIRECT_URI;
use wakadesk_core::secret::Secret;
use wakadesk_core::vault::TokenVault;

pub struct Harness {
    pub dir: tempfile::TempDir,
    pub db: SharedDatabase,
    pub oauth: Connections,
    pub fake: FakeWakatime,
    pub user_id: i64,
    pub vault: Arc<TokenVault>,
}

pub async fn harness() -> Harness {
    harness_with(Options::default().with_switches(|s| s.auto_approve = true)).await
}

pub async fn harness_with(options: Options) -> Harness {
    let fake = FakeWakatime::start(options).await.expect("stand-in starts");
    let dir = tempfile::tempdir().unwrap();
    let db = SharedDatabase::new(Database::open_in(dir.path()).unwrap());
    let account = accounts::signup(
        &db,
        &SignupForm {
            email: "ada@example.com".into(),
            name: "Ada".into(),
            password: Secret::from("analytical-engine"),
            student: None,
        },
        &SystemClock,
    )
    .unwrap();
    let vault = Arc::new(TokenVault::from_key(&TokenVault::generate_key()).unwrap());
    let oauth = Connections::new(
        db.clone(),
        vault.clone(),
        ConfigSource::Fixed(Box::new(config_for(&fake))),
        Arc::new(SystemClock),
    )
    .unwrap();
    Harness {
        dir,
        db,
        oauth,
        fake,
        user_id: account.id,
        vault,
    }
}

impl Harness {
    /// Starts a request and plays the browser: follows the authorize URL (the stand-in
    /// approves at once) and returns where WakaTime sent the browser back.
    pub async fn approve_in_browser(&self) -> Url {
        let authorize = self
            .oauth
            .start(self.user_id, DEEP_LINK_REDIRECT_URI)
            .unwrap();
        follow(&authorize).await
    }

    /// Syncs the account now, with the app's retry policy; a failure fails the test.
    pub async fn sync_now(&self) -> wakadesk_core::stats::SyncReport {
        wakadesk_core::stats::sync(
            &self.db,
            &self.oauth.api(),
            self.user_id,
            &SystemClock,
            wakadesk_core::stats::RetryPolicy::default(),
            &|_| {},
        )
        .await
        .unwrap()
    }

    pub fn connected(&self) -> bool {
        wakadesk_core::accounts::get(&self.db.lock(), self.user_id)
            .unwrap()
            .wakatime
            .connected
    }

    pub fn token_columns(&self) -> (Option<String>, Option<String>) {
        self.db
            .lock()
            .conn()
            .query_row(
                "SELECT wakatime_access_token_encrypted, wakatime_refresh_token_encrypted FROM user WHERE id = ?1",
                [self.user_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    }
}

/// A harness whose stand-in has stopped (its port closed): WakaTime is unreachable,
/// the account and its database are as they were.
pub struct Offline {
    pub oauth: Connections,
    pub db: SharedDatabase,
    pub user_id: i64,
    _dir: tempfile::TempDir,
}

impl Harness {
    pub async fn offline(self) -> Offline {
        self.fake.stop().await;
        Offline {
            oauth: self.oauth,
            db: self.db,
            user_id: self.user_id,
            _dir: self.dir,
        }
    }
}

/// The `state` of an authorize URL.
pub fn state_of(authorize: &Url) -> String {
    authorize
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .expect("authorize URL has a state")
}
