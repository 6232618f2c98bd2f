//! Disconnecting: revoke at WakaTime if possible, and forget the tokens in any case.

use super::Connections;
use crate::db::{pending_auth_table, user_table};
use crate::oauth::revoke::revoke;
use crate::oauth::DEEP_LINK_REDIRECT_URI;
use crate::Result;

/// How a disconnect went. The local tokens are gone either way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Disconnected {
    /// True when WakaTime confirmed the revocation (or there was nothing to revoke).
    pub revoked: bool,
    /// Why revoking failed, in words, when it did.
    pub warning: Option<String>,
}

impl Connections {
    pub async fn disconnect(&self, user_id: i64) -> Result<Disconnected> {
        let stored = {
            let db = self.db.lock();
            pending_auth_table::cancel_open(db.conn(), user_id, self.now())?;
            user_table::tokens(db.conn(), user_id)?
        };
        if stored.as_ref().is_some_and(|s| s.api_url.is_some()) {
            user_table::clear_connection(self.db.lock().conn(), user_id)?;
            return Ok(Disconnected {
                revoked: false,
                warning: Some(
                    "Disconnected: wakadesk forgot your API key. The key itself still works on \
                     the server until you create a new one there."
                        .into(),
                ),
            });
        }
        let revoked = match stored {
            None => Ok(()),
            Some(stored) => self.revoke_stored(&stored).await,
        };
        user_table::clear_connection(self.db.lock().conn(), user_id)?;
        Ok(match revoked {
            Ok(()) => Disconnected {
                revoked: true,
                warning: None,
            },
            Err(e) => Disconnected {
                revoked: false,
                warning: Some(format!(
                    "Disconnected on this computer, but WakaTime could not be told ({e}). \
                     You can revoke wakadesk's access at wakatime.com/apps/authorized."
                )),
            },
        })
    }

    pub(super) async fn revoke_stored(&self, stored: &user_table::StoredTokens) -> Result<()> {
        let cfg = self.config()?;
        let client = cfg.require_client(DEEP_LINK_REDIRECT_URI)?;
        super::tokens::same_app(stored, &client.id)?;
        let access = self.decrypt(&stored.access_encrypted)?;
        revoke(&self.http, &cfg, client, &access).await?;
        if let Some(sealed) = &stored.refresh_encrypted {
            revoke(&self.http, &cfg, client, &self.decrypt(sealed)?).await?;
        }
        Ok(())
    }
}
