//! The other way to connect: a personal API key for WakaTime or a WakaTime-compatible
//! server (Wakapi, Hackatime), which offer no OAuth. The server's API root is found
//! from the address the student has (`api_root`) and the key checked there before both
//! are stored, the key Fernet-encrypted in the same column as an OAuth token, so
//! "connected" keeps meaning "a stored encrypted credential".

use url::Url;

use super::{api_root, identity, Connected, Connections};
use crate::config::is_loopback;
use crate::db::user_table::{StoredTokens, WakatimeIdentity};
use crate::secret::Secret;
use crate::wakatime_cfg::CfgOffer;
use crate::{Error, Result};

/// Servers offered in the window and the CLI's help, as `(name, API root)`.
pub const SERVER_PRESETS: &[(&str, &str)] = &[
    ("WakaTime", "https://api.wakatime.com/api/v1"),
    ("Wakapi", "https://HOST/api/compat/wakatime/v1"),
    (
        "Hackatime",
        "https://hackatime.hackclub.com/api/hackatime/v1",
    ),
];

/// The server address as typed, checked: https, or http only for this computer
/// (testing); no query or login, and no HOST left from a preset.
pub(crate) fn server_url(raw: &str) -> Result<Url> {
    let raw = raw.trim();
    let invalid = |reason: &str| Error::ServerUrlInvalid {
        setting: None,
        reason: reason.to_owned(),
    };
    if raw.is_empty() {
        return Err(invalid("enter the server's API address"));
    }
    let url = Url::parse(raw).map_err(|_| invalid("it is not a web address"))?;
    if url
        .host_str()
        .is_none_or(|h| h.eq_ignore_ascii_case("host"))
    {
        return Err(invalid("replace HOST with your server's name"));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(invalid(
                "it must start with https:// (http only for 127.0.0.1 or localhost)",
            ))
        }
        _ => return Err(invalid("it must start with https://")),
    }
    if url.query().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("give the address without a query or a login"));
    }
    Ok(url)
}

impl Connections {
    /// Finds the WakaTime-compatible API at `server` (the server's address, its
    /// heartbeat root or the API root itself; see `api_root`), checks `key` there and,
    /// when it is accepted, stores it with that root as the user's connection, replacing
    /// any earlier one (an OAuth grant is revoked first, best effort).
    pub async fn connect_api_key(
        &self,
        user_id: i64,
        server: &str,
        key: &Secret<String>,
    ) -> Result<Connected> {
        let address = server_url(server)?;
        let key = Secret::new(key.expose().trim().to_owned());
        if key.expose().is_empty() {
            return Err(Error::MissingApiKey);
        }
        let (api_root, me) = api_root::find(&self.http, &address, server.trim(), &key).await?;
        // `users/current` answered at `api_root`: `me` is the key's account there.
        let previous = self.stored_tokens(user_id).ok();
        let stored = StoredTokens {
            access_encrypted: self.vault.encrypt(&key),
            refresh_encrypted: None,
            expires_at: None,
            scopes: None,
            api_url: Some(api_root.to_string()),
            client_id: None,
        };
        let username = me.shown_name().to_owned();
        let who = WakatimeIdentity {
            user_id: &me.id,
            username: &username,
            connected_at: self.now(),
        };
        self.db
            .lock()
            .write(|tx| identity::store(tx, user_id, &stored, &who))?;
        if let Some(previous) = previous.filter(|p| p.api_url.is_none()) {
            // Leaving OAuth: tell WakaTime, but do not let a failure block the switch.
            let _ = self.revoke_stored(&previous).await;
        }
        Ok(Connected {
            user_id,
            username,
            api_root: api_root.into(),
        })
    }

    /// Connects with the key and server of the student's WakaTime configuration
    /// (`wakatime_cfg::offer`), exactly as if they had been typed.
    pub async fn connect_wakatime_cfg(&self, user_id: i64, offer: &CfgOffer) -> Result<Connected> {
        self.connect_api_key(user_id, &offer.address, &offer.key)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::server_url;

    #[test]
    fn server_addresses_must_be_https_except_on_this_computer() {
        for ok in [
            "https://wakapi.example.edu/api/compat/wakatime/v1",
            "https://hackatime.hackclub.com/api/hackatime/v1",
            "http://127.0.0.1:3000/api/v1",
            "http://localhost:3000/api/compat/wakatime/v1",
        ] {
            assert!(server_url(ok).is_ok(), "{ok}");
        }
        for (bad, why) in [
            ("", "enter"),
            ("wakapi.example.edu", "not a web address"),
            ("http://wakapi.example.edu/api", "https"),
            ("ftp://example.edu/api", "https"),
            ("https://HOST/api/compat/wakatime/v1", "HOST"),
            ("https://x.org/api?api_key=abc", "query"),
        ] {
            let err = server_url(bad).unwrap_err();
            assert_eq!(err.code(), "server_url_invalid", "{bad}");
            assert_eq!(err.field(), Some(crate::Field::ServerUrl), "{bad}");
            assert!(
                err.to_string()
                    .starts_with("The server address is not usable: "),
                "{err}"
            );
            assert!(err.to_string().contains(why), "{bad}: {err}");
        }
    }
}
