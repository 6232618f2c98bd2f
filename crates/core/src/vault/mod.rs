//! Encryption of WakaTime credentials at rest.
//!
//! Tokens are stored as Fernet ciphertext (the format the earlier Python backend wrote,
//! so its tokens still decrypt). The key comes from `WAKADESK_FERNET_KEY` when set,
//! otherwise from the OS keyring, created there on first use. There is no fallback to
//! an in-memory or plaintext store: without a key source the vault cannot be opened.

mod keyring_store;

use fernet::Fernet;

use crate::secret::Secret;
use crate::{Error, Result, APP_IDENTIFIER};

pub use keyring_store::KEYRING_ACCOUNT;

/// Environment variable holding a Fernet key, which then replaces the keyring.
pub const FERNET_KEY_ENV: &str = "WAKADESK_FERNET_KEY";

/// Where the Fernet key comes from.
#[derive(Debug)]
pub enum KeySource {
    /// A key given in the environment.
    Env(Secret<String>),
    /// The OS keyring entry `(service, account)`, created on first use.
    Keyring { service: String, account: String },
}

impl KeySource {
    /// `WAKADESK_FERNET_KEY` when set (even if empty: an invalid value is an error, never
    /// silently ignored), otherwise the keyring entry named after the app identifier.
    pub fn from_env() -> Self {
        match std::env::var(FERNET_KEY_ENV) {
            Ok(key) => KeySource::Env(Secret::new(key)),
            Err(_) => KeySource::keyring(APP_IDENTIFIER),
        }
    }

    pub fn keyring(service: &str) -> Self {
        KeySource::Keyring {
            service: service.to_owned(),
            account: KEYRING_ACCOUNT.to_owned(),
        }
    }

    /// Where the key lives, in words, for status screens.
    pub fn describe(&self) -> String {
        match self {
            KeySource::Env(_) => format!("the {FERNET_KEY_ENV} environment variable"),
            KeySource::Keyring { service, .. } => format!("the OS keyring (service {service})"),
        }
    }
}

/// Encrypts and decrypts tokens with one Fernet key.
pub struct TokenVault {
    fernet: Fernet,
}

impl std::fmt::Debug for TokenVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenVault([key redacted])")
    }
}

impl TokenVault {
    /// Opens the vault with the key from `source`, creating a keyring key if none exists.
    pub fn open(source: &KeySource) -> Result<Self> {
        match source {
            KeySource::Env(key) => Self::from_key(key).map_err(|_| Error::InvalidFernetKey),
            KeySource::Keyring { service, account } => {
                let key = keyring_store::get_or_create(service, account)?;
                Self::from_key(&key).map_err(|_| Error::KeyringKeyInvalid {
                    service: service.clone(),
                })
            }
        }
    }

    /// A vault over a key given as URL-safe base64 of 32 bytes.
    pub fn from_key(key: &Secret<String>) -> Result<Self> {
        let fernet = Fernet::new(key.expose().trim()).ok_or(Error::InvalidFernetKey)?;
        Ok(Self { fernet })
    }

    /// A fresh random key, for a new keyring entry or for `WAKADESK_FERNET_KEY`.
    pub fn generate_key() -> Secret<String> {
        Secret::new(Fernet::generate_key())
    }

    /// Ciphertext of `plaintext`; safe to store and to log.
    pub fn encrypt(&self, plaintext: &Secret<String>) -> String {
        self.fernet.encrypt(plaintext.expose().as_bytes())
    }

    /// The plaintext of a token this key wrote; any change to it, or another key, fails.
    pub fn decrypt(&self, ciphertext: &str) -> Result<Secret<String>> {
        let bytes = self
            .fernet
            .decrypt(ciphertext.trim())
            .map_err(|_| Error::TokenUndecryptable)?;
        String::from_utf8(bytes)
            .map(Secret::new)
            .map_err(|_| Error::TokenUndecryptable)
    }
}

#[cfg(test)]
mod tests;
