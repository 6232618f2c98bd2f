//! Settings of the WakaTime connection: which registered app wakadesk acts as, and
//! which server it talks to. Each comes from the first of several places that sets it,
//! in the order [`precedence`] decides: the environment, the Settings saved in the
//! app, the system-wide file ([`system_file`]), the defaults built in
//! ([`BuildDefaults`]); the servers otherwise default to wakatime.com's. Each value
//! knows where it came from, so front ends can say so and the app changes only what
//! its Settings own.

mod build_defaults;
pub mod precedence;
pub mod system_file;

use std::path::PathBuf;
use std::sync::Arc;

use url::Url;

use crate::db::{setting_table, Database};
use crate::secret::Secret;
use crate::vault::TokenVault;
use crate::{Error, Result};

pub use build_defaults::{BuildDefaults, BUILD_CLIENT_ID_ENV, BUILD_CLIENT_SECRET_ENV};
pub use precedence::{Source, Sourced, PRECEDENCE};
pub use system_file::{SystemFileProblem, SYSTEM_CONFIG_ENV};

use precedence::Layer;

pub const CLIENT_ID_ENV: &str = "WAKATIME_CLIENT_ID";
pub const CLIENT_SECRET_ENV: &str = "WAKATIME_CLIENT_SECRET";
pub const BASE_URL_ENV: &str = "WAKATIME_BASE_URL";
pub const API_URL_ENV: &str = "WAKATIME_API_URL";
pub const DEFAULT_BASE_URL: &str = "https://wakatime.com";
pub const DEFAULT_API_URL: &str = "https://api.wakatime.com/api/v1";
pub const SYNC_MAX_AGE_ENV: &str = "WAKADESK_SYNC_MAX_AGE_MINUTES";
/// A cache older than this is synced when the dashboard opens.
pub const DEFAULT_SYNC_MAX_AGE_MINUTES: i64 = 60;

/// How old the stats cache may be before opening the dashboard syncs it, in seconds.
pub fn sync_max_age_secs() -> i64 {
    env_value(SYNC_MAX_AGE_ENV)
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|m| *m >= 0)
        .unwrap_or(DEFAULT_SYNC_MAX_AGE_MINUTES)
        * 60
}

/// What an installation provides beneath the environment and the saved Settings.
#[derive(Debug, Clone, Default)]
pub struct InstallDefaults {
    /// The system-wide file to read; None reads none.
    pub system_file: Option<PathBuf>,
    pub build: BuildDefaults,
}

impl InstallDefaults {
    /// This machine's system-wide file and the app built into this binary.
    pub fn current() -> Self {
        Self {
            system_file: system_file::path(),
            build: BuildDefaults::compiled(),
        }
    }

    /// Neither: only the environment and the saved Settings count.
    pub fn none() -> Self {
        Self::default()
    }

    /// Why the system-wide file is left out, if it is: a warning to show at startup.
    pub fn system_file_problem(&self) -> Option<SystemFileProblem> {
        self.system_file
            .as_deref()
            .and_then(|path| system_file::read(path).err())
    }
}

/// The registered WakaTime app and the server addresses.
#[derive(Debug, Clone)]
pub struct WakatimeConfig {
    pub client: Option<ClientCredentials>,
    /// Where `/oauth/authorize`, `/oauth/token` and `/oauth/revoke` live.
    pub base_url: Url,
    /// The API root, e.g. `https://api.wakatime.com/api/v1`.
    pub api_url: Url,
    /// Where `base_url` came from.
    pub base_url_source: Source,
    /// Where `api_url` came from.
    pub api_url_source: Source,
    /// Why the system-wide file was left out, if it was: a warning, not a failure.
    pub system_file_problem: Option<SystemFileProblem>,
}

/// Client id and secret of the app registered at wakatime.com/apps.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    pub id: String,
    pub secret: Arc<Secret<String>>,
    /// Where the pair came from.
    pub source: Source,
}

impl ClientCredentials {
    /// Set by a source above the Settings, so the app cannot change it.
    pub fn is_fixed(&self) -> bool {
        self.source.outranks_settings()
    }
}

impl WakatimeConfig {
    /// Settings given by the program rather than found (tests, embedding): fixed like
    /// the environment's.
    pub fn fixed(client: Option<ClientCredentials>, base_url: Url, api_url: Url) -> Self {
        Self {
            client,
            base_url,
            api_url,
            base_url_source: Source::Environment,
            api_url_source: Source::Environment,
            system_file_problem: None,
        }
    }

