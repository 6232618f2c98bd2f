//! Slowing down password guessing. Each log-in attempt for an email is counted before
//! the password is checked, in one immediate transaction, so parallel attempts
//! (two windows, many CLI processes) cannot slip past the count. After
//! [`FREE_FAILURES`] attempts within [`WINDOW_SECS`] without a success, the email is
//! locked for [`FIRST_WAIT_SECS`], doubling with every further failed attempt up to
//! [`MAX_WAIT_SECS`]; attempts while locked are refused without checking the
//! password. A success forgets the count. The count lives in the database, so
//! restarting the app does not reset it, and it is kept for every email typed,
//! whether or not an account has it, so the answers do not reveal which exist.

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use rusqlite::Connection;
use sha2::Sha256;
use zeroize::Zeroize;

use crate::db::local_secret_table::{self, LocalKey, KEY_BYTES};
use crate::db::login_throttle_table::{self, ThrottleRow};
use crate::db::Database;
use crate::{Error, Result};

/// Attempts allowed before waits begin.
pub const FREE_FAILURES: i64 = 5;
/// Those attempts count if they fall within this many seconds of the first.
pub const WINDOW_SECS: i64 = 15 * 60;
/// The wait after the last free attempt fails; doubled after each further failure.
pub const FIRST_WAIT_SECS: i64 = 30;
/// The longest wait.
pub const MAX_WAIT_SECS: i64 = 60 * 60;
/// A count with no attempt for this long is forgotten.
pub const FORGET_AFTER_SECS: i64 = 24 * 60 * 60;

/// The name of the throttle's key in the database's `local_secret` table.
const SECRET_NAME: &str = "login_throttle";

/// The key an email is counted under: HMAC-SHA256 of the trimmed address with ASCII
/// letters lower-cased (as accounts match emails), in hex, keyed with this database's
/// own random key. Typed addresses, and a password typed into the email field, are
/// not kept in clear, and a stored key cannot be looked up in a table computed
/// beforehand nor matched with another database's.
fn email_key(secret: &LocalKey, email: &str) -> String {
    hmac_sha256(
        secret.expose(),
        email.trim().to_ascii_lowercase().as_bytes(),
    )
    .iter()
    .map(|b| format!("{b:02x}"))
    .collect()
}

/// HMAC-SHA256 under a 32-byte key. HMAC pads a key shorter than the hash's 64-byte
/// block with zeros (RFC 2104), so the padded key gives the same MAC, and the
/// constructor taking a whole block has no error case to handle.
fn hmac_sha256(key: &[u8; KEY_BYTES], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    block[..KEY_BYTES].copy_from_slice(key);
    let mut mac = <Hmac<Sha256> as KeyInit>::new(&block.into());
    block.zeroize();
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// The key `email` is counted under, or None before this database made its throttle
/// key, when nothing can have been counted yet.
fn stored_email_key(conn: &Connection, email: &str) -> Result<Option<String>> {
    Ok(local_secret_table::get(conn, SECRET_NAME)?.map(|secret| email_key(&secret, email)))
}

/// Counts an attempt for `email` at `now`, or refuses it with
/// [`Error::TooManyAttempts`] while the email is locked.
///
/// When the data directory cannot take a write (disk full, read-only) the attempt
/// cannot be counted; a lock already recorded still holds, and the cached data stays
/// reachable instead of every log-in failing.
pub fn count_attempt(db: &mut Database, email: &str, now: i64) -> Result<()> {
    let counted = db.write(|tx| {
        let key = email_key(&local_secret_table::get_or_create(tx, SECRET_NAME)?, email);
        let row = login_throttle_table::get(tx, &key)?;
        refuse_while_locked(row, now)?;
        login_throttle_table::put(tx, &key, &after_attempt(row, now))?;
        login_throttle_table::prune(tx, now, now - FORGET_AFTER_SECS)?;
        Ok(())
    });
    match counted {
        Err(e) if cannot_write(&e) => match stored_email_key(db.conn(), email)? {
            Some(key) => refuse_while_locked(login_throttle_table::get(db.conn(), &key)?, now),
            None => Ok(()),
        },
        other => other,
    }
}

fn refuse_while_locked(row: Option<ThrottleRow>, now: i64) -> Result<()> {
    match row
        .and_then(|r| r.locked_until)
        .filter(|until| *until > now)
    {
        Some(until) => Err(Error::TooManyAttempts {
            retry_after_secs: until - now,
        }),
        None => Ok(()),
    }
}

/// Forgets the count after a successful log-in. Writes only when there is something
/// to forget, and a directory that cannot be written leaves the count in place
/// rather than refusing the person who just proved their password.
pub fn forget(conn: &Connection, email: &str) -> Result<()> {
    let Some(key) = stored_email_key(conn, email)? else {
        return Ok(());
    };
    if login_throttle_table::get(conn, &key)?.is_some() {
        match login_throttle_table::delete(conn, &key) {
            Err(e) if cannot_write(&e) => {}
            other => {
                other?;
            }
        }
    }
    Ok(())
}

fn cannot_write(e: &Error) -> bool {
    match e {
        Error::DiskFull => true,
        Error::Database(e) => e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly),
        _ => false,
    }
}

