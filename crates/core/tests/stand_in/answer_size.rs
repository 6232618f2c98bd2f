//! The cap on answers (`http::MAX_BODY_BYTES`) against the largest answer wakadesk
//! asks for: a year of summaries, from the stand-in, made as full as it can be.

use std::collections::BTreeMap;

use base64::Engine;
use fake_wakatime::{FakeWakatime, Options, DEFAULT_ACTIVITY_SEED};
use serde_json::Value;
use url::Url;
use wakadesk_core::http::MAX_BODY_BYTES;
use wakadesk_core::secret::Secret;
use wakadesk_core::wakatime::{Answer, Api, Auth, Endpoint};

/// The lists the stand-in fills (it sends `machines` and `dependencies` empty).
const LISTS: [&str; 5] = [
    "languages",
    "projects",
    "editors",
    "operating_systems",
    "categories",
];

/// The longest zone name there is, written into every day's `range.timezone`.
const ZONE: &str = "America/Argentina/ComodRivadavia";

/// `summaries` with every day coded and each list holding every name the year uses
/// in it, each item as long as the year's longest.
fn fullest(mut summaries: Value) -> Value {
    let days = summaries["data"].as_array().cloned().unwrap_or_default();
    let mut names: [BTreeMap<String, ()>; 5] = Default::default();
    let mut longest = Value::Null;
    let mut busiest = Value::Null;
    for day in &days {
        for (list, names) in LISTS.iter().zip(&mut names) {
            for item in day[*list].as_array().into_iter().flatten() {
                names.insert(item["name"].as_str().unwrap().to_owned(), ());
                if item.to_string().len() > longest.to_string().len() {
                    longest = item.clone();
                }
            }
        }
        if day.to_string().len() > busiest.to_string().len() {
            busiest = day.clone();
        }
    }
    for day in summaries["data"].as_array_mut().unwrap() {
        day["grand_total"] = busiest["grand_total"].clone();
        for (list, names) in LISTS.iter().zip(&names) {
            let items = names.keys().map(|name| {
                let mut item = longest.clone();
                item["name"] = name.as_str().into();
                item
            });
            day[*list] = Value::Array(items.collect());
        }
    }
    summaries
}

#[tokio::test]
async fn the_cap_on_answers_is_ten_times_the_fullest_year_of_summaries() {
    let fake = FakeWakatime::start(Options::default().with_activity(DEFAULT_ACTIVITY_SEED, 800))
        .await
        .unwrap();
    let end = fake.activity().today();
    let start = end - time::Duration::days(365);
    let (start, end) = (start.to_string(), end.to_string());
    let key = fake.api_key().unwrap().to_owned();
    let basic = base64::engine::general_purpose::STANDARD.encode(&key);
    let url = format!(
        "{}/users/current/summaries?start={start}&end={end}&timezone={ZONE}",
        fake.api_url()
    );
    let answer = reqwest::Client::new()
        .get(url)
        .header("Authorization", format!("Basic {basic}"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let year: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(year["data"].as_array().unwrap().len(), 366, "a whole year");
    let fullest = serde_json::to_vec(&fullest(year)).unwrap().len();
    println!(
        "a year of summaries: {} bytes as served, {fullest} bytes at its fullest; cap {MAX_BODY_BYTES}",
        answer.len()
    );
    assert!(
        (10 * fullest..=12 * fullest).contains(&MAX_BODY_BYTES),
        "the cap ({MAX_BODY_BYTES} bytes) is about ten times the fullest year ({fullest} bytes)"
    );

    let endpoint = Endpoint {
        api_url: Url::parse(&fake.api_url()).unwrap(),
        auth: Auth::ApiKey(Secret::new(key)),
    };
    let http = wakadesk_core::http::client();
    let read = Api::new(&http, endpoint)
        .summaries(&start, &end, ZONE)
        .await;
    assert!(
        matches!(read, Ok(Answer::Ready(ref s)) if s.data.len() == 366),
        "the app reads the year as served: {read:?}"
    );
}
