use super::*;

/// From the Fernet specification's verify.json: written by the reference
/// implementations (the same format as Python's `cryptography.fernet`).
const SPEC_SECRET: &str = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
const SPEC_TOKEN: &str = "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";

fn vault() -> TokenVault {
    TokenVault::from_key(&TokenVault::generate_key()).expect("generated key is valid")
}

#[test]
fn a_token_round_trips_through_encryption() {
    let v = vault();
    let plain = Secret::from("waka_tok_abc123");
    let sealed = v.encrypt(&plain);
    assert!(!sealed.contains("abc123"), "ciphertext shows the plaintext");
    assert_eq!(v.decrypt(&sealed).unwrap().expose(), "waka_tok_abc123");
}

#[test]
fn encrypting_twice_gives_different_ciphertexts() {
    let v = vault();
    let plain = Secret::from("same");
    assert_ne!(v.encrypt(&plain), v.encrypt(&plain), "IVs must differ");
}

#[test]
fn a_tampered_token_is_rejected() {
    let v = vault();
    let sealed = v.encrypt(&Secret::from("waka_tok_abc123"));
    let mut bytes = sealed.into_bytes();
    let mid = bytes.len() / 2;
    bytes[mid] = if bytes[mid] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(bytes).unwrap();
    let err = v.decrypt(&tampered).unwrap_err();
    assert_eq!(err.code(), "token_undecryptable", "got {err}");
}

#[test]
fn a_token_from_another_key_is_rejected() {
    let sealed = vault().encrypt(&Secret::from("waka_tok_abc123"));
    let err = vault().decrypt(&sealed).unwrap_err();
    assert_eq!(err.code(), "token_undecryptable", "got {err}");
    assert!(
        err.to_string().contains("Reconnect"),
        "says what to do: {err}"
    );
}

#[test]
fn the_fernet_spec_verify_vector_decrypts() {
    let v = TokenVault::from_key(&Secret::from(SPEC_SECRET)).unwrap();
    assert_eq!(v.decrypt(SPEC_TOKEN).unwrap().expose(), "hello");
}

#[test]
fn the_spec_vector_with_any_byte_changed_is_rejected() {
    let v = TokenVault::from_key(&Secret::from(SPEC_SECRET)).unwrap();
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // Every position but the base64 padding; the last data character may carry
    // unused bits, so change it to a character that differs in its high bits.
    let body = SPEC_TOKEN.trim_end_matches('=').len();
    for i in 0..body {
        let mut b = SPEC_TOKEN.as_bytes().to_vec();
        let pos = alphabet.iter().position(|c| *c == b[i]).unwrap();
        b[i] = alphabet[(pos + 32) % 64];
        let t = String::from_utf8(b).unwrap();
        assert!(v.decrypt(&t).is_err(), "change at {i} accepted: {t}");
    }
}

#[test]
fn an_invalid_key_in_the_environment_source_is_a_clear_error() {
    for bad in [
        "",
        "not-a-key",
        "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e",
        "c3Vw",
    ] {
        let err = TokenVault::open(&KeySource::Env(Secret::from(bad))).unwrap_err();
        assert_eq!(err.code(), "invalid_fernet_key", "key {bad:?}: {err}");
        assert!(
            err.to_string().contains("WAKADESK_FERNET_KEY"),
            "names the variable: {err}"
        );
    }
}

#[test]
fn a_valid_key_in_the_environment_source_opens_the_vault() {
    let v = TokenVault::open(&KeySource::Env(Secret::from(SPEC_SECRET))).unwrap();
    assert_eq!(v.decrypt(SPEC_TOKEN).unwrap().expose(), "hello");
}

#[test]
fn the_vault_never_prints_its_key() {
    let shown = format!(
        "{:?}",
        TokenVault::from_key(&Secret::from(SPEC_SECRET)).unwrap()
    );
    assert!(!shown.contains("cw_0x"), "printed {shown}");
    let src = format!("{:?}", KeySource::Env(Secret::from(SPEC_SECRET)));
    assert!(!src.contains("cw_0x"), "printed {src}");
}
