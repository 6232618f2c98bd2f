//! The API answer types (`wakatime::types`) read through `wakatime::parse`, the same
//! function the API calls use: generated JSON with random types per field, random
//! bytes, and nesting far past any sane depth. Then whole syncs against a tiny
//! server that answers with generated bodies, so what the parser lets through is
//! also cached and summed without a panic.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wakadesk_core::stats::{self, dates, day_date, DashboardRange, RetryPolicy, UserZone};
use wakadesk_core::wakatime::types::{
    AllTimeSinceToday, CurrentUser, DaySummary, Envelope, Progress, Stats, Summaries,
};
use wakadesk_core::wakatime::{self};

use crate::support::{config, json_scalar};

const FIELDS: &[&str] = &[
    "data",
    "id",
    "username",
    "display_name",
    "name",
    "total_seconds",
    "percent",
    "languages",
    "projects",
    "editors",
    "operating_systems",
    "categories",
    "grand_total",
    "range",
    "date",
    "start",
    "daily_average",
    "best_day",
    "is_up_to_date",
    "percent_calculated",
    "text",
];

/// Any JSON value, as text, with objects keyed mostly by the fields the types read.
fn json_value() -> impl Strategy<Value = String> {
    json_value_of(5, 64)
}

/// [`json_value`] at most `depth` deep with about `nodes` values.
fn json_value_of(depth: u32, nodes: u32) -> impl Strategy<Value = String> {
    json_scalar().prop_recursive(depth, nodes, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(
                (
                    prop_oneof![
                        4 => prop::sample::select(FIELDS).prop_map(str::to_owned),
                        1 => "[a-z_]{1,8}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| {
                let fields: Vec<String> = kv
                    .into_iter()
                    .map(|(k, v)| format!("\"{k}\":{v}"))
                    .collect();
                format!("{{{}}}", fields.join(","))
            }),
        ]
    })
}

/// Reads `body` as `T`; a rejection must be `wakatime_response_invalid`, and what is
/// accepted must survive the accessors the app calls.
fn read<T: DeserializeOwned>(body: &[u8], accessors: impl Fn(&T)) -> Result<(), TestCaseError> {
    match wakatime::parse::<T>(body) {
        Ok(value) => accessors(&value),
        Err(e) => prop_assert_eq!(e.code(), "wakatime_response_invalid", "untyped: {}", e),
    }
    Ok(())
}

fn day_accessors(d: &DaySummary) {
    for zone in ["UTC", "Pacific/Kiritimati", "Etc/GMT+12"] {
        let zone = UserZone::named(zone).expect("a zone");
        if let Some(date) = day_date::date_of(d, &zone) {
            let _ = dates::format(date);
        }
        let _ = day_date::answer_is_in(std::slice::from_ref(d), &zone);
    }
    for (_, items) in d.breakdown.dimensions() {
        for item in items {
            let _ = (item.name.len(), item.total_seconds, item.percent);
        }
    }
}

fn read_every_type(body: &[u8]) -> Result<(), TestCaseError> {
    read::<Envelope<CurrentUser>>(body, |e| {
        let _ = e.data.shown_name();
    })?;
    read::<Summaries>(body, |s| s.data.iter().for_each(day_accessors))?;
    read::<Envelope<DaySummary>>(body, |e| day_accessors(&e.data))?;
    read::<Envelope<Stats>>(body, |e| {
        let _ = e.percent_if_incomplete();
    })?;
    read::<Envelope<AllTimeSinceToday>>(body, |e| {
        let _ = e.percent_if_incomplete();
    })?;
    Ok(())
}

/// A day shaped like WakaTime's, every field a random JSON value or left out.
fn day_with_random_fields() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(FIELDS),
            json_value_of(3, 12),
            any::<bool>(),
        ),
        0..10,
    )
    .prop_map(|fields| {
        let kv: Vec<String> = fields
            .into_iter()
            .filter(|(_, _, keep)| *keep)
            .map(|(k, v, _)| format!("\"{k}\":{v}"))
            .collect();
        format!("{{{}}}", kv.join(","))
    })
}