    /// Reads every source in the order of [`precedence`]. A bad address in the
    /// environment is an error; a system-wide file that cannot be used is left out and
    /// reported in `system_file_problem`.
    pub fn load(
        db: &Database,
        vault: Option<&TokenVault>,
        defaults: &InstallDefaults,
    ) -> Result<Self> {
        let (mut system, system_file_problem) =
            match defaults.system_file.as_deref().map(system_file::read) {
                Some(Ok(layer)) => (layer, None),
                Some(Err(problem)) => (None, Some(problem)),
                None => (None, None),
            };
        let resolved = precedence::resolve(|source, wants_client| match source {
            Source::Environment => environment_layer(),
            Source::Settings if wants_client => saved_layer(db, vault),
            Source::System => Ok(system.take().unwrap_or_default()),
            Source::Build => Ok(defaults.build.layer()),
            Source::Settings | Source::Default => Ok(Layer::default()),
        })?;
        let address = |found: Option<Sourced<Url>>, default: &str| match found {
            Some(found) => Ok((found.value, found.source)),
            None => Url::parse(default)
                .map(|url| (url, Source::Default))
                .map_err(|e| Error::ServerUrlInvalid {
                    setting: None,
                    reason: e.to_string(),
                }),
        };
        let (base_url, base_url_source) = address(resolved.base_url, DEFAULT_BASE_URL)?;
        let (api_url, api_url_source) = address(resolved.api_url, DEFAULT_API_URL)?;
        Ok(Self {
            client: resolved.client.map(|found| ClientCredentials {
                id: found.value.0,
                secret: Arc::new(found.value.1),
                source: found.source,
            }),
            base_url,
            api_url,
            base_url_source,
            api_url_source,
            system_file_problem,
        })
    }

    /// The client credentials, or an explanation of what to register where.
    pub fn require_client(&self, redirect_uri: &str) -> Result<&ClientCredentials> {
        self.client.as_ref().ok_or_else(|| Error::NotConfigured {
            redirect_uri: redirect_uri.to_owned(),
        })
    }

    /// `base_url` joined with an OAuth path such as `oauth/token`.
    pub fn oauth_endpoint(&self, path: &str) -> Url {
        join(&self.base_url, path)
    }
}

/// Saves the client id and (encrypted) secret entered in the Settings screen.
pub fn save_client(
    db: &mut Database,
    vault: &TokenVault,
    id: &str,
    secret: &Secret<String>,
) -> Result<()> {
    let id = id.trim();
    if id.is_empty() {
        return Err(Error::MissingClientId);
    }
    if secret.expose().trim().is_empty() {
        return Err(Error::MissingClientSecret);
    }
    let sealed = vault.encrypt(&Secret::new(secret.expose().trim().to_owned()));
    db.write(|tx| {
        setting_table::set(tx, setting_table::WAKATIME_CLIENT_ID, id)?;
        setting_table::set(tx, setting_table::WAKATIME_CLIENT_SECRET_ENCRYPTED, &sealed)
    })
}

/// The pair saved in Settings (none without the vault that decrypts its secret).
fn saved_layer(db: &Database, vault: Option<&TokenVault>) -> Result<Layer> {
    let id = setting_table::get(db.conn(), setting_table::WAKATIME_CLIENT_ID)?;
    let sealed = setting_table::get(db.conn(), setting_table::WAKATIME_CLIENT_SECRET_ENCRYPTED)?;
    let client = match (id, sealed, vault) {
        (Some(id), Some(sealed), Some(vault)) => Some((id, vault.decrypt(&sealed)?)),
        _ => None,
    };
    Ok(Layer {
        client,
        ..Layer::default()
    })
}

/// What the environment sets: the pair when both variables are there, and each address
/// it names (a bad one is an error, never ignored).
fn environment_layer() -> Result<Layer> {
    let client = env_value(CLIENT_ID_ENV)
        .zip(env_value(CLIENT_SECRET_ENV))
        .map(|(id, secret)| (id, Secret::new(secret)));
    let address = |env: &'static str| env_value(env).map(|raw| checked_setting(env, &raw));
    Ok(Layer {
        client,
        base_url: address(BASE_URL_ENV).transpose()?,
        api_url: address(API_URL_ENV).transpose()?,
    })
}

fn env_value(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// A server address given in `env`: https, or http only for this computer.
fn checked_setting(env: &'static str, raw: &str) -> Result<Url> {
    server_address(raw).map_err(|reason| Error::ServerUrlInvalid {
        setting: Some(env),
        reason: format!("it {reason}"),
    })
}

/// A server address from a setting, checked: https, or http only for this computer.
/// The error completes "<the setting> ...".
fn server_address(raw: &str) -> std::result::Result<Url, String> {
    let raw = raw.trim();
    let invalid =
        || format!("must be an https URL (http only for 127.0.0.1 or localhost), not {raw:?}");
    let url = Url::parse(raw).map_err(|_| invalid())?;
    if url.scheme() == "https" || (url.scheme() == "http" && is_loopback(&url)) {
        Ok(url)
    } else {
        Err(invalid())
    }
}

/// Whether the URL names this computer, the one place plain http is allowed (a local
/// stand-in or server for testing).
pub fn is_loopback(url: &Url) -> bool {
    matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
}

pub(crate) fn join(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let joined = format!(
        "{}/{}",
        base.path().trim_end_matches('/'),
        path.trim_start_matches('/')
    );
    url.set_path(&joined);
    url
}

#[cfg(test)]
mod tests;
