//! The system-wide WakaTime settings a school puts on its machines: a TOML file with the
//! registered app (`client_id`, `client_secret`) and, for a school running its own
//! Wakapi or Hackatime, the server (`base_url`, `api_url`). It sits where only an
//! administrator can write:
//!
//! - Linux and other Unix: `/etc/wakadesk/wakatime.toml`
//! - macOS: `/Library/Application Support/org.wakadesk.desktop/wakatime.toml`
//! - Windows: `%ProgramData%\wakadesk\wakatime.toml`
//!
//! `WAKADESK_SYSTEM_CONFIG` names another file (tests use it). A missing file is
//! normal; a file that cannot be read or used, or that every user may change (anyone
//! could then send the students to a server of their own), is left out whole, with a
//! [`SystemFileProblem`] naming the file and the line, and the app starts without it.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use url::Url;

use super::precedence::Layer;
use super::server_address;
use crate::secret::Secret;
use crate::Error;

/// Environment variable naming the system-wide file instead of the platform's.
pub const SYSTEM_CONFIG_ENV: &str = "WAKADESK_SYSTEM_CONFIG";

/// Where the system-wide file is looked for: `WAKADESK_SYSTEM_CONFIG` when set and not
/// empty, else the platform's place.
pub fn path() -> Option<PathBuf> {
    match std::env::var_os(SYSTEM_CONFIG_ENV) {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => platform_path(),
    }
}

#[cfg(target_os = "macos")]
fn platform_path() -> Option<PathBuf> {
    Some(PathBuf::from(
        "/Library/Application Support/org.wakadesk.desktop/wakatime.toml",
    ))
}

#[cfg(windows)]
fn platform_path() -> Option<PathBuf> {
    let program_data = std::env::var_os("ProgramData")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(r"C:\ProgramData"));
    Some(program_data.join("wakadesk").join("wakatime.toml"))
}

#[cfg(not(any(target_os = "macos", windows)))]
fn platform_path() -> Option<PathBuf> {
    Some(PathBuf::from("/etc/wakadesk/wakatime.toml"))
}

/// Why the system-wide file was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemFileProblem {
    pub path: PathBuf,
    /// The line it is about, counted from 1, when it is about one.
    pub line: Option<usize>,
    pub reason: String,
}

impl SystemFileProblem {
    /// The problem as the core's error, for front ends to show with its code.
    pub fn to_error(&self) -> Error {
        Error::SystemConfigUnusable {
            path: self.path.clone(),
            line: self.line,
            reason: self.reason.clone(),
        }
    }
}

impl std::fmt::Display for SystemFileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.to_error().fmt(f)
    }
}

/// The file's keys. Unknown keys are refused, so a misspelt one is reported rather than
/// silently ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Contents {
    client_id: Option<Spanned<String>>,
    client_secret: Option<Spanned<Secret<String>>>,
    base_url: Option<Spanned<String>>,
    api_url: Option<Spanned<String>>,
}

/// What the file at `path` says: None when there is no file, the problem when it
/// cannot be used.
pub(super) fn read(path: &Path) -> Result<Option<Layer>, SystemFileProblem> {
    let problem = |line: Option<usize>, reason: String| SystemFileProblem {
        path: path.to_owned(),
        line,
        reason,
    };
    let (bytes, metadata) = match open(path) {
        Ok(opened) => opened,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(problem(None, format!("it cannot be read ({e})"))),
    };
    if writable_by_anyone(&metadata) {
        return Err(problem(
            None,
            "anyone on this computer may change it; make it writable by administrators only \
             (chmod o-w)"
                .into(),
        ));
    }
    let text = std::str::from_utf8(bytes.expose())
        .map_err(|e| problem(None, format!("it is not UTF-8 text ({e})")))?;
    let line_of = |span: std::ops::Range<usize>| Some(line_at(text, span.start));
    let contents: Contents = toml::from_str(text)
        .map_err(|e| problem(e.span().and_then(line_of), e.message().trim().to_owned()))?;

    let client = match (contents.client_id, contents.client_secret) {
        (None, None) => None,
        (Some(id), None) => {
            return Err(problem(
                line_of(id.span()),
                "client_id is set but client_secret is not; set both".into(),
            ))
        }
        (None, Some(secret)) => {
            return Err(problem(
                line_of(secret.span()),
                "client_secret is set but client_id is not; set both".into(),
            ))
        }
        (Some(id), Some(secret)) => {
            let id_value = id.get_ref().trim();
            let secret_value = secret.get_ref().expose().trim();
            if id_value.is_empty() {
                return Err(problem(line_of(id.span()), "client_id is empty".into()));
            }
            if secret_value.is_empty() {
                return Err(problem(
                    line_of(secret.span()),
                    "client_secret is empty".into(),
                ));
            }
            Some((id_value.to_owned(), Secret::from(secret_value)))
        }
    };
    let address = |key: &'static str, raw: Option<Spanned<String>>| -> Result<Option<Url>, _> {
        raw.map(|raw| {
            server_address(raw.get_ref())
                .map_err(|reason| problem(line_of(raw.span()), format!("{key} {reason}")))
        })
        .transpose()
    };
    Ok(Some(Layer {
        client,
        base_url: address("base_url", contents.base_url)?,
        api_url: address("api_url", contents.api_url)?,
    }))
}

