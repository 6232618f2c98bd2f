//! Politeness towards WakaTime: at most one request per `min_interval` (well under its
//! 10 requests per second), exponential backoff with jitter after a 429 (or the 302 it
//! sometimes sends instead), and a few retries after a 5xx or a dropped connection.

use std::future::Future;
use std::time::{Duration, Instant};

use rand::Rng;

use crate::{Error, Result};

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Wait before the first retry; doubled each time, with jitter.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// Retries after "slow down" answers.
    pub rate_limit_retries: u32,
    /// Retries after server errors and network failures.
    pub failure_retries: u32,
    /// The least time between two requests.
    pub min_interval: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(60),
            rate_limit_retries: 4,
            failure_retries: 2,
            min_interval: Duration::from_millis(150),
        }
    }
}

/// Paces requests of one sync and retries them by the policy.
pub struct Pacer {
    policy: RetryPolicy,
    last_request: Option<Instant>,
}

impl Pacer {
    pub fn new(policy: RetryPolicy) -> Self {
        Self {
            policy,
            last_request: None,
        }
    }

    pub async fn run<T, F, Fut>(&mut self, request: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let retries = self.policy.failure_retries;
        self.run_with(retries, request).await
    }

    /// Like [`Pacer::run`], but a server error or a dropped connection is returned at
    /// once: for a request the caller can replace by smaller ones.
    pub async fn run_without_failure_retries<T, F, Fut>(&mut self, request: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        self.run_with(0, request).await
    }

    async fn run_with<T, F, Fut>(&mut self, failure_retries: u32, mut request: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let (mut limited, mut failed) = (0u32, 0u32);
        loop {
            if let Some(last) = self.last_request {
                let due = last + self.policy.min_interval;
                tokio::time::sleep_until(due.into()).await;
            }
            self.last_request = Some(Instant::now());
            let retry_number = match request().await {
                Err(Error::WakatimeRateLimited) if limited < self.policy.rate_limit_retries => {
                    limited += 1;
                    limited
                }
                Err(Error::WakatimeServerError { .. } | Error::WakatimeUnreachable { .. })
                    if failed < failure_retries =>
                {
                    failed += 1;
                    failed
                }
                other => return other,
            };
            tokio::time::sleep(self.backoff(retry_number)).await;
        }
    }

    /// `base * 2^(n-1)`, capped, times a random factor in [0.5, 1).
    fn backoff(&self, retry_number: u32) -> Duration {
        let exp = self
            .policy
            .base_delay
            .saturating_mul(1 << (retry_number - 1).min(16));
        let capped = exp.min(self.policy.max_delay);
        capped.mul_f64(rand::thread_rng().gen_range(0.5..1.0))
    }
}
