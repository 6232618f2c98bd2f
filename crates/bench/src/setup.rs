//! An account connected to a fresh stand-in: through the real OAuth flow to one
//! answering as wakatime.com, or by API key to one answering as Wakapi.

use std::sync::Arc;

use std::sync::atomic::{AtomicU32, Ordering};

use fake_wakatime::{FakeWakatime, Flavor, Options};
use time::Date;
use url::Url;
use wakadesk_core::accounts::{self, SignupForm};
use wakadesk_core::clock::{SystemClock, TestClock};
use wakadesk_core::config::{ClientCredentials, Source, WakatimeConfig};
use wakadesk_core::connections::{ConfigSource, Connections};
use wakadesk_core::db::{Database, SharedDatabase};
use wakadesk_core::oauth::DEEP_LINK_REDIRECT_URI;
use wakadesk_core::secret::Secret;
use wakadesk_core::stats::{self, RetryPolicy, SyncStep};
use wakadesk_core::vault::TokenVault;

/// What each day asked costs the self-hosted stand-in (Wakapi computes every requested
/// day separately).
pub const SELF_HOSTED_DAY_COST_MS: u64 = 2;

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
    /// Syncs the account as if `today` were today (at noon), with the app's own retry
    /// policy; also how many parts the summaries came in.
    pub async fn sync(&self, today: Date) -> wakadesk_core::Result<Synced> {
        self.sync_on(&TestClock::on(today)).await
    }

    /// Syncs the account now, by the system's clock, as the window would.
    pub async fn sync_now(&self) -> wakadesk_core::Result<Synced> {
        self.sync_on(&SystemClock).await
    }

    async fn sync_on(
        &self,
        clock: &dyn wakadesk_core::clock::Clock,
    ) -> wakadesk_core::Result<Synced> {
        let parts = AtomicU32::new(0);
        let count = |step: SyncStep| {
            if let SyncStep::Summaries { windows, .. } = step {
                parts.fetch_max(windows, Ordering::Relaxed);
            }
        };
        let report = stats::sync(
            &self.db,
            &self.connections.api(),
            self.user_id,
            clock,
            RetryPolicy::default(),
            &count,
        )
        .await?;
        Ok(Synced {
            days_fetched: report.days_fetched,
            parts: parts.load(Ordering::Relaxed),
        })
    }
}

/// What a sync did.
pub struct Synced {
    pub days_fetched: usize,
    pub parts: u32,
}

/// An account connected by API key to a stand-in that answers as Wakapi does, each
/// day asked costing [`SELF_HOSTED_DAY_COST_MS`].
pub async fn self_hosted_account() -> Bench {
    let fake = FakeWakatime::start(
        Options::default()
            .with_flavor(Flavor::Wakapi)
            .with_switches(|s| s.summary_day_delay_ms = SELF_HOSTED_DAY_COST_MS)
            .with_activity(42, 365),
    )
    .await
    .expect("stand-in starts");
    let bench = unconnected(fake);
    let api_key = Secret::from(
        bench
            .fake
            .api_key()
            .expect("a self-hosted stand-in has a key"),
    );
    bench
        .connections
        .connect_api_key(bench.user_id, &bench.fake.heartbeat_root(), &api_key)
        .await
        .expect("connect by key");
    bench
}

/// An account connected to a fresh wakatime.com stand-in through the real OAuth flow.
pub async fn connected_account() -> Bench {
    connected_account_with_days(365).await
}

/// The same, the stand-in holding `days` days of activity.
pub async fn connected_account_with_days(days: u32) -> Bench {
    let fake = FakeWakatime::start(
        Options::default()
            .with_switches(|s| s.auto_approve = true)
            .with_activity(42, days),
    )
    .await
    .expect("stand-in starts");
    let bench = unconnected(fake);
    let authorize = bench
        .connections
        .start(bench.user_id, DEEP_LINK_REDIRECT_URI)
        .expect("start");
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let answer = browser.get(authorize).send().await.expect("authorize");
    let callback =
        Url::parse(answer.headers()["location"].to_str().expect("ascii")).expect("callback");
    bench.connections.finish(&callback).await.expect("connect");
    bench
}

/// A fresh data directory with the bench account signed up, its connections pointed
/// at `fake`, not connected yet.
fn unconnected(fake: FakeWakatime) -> Bench {
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
    let key = TokenVault::generate_key();
    let vault = Arc::new(TokenVault::from_key(&key).expect("key"));
    let connections = Connections::new(
        db.clone(),
        vault,
        ConfigSource::Fixed(Box::new(config_for(&fake))),
        Arc::new(SystemClock),
    )
    .expect("connections");
    Bench {
        dir,
        key,
        fake,
        db,
        connections,
        user_id: account.id,
    }
}

fn config_for(fake: &FakeWakatime) -> WakatimeConfig {
    WakatimeConfig::fixed(
        Some(ClientCredentials {
            id: fake.client_id().to_owned(),
            secret: Arc::new(Secret::from(fake.client_secret())),
            source: Source::Settings,
        }),
        Url::parse(&fake.base_url()).expect("url"),
        Url::parse(&fake.api_url()).expect("url"),
    )
}
