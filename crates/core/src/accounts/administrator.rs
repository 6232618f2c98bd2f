//! Who may change the WakaTime app the computer's accounts connect through: the account
//! created first in the data file, logged in, typing its password again. Anyone at the
//! computer can sign up, so a log-in alone is not enough; a client id and secret set in
//! the environment cannot be changed at all.

use crate::clock::Clock;
use crate::config::{save_client, WakatimeConfig};
use crate::db::{user_table, Database, SharedDatabase};
use crate::secret::Secret;
use crate::vault::TokenVault;
use crate::{Error, Result};

/// The account that administers the app's settings: the first one created.
pub fn administrator(db: &Database) -> Result<Option<i64>> {
    Ok(db
        .conn()
        .query_row("SELECT min(id) FROM user", [], |r| r.get(0))?)
}

/// Whether `user_id` may change the settings (and they are not fixed by the
/// environment).
pub fn may_change(db: &Database, vault: Option<&TokenVault>, user_id: i64) -> Result<bool> {
    let from_env = WakatimeConfig::load(db, vault)?
        .client
        .is_some_and(|c| c.from_env);
    Ok(!from_env && administrator(db)? == Some(user_id))
}

/// A new WakaTime app (client id and secret), saved on behalf of the account `email`
/// proven by `password`, which must be the administrator.
pub struct AppChange<'a> {
    pub email: &'a str,
    pub password: &'a Secret<String>,
    pub client_id: &'a str,
    pub client_secret: &'a Secret<String>,
}

/// Saves `change` when its account administers the settings. A wrong password counts
/// as a failed log-in (and is throttled like one). Returns how many accounts hold a
/// grant made with another app, which must reconnect.
pub fn change_app(
    db: &SharedDatabase,
    vault: &TokenVault,
    change: &AppChange<'_>,
    clock: &dyn Clock,
) -> Result<i64> {
    // What is missing from the form first, before the password is checked.
    if change.client_id.trim().is_empty() {
        return Err(Error::MissingClientId);
    }
    if change.client_secret.expose().trim().is_empty() {
        return Err(Error::MissingClientSecret);
    }
    let account = match super::login(db, change.email, change.password, clock) {
        Err(Error::BadCredentials) => return Err(Error::WrongPassword),
        other => other?,
    };
    let mut db = db.lock();
    if WakatimeConfig::load(&db, Some(vault))?
        .client
        .is_some_and(|c| c.from_env)
    {
        return Err(Error::SettingsFromEnvironment);
    }
    if administrator(&db)? != Some(account.id) {
        return Err(Error::NotAdministrator);
    }
    save_client(&mut db, vault, change.client_id, change.client_secret)?;
    user_table::grants_of_other_apps(db.conn(), change.client_id.trim())
}