/// The file's bytes, and its metadata read from the same open file.
fn open(path: &Path) -> std::io::Result<(Secret<Vec<u8>>, std::fs::Metadata)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    let mut bytes = Vec::new();
    let read = file.read_to_end(&mut bytes);
    // Wrapped before any early return, so it is wiped either way.
    let bytes = Secret::new(bytes);
    read?;
    Ok((bytes, metadata))
}

/// Whether every user may write the file: then anyone could point the computer's
/// students at a server of their own, so it is not trusted.
#[cfg(unix)]
fn writable_by_anyone(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o002 != 0
}

#[cfg(not(unix))]
fn writable_by_anyone(_: &std::fs::Metadata) -> bool {
    false
}

/// The line, counted from 1, of the byte at `offset`.
fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(contents: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wakatime.toml");
        std::fs::write(&path, contents).unwrap();
        (dir, path)
    }

    fn problem(contents: &str) -> SystemFileProblem {
        let (_dir, path) = file(contents);
        let problem = read(&path).expect_err(contents);
        assert_eq!(problem.path, path, "names the file");
        problem
    }

    #[test]
    fn a_schools_file_gives_its_app_and_its_server() {
        let (_dir, path) = file(
            "# Set up by the school's IT\n\
             client_id = \"school-app\"\n\
             client_secret = \"school-secret\"\n\
             base_url = \"https://hackatime.example.edu\"\n\
             api_url = \"https://hackatime.example.edu/api/hackatime/v1\"\n",
        );
        let layer = read(&path).unwrap().expect("the file is there");
        let (id, secret) = layer.client.unwrap();
        assert_eq!(id, "school-app");
        assert_eq!(secret.expose(), "school-secret");
        assert_eq!(
            layer.base_url.unwrap().as_str(),
            "https://hackatime.example.edu/"
        );
        assert_eq!(
            layer.api_url.unwrap().as_str(),
            "https://hackatime.example.edu/api/hackatime/v1"
        );
    }

    #[test]
    fn no_file_is_no_problem_and_an_app_alone_keeps_wakatimes_servers() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read(&dir.path().join("absent.toml")).unwrap().is_none());
        let (_dir, path) = file("client_id = \"a\"\nclient_secret = \"b\"\n");
        let layer = read(&path).unwrap().unwrap();
        assert!(layer.client.is_some());
        assert!(layer.base_url.is_none() && layer.api_url.is_none());
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let p = problem("client_id = \"a\"\nclient_secret = \"b\n");
        assert_eq!(p.line, Some(2), "{p}");
        let shown = p.to_string();
        assert!(
            shown.contains("wakatime.toml") && shown.contains("line 2"),
            "{shown}"
        );
    }

    #[test]
    fn a_misspelt_key_is_reported_with_its_line() {
        let p = problem("client_id = \"a\"\n\nclientsecret = \"b\"\n");
        assert_eq!(p.line, Some(3), "{p}");
        assert!(p.reason.contains("clientsecret"), "{}", p.reason);
    }

    #[test]
    fn half_an_app_an_empty_value_or_a_plain_http_server_is_refused() {
        for (contents, line, says) in [
            ("\nclient_id = \"a\"\n", 2, "client_secret is not"),
            ("client_secret = \"b\"\n", 1, "client_id is not"),
            ("client_id = \" \"\nclient_secret = \"b\"\n", 1, "client_id is empty"),
            (
                "client_id = \"a\"\nclient_secret = \"b\"\nbase_url = \"http://wakapi.example.edu\"\n",
                3,
                "base_url must be an https URL",
            ),
            ("api_url = \"not an address\"\n", 1, "api_url must be"),
            ("client_id = 7\n", 1, "string"),
        ] {
            let p = problem(contents);
            assert_eq!(p.line, Some(line), "{contents:?}: {p}");
            assert!(p.reason.contains(says), "{contents:?}: {}", p.reason);
        }
    }

    #[test]
    fn the_secret_never_appears_in_a_problem() {
        let p = problem("client_secret = \"s3cr3t-value\"\nclient_id = \n");
        assert!(!p.to_string().contains("s3cr3t-value"), "{p}");
        assert!(!format!("{p:?}").contains("s3cr3t-value"), "{p:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_anyone_may_change_is_not_trusted() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, path) = file("client_id = \"a\"\nclient_secret = \"b\"\n");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
        let p = read(&path).unwrap_err();
        assert!(p.reason.contains("anyone on this computer"), "{}", p.reason);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(read(&path).unwrap().is_some(), "0644 is how it should be");
    }

    #[test]
    fn an_unreadable_file_is_a_problem_not_an_absence() {
        // A folder where the file should be: unreadable for every user, root included.
        let dir = tempfile::tempdir().unwrap();
        let p = read(dir.path()).unwrap_err();
        assert_eq!(p.line, None);
        assert!(p.reason.contains("cannot be read"), "{}", p.reason);
    }
}
