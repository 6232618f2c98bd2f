//! The flavors imitating self-hosted WakaTime-compatible servers (Wakapi, Hackatime)
//! next to wakatime.com: where the API lives, which credentials open it, which
//! endpoints exist, and how long a summaries range may be.

use fake_wakatime::activity::{today_utc, StatsRange};
use fake_wakatime::{FakeWakatime, Flavor, Options, SELF_HOSTED_MAX_SUMMARY_DAYS};
use reqwest::StatusCode;
use serde_json::{json, Value};
use time::Duration;

use crate::support::*;

const SELF_HOSTED: [Flavor; 2] = [Flavor::Wakapi, Flavor::Hackatime];
const API_KEY: &str = "waka_flavor-test-key";

async fn start_flavor(flavor: Flavor) -> FakeWakatime {
    start(
        Options::default()
            .with_flavor(flavor)
            .with_api_key(Some(API_KEY.to_owned())),
    )
    .await
}

/// GET `api_url()` + `path` with `key` as the API key.
async fn key_get_as(fake: &FakeWakatime, path: &str, key: &str) -> (StatusCode, Value) {
    get_with_key(&format!("{}{path}", fake.api_url()), key).await
}

/// GET `api_url()` + `path` with the configured API key.
async fn key_get(fake: &FakeWakatime, path: &str) -> (StatusCode, Value) {
    key_get_as(fake, path, API_KEY).await
}

#[tokio::test]
async fn each_flavor_serves_its_api_under_its_prefix_and_nowhere_else() {
    let prefixes = ["/api/v1", "/api/compat/wakatime/v1", "/api/hackatime/v1"];
    for flavor in Flavor::ALL {
        let fake = start_flavor(flavor).await;
        assert_eq!(fake.flavor(), flavor, "the handle tells its flavor");
        assert_eq!(
            fake.api_url(),
            format!("{}{}", fake.base_url(), flavor.api_prefix()),
            "{flavor}: api_url is the base URL and the prefix"
        );
        for prefix in prefixes {
            let url = format!("{}{prefix}/users/current", fake.base_url());
            let (status, body) = get_with_key(&url, API_KEY).await;
            if prefix == flavor.api_prefix() {
                assert_eq!(status, StatusCode::OK, "{flavor}: served at {prefix}");
                assert_eq!(body["data"]["username"], "ada", "{flavor}: the profile");
            } else {
                assert_eq!(status, StatusCode::NOT_FOUND, "{flavor}: not at {prefix}");
            }
        }
    }
}

#[tokio::test]
async fn the_api_prefixes_are_those_of_the_real_servers() {
    assert_eq!(Flavor::Wakatime.api_prefix(), "/api/v1", "wakatime.com");
    assert_eq!(
        Flavor::Wakapi.api_prefix(),
        "/api/compat/wakatime/v1",
        "Wakapi"
    );
    assert_eq!(
        Flavor::Hackatime.api_prefix(),
        "/api/hackatime/v1",
        "Hackatime"
    );
    let fake = start(Options::default()).await;
    assert_eq!(fake.flavor(), Flavor::Wakatime, "wakatime.com by default");
}

#[tokio::test]
async fn a_basic_credential_that_is_not_the_api_key_is_401_on_every_flavor() {
    for flavor in Flavor::ALL {
        let fake = start_flavor(flavor).await;
        for key in ["waka_some-other-key", "", "waka_flavor-test-ke"] {
            let (status, body) = key_get_as(&fake, "/users/current", key).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{flavor}: key {key:?}");
            assert_eq!(
                body,
                json!({"error": "Unauthorized"}),
                "{flavor}: the JSON error"
            );
        }
        let (status, _) = key_get_as(&fake, "/users/current", &format!("{API_KEY}:")).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "{flavor}: base64(key:) accepted too"
        );
    }
}

