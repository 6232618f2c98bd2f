//! The student who already uses WakaTime: their editor plugins keep an API key and the
//! server they send to in `~/.wakatime.cfg` (or `$WAKATIME_HOME/.wakatime.cfg`). Read
//! the way wakatime-cli reads it ([`ini`]), it can offer a connection without the key
//! being pasted. The offer front ends show names only the server; the key stays a
//! [`Secret`] inside the core, and a key kept behind `api_key_vault_cmd` is never
//! fetched: running a command from a file is not wakadesk's to do.
//!
//! A missing, unreadable or malformed file simply makes no offer. Each reason is a
//! typed error, for the CLI (which was asked explicitly) and `doctor` to print.

mod ini;

use std::path::{Path, PathBuf};

use crate::config::DEFAULT_API_URL;
use crate::connections::server_url;
use crate::secret::Secret;
use crate::{Error, Result};

/// Environment variable wakatime-cli reads for the folder of `.wakatime.cfg`.
pub const WAKATIME_HOME_ENV: &str = "WAKATIME_HOME";
/// The file's name in that folder.
pub const FILE_NAME: &str = ".wakatime.cfg";

/// Where wakatime-cli looks: `$WAKATIME_HOME/.wakatime.cfg` when it is set and not
/// empty, else `.wakatime.cfg` in the home folder. None when there is no home folder.
pub fn path() -> Option<PathBuf> {
    let folder = match std::env::var_os(WAKATIME_HOME_ENV) {
        Some(home) if !home.is_empty() => PathBuf::from(home),
        _ => directories::BaseDirs::new()?.home_dir().to_owned(),
    };
    Some(folder.join(FILE_NAME))
}

/// A connection the student's WakaTime configuration makes possible.
#[derive(Debug)]
pub struct CfgOffer {
    /// The server to name to the student: `wakatime.com`, `wakapi.example.edu`, or a
    /// host and port (`127.0.0.1:3000`).
    pub server: String,
    /// The file it comes from.
    pub path: PathBuf,
    /// The address to connect to, in a form `Connections::connect_api_key` accepts.
    pub(crate) address: String,
    pub(crate) key: Secret<String>,
}

/// The offer [`path()`] makes, if it makes one.
pub fn offer_here() -> Result<CfgOffer> {
    offer(&path().ok_or_else(|| Error::WakatimeCfgMissing {
        path: PathBuf::from("~").join(FILE_NAME),
    })?)
}

/// The offer the file at `path` makes, or why it makes none.
pub fn offer(path: &Path) -> Result<CfgOffer> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => Secret::new(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::WakatimeCfgMissing {
                path: path.to_owned(),
            })
        }
        Err(e) => {
            return Err(Error::WakatimeCfgUnreadable {
                path: path.to_owned(),
                detail: e.to_string(),
            })
        }
    };
    let invalid = |line: Option<usize>, reason: String| Error::WakatimeCfgInvalid {
        path: path.to_owned(),
        line,
        reason,
    };
    let text = std::str::from_utf8(bytes.expose())
        .map_err(|_| invalid(None, "it is not UTF-8 text".into()))?;
    let settings = ini::settings(text).map_err(|bad| invalid(Some(bad.line), bad.reason.into()))?;
    // wakatime-cli's order: the key, its old spelling, and only then the vault command.
    let Some((key, _)) = settings.get("api_key").or_else(|| settings.get("apikey")) else {
        return Err(match settings.get("api_key_vault_cmd") {
            Some(_) => Error::WakatimeCfgKeyInVault {
                path: path.to_owned(),
            },
            None => Error::WakatimeCfgNoKey {
                path: path.to_owned(),
            },
        });
    };
    let key = Secret::new(key.trim().to_owned());
    let (written, line) = settings
        .get("api_url")
        .map_or((DEFAULT_API_URL, None), |(url, line)| (url, Some(line)));
    let address = heartbeat_root(written);
    let url = server_url(&address).map_err(|e| match e {
        // Not the address itself: a mistyped one may hold a key in its query.
        Error::ServerUrlInvalid { reason, .. } => {
            invalid(line, format!("its api_url is not usable here: {reason}"))
        }
        other => other,
    })?;
    Ok(CfgOffer {
        server: shown_server(&url),
        path: path.to_owned(),
        address,
        key,
    })
}

/// The heartbeat root from `api_url` as wakatime-cli takes it: the endpoint that old
/// configurations name (`.../heartbeat`, `.../users/current/heartbeats.bulk`) removed.
fn heartbeat_root(api_url: &str) -> String {
    let mut url = api_url.trim().trim_end_matches('/');
    for suffix in [
        ".bulk",
        "/users/current/heartbeats",
        "/heartbeats",
        "/heartbeat",
    ] {
        url = url.strip_suffix(suffix).unwrap_or(url);
    }
    url.to_owned()
}

/// How the server is named to the student: wakatime.com for its API host, else the
/// host, with the port when the address names one.
fn shown_server(url: &url::Url) -> String {
    let host = match url.host_str().unwrap_or_default() {
        "api.wakatime.com" | "www.wakatime.com" => "wakatime.com",
        host => host,
    };
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

#[cfg(test)]
mod tests;
