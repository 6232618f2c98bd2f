//! An account and a stand-in whose clocks read the same pinned instant: the stand-in's
//! clock (its today, its history's end) and the core's `TestClock` (the app's today,
//! when things happened), moved together. For the tests of the user's days.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use fake_wakatime::{Activity, Options, RecordedRequest, Switches};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};
use wakadesk_core::clock::TestClock;
use wakadesk_core::connections::{ConfigSource, Connections};
use wakadesk_core::db::sync_state_table::{self, SyncStateRow};
use wakadesk_core::oauth::DEEP_LINK_REDIRECT_URI;
use wakadesk_core::secret::Secret;
use wakadesk_core::stats::{self, dates, Dashboard, DashboardRange, RetryPolicy, SyncStep};

use crate::support::*;

pub struct Pinned {
    pub h: Harness,
    pub clock: Arc<TestClock>,
    pub connections: Connections,
}

/// An RFC 3339 instant, as tests write them.
pub fn at(text: &str) -> OffsetDateTime {
    OffsetDateTime::parse(text, &Rfc3339).expect("an RFC 3339 instant")
}

/// Requests paced for tests: no waiting between them, quick retries.
pub fn fast() -> RetryPolicy {
    RetryPolicy {
        base_delay: StdDuration::from_millis(20),
        max_delay: StdDuration::from_millis(200),
        min_interval: StdDuration::ZERO,
        ..RetryPolicy::default()
    }
}

/// A stand-in with `options` whose account lives in `zone`, both clocks at `now`.
pub async fn pinned(options: Options, zone: &str, now: &str) -> Pinned {
    let now = at(now);
    options.clock.set(now);
    let options = options.with_switches(|s| {
        s.auto_approve = true;
        s.timezone = zone.parse().expect("an IANA zone");
    });
    let h = harness_with(options).await;
    let clock = Arc::new(TestClock::at(now));
    let connections = Connections::new(
        h.db.clone(),
        h.vault.clone(),
        ConfigSource::Fixed(Box::new(config_for(&h.fake))),
        clock.clone(),
    )
    .unwrap();
    Pinned {
        h,
        clock,
        connections,
    }
}

impl Pinned {
    /// The same, with requests that give up after `timeout`.
    pub fn with_request_timeout(self, timeout: StdDuration) -> Self {
        Self {
            connections: self.connections.with_request_timeout(timeout).unwrap(),
            ..self
        }
    }

    /// Both clocks to `now`.
    pub fn set_now(&self, now: OffsetDateTime) {
        self.h.fake.clock().set(now);
        self.clock.set(now);
    }

    /// Both clocks moved by `by`.
    pub fn advance(&self, by: time::Duration) {
        self.h.fake.clock().advance(by);
        self.clock.advance(by);
    }

    pub fn switches(&self, change: impl FnOnce(&mut Switches)) {
        self.h.fake.update_switches(change);
    }

    /// Connects through the browser, as the window does.
    pub async fn connect_oauth(&self) {
        let authorize = self
            .connections
            .start(self.h.user_id, DEEP_LINK_REDIRECT_URI)
            .unwrap();
        self.connections
            .finish(&follow(&authorize).await)
            .await
            .expect("connected");
        self.h.fake.clear_requests();
    }

    /// Connects with the stand-in's API key, as for a self-hosted server.
    pub async fn connect_key(&self) {
        let key = Secret::from(self.h.fake.api_key().expect("an API key"));
        self.connections
            .connect_api_key(self.h.user_id, &self.h.fake.api_url(), &key)
            .await
            .expect("connected");
        self.h.fake.clear_requests();
    }

    pub async fn sync(&self) -> wakadesk_core::Result<stats::SyncReport> {
        self.sync_with(fast(), &|_| {}).await
    }

    pub async fn sync_with(
        &self,
        policy: RetryPolicy,
        progress: &(dyn Fn(SyncStep) + Send + Sync),
    ) -> wakadesk_core::Result<stats::SyncReport> {
        stats::sync(
            &self.h.db,
            &self.connections.api(),
            self.h.user_id,
            &*self.clock,
            policy,
            progress,
        )
        .await
    }

    pub fn dashboard(&self, range: DashboardRange) -> Dashboard {
        stats::dashboard(&self.h.db.lock(), self.h.user_id, range, &*self.clock).unwrap()
    }

    pub fn state(&self) -> SyncStateRow {
        sync_state_table::get(self.h.db.lock().conn(), self.h.user_id).unwrap()
    }

    /// The stand-in's account as it is now.
    pub fn activity(&self) -> Activity {
        self.h.fake.activity()
    }

    /// Every request to the API since the last clear.
    pub fn api_requests(&self) -> Vec<RecordedRequest> {
        let prefix = self.h.fake.flavor().api_prefix();
        self.h.fake.requests_under(prefix)
    }

    pub fn summaries_requests(&self) -> Vec<RecordedRequest> {
        self.api_requests()
            .into_iter()
            .filter(|r| r.path.ends_with("/summaries"))
            .collect()
    }
}

/// `(date, seconds)` of each day of `d`'s chart.
pub fn chart(d: &Dashboard) -> Vec<(String, u64)> {
    d.series
        .iter()
        .map(|day| (day.date.clone(), day.seconds as u64))
        .collect()
}

/// `(date, seconds)` of the stand-in's own days `start..=end` in its account's zone.
pub fn servers_days(activity: &Activity, start: Date, end: Date) -> Vec<(String, u64)> {
    activity
        .days(start, end)
        .iter()
        .map(|day| (dates::format(day.date), day.total_seconds))
        .collect()
}

/// The dashboard's figures for `range` equal the stand-in's own days of the account's
/// zone: the chart day by day, today, the total, the best day.
pub fn assert_same_days(d: &Dashboard, activity: &Activity, range: DashboardRange, what: &str) {
    let today = activity.today();
    let first = dates::days_before(today, range.days().expect("a fixed range") - 1);
    let server = servers_days(activity, first, today);
    assert_eq!(
        d.end,
        dates::format(today),
        "{what}: today is the account's"
    );
    assert_eq!(chart(d), server, "{what}: the chart's days");
    assert_eq!(
        d.today.seconds as u64,
        activity.day(today).total_seconds,
        "{what}: today's total"
    );
    let total: u64 = server.iter().map(|(_, s)| s).sum();
    assert_eq!(d.total.seconds as u64, total, "{what}: the range's total");
    let best = activity.totals(first, today).best_day;
    assert_eq!(
        d.best_day
            .as_ref()
            .map(|b| (b.date.clone(), b.seconds as u64)),
        best.map(|(date, s)| (dates::format(date), s)),
        "{what}: the best day"
    );
}
