//! Scope names wakatime.com knows. The stand-in refuses any other name (including the
//! retired `read_logged_time`), so a client asking for the wrong scope fails in tests
//! instead of on the real server.

const TOP_LEVEL: &[&str] = &[
    "read_summaries",
    "read_stats",
    "read_goals",
    "read_heartbeats",
    "write_heartbeats",
    "email",
    "read_orgs",
    "read_private_leaderboards",
];

const SUMMARY_DIMENSIONS: &[&str] = &[
    "categories",
    "dependencies",
    "editors",
    "languages",
    "machines",
    "operating_systems",
    "projects",
];

const STATS_DIMENSIONS: &[&str] = &[
    "best_day",
    "categories",
    "dependencies",
    "editors",
    "languages",
    "machines",
    "operating_systems",
    "projects",
];

/// Why a requested scope list was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ScopeError {
    Empty,
    Unknown(String),
}

impl ScopeError {
    pub(crate) fn description(&self) -> String {
        match self {
            Self::Empty => "no scope was requested".to_owned(),
            Self::Unknown(name) => format!("unknown scope: {name}"),
        }
    }
}

/// Splits a comma- or space-separated scope list, drops duplicates (first wins) and
/// checks every name.
pub(crate) fn parse_scopes(raw: &str) -> Result<Vec<String>, ScopeError> {
    let mut scopes: Vec<String> = Vec::new();
    for name in raw
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|name| !name.is_empty())
    {
        if !is_known(name) {
            return Err(ScopeError::Unknown(name.to_owned()));
        }
        if !scopes.iter().any(|seen| seen == name) {
            scopes.push(name.to_owned());
        }
    }
    if scopes.is_empty() {
        return Err(ScopeError::Empty);
    }
    Ok(scopes)
}

fn is_known(name: &str) -> bool {
    if TOP_LEVEL.contains(&name) {
        return true;
    }
    match name.split_once('.') {
        Some(("read_summaries", dimension)) => SUMMARY_DIMENSIONS.contains(&dimension),
        Some(("read_stats", dimension)) => STATS_DIMENSIONS.contains(&dimension),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_and_spaces_both_separate_scopes() {
        assert_eq!(
            parse_scopes("read_summaries,read_stats email"),
            Ok(vec![
                "read_summaries".to_owned(),
                "read_stats".to_owned(),
                "email".to_owned()
            ]),
            "mixed separators"
        );
    }

    #[test]
    fn per_dimension_scopes_are_known() {
        assert!(
            parse_scopes("read_stats.languages,read_summaries.projects").is_ok(),
            "dotted per-dimension scopes are valid"
        );
    }

    #[test]
    fn the_retired_read_logged_time_scope_is_refused() {
        assert_eq!(
            parse_scopes("read_logged_time"),
            Err(ScopeError::Unknown("read_logged_time".to_owned())),
            "old scope names must fail"
        );
    }

    #[test]
    fn an_unknown_dimension_is_refused() {
        assert!(
            parse_scopes("read_stats.colours").is_err(),
            "unknown dimension"
        );
    }

    #[test]
    fn an_empty_scope_list_is_refused() {
        assert_eq!(
            parse_scopes(" , "),
            Err(ScopeError::Empty),
            "nothing requested"
        );
    }

    #[test]
    fn a_repeated_scope_is_kept_once() {
        assert_eq!(
            parse_scopes("read_stats,read_stats"),
            Ok(vec!["read_stats".to_owned()]),
            "duplicates dropped"
        );
    }
}
