//! Password hashing with argon2id at OWASP's recommended minimum
//! (19 MiB of memory, 2 passes, 1 lane), stored as a PHC string.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::secret::Secret;
use crate::{Error, Result};

fn hasher() -> Result<Argon2<'static>> {
    let params =
        Params::new(19 * 1024, 2, 1, None).map_err(|e| Error::PasswordHash(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`) of `password` with a fresh salt.
pub fn hash(password: &Secret<String>) -> Result<String> {
    #[cfg(test)]
    tests::count_argon2_run();
    let salt = SaltString::generate(&mut OsRng);
    hasher()?
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::PasswordHash(e.to_string()))
}

/// Whether `password` matches the stored PHC string.
pub fn verify(password: &Secret<String>, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    #[cfg(test)]
    tests::count_argon2_run();
    // Parameters come from the stored string, so older hashes keep verifying.
    Argon2::default()
        .verify_password(password.expose().as_bytes(), &parsed)
        .is_ok()
}

/// The hash of a password nobody knows (random, thrown away), with the parameters
/// [`hash`] uses, so verifying against it costs what verifying a real one costs.
/// A constant: computing it on first use would make the first unknown email of a
/// process cost two argon2 runs, and tell unknown emails apart by timing.
const DUMMY_PHC: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$vDIKI1M3tfgcxBtO1+JvsQ$RS0rVME2IS4SBayLVD52Nn+fXrUG5zRezsqESYU4SLI";

/// Spends the same time as a real check, so an unknown email cannot be told apart from a
/// wrong password by timing.
pub fn verify_against_nothing(password: &Secret<String>) {
    verify(password, DUMMY_PHC);
}

#[cfg(test)]
pub(super) mod tests {
    use std::cell::Cell;

    use super::*;

    thread_local! {
        /// Argon2 computations (hashes and verifications) made by this thread.
        static ARGON2_RUNS: Cell<u32> = const { Cell::new(0) };
    }

    pub(in crate::accounts) fn count_argon2_run() {
        ARGON2_RUNS.with(|runs| runs.set(runs.get() + 1));
    }

    /// Set in the copy of this test binary that `a_fresh_process` starts.
    const FRESH_PROCESS: &str = "WAKADESK_TEST_FRESH_PROCESS";

    /// Runs the test `name` of this module again in a new process of this test binary,
    /// where nothing was computed yet, and fails with its output unless it passed there.
    fn a_fresh_process(name: &str) {
        let module = module_path!().split_once("::").map_or("", |(_, rest)| rest);
        let test = format!("{module}::{name}");
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", &test, "--test-threads=1", "--nocapture"])
            .env(FRESH_PROCESS, "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "{test} in a fresh process:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn the_first_unknown_email_of_a_process_costs_exactly_one_argon2_run() {
        if std::env::var_os(FRESH_PROCESS).is_none() {
            return a_fresh_process(
                "the_first_unknown_email_of_a_process_costs_exactly_one_argon2_run",
            );
        }
        for attempt in 1..=2 {
            let before = ARGON2_RUNS.with(Cell::get);
            verify_against_nothing(&Secret::from("a guess"));
            let runs = ARGON2_RUNS.with(Cell::get) - before;
            assert_eq!(
                runs, 1,
                "unknown email number {attempt} cost {runs} argon2 runs; a known one costs 1"
            );
        }
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_costs() {
        let real = hash(&Secret::from("correct horse")).unwrap();
        let (real, dummy) = (
            PasswordHash::new(&real).unwrap(),
            PasswordHash::new(DUMMY_PHC).unwrap(),
        );
        assert_eq!(dummy.algorithm, real.algorithm, "algorithm");
        assert_eq!(dummy.version, real.version, "version");
        assert_eq!(dummy.params, real.params, "memory, passes and lanes");
        assert_eq!(
            dummy.hash.map(|h| h.len()),
            real.hash.map(|h| h.len()),
            "output length"
        );
        assert!(
            !verify(&Secret::from(""), DUMMY_PHC),
            "no password opens it"
        );
    }

    #[test]
    fn a_hash_is_argon2id_with_owasp_parameters_and_verifies() {
        let pw = Secret::from("correct horse");
        let phc = hash(&pw).unwrap();
        assert!(
            phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "PHC: {phc}"
        );
        assert!(!phc.contains("correct horse"), "plaintext in hash");
        assert!(verify(&pw, &phc), "right password rejected");
        assert!(
            !verify(&Secret::from("correct horsE"), &phc),
            "wrong password accepted"
        );
    }

    #[test]
    fn the_same_password_hashes_differently_each_time() {
        let pw = Secret::from("correct horse");
        assert_ne!(
            hash(&pw).unwrap(),
            hash(&pw).unwrap(),
            "salt must be random"
        );
    }

    #[test]
    fn a_damaged_hash_never_verifies() {
        assert!(!verify(&Secret::from("x"), "$argon2id$garbage"));
        assert!(!verify(&Secret::from("x"), ""));
    }
}
