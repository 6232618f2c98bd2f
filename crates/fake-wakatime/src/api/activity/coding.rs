//! The coding itself: stretches of work at UTC instants, each in one language, project,
//! editor, operating system and category. They are generated per UTC date, from the
//! seed and that date alone (a `rand` generator keyed by both), so any span of time
//! finds the same stretches whichever zone it is bucketed in: a student who fixes
//! their profile's zone sees the same coding fall on other days, as on wakatime.com.
//!
//! A date's coding is a few sittings at any hour of that UTC date (one project, editor
//! and system each), cut into stretches of 2 to 25 minutes that switch language and
//! category, so the local midnights of zones from UTC−12 to UTC+14 all cut through some
//! of them. Weekdays code more, and more often, than weekends.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::{Date, Weekday};

/// The longest a weekday's coding gets (UTC date), in seconds (8 hours).
pub const MAX_WEEKDAY_SECONDS: u64 = 8 * 60 * 60;
/// The longest a Saturday's or Sunday's coding gets (UTC date), in seconds (3 hours).
pub const MAX_WEEKEND_SECONDS: u64 = 3 * 60 * 60;
/// The shortest a date with any coding gets, in seconds (5 minutes).
const MIN_CODING_SECONDS: u64 = 5 * 60;
const HOUR: i64 = 60 * 60;

/// The five ways WakaTime splits a day's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    Languages,
    Projects,
    Editors,
    OperatingSystems,
    Categories,
}

impl Dimension {
    pub const ALL: [Self; 5] = [
        Self::Languages,
        Self::Projects,
        Self::Editors,
        Self::OperatingSystems,
        Self::Categories,
    ];

    /// The JSON key of the dimension's list: `languages`, `operating_systems`, ...
    pub fn key(self) -> &'static str {
        [
            "languages",
            "projects",
            "editors",
            "operating_systems",
            "categories",
        ][self as usize]
    }

    /// What a student's WakaTime shows here, with how often each is picked (weights).
    #[rustfmt::skip]
    fn catalogue(self) -> &'static [(&'static str, u32)] {
        match self {
            Self::Languages => &[
                ("Rust", 40), ("Python", 18), ("TypeScript", 14), ("Markdown", 4),
                ("JavaScript", 4), ("TOML", 2), ("JSON", 2), ("Bash", 2),
                ("HTML", 2), ("CSS", 2), ("SQL", 2), ("YAML", 1),
            ],
            Self::Projects => &[
                ("wakadesk", 40), ("compiler", 16), ("dotfiles", 2),
                ("homework", 12), ("advent-of-code", 3), ("website", 3),
            ],
            Self::Editors => &[("VS Code", 60), ("Neovim", 15), ("IntelliJ IDEA", 2), ("Zed", 1)],
            Self::OperatingSystems => &[("Linux", 70), ("macOS", 10)],
            Self::Categories => &[
                ("Coding", 70), ("Debugging", 14), ("Building", 4),
                ("Writing Tests", 5), ("Writing Docs", 2), ("Code Reviewing", 1),
            ],
        }
    }

    /// One entry of the catalogue, drawn by weight.
    fn pick(self, rng: &mut StdRng) -> &'static str {
        let catalogue = self.catalogue();
        let mut draw = rng.gen_range(0..catalogue.iter().map(|(_, w)| w).sum::<u32>());
        for (name, weight) in catalogue {
            if draw < *weight {
                return name;
            }
            draw -= weight;
        }
        catalogue[0].0
    }
}

/// A stretch of coding: from `start` (Unix seconds) for `seconds`, named in every
/// dimension (indexed like `Dimension::ALL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stretch {
    pub(crate) start: i64,
    pub(crate) seconds: u64,
    pub(crate) names: [&'static str; 5],
}

impl Stretch {
    /// How many of its seconds lie in `[from, to)`.
    pub(crate) fn seconds_within(&self, from: i64, to: i64) -> u64 {
        let end = self.start + self.seconds as i64;
        (end.min(to) - self.start.max(from)).max(0) as u64
    }
}

/// The stretches that begin on the UTC date `date`, in order, none overlapping, all
/// ending before that date ends.
pub(crate) fn stretches_on(seed: u64, date: Date) -> Vec<Stretch> {
    let mut key = [0; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..12].copy_from_slice(&date.to_julian_day().to_le_bytes());
    let rng = &mut StdRng::from_seed(key);
    let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
    let (idle_percent, max_seconds) = if weekend {
        (45, MAX_WEEKEND_SECONDS)
    } else {
        (12, MAX_WEEKDAY_SECONDS)
    };
    if rng.gen_ratio(idle_percent, 100) {
        return Vec::new();
    }
    // The mean of two draws: most days sit mid-range, few at either end.
    let span = MIN_CODING_SECONDS..=max_seconds;
    let total = (rng.gen_range(span.clone()) + rng.gen_range(span)) / 2;
    let sittings = rng.gen_range(1..=3u64);
    let breaks: Vec<i64> = (1..sittings)
        .map(|_| rng.gen_range(HOUR / 6..=2 * HOUR))
        .collect();
    let busy = total as i64 + breaks.iter().sum::<i64>();
    // Anywhere in the date, ending by its midnight.
    let mut at =
        date.midnight().assume_utc().unix_timestamp() + rng.gen_range(0..=24 * HOUR - busy);
    let mut stretches = Vec::new();
    for sitting in 0..sittings {
        let mut left = if sitting + 1 == sittings {
            total - total / sittings * sitting
        } else {
            total / sittings
        };
        let [project, editor, system] = [
            Dimension::Projects,
            Dimension::Editors,
            Dimension::OperatingSystems,
        ]
        .map(|dimension| dimension.pick(rng));
        while left > 0 {
            let seconds = rng.gen_range(120..=1500).min(left);
            let language = Dimension::Languages.pick(rng);
            let category = Dimension::Categories.pick(rng);
            let names = [language, project, editor, system, category];
            stretches.push(Stretch {
                start: at,
                seconds,
                names,
            });
            at += seconds as i64;
            left -= seconds;
        }
        at += breaks.get(sitting as usize).copied().unwrap_or(0);
    }
    stretches
}
