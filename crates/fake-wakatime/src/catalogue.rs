//! What a generated day is made of: the names a student's WakaTime shows in each
//! dimension, how common each is (weight) and how often it appears at all on a day
//! with coding (percent). The first entry of each list always appears.

/// One possible item of a dimension.
pub(crate) struct Entry {
    pub(crate) name: &'static str,
    pub(crate) weight: u64,
    pub(crate) daily_percent: u64,
}

const fn entry(name: &'static str, weight: u64, daily_percent: u64) -> Entry {
    Entry {
        name,
        weight,
        daily_percent,
    }
}

pub(crate) const LANGUAGES: &[Entry] = &[
    entry("Rust", 40, 100),
    entry("Python", 30, 60),
    entry("TypeScript", 25, 55),
    entry("Markdown", 8, 50),
    entry("JavaScript", 12, 30),
    entry("TOML", 4, 40),
    entry("JSON", 4, 45),
    entry("Bash", 5, 30),
    entry("HTML", 8, 25),
    entry("CSS", 6, 25),
    entry("SQL", 7, 20),
    entry("YAML", 3, 25),
];

pub(crate) const PROJECTS: &[Entry] = &[
    entry("wakadesk", 40, 100),
    entry("compiler", 30, 55),
    entry("dotfiles", 6, 30),
    entry("homework", 25, 45),
    entry("advent-of-code", 15, 20),
    entry("website", 12, 25),
];

pub(crate) const EDITORS: &[Entry] = &[
    entry("VS Code", 60, 100),
    entry("Neovim", 30, 50),
    entry("IntelliJ IDEA", 15, 15),
    entry("Zed", 10, 10),
];

pub(crate) const OPERATING_SYSTEMS: &[Entry] = &[entry("Linux", 70, 100), entry("macOS", 30, 35)];

pub(crate) const CATEGORIES: &[Entry] = &[
    entry("Coding", 70, 100),
    entry("Debugging", 20, 70),
    entry("Building", 8, 50),
    entry("Writing Tests", 12, 40),
    entry("Writing Docs", 6, 25),
    entry("Code Reviewing", 5, 15),
];
