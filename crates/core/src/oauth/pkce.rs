//! The random values of one authorization request: the `state` that ties the browser's
//! answer to the request, and the PKCE verifier with its S256 challenge (RFC 7636).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::secret::Secret;

/// 32 random bytes (256 bits) as unpadded base64url: 43 characters.
pub fn random_token() -> Secret<String> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::new(URL_SAFE_NO_PAD.encode(bytes))
}

/// `BASE64URL(SHA256(verifier))`, the S256 code challenge.
pub fn challenge(verifier: &Secret<String>) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.expose().as_bytes()))
}

/// How a state is stored: its SHA-256, hex.
pub fn state_hash(state: &str) -> String {
    Sha256::digest(state.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_s256_challenge_matches_the_rfc_7636_example() {
        let verifier = Secret::from("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(
            challenge(&verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn random_tokens_carry_256_bits_and_differ() {
        let a = random_token();
        let b = random_token();
        assert_eq!(a.expose().len(), 43, "32 bytes in unpadded base64url");
        assert_ne!(a.expose(), b.expose(), "fresh randomness each time");
    }
}
