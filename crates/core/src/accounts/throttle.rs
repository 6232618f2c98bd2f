//! Slowing down password guessing. Each log-in attempt for an email is counted before
//! the password is checked, in one immediate transaction, so parallel attempts
//! (two windows, many CLI processes) cannot slip past the count. After
//! [`FREE_FAILURES`] attempts within [`WINDOW_SECS`] without a success, the email is
//! locked for [`FIRST_WAIT_SECS`], doubling with every further failed attempt up to
//! [`MAX_WAIT_SECS`]; attempts while locked are refused without checking the
//! password. A success forgets the count. The count lives in the database, so
//! restarting the app does not reset it, and it is kept for every email typed,
//! whether or not an account has it, so the answers do not reveal which exist.

use rusqlite::Connection;
use sha2::{Digest, Sha256};

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

/// The key an email is counted under: SHA-256 of the trimmed address with ASCII letters
/// lower-cased (as accounts match emails), so typed addresses are not kept in clear.
pub fn email_key(email: &str) -> String {
    Sha256::digest(email.trim().to_ascii_lowercase().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Counts an attempt for `key` at `now`, or refuses it with
/// [`Error::TooManyAttempts`] while the email is locked.
///
/// When the data directory cannot take a write (disk full, read-only) the attempt
/// cannot be counted; a lock already recorded still holds, and the cached data stays
/// reachable instead of every log-in failing.
pub fn count_attempt(db: &mut Database, key: &str, now: i64) -> Result<()> {
    let counted = db.write(|tx| {
        let row = login_throttle_table::get(tx, key)?;
        refuse_while_locked(row, now)?;
        login_throttle_table::put(tx, key, &after_attempt(row, now))?;
        login_throttle_table::prune(tx, now, now - FORGET_AFTER_SECS)?;
        Ok(())
    });
    match counted {
        Err(e) if cannot_write(&e) => {
            refuse_while_locked(login_throttle_table::get(db.conn(), key)?, now)
        }
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
pub fn forget(conn: &Connection, key: &str) -> Result<()> {
    if login_throttle_table::get(conn, key)?.is_some() {
        match login_throttle_table::delete(conn, key) {
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

    const T0: i64 = 1_800_000_000;

    fn db() -> (tempfile::TempDir, Database) {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open_in(dir.path()).unwrap();
        (dir, db)
    }

    fn refused_for(db: &mut Database, key: &str, now: i64) -> Option<i64> {
        match count_attempt(db, key, now) {
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
        let key = email_key("ada@example.com");
        for i in 0..5 {
            assert_eq!(
                refused_for(&mut db, &key, T0 + i),
                None,
                "attempt {}",
                i + 1
            );
        }
        assert_eq!(
            refused_for(&mut db, &key, T0 + 5),
            Some(29),
            "30 s from the 5th"
        );
        assert_eq!(
            refused_for(&mut db, &key, T0 + 34),
            None,
            "wait over: checked again"
        );
        assert_eq!(
            refused_for(&mut db, &key, T0 + 35),
            Some(59),
            "then a minute"
        );
        assert_eq!(refused_for(&mut db, &key, T0 + 94), None);
        assert_eq!(refused_for(&mut db, &key, T0 + 95), Some(119), "then two");
    }

    #[test]
    fn attempts_spread_over_more_than_the_window_never_lock() {
        let (_d, mut db) = db();
        let key = email_key("ada@example.com");
        for i in 0..20 {
            let now = T0 + i * (WINDOW_SECS / 4 + 1);
            assert_eq!(refused_for(&mut db, &key, now), None, "attempt {}", i + 1);
        }
    }

    #[test]
    fn refused_attempts_do_not_extend_the_wait_and_a_success_forgets_the_count() {
        let (_d, mut db) = db();
        let key = email_key("ada@example.com");
        for i in 0..5 {
            refused_for(&mut db, &key, T0 + i);
        }
        for i in 5..25 {
            assert!(refused_for(&mut db, &key, T0 + i).is_some());
        }
        assert_eq!(
            refused_for(&mut db, &key, T0 + 34),
            None,
            "same wait as before"
        );
        forget(db.conn(), &key).unwrap();
        for i in 0..5 {
            assert_eq!(
                refused_for(&mut db, &key, T0 + 40 + i),
                None,
                "count restarted"
            );
        }
    }

    #[test]
    fn the_key_ignores_surrounding_space_and_ascii_case_and_hides_the_address() {
        assert_eq!(email_key(" Ada@Example.COM "), email_key("ada@example.com"));
        assert_ne!(email_key("ada@example.com"), email_key("bob@example.com"));
        assert!(!email_key("ada@example.com").contains("ada"));
        assert_eq!(email_key("x").len(), 64, "hex SHA-256");
    }

    #[test]
    fn a_day_without_attempts_forgets_even_a_long_count() {
        let (_d, mut db) = db();
        let key = email_key("ada@example.com");
        let mut now = T0;
        for _ in 0..9 {
            while refused_for(&mut db, &key, now).is_some() {
                now += 60;
            }
        }
        let later = now + FORGET_AFTER_SECS + MAX_WAIT_SECS + 1;
        for i in 0..5 {
            assert_eq!(
                refused_for(&mut db, &key, later + i),
                None,
                "attempt {}",
                i + 1
            );
        }
    }
}
