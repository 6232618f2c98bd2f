//! The deterministic generator behind the generated activity: SplitMix64, written out
//! here rather than taken from `rand`, so a seed gives the same numbers whatever
//! version of a dependency is resolved, in this crate and in the tests of others.

/// A SplitMix64 stream.
#[derive(Debug, Clone)]
pub(crate) struct Prng(u64);

impl Prng {
    /// The stream of one day: it depends on the seed and the date only, so a day's
    /// figures do not depend on which range was asked for.
    pub(crate) fn for_day(seed: u64, julian_day: i32) -> Self {
        let day = u64::from(julian_day.unsigned_abs()) << 1 | u64::from(julian_day < 0);
        let mut prng = Self(seed.wrapping_mul(0xD1B5_4A32_D192_ED03) ^ mix(day));
        prng.next_u64();
        prng
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// A number in `0..bound` (`bound` > 0); the modulo bias is irrelevant here.
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    /// True `percent` times in a hundred.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Random moments for fault tests (when to kill a process), from a seed that is
/// printed so a failure can be replayed: `WAKADESK_FAULT_SEED`, else the clock.
#[derive(Debug, Clone)]
pub struct FaultMoments(Prng);

impl FaultMoments {
    /// Seeds from `WAKADESK_FAULT_SEED` or the clock and prints `<test>: WAKADESK_FAULT_SEED=<seed>`.
    pub fn from_env(test: &str) -> Self {
        let seed = std::env::var("WAKADESK_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos() as u64)
            });
        eprintln!("{test}: WAKADESK_FAULT_SEED={seed}");
        Self(Prng(seed))
    }

    /// A number in `0..bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.0.below(bound)
    }

    /// A duration shorter than `below` milliseconds.
    pub fn millis(&mut self, below: u64) -> std::time::Duration {
        std::time::Duration::from_millis(self.below(below))
    }
}

fn mix(value: u64) -> u64 {
    let mut z = value;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_and_day_give_the_same_stream() {
        let first: Vec<u64> = {
            let mut prng = Prng::for_day(42, 2_460_000);
            (0..4).map(|_| prng.next_u64()).collect()
        };
        let second: Vec<u64> = {
            let mut prng = Prng::for_day(42, 2_460_000);
            (0..4).map(|_| prng.next_u64()).collect()
        };
        assert_eq!(first, second, "deterministic");
    }

    #[test]
    fn neighbouring_days_and_seeds_give_different_streams() {
        let base = Prng::for_day(42, 2_460_000).next_u64();
        assert_ne!(base, Prng::for_day(42, 2_460_001).next_u64(), "next day");
        assert_ne!(base, Prng::for_day(43, 2_460_000).next_u64(), "next seed");
    }
}
