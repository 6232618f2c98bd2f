//! `Callback::try_from(&Url)` on generated redirect URLs: random text, random bytes,
//! and URLs that look right but carry random, repeated, empty or oversized parameters.
//! A small model of the rules predicts each answer, so a wrong acceptance shows too.

use proptest::prelude::*;
use url::Url;
use wakadesk_core::oauth::callback::{is_for_redirect, Callback, CallbackOutcome};

use crate::support::{config, short_text};

const BASES: &[&str] = &[
    "org.wakadesk.desktop:/oauth/callback",
    "http://127.0.0.1:53682/oauth/callback",
    "org.wakadesk.desktop://evil.example/oauth/callback",
    "org.wakadesk.desktop:/oauth/callback/",
    "https://wakatime.com/oauth/callback",
];
const MAX_URL_BYTES: usize = 8 * 1024;
const MAX_VALUE_BYTES: usize = 2 * 1024;

/// Parses `url` and checks the answer is either a sane callback or `callback_invalid`.
fn check_any(url: &Url) -> Result<Option<Callback>, TestCaseError> {
    let redirect = Url::parse(BASES[0]).unwrap();
    let _ = is_for_redirect(url, &redirect);
    match Callback::try_from(url) {
        Ok(c) => {
            prop_assert!(!c.state.is_empty(), "accepted an empty state: {url}");
            prop_assert!(c.state.len() <= MAX_VALUE_BYTES, "oversized state accepted");
            match &c.outcome {
                CallbackOutcome::Code(code) => {
                    prop_assert!(!code.is_empty() && code.len() <= MAX_VALUE_BYTES)
                }
                CallbackOutcome::Denied => {}
                CallbackOutcome::Failed { error, .. } => {
                    prop_assert_ne!(error.as_str(), "access_denied")
                }
            }
            Ok(Some(c))
        }
        Err(e) => {
            prop_assert_eq!(e.code(), "callback_invalid", "untyped rejection: {}", e);
            prop_assert!(e.field().is_none(), "not a form error");
            Ok(None)
        }
    }
}

/// A query parameter name: mostly the ones the parser reads, sometimes spelled with
/// percent escapes (which decode to the same name), sometimes anything.
fn key() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        4 => prop_oneof![
            Just("state"),
            Just("code"),
            Just("error"),
            Just("error_description")
        ]
        .prop_map(|k| (k.to_owned(), k.to_owned())),
        1 => Just(("st%61te".to_owned(), "state".to_owned())),
        1 => Just(("%63ode".to_owned(), "code".to_owned())),
        1 => "[a-z_]{0,12}".prop_map(|k| (k.clone(), k)),
        1 => short_text().prop_map(|k| (encode(&k), k)),
    ]
}

/// A value: empty, plausible, any text, just under or over the limit, or huge.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just(String::new()),
        4 => "[A-Za-z0-9_-]{1,64}",
        1 => Just("access_denied".to_owned()),
        2 => short_text(),
        1 => (MAX_VALUE_BYTES - 2..MAX_VALUE_BYTES + 3).prop_map(|n| "v".repeat(n)),
        1 => (7_000usize..9_500).prop_map(|n| "x".repeat(n)),
    ]
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// What the rules say about these (decoded) parameters of `url`.
fn expected(url: &Url, params: &[(String, String)]) -> Option<Callback> {
    if url.as_str().len() > MAX_URL_BYTES {
        return None;
    }
    let mut slots: [Option<&str>; 4] = [None; 4];
    for (k, v) in params {
        let i = match k.as_str() {
            "state" => 0,
            "code" => 1,
            "error" => 2,
            "error_description" => 3,
            _ => continue,
        };
        if slots[i].is_some() || v.len() > MAX_VALUE_BYTES {
            return None;
        }
        slots[i] = Some(v);
    }
    let state = slots[0].filter(|s| !s.is_empty())?.to_owned();
    let outcome = match (slots[1], slots[2]) {
        (Some(code), None) if !code.is_empty() => CallbackOutcome::Code(code.to_owned()),
        (None, Some("access_denied")) => CallbackOutcome::Denied,
        (None, Some(error)) => CallbackOutcome::Failed {
            error: error.to_owned(),
            description: slots[3].map(str::to_owned),
        },
        _ => return None,
    };
    Some(Callback { state, outcome })
}

