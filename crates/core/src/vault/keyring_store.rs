//! The Fernet key in the OS keyring (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows): read it, or create and store it on first use.
//!
//! Every keyring failure is reported; none turns into a silent in-memory key.
//!
//! Nothing here may wait for a person. A locked Secret Service answers a read with an
//! unlock prompt, and its client then waits for that prompt for up to a year, even when
//! nobody can see it (a locked screen, a terminal over SSH, a virtual display). So a
//! locked keyring is refused before anything could set off a prompt, and every keyring
//! call runs on a thread of its own that is given up after [`ANSWER_TIMEOUT`].

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use keyring::Entry;

use crate::secret::Secret;
use crate::vault::TokenVault;
use crate::{Error, Result};

/// Account name of the keyring entry that holds the key.
pub const KEYRING_ACCOUNT: &str = "fernet-key";

/// How long the keyring may take to answer before wakadesk gives up on it.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);

pub(super) fn get_or_create(service: &str, account: &str) -> Result<Secret<String>> {
    let (service, account) = (service.to_owned(), account.to_owned());
    answer_within(ANSWER_TIMEOUT, move || {
        #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
        secret_service::refuse_if_locked(&service, &account)?;
        get_or_create_now(&service, &account)
    })
}

/// Runs `call` on its own thread and waits at most `limit` for its answer. A call that
/// does not answer in time is left behind (it ends with the process).
fn answer_within<T, F>(limit: Duration, call: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("keyring".into())
        .spawn(move || {
            // The receiver is gone when the answer came too late; nobody to tell.
            let _ = tx.send(call());
        })
        .map_err(|e| Error::Keyring {
            detail: format!("no thread could be started for it: {e}"),
        })?;
    match rx.recv_timeout(limit) {
        Ok(answer) => answer,
        Err(RecvTimeoutError::Timeout) => Err(Error::KeyringNoAnswer {
            seconds: limit.as_secs(),
        }),
        Err(RecvTimeoutError::Disconnected) => Err(Error::Keyring {
            detail: "the keyring call failed unexpectedly".into(),
        }),
    }
}

fn get_or_create_now(service: &str, account: &str) -> Result<Secret<String>> {
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
        keyring::Error::NoStorageAccess(inner) if secret_service::means_locked(&*inner) => {
            Error::KeyringLocked
        }
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

/// The Secret Service, asked directly with prompts turned off.
#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
mod secret_service {
    use std::collections::HashMap;

    use dbus_secret_service::{EncryptionType, SecretService};

    use crate::{Error, Result};

    /// `KeyringLocked` when reading or creating the key would need an unlock prompt:
    /// the entry keyring would read is locked, or there is no entry yet and the default
    /// collection, where keyring reads old entries and creates new ones, is locked.
    pub(super) fn refuse_if_locked(service: &str, account: &str) -> Result<()> {
        // A prompt timeout of 0 makes this client refuse every prompt without showing it.
        let ss = SecretService::connect_with_max_prompt_timeout(EncryptionType::Plain, 0)
            .map_err(unavailable)?;
        // The attributes keyring searches for (`target` is "default" for `Entry::new`).
        let attributes = HashMap::from([
            ("target", "default"),
            ("service", service),
            ("username", account),
        ]);
        let found = ss.search_items(attributes).map_err(unavailable)?;
        if !found.locked.is_empty() {
            return Err(Error::KeyringLocked);
        }
        if found.unlocked.is_empty() {
            if let Ok(collection) = ss.get_default_collection() {
                if collection.is_locked().map_err(unavailable)? {
                    return Err(Error::KeyringLocked);
                }
            }
        }
        Ok(())
    }

    /// Whether a keyring `NoStorageAccess` cause is a locked keyring or a refused prompt.
    pub(super) fn means_locked(cause: &(dyn std::error::Error + 'static)) -> bool {
        matches!(
            cause.downcast_ref::<dbus_secret_service::Error>(),
            Some(dbus_secret_service::Error::Locked | dbus_secret_service::Error::Prompt)
        )
    }

    fn unavailable(e: dbus_secret_service::Error) -> Error {
        Error::KeyringUnavailable {
            detail: e.to_string(),
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
mod secret_service {
    pub(super) fn means_locked(_cause: &(dyn std::error::Error + 'static)) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyring_call_that_does_not_answer_in_time_is_given_up() {
        let started = std::time::Instant::now();
        let answer = answer_within(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_secs(5));
            Ok(())
        });
        assert!(
            matches!(answer, Err(Error::KeyringNoAnswer { .. })),
            "{answer:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn a_keyring_call_that_answers_in_time_gives_its_answer() {
        let answer = answer_within(Duration::from_secs(5), || Ok(7));
        assert_eq!(answer.unwrap(), 7);
        let failed: Result<()> =
            answer_within(Duration::from_secs(5), || Err(Error::KeyringLocked));
        assert!(matches!(failed, Err(Error::KeyringLocked)));
    }

    #[test]
    fn a_keyring_call_that_panics_is_an_error_not_a_wait() {
        let answer: Result<()> = answer_within(Duration::from_secs(5), || panic!("boom"));
        assert!(matches!(answer, Err(Error::Keyring { .. })), "{answer:?}");
    }
}