proptest! {
    #![proptest_config(config(4096))]

    #[test]
    fn random_bytes_are_read_or_refused_with_a_typed_error(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        read_every_type(&bytes)?;
    }

    #[test]
    fn json_with_random_types_everywhere_is_read_or_refused(body in json_value()) {
        read_every_type(body.as_bytes())?;
        read_every_type(format!("{{\"data\":{body}}}", body = body).as_bytes())?;
        read_every_type(format!("{{\"data\":[{body}]}}", body = body).as_bytes())?;
    }

}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn answers_of_the_right_shape_with_random_field_types_are_read_or_refused(
        days in prop::collection::vec(day_with_random_fields(), 0..4),
    ) {
        let list = format!("{{\"data\":[{}]}}", days.join(","));
        read_every_type(list.as_bytes())?;
        for day in &days {
            read_every_type(format!("{{\"data\":{day}}}", day = day).as_bytes())?;
        }
    }

    #[test]
    fn well_typed_answers_with_nulls_and_missing_fields_are_always_read(
        seconds in prop::collection::vec(proptest::option::of(0f64..1e7), 5),
        names in prop::collection::vec(proptest::option::of(crate::support::short_text()), 3),
        date in proptest::option::of("20[0-9]{2}-[01][0-9]-[0-3][0-9]"),
    ) {
        let num = |i: usize| seconds[i].map_or("null".to_owned(), |s| s.to_string());
        let name = |i: usize| names[i].as_ref().map_or("null".to_owned(), |n| serde_json::to_string(n).unwrap());
        let date = date.map_or("null".to_owned(), |d| format!("\"{d}\""));
        let day = format!(
            r#"{{"grand_total":{{"total_seconds":{}}},"range":{{"date":{date}}},
               "languages":[{{"name":{},"total_seconds":{},"percent":{}}}],"projects":null,
               "editors":[{{"name":{}}}],"extra":{{"nested":[1,2,3]}}}}"#,
            num(0), name(0), num(1), num(2), name(1), date = date
        );
        let summaries = format!(r#"{{"data":[{day}],"cumulative_total":{{"seconds":{}}}}}"#, num(3), day = day);
        prop_assert!(wakatime::parse::<Summaries>(summaries.as_bytes()).is_ok(), "{}", summaries);
        let one_day = format!("{{\"data\":{day}}}", day = day);
        prop_assert!(wakatime::parse::<Envelope<DaySummary>>(one_day.as_bytes()).is_ok(), "{}", one_day);
        let stats = format!(
            r#"{{"data":{{"total_seconds":{},"daily_average":{},"best_day":null,"is_up_to_date":null,"languages":null}}}}"#,
            num(3), num(4)
        );
        prop_assert!(wakatime::parse::<Envelope<Stats>>(stats.as_bytes()).is_ok(), "{}", stats);
        let user = format!(r#"{{"data":{{"id":"u","username":{},"display_name":{}}}}}"#, name(1), name(2));
        prop_assert!(wakatime::parse::<Envelope<CurrentUser>>(user.as_bytes()).is_ok(), "{}", user);
    }
}

#[test]
fn nesting_a_hundred_thousand_levels_deep_is_refused_without_overflowing_the_stack() {
    let depth = 100_000;
    for (open, close) in [("[", "]"), ("{\"data\":", "}"), ("{\"x\":", "}")] {
        let nested = format!("{}{}", open.repeat(depth), close.repeat(depth));
        for body in [
            nested.clone(),
            format!("{{\"data\":{{\"ignored\":{nested}}}}}"),
            format!("{{\"data\":[{{\"languages\":[{{\"extra\":{nested}}}]}}]}}"),
        ] {
            read_every_type(body.as_bytes()).expect("typed errors");
        }
    }
}

/// A one-route-per-path HTTP server on loopback that answers the API calls of a sync
/// with whatever bodies the test put in `answers`.
struct HostileServer {
    api_url: String,
    answers: Arc<Mutex<Answers>>,
}

#[derive(Default, Clone)]
struct Answers {
    summaries: (u16, String),
    all_time: (u16, String),
}

impl HostileServer {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let api_url = format!("http://{}/api/v1", listener.local_addr().unwrap());
        let answers = Arc::new(Mutex::new(Answers::default()));
        let shared = answers.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let shared = shared.clone();
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 2048];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let line = String::from_utf8_lossy(&head);
                    let path = line.split(' ').nth(1).unwrap_or_default().to_owned();
                    let answers = shared.lock().unwrap().clone();
                    let (status, body) = if path.contains("summaries") {
                        answers.summaries
                    } else if path.contains("all_time_since_today") {
                        answers.all_time
                    } else if path.ends_with("/users/current") {
                        (200, r#"{"data":{"id":"u-1","username":"ada"}}"#.to_owned())
                    } else {
                        (404, "{}".to_owned())
                    };
                    let response = format!(
                        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(response.as_bytes()).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        Self { api_url, answers }
    }
}

