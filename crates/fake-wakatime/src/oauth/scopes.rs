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

/// The per-dimension forms: `read_summaries.<dimension>` and `read_stats.<dimension>`
/// (only the latter has `best_day`).
const DIMENSIONS: &[&str] = &[
    "categories",
    "dependencies",
    "editors",
    "languages",
    "machines",
    "operating_systems",
    "projects",
];

/// Splits a comma- or space-separated scope list, drops duplicates (first wins) and
/// checks every name; the error says what was wrong.
pub(crate) fn parse_scopes(raw: &str) -> Result<Vec<String>, String> {
    let mut scopes: Vec<String> = Vec::new();
    for name in raw
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|name| !name.is_empty())
    {
        if !is_known(name) {
            return Err(format!("unknown scope: {name}"));
        }
        if !scopes.iter().any(|seen| seen == name) {
            scopes.push(name.to_owned());
        }
    }
    if scopes.is_empty() {
        return Err("no scope was requested".to_owned());
    }
    Ok(scopes)
}

fn is_known(name: &str) -> bool {
    match name.split_once('.') {
        None => TOP_LEVEL.contains(&name),
        Some(("read_stats", "best_day")) => true,
        Some(("read_summaries" | "read_stats", dimension)) => DIMENSIONS.contains(&dimension),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_and_spaces_separate_scopes_and_a_repeat_is_kept_once() {
        let parsed = parse_scopes("read_summaries,read_stats email,read_stats");
        let expected = ["read_summaries", "read_stats", "email"].map(str::to_owned);
        assert_eq!(
            parsed,
            Ok(expected.to_vec()),
            "mixed separators, no duplicate"
        );
    }

    #[test]
    fn per_dimension_scopes_are_known_and_others_refused() {
        let known = "read_stats.languages,read_summaries.projects,read_stats.best_day";
        assert!(
            parse_scopes(known).is_ok(),
            "dotted per-dimension scopes are valid"
        );
        for unknown in [
            "read_stats.colours",
            "read_summaries.best_day",
            "email.languages",
        ] {
            assert!(parse_scopes(unknown).is_err(), "{unknown} refused");
        }
    }

    #[test]
    fn the_retired_scope_and_an_empty_list_are_refused() {
        assert_eq!(
            parse_scopes("read_logged_time"),
            Err("unknown scope: read_logged_time".to_owned()),
            "old scope names must fail"
        );
        assert_eq!(
            parse_scopes(" , "),
            Err("no scope was requested".to_owned())
        );
    }
}
