//! When the tray asks the server again: every 5 minutes while it answers; after a
//! failure that waiting cures (offline, rate limited, the server's own trouble) twice
//! as long each time, up to an hour; never while nobody is followed or the account is
//! not connected (the program simply does not ask then).

use std::time::Duration;

/// The usual wait between two refreshes.
pub const EVERY: Duration = Duration::from_secs(5 * 60);
/// The longest wait after failures.
pub const LONGEST: Duration = Duration::from_secs(60 * 60);

/// How the last refresh went, as far as the schedule cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Offline, rate limited or the server in trouble: try again later, less often.
    Failed,
}

/// Failures in a row so far.
#[derive(Debug, Default, Clone, Copy)]
pub struct Schedule {
    failures: u32,
}

impl Schedule {
    /// Records `outcome` and gives the wait before the next refresh.
    pub fn after(&mut self, outcome: Outcome) -> Duration {
        match outcome {
            Outcome::Done => self.failures = 0,
            Outcome::Failed => self.failures = self.failures.saturating_add(1),
        }
        self.wait()
    }

    /// The wait for the failures so far.
    pub fn wait(&self) -> Duration {
        let factor = 1u32 << self.failures.min(10);
        EVERY.saturating_mul(factor).min(LONGEST)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_minutes_while_the_server_answers_and_doubling_up_to_an_hour_after_failures() {
        let mut schedule = Schedule::default();
        assert_eq!(schedule.after(Outcome::Done), EVERY);
        let minutes: Vec<u64> = (0..6)
            .map(|_| schedule.after(Outcome::Failed).as_secs() / 60)
            .collect();
        assert_eq!(minutes, [10, 20, 40, 60, 60, 60]);
        for _ in 0..100 {
            schedule.after(Outcome::Failed);
        }
        assert_eq!(schedule.wait(), LONGEST, "no overflow after many failures");
        assert_eq!(schedule.after(Outcome::Done), EVERY, "one answer resets it");
    }
}
