//! Who may change the WakaTime app the computer's accounts connect through: the account
//! created first in the data file, logged in, typing its password again. Anyone at the
//! computer can sign up, so a log-in alone is not enough. A client id and secret set in
//! the environment cannot be changed at all; saved Settings do override the system-wide
//! file and the app built in (`config::precedence`).

use crate::clock::Clock;
use crate::config::{save_client, InstallDefaults, WakatimeConfig};
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

/// Whether `user_id` may change the settings (and no source above them fixes them).
pub fn may_change(
    db: &Database,
    vault: Option<&TokenVault>,
    defaults: &InstallDefaults,
    user_id: i64,
) -> Result<bool> {
    Ok(!fixed(db, vault, defaults)? && administrator(db)? == Some(user_id))
}

/// Whether the app in use comes from a source the Settings cannot override.
fn fixed(db: &Database, vault: Option<&TokenVault>, defaults: &InstallDefaults) -> Result<bool> {
    Ok(WakatimeConfig::load(db, vault, defaults)?
        .client
        .is_some_and(|c| c.is_fixed()))
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
    defaults: &InstallDefaults,
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
    if fixed(&db, Some(vault), defaults)? {
        return Err(Error::SettingsFromEnvironment);
    }
    if administrator(&db)? != Some(account.id) {
        return Err(Error::NotAdministrator);
    }
    save_client(&mut db, vault, change.client_id, change.client_secret)?;
    user_table::grants_of_other_apps(db.conn(), change.client_id.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::{signup, SignupForm};
    use crate::clock::SystemClock;
    use crate::config::{BuildDefaults, Source};

    #[test]
    fn the_administrator_overrides_the_system_files_app_in_settings() {
        let dir = tempfile::tempdir().unwrap();
        let db = SharedDatabase::new(Database::open_in(dir.path()).unwrap());
        let vault = TokenVault::from_key(&TokenVault::generate_key()).unwrap();
        let system_file = dir.path().join("wakatime.toml");
        std::fs::write(
            &system_file,
            "client_id = \"school\"\nclient_secret = \"s\"\n",
        )
        .unwrap();
        let defaults = InstallDefaults {
            system_file: Some(system_file),
            build: BuildDefaults::new(Some("built"), Some("b")),
        };
        let password = Secret::from("analytical-engine");
        let ada = signup(
            &db,
            &SignupForm {
                email: "ada@example.com".into(),
                name: "Ada".into(),
                password: Secret::from("analytical-engine"),
                student: None,
            },
            &SystemClock,
        )
        .unwrap();
        assert!(
            may_change(&db.lock(), Some(&vault), &defaults, ada.id).unwrap(),
            "the system file and the build do not fix the app"
        );
        let change = AppChange {
            email: "ada@example.com",
            password: &password,
            client_id: "own-app",
            client_secret: &Secret::from("own-secret"),
        };
        change_app(&db, &vault, &defaults, &change, &SystemClock).unwrap();
        let cfg = WakatimeConfig::load(&db.lock(), Some(&vault), &defaults).unwrap();
        let client = cfg.client.unwrap();
        assert_eq!(
            (client.id.as_str(), client.source),
            ("own-app", Source::Settings)
        );
    }
}
