//! The coding figures under `<api prefix>/users/current/`: `summaries`,
//! `stats/{range}`, `status_bar/today` (`statusbar/today` on self-hosted flavors) and
//! `all_time_since_today` (not on Hackatime). A stats range the flavor lacks is 404
//! before anything else, like a route that does not exist. They share the real
//! server's failure modes, driven by the switches: a 401 without credentials first,
//! then the injected 429 (or 302) and 500 answers that count down, then the
//! per-endpoint ones (404 without stats, 402 for a premium range, 202 while
//! calculating, 400 for a bad or too long summaries range).

use std::sync::Arc;

use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use time::Date;

use super::activity::StatsRange;
use super::flavor::Flavor;
use super::json::{self, parse_date, CALCULATING_MESSAGE};
use super::{authenticate, error, not_found, unauthorized};
use crate::control::switches::InjectedFailure;
use crate::oauth::form::pairs;
use crate::oauth::{found, pages};
use crate::state::Shared;

pub(super) fn routes(flavor: Flavor) -> Router<Arc<Shared>> {
    let routes = Router::new()
        .route("/users/current/summaries", get(summaries))
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

async fn summaries(
    State(shared): State<Arc<Shared>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(refusal) = gate(&shared, &headers, &uri) {
        return refusal;
    }
    let max_days = shared.switches().max_summary_days;
    let (start, end) = match summary_dates(query.as_deref().unwrap_or_default(), max_days) {
        Ok(dates) => dates,
        Err(message) => return error(StatusCode::BAD_REQUEST, &message),
    };
    let days = shared.activity.days(start, end);
    let body = json::summaries(&days, start, end, shared.clock.today());
    (StatusCode::OK, Json(body)).into_response()
}

async fn stats(
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
    let user = &shared.registration.user;
    let totals = shared.activity.stats(range);
    let data = json::stats((&user.id, &user.username), range, &totals, calculating);
    answer(data, calculating)
}

async fn status_bar_today(
    State(shared): State<Arc<Shared>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    if let Some(refusal) = gate(&shared, &headers, &uri) {
        return refusal;
    }
    let today = shared.clock.today();
    let body = json!({
        "cached_at": json::iso8601(shared.clock.now()),
        "data": json::day_entry(&shared.activity.day(today), today),
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
    let totals = shared.activity.stats(StatsRange::AllTime);
    answer(
        json::all_time_since_today(&totals, calculating),
        calculating,
    )
}

/// Authentication, then the injected failures, each of which uses up one request of
/// its counter: the answer that refuses the request, if any. A request refused with
/// 401 uses up nothing.
fn gate(shared: &Shared, headers: &HeaderMap, uri: &Uri) -> Option<Response> {
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

/// `start` and `end` from the query, checked.
fn summary_dates(query: &str, max_days: Option<u32>) -> Result<(Date, Date), String> {
    let params = pairs(query.as_bytes());
    let date = |name: &str| match params.iter().find(|(key, _)| key == name) {
        None => Err(format!("Missing {name} date: use {name}=YYYY-MM-DD.")),
        Some((_, value)) => parse_date(value)
            .ok_or_else(|| format!("Invalid {name} date: {value} (use YYYY-MM-DD).")),
    };
    let (start, end) = (date("start")?, date("end")?);
    if start > end {
        return Err("The start date must be on or before the end date.".to_owned());
    }
    let days = (end - start).whole_days() + 1;
    match max_days {
        Some(max) if days > i64::from(max) => Err(format!(
            "Range too long: {days} days asked, at most {max} days per request."
        )),
        _ => Ok((start, end)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_dates_need_both_ends_in_order() {
        let week = summary_dates("start=2025-03-01&end=2025-03-07", None).expect("a week");
        assert_eq!((week.1 - week.0).whole_days(), 6, "a valid week");
        for query in [
            "",
            "start=2025-03-01",
            "end=2025-03-07",
            "start=2025-03-08&end=2025-03-07",
            "start=yesterday&end=2025-03-07",
        ] {
            assert!(summary_dates(query, None).is_err(), "{query:?} refused");
        }
    }

    #[test]
    fn the_summary_day_limit_counts_both_ends() {
        let query = "start=2025-01-01&end=2025-01-10";
        assert!(
            summary_dates(query, Some(10)).is_ok(),
            "ten days fit in ten"
        );
        assert!(
            summary_dates(query, Some(9)).is_err(),
            "ten days exceed nine"
        );
    }
}