#[tokio::test]
async fn self_hosted_flavors_refuse_bearer_tokens_with_401() {
    for flavor in SELF_HOSTED {
        let fake = start_flavor(flavor).await;
        let token = fake.grant_directly(&["read_stats"]).access_token;
        let today = today_utc();
        for path in [
            "/users/current".to_owned(),
            summaries_path(today, today),
            flavor.status_bar_path().to_owned(),
        ] {
            let (status, body) = api_get(&fake, &path, &token).await;
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{flavor}: Bearer on {path}"
            );
            assert_eq!(
                body,
                json!({"error": "Unauthorized"}),
                "{flavor}: the JSON error"
            );
        }
    }
}

#[tokio::test]
async fn self_hosted_flavors_have_no_oauth_endpoints() {
    for flavor in SELF_HOSTED {
        let fake = start_flavor(flavor).await;
        let authorize = authorize(&fake, &[]).await;
        assert_eq!(
            authorize.status(),
            StatusCode::NOT_FOUND,
            "{flavor}: no /oauth/authorize"
        );
        for endpoint in ["token", "revoke", "authorize/decision"] {
            let response = post_oauth(&fake, endpoint, &[]).await;
            assert_eq!(
                response.status(),
                StatusCode::NOT_FOUND,
                "{flavor}: no /oauth/{endpoint}"
            );
        }
    }
}

#[tokio::test]
async fn the_wakatime_flavor_keeps_oauth_and_bearer_tokens() {
    let fake = start(
        Options::default()
            .with_flavor(Flavor::Wakatime)
            .with_switches(|s| s.auto_approve = true),
    )
    .await;
    let code = obtain_code(&fake, &[]).await;
    let token = exchange(&fake, &code_form(&fake, &code)).await;
    let access_token = text(&token, "access_token");
    let (status, body) = api_get(&fake, "/users/current", &access_token).await;
    assert_eq!(status, StatusCode::OK, "Bearer accepted: {body}");
}

#[tokio::test]
async fn each_flavor_spells_the_status_bar_its_own_way() {
    let spellings = [
        "/users/current/status_bar/today",
        "/users/current/statusbar/today",
    ];
    for flavor in Flavor::ALL {
        let fake = start_flavor(flavor).await;
        let served = match flavor {
            Flavor::Wakatime => spellings[0],
            Flavor::Wakapi | Flavor::Hackatime => spellings[1],
        };
        assert_eq!(flavor.status_bar_path(), served, "{flavor}: the spelling");
        for path in spellings {
            let (status, body) = key_get(&fake, path).await;
            if path == served {
                assert_eq!(status, StatusCode::OK, "{flavor}: {path} served");
                assert!(body["data"]["grand_total"].is_object(), "{flavor}: a day");
            } else {
                assert_eq!(status, StatusCode::NOT_FOUND, "{flavor}: no {path}");
            }
        }
    }
}

#[tokio::test]
async fn wakapi_serves_every_stats_range_and_all_time_since_today() {
    let fake = start_flavor(Flavor::Wakapi).await;
    for range in StatsRange::ALL {
        let path = format!("/users/current/stats/{}", range.name());
        let (status, body) = key_get(&fake, &path).await;
        assert_eq!(status, StatusCode::OK, "{range:?} served: {body}");
        assert_eq!(body["data"]["range"], range.name(), "{range:?} data");
    }
    let (status, body) = key_get(&fake, "/users/current/all_time_since_today").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "all_time_since_today served: {body}"
    );
}

#[tokio::test]
async fn hackatime_serves_stats_only_for_last_7_days() {
    let fake = start_flavor(Flavor::Hackatime).await;
    for range in StatsRange::ALL {
        let path = format!("/users/current/stats/{}", range.name());
        let (status, body) = key_get(&fake, &path).await;
        if range == StatsRange::Last7Days {
            assert_eq!(status, StatusCode::OK, "last_7_days served: {body}");
            let activity = fake.activity();
            let today = activity.today();
            assert_eq!(
                number(&body["data"]["total_seconds"]),
                activity
                    .totals(today - Duration::days(7), today)
                    .total_seconds as f64,
                "the figures of today and the seven days before, as Hackatime counts"
            );
        } else {
            assert_eq!(status, StatusCode::NOT_FOUND, "{range:?} is 404");
        }
    }
}

