//! `token_response::parse` and `parse_error` on generated bodies: random text, JSON
//! objects whose fields have random types (and repeated keys), and form bodies with
//! broken escapes. A reading either yields a non-empty access token or fails with
//! `token_response_invalid`.

use proptest::prelude::*;
use wakadesk_core::oauth::token_response::{
    normalize_scopes, parse, parse_error, WakatimeTokenResponse,
};

use crate::support::{config, json_scalar, short_text};

const FIELDS: &[&str] = &[
    "access_token",
    "refresh_token",
    "token_type",
    "expires_in",
    "expires_at",
    "scope",
    "uid",
    "error",
    "error_description",
];

/// Receive times from 1970 to 2100.
fn now() -> impl Strategy<Value = i64> {
    0i64..4_102_444_800
}

fn check(body: &str, now: i64) -> Result<(), TestCaseError> {
    match parse(body, now) {
        Ok(t) => {
            prop_assert!(!t.access_token.expose().is_empty(), "empty token accepted");
            if let Some(r) = &t.refresh_token {
                prop_assert!(!r.expose().is_empty());
            }
            if let Some(scope) = &t.scope {
                prop_assert!(!scope.split(',').any(str::is_empty) || scope.is_empty());
            }
        }
        Err(e) => prop_assert_eq!(e.code(), "token_response_invalid", "untyped: {}", e),
    }
    if let Some(err) = parse_error(body) {
        prop_assert!(!err.error.is_empty(), "an error body names its error");
    }
    Ok(())
}

/// A JSON value of any type, as text: what a confused or hostile server might put in
/// a field.
fn json_value() -> impl Strategy<Value = String> {
    json_scalar().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((prop::sample::select(FIELDS), inner), 0..4).prop_map(|kv| {
                let fields: Vec<String> = kv
                    .into_iter()
                    .map(|(k, v)| format!("\"{k}\":{v}"))
                    .collect();
                format!("{{{}}}", fields.join(","))
            }),
        ]
    })
}

/// Form-body fragments, including broken percent escapes and stray separators.
fn form_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_.~-]{0,40}",
        Just("%".to_owned()),
        Just("%zz".to_owned()),
        Just("%FF%FE".to_owned()),
        Just("%00".to_owned()),
        Just("+".to_owned()),
        Just("=".to_owned()),
        Just("&".to_owned()),
        Just("-1".to_owned()),
        Just("1e309".to_owned()),
        Just("NaN".to_owned()),
        Just("99999999999".to_owned()),
        Just("2023-11-14T22%3A13%3A20Z".to_owned()),
        Just("%2B999999-01-01T00%3A00%3A00Z".to_owned()),
        short_text().prop_map(|s| url::form_urlencoded::byte_serialize(s.as_bytes()).collect()),
    ]
}

