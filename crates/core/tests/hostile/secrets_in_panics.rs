//! A panic prints what it was given: the `Debug` of a value passed to `unwrap`,
//! `expect` or `{:?}`. Every public type that holds a token, password, client secret
//! or key prints it redacted, so a panic message cannot carry one; here each is
//! unwrapped in a panic on purpose and the message searched.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use url::Url;
use wakadesk_core::accounts::SignupForm;
use wakadesk_core::config::{ClientCredentials, Source, WakatimeConfig};
use wakadesk_core::oauth::token_response;
use wakadesk_core::secret::Secret;
use wakadesk_core::vault::{KeySource, TokenVault};
use wakadesk_core::wakatime::{Auth, Endpoint};

const ACCESS: &str = "waka_tok_panicAccess0123456789";
const REFRESH: &str = "waka_ref_panicRefresh0123456789";
const PASSWORD: &str = "correct horse battery staple";
const CLIENT_SECRET: &str = "waka_sec_panicClientSecret0123";

/// The message of the panic `f` raises.
fn panic_message(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("it panics");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

/// What `.unwrap()` on a failed result holding `value` prints when it panics.
fn unwrapped<T: std::fmt::Debug>(value: T) -> String {
    let result: Result<(), T> = std::hint::black_box(Err(value));
    panic_message(move || result.unwrap())
}

fn assert_clean(message: &str, secrets: &[&str]) {
    assert!(!message.is_empty(), "the panic has a message");
    for s in secrets {
        assert!(
            !message.contains(s),
            "a panic message shows a secret: {message}"
        );
    }
}

#[test]
fn unwrapping_values_that_hold_secrets_panics_without_showing_them() {
    let key = TokenVault::generate_key();
    let key_text = key.expose().clone();
    let secrets = [ACCESS, REFRESH, PASSWORD, CLIENT_SECRET, key_text.as_str()];

    let tokens = token_response::parse(
        &format!("access_token={ACCESS}&refresh_token={REFRESH}&token_type=bearer"),
        0,
    )
    .unwrap();
    assert_clean(&unwrapped(tokens), &secrets);

    let form = SignupForm {
        email: "ada@example.com".into(),
        name: "Ada".into(),
        password: Secret::from(PASSWORD),
        student: None,
    };
    assert_clean(&panic_message(|| panic!("bad form {form:?}")), &secrets);

    let vault = TokenVault::from_key(&key).unwrap();
    let source = KeySource::Env(Secret::new(key_text.clone()));
    assert_clean(
        &panic_message(|| panic!("{vault:?} {source:?} {key:?} {key}")),
        &secrets,
    );

    let config = WakatimeConfig::fixed(
        Some(ClientCredentials {
            id: "id".into(),
            secret: Arc::new(Secret::from(CLIENT_SECRET)),
            source: Source::Environment,
        }),
        Url::parse("https://wakatime.com").unwrap(),
        Url::parse("https://api.wakatime.com/api/v1").unwrap(),
    );
    assert_clean(&unwrapped(config), &secrets);

    for auth in [
        Auth::Bearer(Secret::from(ACCESS)),
        Auth::ApiKey(Secret::from(ACCESS)),
    ] {
        let endpoint = Endpoint {
            api_url: Url::parse("https://api.wakatime.com/api/v1").unwrap(),
            auth,
        };
        assert_clean(&unwrapped(endpoint), &secrets);
    }
}

#[test]
fn errors_about_secrets_never_carry_them() {
    let key = Secret::from("not-a-fernet-key-but-secret-0123456789abcdef");
    let err = TokenVault::from_key(&key).unwrap_err();
    assert_clean(&unwrapped(err), &[key.expose()]);

    let vault = TokenVault::from_key(&TokenVault::generate_key()).unwrap();
    let sealed = vault.encrypt(&Secret::from(ACCESS));
    let other = TokenVault::from_key(&TokenVault::generate_key()).unwrap();
    let err = other.decrypt(&sealed).unwrap_err();
    assert_clean(&unwrapped(err), &[ACCESS, &sealed]);

    for body in [
        format!("access_token={ACCESS}&token_type=mac"),
        format!("access_token={ACCESS}&expires_in=soon"),
        format!("{{\"access_token\":\"{ACCESS}\",\"expires_at\":\"never\"}}"),
    ] {
        let err = token_response::parse(&body, 0).unwrap_err();
        assert_clean(&unwrapped(err), &[ACCESS]);
    }
}
