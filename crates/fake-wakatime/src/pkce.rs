//! PKCE (RFC 7636). WakaTime does not document it, but the app sends it, so the
//! stand-in enforces it whenever a challenge was sent: a client that loses its
//! verifier between authorize and token fails here.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChallengeMethod {
    Plain,
    S256,
}

/// The `code_challenge` of an authorize request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Challenge {
    value: String,
    method: ChallengeMethod,
}

impl Challenge {
    /// Reads `code_challenge` and `code_challenge_method` (default `plain`, per the RFC).
    /// No challenge means no PKCE; a method without a challenge is ignored.
    pub(crate) fn from_params(
        challenge: Option<&str>,
        method: Option<&str>,
    ) -> Result<Option<Self>, String> {
        let Some(value) = challenge else {
            return Ok(None);
        };
        let method = match method.unwrap_or("plain") {
            "S256" => ChallengeMethod::S256,
            "plain" => ChallengeMethod::Plain,
            other => return Err(format!("unsupported code_challenge_method: {other}")),
        };
        Ok(Some(Self {
            value: value.to_owned(),
            method,
        }))
    }

    pub(crate) fn is_met_by(&self, verifier: &str) -> bool {
        match self.method {
            ChallengeMethod::Plain => verifier == self.value,
            ChallengeMethod::S256 => s256(verifier) == self.value,
        }
    }
}

/// base64url-no-pad(sha256(verifier)).
pub(crate) fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// RFC 7636: 43 to 128 characters from `[A-Za-z0-9-._~]`.
pub(crate) fn is_well_formed_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_matches_the_rfc_7636_example() {
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            "appendix B of RFC 7636"
        );
    }

    #[test]
    fn a_challenge_without_method_is_plain() {
        let challenge = Challenge::from_params(Some("abc"), None)
            .expect("valid")
            .expect("present");
        assert!(challenge.is_met_by("abc"), "plain compares verbatim");
    }

    #[test]
    fn an_unknown_method_is_refused() {
        assert!(
            Challenge::from_params(Some("abc"), Some("S512")).is_err(),
            "only S256 and plain"
        );
    }

    #[test]
    fn a_short_verifier_is_malformed() {
        assert!(!is_well_formed_verifier("short"), "under 43 characters");
        assert!(
            is_well_formed_verifier(&"a".repeat(43)),
            "43 is the minimum"
        );
    }
}
