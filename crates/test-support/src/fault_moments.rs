//! Random moments for fault tests (when to kill a process, how slow the stand-in is),
//! from a seed that is printed so a failure can be replayed: `WAKADESK_FAULT_SEED`,
//! else the clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[derive(Debug, Clone)]
pub struct FaultMoments(StdRng);

impl FaultMoments {
    /// Seeds from `WAKADESK_FAULT_SEED` or the clock and prints
    /// `<test>: WAKADESK_FAULT_SEED=<seed>`.
    pub fn from_env(test: &str) -> Self {
        let seed = std::env::var("WAKADESK_FAULT_SEED")
            .ok()
            .and_then(|seed| seed.parse().ok())
            .unwrap_or_else(|| {
                let since = SystemTime::now().duration_since(UNIX_EPOCH);
                since.map_or(0, |since| since.as_nanos() as u64)
            });
        eprintln!("{test}: WAKADESK_FAULT_SEED={seed}");
        Self::seeded(seed)
    }

    /// The moments of one seed.
    pub fn seeded(seed: u64) -> Self {
        Self(StdRng::seed_from_u64(seed))
    }

    /// A number in `0..bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.0.gen_range(0..bound.max(1))
    }

    /// A duration shorter than `below` milliseconds.
    pub fn millis(&mut self, below: u64) -> Duration {
        Duration::from_millis(self.below(below))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_moments_within_their_bounds() {
        let (mut first, mut second) = (FaultMoments::seeded(1843), FaultMoments::seeded(1843));
        let moments: Vec<u64> = (0..20).map(|_| first.below(300)).collect();
        let again: Vec<u64> = (0..20).map(|_| second.below(300)).collect();
        assert_eq!(moments, again, "replayable from the seed");
        assert!(
            moments.iter().all(|&m| m < 300),
            "below the bound: {moments:?}"
        );
        assert!(
            moments.iter().any(|&m| m != moments[0]),
            "not constant: {moments:?}"
        );
        assert_eq!(first.below(0), 0, "a zero bound gives zero");
    }
}
