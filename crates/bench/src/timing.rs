//! Repeated timing of a closure and percentiles of the results.

use std::time::{Duration, Instant};

pub struct Samples(Vec<Duration>);

/// Runs `f` `runs` times (after a few warm-up runs) and records each duration.
pub fn sample<T>(runs: usize, mut f: impl FnMut() -> T) -> Samples {
    for _ in 0..runs.min(20) {
        std::hint::black_box(f());
    }
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(f());
        out.push(start.elapsed());
    }
    out.sort();
    Samples(out)
}

impl Samples {
    /// Nearest-rank percentile.
    pub fn percentile(&self, p: f64) -> Duration {
        let rank = ((p / 100.0) * self.0.len() as f64).ceil() as usize;
        self.0[rank.clamp(1, self.0.len()) - 1]
    }
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
