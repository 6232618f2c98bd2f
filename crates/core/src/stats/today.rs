//! The tray's refresh of today's figure: one small request (today's summaries in the
//! user's zone) when the cache is already in that zone and synced through today;
//! otherwise (no cache yet, a new day, a zone check due, a sync in parts unfinished)
//! the full [`sync`](super::sync), whose incremental form is two requests. Only today
//! is rewritten, so the days before keep what the last sync saved. One attempt: the
//! caller paces retries (the tray backs off when offline or rate limited).

use super::account_zone;
use super::dates;
use super::retry::RetryPolicy;
use super::sync::{sync, SyncReport};
use super::sync_commit::{Kind, Writer};
use super::zone::UserZone;
use crate::clock::Clock;
use crate::connections::ApiAccess;
use crate::db::SharedDatabase;
use crate::wakatime::Answer;
use crate::Result;

/// Brings today up to date for `user_id` and says how many requests it took.
pub async fn refresh(
    db: &SharedDatabase,
    api: &ApiAccess<'_>,
    user_id: i64,
    clock: &dyn Clock,
) -> Result<SyncReport> {
    let mut writer = Writer::open(db, user_id, clock.unix())?;
    let zone = writer.state.cache_zone.as_deref().and_then(UserZone::named);
    let today_only = zone.filter(|zone| {
        let today = dates::format(dates::today(clock, zone));
        writer.state.synced_through.as_deref() == Some(today.as_str())
            && writer.state.backfill_next.is_none()
            && !account_zone::check_due(writer.stored_zone.as_ref(), clock.unix())
    });
    let Some(zone) = today_only else {
        let once = RetryPolicy {
            rate_limit_retries: 0,
            failure_retries: 0,
            ..RetryPolicy::default()
        };
        return sync(db, api, user_id, clock, once, &|_| {}).await;
    };
    let today = dates::today(clock, &zone);
    let day = dates::format(today);
    let name = zone.name().to_owned();
    let answer = api
        .with_endpoint(user_id, |wakatime| {
            let (day, name) = (day.clone(), name.clone());
            async move { wakatime.summaries(&day, &day, &name).await }
        })
        .await?;
    let (days, calculating) = match answer {
        Answer::Ready(s) => (s.data, None),
        Answer::Calculating { body, percent } => (
            body.map(|s| s.data).unwrap_or_default(),
            Some(percent.unwrap_or(0.0)),
        ),
    };
    let saved = writer.save_window(&days, &zone, (today, today), today, Kind::Recent, false)?;
    writer.finish(None, calculating)?;
    Ok(SyncReport {
        days_fetched: saved,
        requests: 1,
        calculating_percent: calculating,
    })
}
