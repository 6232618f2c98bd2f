//! The Fernet key in the OS keyring (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows): read it, or create and store it on first use.
//!
//! Every keyring failure is reported; none turns into a silent in-memory key.

use keyring::Entry;

use crate::secret::Secret;
use crate::vault::TokenVault;
use crate::{Error, Result};

/// Account name of the keyring entry that holds the key.
pub const KEYRING_ACCOUNT: &str = "fernet-key";

pub(super) fn get_or_create(service: &str, account: &str) -> Result<Secret<String>> {
    let entry = Entry::new(service, account).map_err(|e| map_error(e, service))?;
    match entry.get_password() {
        Ok(key) => Ok(Secret::new(key)),
        Err(keyring::Error::NoEntry) => {
            let key = TokenVault::generate_key();
            entry
                .set_password(key.expose())
                .map_err(|e| map_error(e, service))?;
            // Read back, so a store that accepted the key but cannot keep it is caught now
            // rather than when every stored token has become undecryptable.
            let stored = Secret::new(entry.get_password().map_err(|e| map_error(e, service))?);
            if stored.expose() != key.expose() {
                return Err(Error::Keyring {
                    detail: "the key read back differs from the key written".into(),
                });
            }
            Ok(key)
        }
        Err(e) => Err(map_error(e, service)),
    }
}

/// Keyring errors in words. Variants that carry stored bytes are never printed.
fn map_error(e: keyring::Error, service: &str) -> Error {
    match e {
        keyring::Error::PlatformFailure(inner) | keyring::Error::NoStorageAccess(inner) => {
            Error::KeyringUnavailable {
                detail: inner.to_string(),
            }
        }
        keyring::Error::BadEncoding(_) => Error::KeyringKeyInvalid {
            service: service.to_owned(),
        },
        keyring::Error::Ambiguous(_) => Error::Keyring {
            detail: format!("several keyring entries are named {service}; remove all but one"),
        },
        keyring::Error::TooLong(what, max) => Error::Keyring {
            detail: format!("{what} is longer than the keyring allows ({max})"),
        },
        keyring::Error::Invalid(what, why) => Error::Keyring {
            detail: format!("{what}: {why}"),
        },
        keyring::Error::NoEntry => Error::Keyring {
            detail: "the entry vanished while it was being read".into(),
        },
        other => Error::Keyring {
            detail: other.to_string(),
        },
    }
}
