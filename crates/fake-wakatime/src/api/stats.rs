//! The coding figures under `<api prefix>/users/current/`: `summaries` (its own
//! module), `stats/{range}`, `status_bar/today` (`statusbar/today` on self-hosted
//! flavors) and `all_time_since_today` (not on Hackatime), all in the account's zone.
//! A stats range the flavor lacks is 404 before anything else, like a route that does
//! not exist. They share the real server's failure modes, driven by the switches: a
//! 401 without credentials first, then the injected 429 (or 302) and 500 answers that
//! count down, then the per-endpoint ones (404 without stats, 402 for a premium range,
//! 202 while calculating). Hackatime writes its status bar and its one stats range its
//! own way (`hackatime`).

use std::sync::Arc;

use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::activity::StatsRange;
use super::flavor::Flavor;
use super::json::{self, Dialect, CALCULATING_MESSAGE};
use super::{authenticate, error, hackatime, not_found, summaries, unauthorized};
use crate::control::switches::InjectedFailure;
use crate::oauth::{found, pages};
use crate::state::Shared;

pub(super) fn routes(flavor: Flavor) -> Router<Arc<Shared>> {
    let routes = Router::new()
        .route("/users/current/summaries", get(summaries::summaries))
        .route("/users/current/stats/{range}", get(stats))
        .route(flavor.status_bar_path(), get(status_bar_today));
    if !flavor.serves_all_time_since_today() {
        return routes;
    }
    routes.route(
        "/users/current/all_time_since_today",
        get(all_time_since_today),
    )
}

pub(super) async fn stats(
    State(shared): State<Arc<Shared>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Path(range): Path<String>,
) -> Response {
    if !shared.flavor.serves_stats_range(&range) {
        return not_found().await;
    }
    if let Some(refusal) = gate(&shared, &headers, &uri) {
        return refusal;
    }
    let (missing_stats, plan_limited, calculating) = {
        let switches = shared.switches();
        let plan_limited = switches.plan_limited_ranges.contains(&range);
        (
            switches.missing_stats,
            plan_limited,
            switches.calculating_percent,
        )
    };
    let range = match StatsRange::from_name(&range) {
        Some(range) if !missing_stats => range,
        _ => return not_found().await,
    };
    if plan_limited {
        return error(
            StatusCode::PAYMENT_REQUIRED,
            "This range requires a premium plan",
        );
    }
    let activity = shared.activity();
    if shared.flavor == Flavor::Hackatime {
        return hackatime::last_7_days(&shared.registration.user, &activity);
    }
    let user = &shared.registration.user;
    let totals = activity.stats(range);
    let zone = activity.zone();
    let data = json::stats(
        (&user.id, &user.username),
        (range, zone),
        &totals,
        calculating,
    );
    answer(data, calculating)
}

pub(super) async fn status_bar_today(
    State(shared): State<Arc<Shared>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    if let Some(refusal) = gate(&shared, &headers, &uri) {
        return refusal;
    }
    let activity = shared.activity();
    let today = activity.day(activity.today());
    if shared.flavor == Flavor::Hackatime {
        return hackatime::status_bar(&today);
    }
    let dialect = Dialect {
        flavor: shared.flavor,
        zone_label: activity.zone().name().to_owned(),
        zone: activity.zone().clone(),
        today: today.date,
        date_is_now: None,
    };
    let body = json!({
        "cached_at": json::iso8601(shared.clock.now()),
        "data": json::day_entry(&today, &dialect),
    });
    (StatusCode::OK, Json(body)).into_response()
}

async fn all_time_since_today(
    State(shared): State<Arc<Shared>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    if let Some(refusal) = gate(&shared, &headers, &uri) {
        return refusal;
    }
    let calculating = shared.switches().calculating_percent;
    let activity = shared.activity();
    let totals = activity.stats(StatsRange::AllTime);
    let data = json::all_time_since_today(&totals, activity.zone(), calculating);
    answer(data, calculating)
}

/// Authentication, then the injected failures, each of which uses up one request of
/// its counter: the answer that refuses the request, if any. A request refused with
/// 401 uses up nothing.
pub(super) fn gate(shared: &Shared, headers: &HeaderMap, uri: &Uri) -> Option<Response> {
    if authenticate(shared, headers).is_none() {
        return Some(unauthorized());
    }
    let failure = shared.switches().take_injected_failure()?;
    Some(match failure {
        InjectedFailure::RateLimited => error(StatusCode::TOO_MANY_REQUESTS, "Rate limited"),
        InjectedFailure::RateLimitedByRedirect => {
            found(uri.path_and_query().map_or(uri.path(), |pq| pq.as_str()))
        }
        InjectedFailure::ServerError => pages::server_error(),
    })
}

/// 200 with `data`; while calculating, 202 with `message` next to `data` and inside
/// it, where clients look for it.
fn answer(mut data: Value, calculating: Option<u8>) -> Response {
    if calculating.is_none() {
        return (StatusCode::OK, Json(json!({"data": data}))).into_response();
    }
    data["message"] = json!(CALCULATING_MESSAGE);
    let body = json!({"data": data, "message": CALCULATING_MESSAGE});
    (StatusCode::ACCEPTED, Json(body)).into_response()
}
