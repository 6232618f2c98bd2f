//! The INI dialect of `~/.wakatime.cfg`, read as wakatime-cli reads it (go-ini through
//! viper, with Python-style multi-line values): an optional UTF-8 byte order mark, `\n`
//! or `\r\n` line ends, whole-line comments starting with `;` or `#`, `[section]`
//! headers and key names in any letter case, `key = value` or `key: value` with
//! whitespace around the delimiter, a value cut at an inline `;` or `#` and stripped of
//! surrounding quotes, indented lines continuing the value above, and the last of
//! repeated keys winning. A line that is none of these makes the file malformed, as it
//! makes wakatime-cli fail.

/// The keys of the `[settings]` section, lower-cased, with their values and lines.
#[derive(Default)]
pub(super) struct Settings {
    entries: Vec<Entry>,
}

struct Entry {
    key: String,
    value: String,
    line: usize,
}

impl Settings {
    /// The value of `key` (lower case) and its line, when set and not blank.
    pub fn get(&self, key: &str) -> Option<(&str, usize)> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| (e.value.as_str(), e.line))
            .filter(|(value, _)| !value.trim().is_empty())
    }
}

/// Where and why the text is not INI wakatime-cli would read.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Malformed {
    pub line: usize,
    pub reason: &'static str,
}

/// Where a line's key and value go: the settings section, or a section read past.
enum Section {
    None,
    Settings,
    Other,
}

/// The `[settings]` section of `text`.
pub(super) fn settings(text: &str) -> Result<Settings, Malformed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut settings = Settings::default();
    let mut section = Section::None;
    // Whether the previous line held a value an indented line may continue.
    let mut in_value = false;
    for (index, raw) in text.split('\n').enumerate() {
        let line_no = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        if in_value && line.starts_with(char::is_whitespace) {
            if let (Section::Settings, Some(last)) = (&section, settings.entries.last_mut()) {
                last.value.push('\n');
                last.value.push_str(trimmed);
            }
            continue;
        }
        if let Some(header) = trimmed.strip_prefix('[') {
            let name = header
                .rfind(']')
                .map(|end| header[..end].trim())
                .ok_or(Malformed {
                    line: line_no,
                    reason: "a section header without its closing ]",
                })?;
            section = if name.eq_ignore_ascii_case("settings") {
                Section::Settings
            } else {
                Section::Other
            };
            in_value = false;
            continue;
        }
        let split = trimmed.find(['=', ':']).ok_or(Malformed {
            line: line_no,
            reason: "a line that is neither a [section], a key = value nor a comment",
        })?;
        let key = trimmed[..split].trim();
        if key.is_empty() {
            return Err(Malformed {
                line: line_no,
                reason: "a value without a key name",
            });
        }
        if let Section::Settings = section {
            settings.entries.push(Entry {
                key: key.to_ascii_lowercase(),
                value: value(&trimmed[split + 1..]),
                line: line_no,
            });
        }
        in_value = true;
    }
    Ok(settings)
}

/// A value as written after the delimiter: cut at an inline comment, trimmed, and
/// without the quotes around it.
fn value(written: &str) -> String {
    let uncommented = match written.find(['#', ';']) {
        Some(at) => &written[..at],
        None => written,
    };
    let value = uncommented.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner.to_owned();
        }
    }
    value.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(s: &'a Settings, key: &str) -> Option<&'a str> {
        s.get(key).map(|(v, _)| v)
    }

    #[test]
    fn reads_what_editor_plugins_write() {
        let s =
            settings("[settings]\napi_key = waka_1\napi_url = https://wakapi.example.edu/api\n")
                .unwrap();
        assert_eq!(get(&s, "api_key"), Some("waka_1"));
        assert_eq!(get(&s, "api_url"), Some("https://wakapi.example.edu/api"));
        assert_eq!(s.get("api_url").map(|(_, line)| line), Some(3));
    }

    #[test]
    fn bom_crlf_comments_case_spacing_quotes_and_colons_are_read_like_wakatime_cli() {
        let text = "\u{feff}; written by hand\r\n# another comment\r\n\r\n[Settings]\r\n\
                    API_KEY\t=   'waka_2'   ; mine\r\napi_url:https://hackatime.example/api/hackatime/v1\r\n\
                    debug = false\r\n";
        let s = settings(text).unwrap();
        assert_eq!(get(&s, "api_key"), Some("waka_2"));
        assert_eq!(
            get(&s, "api_url"),
            Some("https://hackatime.example/api/hackatime/v1")
        );
    }

    #[test]
    fn only_the_settings_section_counts_and_the_last_repeat_wins() {
        let s = settings(
            "api_key = outside\n[git]\napi_key = in_git\n[settings]\napi_key = first\napi_key = second\n",
        )
        .unwrap();
        assert_eq!(get(&s, "api_key"), Some("second"));
        let blank = settings("[settings]\napi_key =\n").unwrap();
        assert_eq!(get(&blank, "api_key"), None, "a blank value is no value");
    }

    #[test]
    fn indented_lines_continue_the_value_above() {
        let s = settings(
            "[settings]\nexclude =\n    ^COMMIT_EDITMSG$\n    ^TAG_EDITMSG$\napi_key = waka_3\n",
        )
        .unwrap();
        assert_eq!(
            get(&s, "exclude"),
            Some("\n^COMMIT_EDITMSG$\n^TAG_EDITMSG$")
        );
        assert_eq!(get(&s, "api_key"), Some("waka_3"));
        // As in wakatime-cli, even a key = value line continues the value when indented.
        let s = settings("[settings]\ndebug = false\n  api_key = waka_4\n").unwrap();
        assert_eq!(get(&s, "api_key"), None);
        assert_eq!(get(&s, "debug"), Some("false\napi_key = waka_4"));
    }

    #[test]
    fn a_line_wakatime_cli_would_refuse_is_malformed_with_its_line() {
        for (text, line) in [
            ("[settings]\napi_key = a\nthis is not ini\n", 3),
            ("[settings\napi_key = a\n", 1),
            ("[settings]\n = value\n", 2),
        ] {
            let err = settings(text).err().expect(text);
            assert_eq!(err.line, line, "{text:?}: {}", err.reason);
        }
    }
}