#[tokio::test]
async fn hackatime_has_no_all_time_since_today() {
    let fake = start_flavor(Flavor::Hackatime).await;
    let (status, _) = key_get(&fake, "/users/current/all_time_since_today").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "all_time_since_today is 404");
}

#[tokio::test]
async fn self_hosted_summaries_are_capped_at_366_days() {
    let end = today_utc();
    let full = summaries_path(end - Duration::days(365), end);
    let over = summaries_path(end - Duration::days(366), end);
    for flavor in SELF_HOSTED {
        let fake = start_flavor(flavor).await;
        assert_eq!(
            fake.switches().max_summary_days,
            Some(SELF_HOSTED_MAX_SUMMARY_DAYS),
            "{flavor}: the cap is the switch's default"
        );
        let (status, body) = key_get(&fake, &full).await;
        assert_eq!(status, StatusCode::OK, "{flavor}: 366 days fit");
        assert_eq!(
            body["data"].as_array().map(Vec::len),
            Some(366),
            "{flavor}: all days"
        );
        let (status, body) = key_get(&fake, &over).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{flavor}: 367 days refused"
        );
        assert!(body["error"].is_string(), "{flavor}: JSON error: {body}");
    }
    let fake = start_flavor(Flavor::Wakatime).await;
    let (status, _) = key_get(&fake, &over).await;
    assert_eq!(status, StatusCode::OK, "wakatime.com has no cap");
}

#[tokio::test]
async fn a_summary_cap_set_at_start_wins_over_the_flavor_s() {
    let mut options = Options::default()
        .with_flavor(Flavor::Wakapi)
        .with_api_key(Some(API_KEY.to_owned()));
    options.switches.max_summary_days = Some(10);
    let fake = start(options).await;
    let end = today_utc();
    let (status, _) = key_get(&fake, &summaries_path(end - Duration::days(10), end)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "11 days exceed 10");
}

#[tokio::test]
async fn hackatime_summaries_need_both_start_and_end() {
    let fake = start_flavor(Flavor::Hackatime).await;
    let today = iso_date(today_utc());
    for query in [
        String::new(),
        format!("?start={today}"),
        format!("?end={today}"),
    ] {
        let (status, body) = key_get(&fake, &format!("/users/current/summaries{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query:?} refused");
        assert!(body["error"].is_string(), "{query:?}: JSON error: {body}");
    }
    let (status, _) = key_get(
        &fake,
        &format!("/users/current/summaries?start={today}&end={today}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "both given: served");
}

#[tokio::test]
async fn the_log_keeps_the_full_path_under_the_flavor_s_prefix() {
    let fake = start_flavor(Flavor::Wakapi).await;
    let today = today_utc();
    key_get(&fake, &summaries_path(today, today)).await;
    key_get(&fake, "/users/current/stats/last_7_days").await;
    let summaries = fake.requests_to("/api/compat/wakatime/v1/users/current/summaries");
    assert_eq!(
        summaries.len(),
        1,
        "the summaries request, by its full path"
    );
    assert_eq!(summaries[0].status, Some(200), "with its status");
    assert_eq!(
        summaries[0].authorization_scheme.as_deref(),
        Some("Basic"),
        "and its scheme"
    );
    assert_eq!(
        fake.requests_under(Flavor::Wakapi.api_prefix()).len(),
        2,
        "both API calls under the prefix"
    );
    assert_eq!(
        fake.requests_under("/api/compat/wakatime/v1/users/current/stats/")
            .len(),
        1,
        "the stats call under its own prefix"
    );
    assert!(
        fake.requests_under("/api/v1").is_empty(),
        "none under /api/v1"
    );
}