/// A day near `today`, with totals anywhere from zero to absurd.
fn hostile_day(today: time::Date) -> impl Strategy<Value = String> {
    (
        0i64..400,
        prop_oneof![Just(0.0), 0f64..100_000.0, 1e15f64..1e300, Just(-5.0)],
        prop::collection::vec(
            (
                prop::sample::select(vec![
                    "languages",
                    "projects",
                    "editors",
                    "operating_systems",
                    "categories",
                ]),
                "[a-zA-Z ]{0,6}",
                prop_oneof![0f64..100_000.0, 1e15f64..1e300, Just(-1.0)],
            ),
            0..12,
        ),
        any::<bool>(),
    )
        .prop_map(move |(back, total, items, date_in_start)| {
            let date = dates::format(dates::days_before(today, back));
            let range = if date_in_start {
                format!(r#"{{"start":"{date}T00:00:00Z"}}"#)
            } else {
                format!(r#"{{"date":"{date}"}}"#)
            };
            let mut dims: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
            for (dim, name, secs) in items {
                dims.entry(dim)
                    .or_default()
                    .push(format!(r#"{{"name":"{name}","total_seconds":{secs:e}}}"#));
            }
            let lists: String = dims
                .iter()
                .map(|(d, v)| format!(r#","{d}":[{}]"#, v.join(",")))
                .collect();
            format!(r#"{{"grand_total":{{"total_seconds":{total:e}}},"range":{range}{lists}}}"#)
        })
}

#[test]
fn a_server_answering_with_generated_bodies_never_breaks_sync_or_the_dashboard() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(HostileServer::start());
    let dir = tempfile::tempdir().unwrap();
    let db = wakadesk_core::db::SharedDatabase::new(
        wakadesk_core::db::Database::open_in(dir.path()).unwrap(),
    );
    let user = wakadesk_core::accounts::signup(
        &db,
        &wakadesk_core::accounts::SignupForm {
            email: "ada@example.com".into(),
            name: "Ada".into(),
            password: wakadesk_core::secret::Secret::from("analytical-engine"),
            student: None,
        },
        &wakadesk_core::clock::SystemClock,
    )
    .unwrap()
    .id;
    let vault = Arc::new(
        wakadesk_core::vault::TokenVault::from_key(
            &wakadesk_core::vault::TokenVault::generate_key(),
        )
        .unwrap(),
    );
    let clock = wakadesk_core::clock::TestClock::on(dates::parse("2026-11-25").unwrap());
    let oauth = wakadesk_core::connections::Connections::new(
        db.clone(),
        vault,
        wakadesk_core::connections::ConfigSource::Loaded(
            wakadesk_core::config::InstallDefaults::none(),
        ),
        Arc::new(wakadesk_core::clock::SystemClock),
    )
    .unwrap()
    .with_request_timeout(Duration::from_secs(5))
    .unwrap();
    runtime
        .block_on(oauth.connect_api_key(user, &server.api_url, &"key".into()))
        .expect("the hostile server accepts the key");
    let today = dates::parse("2026-11-25").unwrap();
    let policy = RetryPolicy {
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(2),
        rate_limit_retries: 1,
        failure_retries: 0,
        min_interval: Duration::ZERO,
    };
    let body = prop_oneof![
        3 => prop::collection::vec(hostile_day(today), 0..6)
            .prop_map(|days| format!(r#"{{"data":[{}]}}"#, days.join(","))),
        1 => json_value(),
    ];
    let status = prop::sample::select(vec![200u16, 200, 200, 202, 500, 404]);
    let all_time = prop_oneof![
        json_value().prop_map(|v| format!(r#"{{"data":{v}}}"#)),
        (0f64..1e300).prop_map(|s| format!(r#"{{"data":{{"total_seconds":{s:e},"text":"x"}}}}"#)),
    ];
    let mut runner = proptest::test_runner::TestRunner::new(config(300));
    runner
        .run(
            &(body, status.clone(), all_time, status),
            |(summaries, s_status, all_time, a_status)| {
                *server.answers.lock().unwrap() = Answers {
                    summaries: (s_status, summaries),
                    all_time: (a_status, all_time),
                };
                let synced = runtime.block_on(stats::sync(
                    &db,
                    &oauth.api(),
                    user,
                    &clock,
                    policy.clone(),
                    &|_| {},
                ));
                if let Err(e) = synced {
                    prop_assert!(
                        matches!(
                            e.code(),
                            "wakatime_response_invalid"
                                | "wakatime_server_error"
                                | "wakatime_not_available"
                        ),
                        "unexpected error: {} ({})",
                        e.code(),
                        e
                    );
                }
                for range in DashboardRange::ALL {
                    let d = stats::dashboard(&db.lock(), user, range, &clock)
                        .map_err(|e| TestCaseError::fail(format!("dashboard: {e}")))?;
                    prop_assert!(d.total.seconds >= 0, "negative total {}", d.total.seconds);
                    prop_assert!(d.series.iter().all(|s| s.seconds >= 0));
                }
                Ok(())
            },
        )
        .unwrap();
}
