//! An account connected to a fresh stand-in, through the real OAuth flow.

use std::sync::Arc;

use fake_wakatime::{FakeWakatime, Options};
use time::Date;
use url::Url;
use wakadesk_core::accounts::{self, SignupForm};
use wakadesk_core::clock::{SystemClock, TestClock};
use wakadesk_core::config::{ClientCredentials, Source, WakatimeConfig};
use wakadesk_core::connections::{ConfigSource, Connections};
use wakadesk_core::db::{Database, SharedDatabase};
use wakadesk_core::oauth::DEEP_LINK_REDIRECT_URI;
use wakadesk_core::secret::Secret;
use wakadesk_core::stats::{self, RetryPolicy, SyncReport};
use wakadesk_core::vault::TokenVault;

/// The account's email and password, for logging in to it in the window.
pub const EMAIL: &str = "bench@example.com";
pub const PASSWORD: &str = "benchmark-password";

pub struct Bench {
    /// The data directory: the database the window can open too.
    pub dir: tempfile::TempDir,
    /// The vault's Fernet key, for a window opening the same tokens.
    pub key: Secret<String>,
    pub fake: FakeWakatime,
    pub db: SharedDatabase,
    pub connections: Connections,
    pub user_id: i64,
}

impl Bench {
    /// Syncs the account as if `today` were today, with the app's own retry policy.
    pub async fn sync(&self, today: Date) -> wakadesk_core::Result<SyncReport> {
        stats::sync(
            &self.db,
            &self.connections.api(),
            self.user_id,
            &TestClock::on(today),
            RetryPolicy::default(),
            &|_| {},
        )
        .await
    }
}

pub async fn connected_account() -> Bench {
    let fake = FakeWakatime::start(
        Options::default()
            .with_switches(|s| s.auto_approve = true)
            .with_activity(42, 365),
    )
    .await
    .expect("stand-in starts");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = SharedDatabase::new(Database::open_in(dir.path()).expect("database"));
    let account = accounts::signup(
        &db,
        &SignupForm {
            email: EMAIL.into(),
            name: "Bench".into(),
            password: Secret::from(PASSWORD),
            student: None,
        },
        &SystemClock,
    )
    .expect("signup");
    let config = WakatimeConfig::fixed(
        Some(ClientCredentials {
            id: fake.client_id().to_owned(),
            secret: Arc::new(Secret::from(fake.client_secret())),
            source: Source::Settings,
        }),
        Url::parse(&fake.base_url()).expect("url"),
        Url::parse(&fake.api_url()).expect("url"),
    );
    let key = TokenVault::generate_key();
    let vault = Arc::new(TokenVault::from_key(&key).expect("key"));
    let connections = Connections::new(
        db.clone(),
        vault,
        ConfigSource::Fixed(Box::new(config)),
        Arc::new(SystemClock),
    )
    .expect("connections");
    let authorize = connections
        .start(account.id, DEEP_LINK_REDIRECT_URI, false)
        .expect("start");
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let answer = browser.get(authorize).send().await.expect("authorize");
    let callback =
        Url::parse(answer.headers()["location"].to_str().expect("ascii")).expect("callback");
    connections.finish(&callback).await.expect("connect");
    Bench {
        dir,
        key,
        fake,
        db,
        connections,
        user_id: account.id,
    }
}