/// The count after one more attempt at `now` (the lock is set as if it fails; a
/// success then forgets the whole row).
fn after_attempt(row: Option<ThrottleRow>, now: i64) -> ThrottleRow {
    let fresh = ThrottleRow {
        failures: 1,
        first_failure_at: now,
        last_failure_at: now,
        locked_until: None,
    };
    let Some(row) = row else { return fresh };
    let window_over = row.failures < FREE_FAILURES && now - row.first_failure_at > WINDOW_SECS;
    let quiet_long = now - row.last_failure_at > FORGET_AFTER_SECS;
    if window_over || quiet_long {
        return fresh;
    }
    let failures = row.failures + 1;
    ThrottleRow {
        failures,
        first_failure_at: row.first_failure_at,
        last_failure_at: now,
        locked_until: (failures >= FREE_FAILURES).then(|| now + wait_after(failures)),
    }
}

/// The wait imposed after `failures` counted attempts: none before the last free one,
/// then [`FIRST_WAIT_SECS`] doubling up to [`MAX_WAIT_SECS`].
pub fn wait_after(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(32) as u32;
    FIRST_WAIT_SECS
        .saturating_mul(1i64 << doublings)
        .min(MAX_WAIT_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    const T0: i64 = 1_800_000_000;

    fn db() -> (tempfile::TempDir, Database) {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open_in(dir.path()).unwrap();
        (dir, db)
    }

    fn refused_for(db: &mut Database, email: &str, now: i64) -> Option<i64> {
        match count_attempt(db, email, now) {
            Ok(()) => None,
            Err(Error::TooManyAttempts { retry_after_secs }) => Some(retry_after_secs),
            Err(e) => panic!("unexpected error {e}"),
        }
    }

    #[test]
    fn waits_start_after_five_attempts_and_double_up_to_an_hour() {
        let expected = [0, 0, 0, 0, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600];
        for (i, wait) in expected.iter().enumerate() {
            assert_eq!(wait_after(i as i64 + 1), *wait, "after {} attempts", i + 1);
        }
        assert_eq!(wait_after(i64::MAX), MAX_WAIT_SECS, "no overflow");
    }

    #[test]
    fn the_sixth_attempt_within_the_window_is_refused_with_the_wait() {
        let (_d, mut db) = db();
        let email = "ada@example.com";
        for i in 0..5 {
            assert_eq!(
                refused_for(&mut db, email, T0 + i),
                None,
                "attempt {}",
                i + 1
            );
        }
        assert_eq!(
            refused_for(&mut db, email, T0 + 5),
            Some(29),
            "30 s from the 5th"
        );
        assert_eq!(
            refused_for(&mut db, email, T0 + 34),
            None,
            "wait over: checked again"
        );
        assert_eq!(
            refused_for(&mut db, email, T0 + 35),
            Some(59),
            "then a minute"
        );
        assert_eq!(refused_for(&mut db, email, T0 + 94), None);
        assert_eq!(refused_for(&mut db, email, T0 + 95), Some(119), "then two");
    }

    #[test]
    fn attempts_spread_over_more_than_the_window_never_lock() {
        let (_d, mut db) = db();
        let email = "ada@example.com";
        for i in 0..20 {
            let now = T0 + i * (WINDOW_SECS / 4 + 1);
            assert_eq!(refused_for(&mut db, email, now), None, "attempt {}", i + 1);
        }
    }

    #[test]
    fn refused_attempts_do_not_extend_the_wait_and_a_success_forgets_the_count() {
        let (_d, mut db) = db();
        let email = "ada@example.com";
        for i in 0..5 {
            refused_for(&mut db, email, T0 + i);
        }
        for i in 5..25 {
            assert!(refused_for(&mut db, email, T0 + i).is_some());
        }
        assert_eq!(
            refused_for(&mut db, email, T0 + 34),
            None,
            "same wait as before"
        );
        forget(db.conn(), email).unwrap();
        for i in 0..5 {
            assert_eq!(
                refused_for(&mut db, email, T0 + 40 + i),
                None,
                "count restarted"
            );
        }
    }

    #[test]
    fn the_key_ignores_surrounding_space_and_ascii_case_and_hides_the_address() {
        let secret = Secret::new([7u8; KEY_BYTES]);
        let key = |email: &str| email_key(&secret, email);
        assert_eq!(key(" Ada@Example.COM "), key("ada@example.com"));
        assert_ne!(key("ada@example.com"), key("bob@example.com"));
        assert!(!key("ada@example.com").contains("ada"));
        assert_eq!(key("x").len(), 64, "hex HMAC-SHA256");
    }

    #[test]
    fn the_padded_key_gives_the_hmac_of_the_key_itself() {
        for key in [
            [0u8; KEY_BYTES],
            [0xa5; KEY_BYTES],
            *b"0123456789abcdef0123456789abcdef",
        ] {
            let mut reference = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).unwrap();
            reference.update(b"ada@example.com");
            let expected: [u8; 32] = reference.finalize().into_bytes().into();
            assert_eq!(hmac_sha256(&key, b"ada@example.com"), expected, "{key:?}");
        }
    }

    /// The key every throttle row of `db` is stored under.
    fn stored_keys(db: &Database) -> Vec<String> {
        let mut rows = db
            .conn()
            .prepare("SELECT email_hash FROM login_throttle ORDER BY email_hash")
            .unwrap();
        rows.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    fn sha256_hex(text: &str) -> String {
        use sha2::Digest;
        Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn a_row_is_stored_under_an_hmac_with_the_databases_key_not_the_emails_sha256() {
        let (_d, mut db) = db();
        count_attempt(&mut db, " Ada@Example.com", T0).unwrap();
        let stored = stored_keys(&db);
        assert_eq!(stored.len(), 1, "one row");
        for plain in [" Ada@Example.com", "Ada@Example.com", "ada@example.com"] {
            assert_ne!(stored[0], sha256_hex(plain), "not SHA-256 of {plain:?}");
        }
        let secret = local_secret_table::get(db.conn(), SECRET_NAME)
            .unwrap()
            .expect("the key was made on first use");
        assert_ne!(secret.expose(), &[0u8; KEY_BYTES], "random, not blank");
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.expose()).unwrap();
        mac.update(b"ada@example.com");
        let expected: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(stored[0], expected, "HMAC-SHA256 of the normalised email");
    }

    #[test]
    fn two_databases_count_the_same_email_under_different_keys() {
        let ((_a, mut first), (_b, mut second)) = (db(), db());
        count_attempt(&mut first, "ada@example.com", T0).unwrap();
        count_attempt(&mut second, "ada@example.com", T0).unwrap();
        let (first, second) = (stored_keys(&first), stored_keys(&second));
        assert_eq!((first.len(), second.len()), (1, 1));
        assert_ne!(first, second, "each database has its own key");
    }

    #[test]
    fn the_key_is_made_once_and_the_count_survives_reopening_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let email = "ada@example.com";
        let before = {
            let mut db = Database::open_in(dir.path()).unwrap();
            for i in 0..4 {
                assert_eq!(refused_for(&mut db, email, T0 + i), None);
            }
            stored_keys(&db)
        };
        let mut db = Database::open_in(dir.path()).unwrap();
        assert_eq!(refused_for(&mut db, email, T0 + 4), None, "the fifth");
        assert_eq!(
            refused_for(&mut db, email, T0 + 5),
            Some(29),
            "the sixth is refused after reopening"
        );
        assert_eq!(stored_keys(&db), before, "counted under the same key");
        let keys: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM local_secret", [], |r| r.get(0))
            .unwrap();
        assert_eq!(keys, 1, "one key, made once");
    }

    #[test]
    fn before_the_first_attempt_there_is_no_key_and_nothing_to_forget() {
        let (_d, mut db) = db();
        assert!(local_secret_table::get(db.conn(), SECRET_NAME)
            .unwrap()
            .is_none());
        forget(db.conn(), "ada@example.com").unwrap();
        assert!(
            local_secret_table::get(db.conn(), SECRET_NAME)
                .unwrap()
                .is_none(),
            "forgetting makes no key"
        );
        count_attempt(&mut db, "ada@example.com", T0).unwrap();
        forget(db.conn(), "ada@example.com").unwrap();
        assert!(stored_keys(&db).is_empty(), "a success forgets the row");
    }

    #[test]
    fn a_day_without_attempts_forgets_even_a_long_count() {
        let (_d, mut db) = db();
        let email = "ada@example.com";
        let mut now = T0;
        for _ in 0..9 {
            while refused_for(&mut db, email, now).is_some() {
                now += 60;
            }
        }
        let later = now + FORGET_AFTER_SECS + MAX_WAIT_SECS + 1;
        for i in 0..5 {
            assert_eq!(
                refused_for(&mut db, email, later + i),
                None,
                "attempt {}",
                i + 1
            );
        }
    }
}
