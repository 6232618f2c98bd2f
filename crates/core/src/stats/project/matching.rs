//! Which WakaTime project names are a student's registered project. People type
//! "Compiler Project" at sign-up while their editor plugin reports the folder name
//! `compiler_project` or `compiler-project`, so names are compared in lower case
//! without spaces, dashes and underscores. A name the student chose among the synced
//! ones wins over any match.

use serde::Serialize;

/// How the project view found its WakaTime name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchedBy {
    /// The registered name, compared loosely.
    Name,
    /// The student picked it among the synced names.
    Choice,
}

/// The WakaTime names counted as the student's project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectMatch {
    /// Most time first; empty when nothing matched and nothing was chosen.
    pub names: Vec<String>,
    pub by: Option<MatchedBy>,
}

/// `name` as compared: lower case, without white space, dashes or underscores.
pub fn comparable(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The WakaTime names of the project `registered`: the `chosen` one when there is one,
/// else every name in `synced` (most time first) that compares equal to it. Several
/// can (`Compiler` and `compiler` from two machines): they are the same project.
pub fn find(registered: &str, chosen: Option<&str>, synced: &[String]) -> ProjectMatch {
    if let Some(chosen) = chosen {
        return ProjectMatch {
            names: vec![chosen.to_owned()],
            by: Some(MatchedBy::Choice),
        };
    }
    let wanted = comparable(registered);
    let names: Vec<String> = if wanted.is_empty() {
        Vec::new()
    } else {
        synced
            .iter()
            .filter(|name| comparable(name) == wanted)
            .cloned()
            .collect()
    };
    let by = (!names.is_empty()).then_some(MatchedBy::Name);
    ProjectMatch { names, by }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synced(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn names_match_ignoring_case_spaces_dashes_and_underscores() {
        let names = synced(&[
            "wakadesk",
            "compiler_project",
            "dotfiles",
            "Advent-Of-Code",
            "Ünïcode Thing",
        ]);
        for (registered, expected) in [
            ("Compiler Project", "compiler_project"),
            ("compiler-project", "compiler_project"),
            ("COMPILERPROJECT", "compiler_project"),
            ("  compiler\tproject ", "compiler_project"),
            ("advent of code", "Advent-Of-Code"),
            ("Wakadesk", "wakadesk"),
            ("ünïcode-thing", "Ünïcode Thing"),
        ] {
            let found = find(registered, None, &names);
            assert_eq!(
                found.names,
                vec![expected.to_owned()],
                "{registered:?} is {expected:?}"
            );
            assert_eq!(found.by, Some(MatchedBy::Name), "{registered:?}");
        }
    }

    #[test]
    fn other_punctuation_and_partial_names_do_not_match() {
        let names = synced(&["compiler.project", "compiler", "my-compiler-project-2"]);
        for registered in ["Compiler Project", "compilerproject2", "piler"] {
            let found = find(registered, None, &names);
            assert!(
                found.names.is_empty() && found.by.is_none(),
                "{registered:?} matched {:?}",
                found.names
            );
        }
        assert!(
            find("---", None, &synced(&["_", "-"])).names.is_empty(),
            "a name of only separators matches nothing"
        );
    }

    #[test]
    fn every_spelling_of_the_project_counts_most_time_first() {
        let names = synced(&["compiler", "website", "Compiler"]);
        let found = find("Compiler", None, &names);
        assert_eq!(found.names, synced(&["compiler", "Compiler"]));
    }

    #[test]
    fn a_chosen_name_wins_over_a_match_and_needs_none() {
        let names = synced(&["compiler", "homework"]);
        let found = find("Compiler", Some("homework"), &names);
        assert_eq!(found.names, synced(&["homework"]));
        assert_eq!(found.by, Some(MatchedBy::Choice));
        let gone = find("Compiler", Some("old-name"), &[]);
        assert_eq!(
            gone.names,
            synced(&["old-name"]),
            "kept while the cache is empty"
        );
    }
}
