//! Bringing a user's stats cache up to date. The first sync fetches the last 365 days
//! in one summaries request (the API serves a year at once; self-hosted servers cap a
//! request at 366 days, which the window size respects); later syncs fetch only from
//! the last synced day through today. Then the all-time total. A failure leaves the
//! cache as it was and records what went wrong, for the dashboard to say.

use serde::Serialize;
use time::Date;

use super::dates;
use super::retry::{Pacer, RetryPolicy};
use crate::clock::Clock;
use crate::connections::ApiAccess;
use crate::db::daily_summary_table::{self, DayRow};
use crate::db::endpoint_snapshot_table;
use crate::db::sync_state_table::{self, SyncStateRow};
use crate::db::SharedDatabase;
use crate::wakatime::{Answer, DaySummary};
use crate::{Error, Result};

/// Days fetched by a first sync.
pub const HISTORY_DAYS: i64 = 365;
/// The most days asked for in one summaries request.
pub const MAX_WINDOW_DAYS: i64 = 366;
/// The most a day (or one entry of its breakdown) can count: 25 hours, the longest
/// day a clock change makes.
pub const MAX_DAY_SECONDS: i64 = 25 * 60 * 60;
/// Snapshot name of the all-time total.
pub const ALL_TIME: &str = "all_time_since_today";

/// Where a sync is, for a progress display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "camelCase")]
pub enum SyncStep {
    Summaries {
        from: String,
        to: String,
        window: u32,
        windows: u32,
    },
    AllTime,
    Saving,
}

/// What a finished sync did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    pub days_fetched: usize,
    pub requests: u32,
    /// Set when WakaTime is still calculating: cached figures stay, try again later.
    pub calculating_percent: Option<f64>,
}

/// Syncs `user_id`'s cache in `db` up to the user's today (see [`dates::today`]),
/// calling their API through `api`.
pub async fn sync(
    db: &SharedDatabase,
    api: &ApiAccess<'_>,
    user_id: i64,
    clock: &dyn Clock,
    policy: RetryPolicy,
    progress: &(dyn Fn(SyncStep) + Send + Sync),
) -> Result<SyncReport> {
    let started = clock.unix();
    let today = dates::today(clock);
    let state = sync_state_table::get(db.lock().conn(), user_id)?;
    match fetch(api, user_id, today, &state, policy, progress).await {
        Ok((days, mut report, all_time)) => {
            progress(SyncStep::Saving);
            let through = days
                .iter()
                .map(|d| d.date.clone())
                .max()
                .or(state.synced_through);
            db.lock().write(|tx| {
                daily_summary_table::replace_days(tx, user_id, &days, started)?;
                if let Some(body) = all_time {
                    endpoint_snapshot_table::put(tx, user_id, ALL_TIME, &body, started)?;
                }
                sync_state_table::put(
                    tx,
                    user_id,
                    &SyncStateRow {
                        synced_through: through,
                        last_success_at: Some(started),
                        last_attempt_at: Some(started),
                        last_problem: None,
                        calculating_percent: report.calculating_percent,
                    },
                )
            })?;
            report.days_fetched = days.len();
            Ok(report)
        }
        Err(e) => {
            // Disconnected meanwhile: the trigger already cleared the cache and state.
            if !matches!(e, Error::ReconnectNeeded | Error::NotConnected) {
                let failed = SyncStateRow {
                    last_attempt_at: Some(started),
                    last_problem: Some(e.to_string()),
                    ..state
                };
                sync_state_table::put(db.lock().conn(), user_id, &failed)?;
            }
            Err(e)
        }
    }
}

type Fetched = (Vec<DayRow>, SyncReport, Option<String>);

