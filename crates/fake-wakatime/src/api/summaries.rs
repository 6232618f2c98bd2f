//! `GET <api prefix>/users/current/summaries?start=&end=[&timezone=]`: one entry per
//! day in the zone the request is answered in. After the shared gate (401, injected
//! failures) come the refusals, in the real servers' order: 400 for missing or bad
//! dates, 400 "Invalid timezone" for a zone no server knows (wakatime and hackatime;
//! Wakapi ignores it), the plan's history limit (402, or 400/403 by switch), then the
//! length cap (400). A self-hosted server's per-day cost is a wait before answering.
//!
//! Zones: `start` and `end` are dates in the `timezone` parameter when the server
//! honours it, else in the account's zone. wakatime.com and Hackatime honour any IANA
//! name; older Wakapi releases ignore the parameter, newer ones honour a valid one
//! (`wakapi_honours_timezone`). The history limit counts back from today in that zone.

use std::sync::Arc;
use std::time::Duration as WaitTime;

use axum::extract::{OriginalUri, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use time::{Date, Duration};

use super::error;
use super::flavor::Flavor;
use super::json::{self, parse_date, Dialect};
use super::stats::gate;
use crate::control::switches::Switches;
use crate::oauth::form::pairs;
use crate::state::Shared;
use crate::zone::Zone;

pub(super) async fn summaries(
    State(shared): State<Arc<Shared>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(refusal) = gate(&shared, &headers, &uri) {
        return refusal;
    }
    let switches = shared.switches().clone();
    let params = pairs(query.unwrap_or_default().as_bytes());
    let param = |name: &str| {
        params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, v)| v.as_str())
    };
    let (start, end) = match summary_dates(param("start"), param("end")) {
        Ok(dates) => dates,
        Err(message) => return error(StatusCode::BAD_REQUEST, &message),
    };
    let zone = match answer_zone(shared.flavor, &switches, param("timezone")) {
        Ok(zone) => zone,
        Err(message) => return error(StatusCode::BAD_REQUEST, &message),
    };
    let now = shared.clock.now();
    let today = zone.date_at(now);
    if let Some(refusal) = history_refusal(&switches, start, today) {
        return refusal;
    }
    if let Some(message) = over_cap(start, end, switches.max_summary_days) {
        return error(StatusCode::BAD_REQUEST, &message);
    }
    let days = (end - start).whole_days() as u64 + 1;
    let wait = WaitTime::from_millis(switches.summary_day_delay_ms.saturating_mul(days));
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
    let wakapi = shared.flavor == Flavor::Wakapi;
    let dialect = Dialect {
        flavor: shared.flavor,
        zone_label: match &switches.wakapi_timezone_text {
            // Wakapi names its server's zone here, whatever zone the days are in.
            _ if !wakapi => zone.name().to_owned(),
            Some(text) => text.clone(),
            None => "UTC".to_owned(),
        },
        today,
        date_is_now: (wakapi && switches.wakapi_range_date_is_now).then_some(now),
        zone,
    };
    let days = shared.activity().days_in(start, end, &dialect.zone);
    let body = json::summaries(&days, start, end, &dialect);
    (StatusCode::OK, Json(body)).into_response()
}

/// `start` and `end`, both required, as `YYYY-MM-DD`, in order.
fn summary_dates(start: Option<&str>, end: Option<&str>) -> Result<(Date, Date), String> {
    let date = |name: &str, value: Option<&str>| match value {
        None => Err(format!("Missing {name} date: use {name}=YYYY-MM-DD.")),
        Some(value) => parse_date(value)
            .ok_or_else(|| format!("Invalid {name} date: {value} (use YYYY-MM-DD).")),
    };
    let (start, end) = (date("start", start)?, date("end", end)?);
    if start > end {
        return Err("The start date must be on or before the end date.".to_owned());
    }
    Ok((start, end))
}

/// The zone the days are counted in: the `timezone` asked for when this server honours
/// it, else the account's. An unknown zone is refused, except by Wakapi, which falls
/// back to the account's.
fn answer_zone(flavor: Flavor, switches: &Switches, asked: Option<&str>) -> Result<Zone, String> {
    let account = switches.timezone.clone();
    let Some(asked) = asked.filter(|name| !name.trim().is_empty()) else {
        return Ok(account);
    };
    match (flavor, Zone::named(asked)) {
        (Flavor::Wakapi, Ok(zone)) if switches.wakapi_honours_timezone => Ok(zone),
        (Flavor::Wakapi, _) => Ok(account),
        (_, Ok(zone)) => Ok(zone),
        (_, Err(_)) => Err("Invalid timezone".to_owned()),
    }
}

/// The plan's refusal of a `start` older than its history: the last `history_days`
/// days, today included, are served.
fn history_refusal(switches: &Switches, start: Date, today: Date) -> Option<Response> {
    let days = switches.history_days?;
    let oldest = today.checked_sub(Duration::days(i64::from(days) - 1))?;
    if start >= oldest {
        return None;
    }
    let status = StatusCode::from_u16(switches.history_refusal_status)
        .unwrap_or(StatusCode::PAYMENT_REQUIRED);
    let message = format!(
        "Requested range is outside your plan's range: the free plan includes the last \
         {days} days of history (from {}). Upgrade for older data.",
        json::format_date(oldest)
    );
    Some(error(status, &message))
}

/// Why `start..=end` is longer than `max_days`, if it is.
fn over_cap(start: Date, end: Date, max_days: Option<u32>) -> Option<String> {
    let days = (end - start).whole_days() + 1;
    let max = max_days?;
    (days > i64::from(max))
        .then(|| format!("Range too long: {days} days asked, at most {max} days per request."))
}
