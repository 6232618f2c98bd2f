//! Settings of the WakaTime connection: which registered app wakadesk acts as, and
//! which server it talks to. Environment variables win over values saved in the app,
//! so a school can preconfigure machines and tests can point at a local stand-in.

use url::Url;

use crate::db::{setting_table, Database};
use crate::secret::Secret;
use crate::vault::TokenVault;
use crate::{Error, Result};

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

/// The registered WakaTime app and the server addresses.
#[derive(Debug, Clone)]
pub struct WakatimeConfig {
    pub client: Option<ClientCredentials>,
    /// Where `/oauth/authorize`, `/oauth/token` and `/oauth/revoke` live.
    pub base_url: Url,
    /// The API root, e.g. `https://api.wakatime.com/api/v1`.
    pub api_url: Url,
}

/// Client id and secret of the app registered at wakatime.com/apps.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    pub id: String,
    pub secret: std::sync::Arc<Secret<String>>,
    /// True when they come from the environment (the Settings screen cannot change them).
    pub from_env: bool,
}

impl WakatimeConfig {
    /// Reads the environment, then the saved settings.
    pub fn load(db: &Database, vault: Option<&TokenVault>) -> Result<Self> {
        let base_url = url_setting(BASE_URL_ENV, DEFAULT_BASE_URL)?;
        let api_url = url_setting(API_URL_ENV, DEFAULT_API_URL)?;
        let client = match (env_value(CLIENT_ID_ENV), env_value(CLIENT_SECRET_ENV)) {
            (Some(id), Some(secret)) => Some(ClientCredentials {
                id,
                secret: Secret::new(secret).into(),
                from_env: true,
            }),
            _ => saved_client(db, vault)?,
        };
        Ok(Self {
            client,
            base_url,
            api_url,
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

fn saved_client(db: &Database, vault: Option<&TokenVault>) -> Result<Option<ClientCredentials>> {
    let id = setting_table::get(db.conn(), setting_table::WAKATIME_CLIENT_ID)?;
    let sealed = setting_table::get(db.conn(), setting_table::WAKATIME_CLIENT_SECRET_ENCRYPTED)?;
    match (id, sealed, vault) {
        (Some(id), Some(sealed), Some(vault)) => Ok(Some(ClientCredentials {
            id,
            secret: vault.decrypt(&sealed)?.into(),
            from_env: false,
        })),
        _ => Ok(None),
    }
}

fn env_value(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn url_setting(env: &'static str, default: &str) -> Result<Url> {
    checked_setting(env, &env_value(env).unwrap_or_else(|| default.to_owned()))
}

/// A server address given in `env`: https, or http only for this computer.
fn checked_setting(env: &'static str, raw: &str) -> Result<Url> {
    let invalid = || Error::ServerUrlInvalid {
        setting: Some(env),
        reason: format!(
            "it must be an https URL (http only for 127.0.0.1 or localhost), not {raw:?}"
        ),
    };
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
mod tests {
    use super::*;

    #[test]
    fn endpoints_join_without_losing_the_base_path() {
        let base = Url::parse("https://api.wakatime.com/api/v1").unwrap();
        assert_eq!(
            join(&base, "users/current").as_str(),
            "https://api.wakatime.com/api/v1/users/current"
        );
        let slash = Url::parse("http://127.0.0.1:9/api/v1/").unwrap();
        assert_eq!(
            join(&slash, "/users/current").as_str(),
            "http://127.0.0.1:9/api/v1/users/current"
        );
    }

    #[test]
    fn only_this_computer_may_be_reached_over_plain_http() {
        for (url, loopback) in [
            ("http://127.0.0.1:8765", true),
            ("http://localhost/api", true),
            ("http://[::1]:9/", true),
            ("https://wakatime.com", false),
            ("http://127.0.0.1.example.com", false),
            ("http://10.0.0.1", false),
        ] {
            assert_eq!(is_loopback(&Url::parse(url).unwrap()), loopback, "{url}");
        }
    }

    #[test]
    fn a_bad_server_address_in_the_environment_names_the_variable_not_a_form_field() {
        assert!(checked_setting(BASE_URL_ENV, "http://127.0.0.1:8765").is_ok());
        for bad in ["ftp://wakatime.com", "http://wakatime.com", "wakatime.com"] {
            let err = checked_setting(BASE_URL_ENV, bad).unwrap_err();
            assert_eq!(err.code(), "server_url_invalid", "{bad}");
            assert_eq!(err.field(), None, "not about the API-key form: {bad}");
            let message = err.to_string();
            assert!(
                message.starts_with("WAKATIME_BASE_URL is not usable: it must be an https URL")
                    && message.contains(bad),
                "{message}"
            );
        }
    }
}
