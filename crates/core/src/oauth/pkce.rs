//! What is kept of a request's random values (made by the oauth2 crate, see
//! `wakatime_client`): the `state` only as its SHA-256, so the database alone cannot
//! answer a request, and the PKCE verifier encrypted. The crate's S256 challenge
//! (RFC 7636) is checked here against the RFC's own example.

use sha2::{Digest, Sha256};

/// How a state is stored: its SHA-256, hex.
pub fn state_hash(state: &str) -> String {
    Sha256::digest(state.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use oauth2::{PkceCodeChallenge, PkceCodeVerifier};

    /// `BASE64URL(SHA256(verifier))` as the oauth2 crate makes it.
    pub(crate) fn challenge(verifier: &str) -> String {
        let verifier = PkceCodeVerifier::new(verifier.to_owned());
        PkceCodeChallenge::from_code_verifier_sha256(&verifier)
            .as_str()
            .to_owned()
    }

    #[test]
    fn the_s256_challenge_matches_the_rfc_7636_example() {
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn a_state_is_kept_as_a_hex_sha256() {
        let hash = state_hash("xyz");
        assert_eq!(hash.len(), 64);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(hash, state_hash("xyZ"));
        assert!(!hash.contains("xyz"));
    }
}