proptest! {
    #![proptest_config(config(4096))]

    #[test]
    fn any_text_after_the_question_mark_is_a_callback_or_a_typed_error(
        base in prop::sample::select(BASES),
        query in any::<String>(),
        fragment in proptest::option::of(short_text()),
    ) {
        let mut raw = format!("{base}?{query}");
        if let Some(f) = fragment {
            raw.push('#');
            raw.push_str(&f);
        }
        if let Ok(url) = Url::parse(&raw) {
            check_any(&url)?;
        }
    }

    #[test]
    fn random_bytes_as_a_query_are_a_callback_or_a_typed_error(
        bytes in prop::collection::vec(any::<u8>(), 0..1200),
    ) {
        let text = String::from_utf8_lossy(&bytes);
        let mut url = Url::parse(BASES[0]).unwrap();
        url.set_query(Some(&text));
        check_any(&url)?;
        // The same bytes percent-encoded: decoding yields invalid UTF-8 and NULs.
        let escaped: String = bytes.iter().map(|b| format!("%{b:02X}")).collect();
        url.set_query(Some(&format!("state={escaped}&code={escaped}")));
        check_any(&url)?;
    }

    #[test]
    fn valid_looking_urls_with_random_repeated_or_oversized_params_follow_the_rules(
        base in prop::sample::select(BASES),
        params in prop::collection::vec((key(), value()), 0..8),
    ) {
        let query = params
            .iter()
            .map(|((raw_key, _), v)| format!("{raw_key}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let url = Url::parse(&format!("{base}?{query}")).unwrap();
        let decoded: Vec<(String, String)> =
            params.iter().map(|((_, k), v)| (k.clone(), v.clone())).collect();
        let got = check_any(&url)?;
        prop_assert_eq!(got, expected(&url, &decoded), "{}", url);
    }

    #[test]
    fn a_well_formed_answer_always_yields_its_own_state_and_code(
        state in "[A-Za-z0-9_-]{1,200}",
        code in "[A-Za-z0-9_.~-]{1,200}",
        noise in prop::collection::vec(("[a-z]{1,8}", "[a-z0-9]{0,8}"), 0..5),
        code_first in any::<bool>(),
    ) {
        let mut url = Url::parse(BASES[0]).unwrap();
        {
            let mut q = url.query_pairs_mut();
            for (k, v) in &noise {
                if !matches!(k.as_str(), "state" | "code" | "error" | "error_description") {
                    q.append_pair(k, v);
                }
            }
            if code_first {
                q.append_pair("code", &code).append_pair("state", &state);
            } else {
                q.append_pair("state", &state).append_pair("code", &code);
            }
        }
        let c = Callback::try_from(&url).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(c.state, state);
        prop_assert_eq!(c.outcome, CallbackOutcome::Code(code));
    }
}

#[test]
fn a_link_just_over_the_size_limit_is_refused_before_its_parameters_are_read() {
    let base = "org.wakadesk.desktop:/oauth/callback?state=s&code=c&pad=";
    let at_limit =
        Url::parse(&format!("{base}{}", "p".repeat(MAX_URL_BYTES - base.len()))).unwrap();
    assert_eq!(at_limit.as_str().len(), MAX_URL_BYTES);
    assert!(
        Callback::try_from(&at_limit).is_ok(),
        "exactly at the limit is still read"
    );
    let over = Url::parse(&format!("{}p", at_limit.as_str())).unwrap();
    let err = Callback::try_from(&over).unwrap_err();
    assert_eq!(err.code(), "callback_invalid", "{err}");
    assert!(err.to_string().contains("too long"), "says why: {err}");
}