proptest! {
    #![proptest_config(config(4096))]

    #[test]
    fn any_text_is_read_or_refused_with_a_typed_error(body in any::<String>(), now in now()) {
        check(&body, now)?;
    }

    #[test]
    fn json_objects_with_random_types_per_field_are_read_or_refused(
        fields in prop::collection::vec((prop::sample::select(FIELDS), json_value()), 0..10),
        extra in prop::collection::vec(("[a-z_]{1,10}", json_value()), 0..3),
        padding in "[ \t\r\n]{0,3}",
        now in now(),
    ) {
        let all: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("\"{k}\":{v}"))
            .chain(extra.iter().map(|(k, v)| format!("\"{k}\":{v}")))
            .collect();
        check(&format!("{padding}{{{}}}{padding}", all.join(",")), now)?;
    }

    #[test]
    fn the_oauth2_crates_reading_of_a_json_answer_agrees_with_parse(
        fields in prop::collection::vec((prop::sample::select(FIELDS), json_value()), 0..10),
        now in now(),
    ) {
        let all: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        let body = format!("{{{}}}", all.join(","));
        let ours = parse(&body, now);
        let theirs = serde_json::from_str::<WakatimeTokenResponse>(&body).map(|t| t.received_at(now));
        match (ours, theirs) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.access_token.expose(), b.access_token.expose());
                prop_assert_eq!(
                    a.refresh_token.map(|t| t.expose().clone()),
                    b.refresh_token.map(|t| t.expose().clone())
                );
                prop_assert_eq!((a.uid, a.scope, a.expires_at), (b.uid, b.scope, b.expires_at));
            }
            (Err(_), Err(_)) => {}
            (a, b) => prop_assert!(false, "{}: parse {:?}, the crate's reading {:?}", body, a, b),
        }
    }

    #[test]
    fn form_bodies_with_broken_escapes_are_read_or_refused(
        pairs in prop::collection::vec(
            (prop::sample::select(FIELDS), prop::collection::vec(form_piece(), 0..4)),
            0..10,
        ),
        now in now(),
    ) {
        let body = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", v.concat()))
            .collect::<Vec<_>>()
            .join("&");
        check(&body, now)?;
    }

    #[test]
    fn a_well_formed_answer_in_either_format_yields_its_tokens(
        access in "[A-Za-z0-9_]{1,80}",
        refresh in proptest::option::of("[A-Za-z0-9_]{1,80}"),
        expires_in in proptest::option::of(0u32..100_000_000),
        as_json in any::<bool>(),
        now in now(),
    ) {
        let mut fields = vec![("access_token", access.clone()), ("token_type", "bearer".into())];
        if let Some(r) = &refresh {
            fields.push(("refresh_token", r.clone()));
        }
        if let Some(e) = expires_in {
            fields.push(("expires_in", e.to_string()));
        }
        let body = if as_json {
            serde_json::to_string(&fields.iter().cloned().collect::<std::collections::BTreeMap<_, _>>())
                .unwrap()
        } else {
            url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&fields).finish()
        };
        let t = parse(&body, now).map_err(|e| TestCaseError::fail(format!("{body}: {e}")))?;
        prop_assert_eq!(t.access_token.expose(), &access);
        prop_assert_eq!(t.refresh_token.as_ref().map(|r| r.expose().clone()), refresh);
        prop_assert_eq!(t.expires_at, expires_in.map(|e| now + i64::from(e)));
    }

    #[test]
    fn scopes_normalise_without_empty_entries(raw in any::<String>()) {
        let joined = normalize_scopes(&raw);
        prop_assert!(joined.is_empty() || !joined.split(',').any(str::is_empty), "{:?}", joined);
    }
}

#[test]
fn numbers_at_the_edges_of_every_format_are_refused_or_kept_in_range() {
    const NOW: i64 = 1_700_000_000;
    for expires in [
        "-1",
        "1e10",
        "1e11",
        "1e309",
        "-0",
        "NaN",
        "inf",
        "-inf",
        "0x10",
        "",
        " ",
        "18446744073709551616",
        "9223372036854775807",
    ] {
        for body in [
            format!(
                "access_token=a&expires_in={}",
                url::form_urlencoded::byte_serialize(expires.as_bytes()).collect::<String>()
            ),
            format!("{{\"access_token\":\"a\",\"expires_in\":\"{expires}\"}}"),
        ] {
            match parse(&body, NOW) {
                Ok(t) => {
                    let at = t.expires_at.expect("an accepted expiry is kept");
                    assert!((NOW..=NOW + 10_000_000_000).contains(&at), "{body}: {at}");
                }
                Err(e) => assert_eq!(e.code(), "token_response_invalid", "{body}: {e}"),
            }
        }
    }
    for raw_number in ["1e400", "-1e400", "123456789012345678901234567890"] {
        let body = format!("{{\"access_token\":\"a\",\"expires_in\":{raw_number}}}");
        match parse(&body, NOW) {
            Ok(t) => assert!(t.expires_at.is_some_and(|at| at >= NOW), "{body}"),
            Err(e) => assert_eq!(e.code(), "token_response_invalid", "{body}: {e}"),
        }
    }
}
