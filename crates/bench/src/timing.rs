//! Repeated timing of a closure and percentiles of the results.

use std::time::{Duration, Instant};

pub struct Samples {
    /// In the order the runs were made.
    runs: Vec<Duration>,
    sorted: Vec<Duration>,
}

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
    let mut sorted = out.clone();
    sorted.sort();
    Samples { runs: out, sorted }
}

impl Samples {
    /// Nearest-rank percentile.
    pub fn percentile(&self, p: f64) -> Duration {
        let rank = ((p / 100.0) * self.sorted.len() as f64).ceil() as usize;
        self.sorted[rank.clamp(1, self.sorted.len()) - 1]
    }

    /// Each run's duration, in the order they were made (warm-up runs left out).
    pub fn in_run_order(&self) -> impl Iterator<Item = Duration> + '_ {
        self.runs.iter().copied()
    }
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