async fn fetch(
    api: &ApiAccess<'_>,
    user_id: i64,
    today: Date,
    state: &SyncStateRow,
    policy: RetryPolicy,
    progress: &(dyn Fn(SyncStep) + Send + Sync),
) -> Result<Fetched> {
    let windows = windows(first_day(state, today), today);
    let mut pacer = Pacer::new(policy);
    let mut report = SyncReport {
        days_fetched: 0,
        requests: 0,
        calculating_percent: None,
    };
    let mut days = Vec::new();
    for (i, (from, to)) in windows.iter().enumerate() {
        let (from, to) = (dates::format(*from), dates::format(*to));
        progress(SyncStep::Summaries {
            from: from.clone(),
            to: to.clone(),
            window: i as u32 + 1,
            windows: windows.len() as u32,
        });
        report.requests += 1;
        let answer = pacer
            .run(|| {
                api.with_endpoint(user_id, |wakatime| {
                    let (from, to) = (from.clone(), to.clone());
                    async move { wakatime.summaries(&from, &to).await }
                })
            })
            .await?;
        match answer {
            Answer::Ready(s) => days.extend(s.data.iter().filter_map(day_row)),
            Answer::Calculating { body, percent } => {
                report.calculating_percent = Some(percent.unwrap_or(0.0));
                days.extend(body.iter().flat_map(|s| s.data.iter()).filter_map(day_row));
            }
        }
    }
    progress(SyncStep::AllTime);
    report.requests += 1;
    let all_time = pacer
        .run(|| {
            api.with_endpoint(user_id, |wakatime| async move {
                wakatime.all_time_since_today().await
            })
        })
        .await;
    let all_time = match all_time {
        Ok(Answer::Ready(a)) => {
            Some(serde_json::json!({"total_seconds": a.total_seconds, "text": a.text}).to_string())
        }
        Ok(Answer::Calculating { percent, .. }) => {
            report
                .calculating_percent
                .get_or_insert(percent.unwrap_or(0.0));
            None
        }
        // Some servers lack this endpoint; the dashboard simply omits the figure.
        Err(Error::WakatimeNotAvailable { .. }) => None,
        Err(e) => return Err(e),
    };
    Ok((days, report, all_time))
}

/// The first day to fetch: a year back on the first sync, else the last synced day
/// (it may have been partial), never more than a year back nor after today.
fn first_day(state: &SyncStateRow, today: Date) -> Date {
    let oldest = dates::days_before(today, HISTORY_DAYS - 1);
    match state.synced_through.as_deref().map(dates::parse) {
        Some(Ok(last)) => last.clamp(oldest, today),
        _ => oldest,
    }
}

/// `[start, end]` cut into windows of at most [`MAX_WINDOW_DAYS`].
fn windows(start: Date, end: Date) -> Vec<(Date, Date)> {
    let mut out = Vec::new();
    let mut from = start;
    while from <= end {
        let to = (from + time::Duration::days(MAX_WINDOW_DAYS - 1)).min(end);
        out.push((from, to));
        from = to + time::Duration::days(1);
    }
    out
}

/// A day of the answer as a cache row; entries without a date are skipped.
fn day_row(day: &DaySummary) -> Option<DayRow> {
    let date = dates::format(dates::parse(day.date()?).ok()?);
    let items = day
        .breakdown
        .dimensions()
        .into_iter()
        .flat_map(|(dimension, items)| {
            items.iter().filter(|i| !i.name.is_empty()).map(move |i| {
                (
                    dimension.to_owned(),
                    i.name.clone(),
                    seconds(i.total_seconds),
                )
            })
        })
        .collect();
    Some(DayRow {
        date,
        total_seconds: seconds(day.grand_total.total_seconds),
        items,
    })
}

/// Seconds as cached: negative or non-numbers read as zero, and no day counts more
/// than [`MAX_DAY_SECONDS`], so a server's absurd figure cannot overflow a sum.
fn seconds(value: f64) -> i64 {
    if value.is_finite() && value > 0.0 {
        (value.round() as i64).min(MAX_DAY_SECONDS)
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_one_window_and_longer_spans_are_cut_at_366_days() {
        let end = dates::parse("2026-11-25").unwrap();
        assert_eq!(
            windows(dates::days_before(end, 364), end).len(),
            1,
            "365 days: one request"
        );
        let long = windows(dates::days_before(end, 800), end);
        assert_eq!(long.len(), 3);
        assert!(
            long.iter()
                .all(|(a, b)| (*b - *a).whole_days() < MAX_WINDOW_DAYS),
            "{long:?}"
        );
        assert_eq!(long.last().unwrap().1, end);
        assert!(
            windows(end, dates::days_before(end, 1)).is_empty(),
            "nothing to fetch"
        );
    }

    #[test]
    fn the_first_day_to_fetch_counts_back_a_year_or_resumes_at_the_last_synced_day() {
        let today = dates::parse("2028-03-01").unwrap();
        let after = |through: Option<&str>| {
            let state = SyncStateRow {
                synced_through: through.map(str::to_owned),
                ..SyncStateRow::default()
            };
            dates::format(first_day(&state, today))
        };
        assert_eq!(
            after(None),
            "2027-03-03",
            "365 days, today included, over a leap day"
        );
        assert_eq!(
            after(Some("2028-02-28")),
            "2028-02-28",
            "the last day again"
        );
        assert_eq!(
            after(Some("2020-01-01")),
            "2027-03-03",
            "never more than a year"
        );
        assert_eq!(after(Some("2030-01-01")), "2028-03-01", "never after today");
        assert_eq!(
            after(Some("garbage")),
            "2027-03-03",
            "an unreadable mark starts over"
        );
    }
}
