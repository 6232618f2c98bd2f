//! The tray's refresh of today's figure: one small request (today's summaries in the
//! user's zone) when the cache is already in that zone and synced through today;
//! otherwise (no cache yet, a new day, a zone check due, a sync in parts unfinished)
//! the full [`sync`](super::sync), whose incremental form is two requests. Only today
//! is rewritten, so the days before keep what the last sync saved. One attempt: the
//! caller paces retries (the tray backs off when offline or rate limited).

use super::account_zone;
use super::dates;
use super::format::duration_text;
use super::retry::RetryPolicy;
use super::sync::{sync, SyncReport};
use super::sync_commit::{Kind, Writer};
use super::zone::UserZone;
use crate::clock::Clock;
use crate::connections::ApiAccess;
use crate::db::{daily_goal_table, daily_summary_table, sync_state_table};
use crate::db::{Database, SharedDatabase};
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

/// Today's coding as the tray shows it, from the cache, in the user's zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodayFigure {
    pub seconds: i64,
    /// "1 hr 12 mins".
    pub text: String,
    /// The daily goal, "2 hrs", when one is set.
    pub goal_text: Option<String>,
}

impl TodayFigure {
    /// "1 hr 12 mins / 2 hrs" with a goal, "1 hr 12 mins" without.
    pub fn label(&self) -> String {
        match &self.goal_text {
            Some(goal) => format!("{} / {goal}", self.text),
            None => self.text.clone(),
        }
    }
}

/// Today's figure for `user_id` from the cache.
pub fn figure(db: &Database, user_id: i64, clock: &dyn Clock) -> Result<TodayFigure> {
    let conn = db.conn();
    let state = sync_state_table::get(conn, user_id)?;
    let zone = account_zone::shown(conn, user_id, &state)?;
    let today = dates::format(dates::today(clock, &zone));
    let seconds = daily_summary_table::totals(conn, user_id, &today, &today)?
        .first()
        .map_or(0, |(_, s)| *s);
    let goal = daily_goal_table::get(conn, user_id)?;
    Ok(TodayFigure {
        seconds,
        text: duration_text(seconds),
        goal_text: goal.map(|minutes| duration_text(minutes * 60)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::test_cache::{self, at};

    #[test]
    fn the_figure_is_todays_in_the_users_zone_with_the_goal() {
        // 2026-11-30 is cached; it is today in Kolkata at 20:00 UTC on the 29th, and in
        // Los Angeles at 06:00 UTC on 1 December.
        for (zone, instant) in [
            ("UTC", "2026-11-30T12:00:00Z"),
            ("Asia/Kolkata", "2026-11-29T20:00:00Z"),
            ("America/Los_Angeles", "2026-12-01T06:00:00Z"),
        ] {
            let cache = test_cache::account(zone, None);
            cache.day("2026-11-29", &[("projects", "compiler", 3 * 3600)]);
            cache.day("2026-11-30", &[("projects", "compiler", 72 * 60)]);
            let clock = at(instant);
            let figure = figure(&cache.db, cache.user, &clock).unwrap();
            assert_eq!(figure.label(), "1 hr 12 mins", "{zone}");
            crate::db::daily_goal_table::set(cache.db.conn(), cache.user, 120, 0).unwrap();
            let figure = super::figure(&cache.db, cache.user, &clock).unwrap();
            assert_eq!(figure.seconds, 72 * 60);
            assert_eq!(figure.label(), "1 hr 12 mins / 2 hrs", "{zone}");
        }
    }

    #[test]
    fn a_day_without_coding_is_zero() {
        let cache = test_cache::account("UTC", None);
        cache.day("2026-11-29", &[("projects", "compiler", 3600)]);
        let figure = figure(&cache.db, cache.user, &at("2026-11-30T08:00:00Z")).unwrap();
        assert_eq!(figure.seconds, 0);
        assert_eq!(figure.label(), duration_text(0));
    }
}
