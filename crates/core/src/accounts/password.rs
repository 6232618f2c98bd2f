//! Password hashing with argon2id at OWASP's recommended minimum
//! (19 MiB of memory, 2 passes, 1 lane), stored as a PHC string.

use std::sync::OnceLock;

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
    // Parameters come from the stored string, so older hashes keep verifying.
    Argon2::default()
        .verify_password(password.expose().as_bytes(), &parsed)
        .is_ok()
}

/// Spends the same time as a real check, so an unknown email cannot be told apart from a
/// wrong password by timing.
pub fn verify_against_nothing(password: &Secret<String>) {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    if let Some(phc) = DUMMY.get_or_init(|| hash(&Secret::from("not a real password")).ok()) {
        verify(password, phc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
