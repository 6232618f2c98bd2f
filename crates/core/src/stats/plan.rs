//! Which days a sync asks for, in which requests. A first sync (or one whose cache is
//! in another zone than the user's) fetches the history again and replaces the cache:
//! a year, or as much as the plan serves, in one request on wakatime.com, or in parts
//! of at most three months, newest first, on a self-hosted server, where every day of
//! a request costs time. Later syncs fetch from the last synced day (it may have been
//! partial) through today, then whatever an interrupted sync in parts left.

use time::{Date, Duration};

use super::dates;
use crate::db::sync_state_table::SyncStateRow;

/// Days of history a first sync fetches, today included.
pub const HISTORY_DAYS: i64 = 365;
/// The most days asked for in one request (self-hosted servers cap it at 366).
pub const MAX_WINDOW_DAYS: i64 = 366;
/// The most days of one part of a sync in parts: three months.
pub const PART_DAYS: i64 = 92;

/// A span of days, both ends included.
pub type Window = (Date, Date);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Every cached day is replaced (by the first part to arrive).
    pub replace: bool,
    /// In order. The first is the newest, except that a resumed sync in parts first
    /// brings the recent days up to date.
    pub windows: Vec<Window>,
    /// Which windows continue a sync in parts, so that its progress is recorded.
    pub backfill_from: usize,
}

/// The oldest day a sync reaches back to: a year, or the plan's history.
pub fn oldest_day(today: Date, history_limit_days: Option<i64>) -> Date {
    let depth = history_limit_days.map_or(HISTORY_DAYS, |limit| limit.clamp(1, HISTORY_DAYS));
    dates::days_before(today, depth - 1)
}

/// What to fetch when the user's today is `today` in `zone`, given the cache's `state`;
/// `in_parts` for a server where long requests are slow.
pub fn plan(state: &SyncStateRow, zone: &str, today: Date, in_parts: bool) -> Plan {
    let oldest = oldest_day(today, state.history_limit_days);
    let synced = state.synced_through.as_deref().map(dates::parse);
    let same_zone = state.cache_zone.as_deref() == Some(zone);
    let last = match synced {
        Some(Ok(last)) if same_zone => last.clamp(oldest, today),
        _ => {
            return Plan {
                replace: true,
                windows: whole(oldest, today, in_parts),
                backfill_from: 0,
            }
        }
    };
    let mut windows = vec![(last, today)];
    let pending = state.backfill_next.as_deref().map(dates::parse);
    if let Some(Ok(next)) = pending {
        if next >= oldest {
            windows.extend(parts(oldest, next.min(today)));
        }
    }
    Plan {
        replace: false,
        windows,
        backfill_from: 1,
    }
}

/// `[start, end]` as one sync fetches it whole: in parts, or in as few requests as the
/// servers' cap allows (a year is one), oldest first.
fn whole(start: Date, end: Date, in_parts: bool) -> Vec<Window> {
    if in_parts {
        return parts(start, end);
    }
    let mut out = Vec::new();
    let mut to = end;
    while to >= start {
        let from = (to - Duration::days(MAX_WINDOW_DAYS - 1)).max(start);
        out.push((from, to));
        to = from - Duration::days(1);
    }
    out
}

/// `[start, end]` in parts of at most [`PART_DAYS`], newest first.
pub fn parts(start: Date, end: Date) -> Vec<Window> {
    let mut out = Vec::new();
    let mut to = end;
    while to >= start {
        let from = (to - Duration::days(PART_DAYS - 1)).max(start);
        out.push((from, to));
        to = from - Duration::days(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        dates::parse(text).unwrap()
    }

    fn state(through: Option<&str>, zone: Option<&str>) -> SyncStateRow {
        SyncStateRow {
            synced_through: through.map(str::to_owned),
            cache_zone: zone.map(str::to_owned),
            ..SyncStateRow::default()
        }
    }

    fn spans(plan: &Plan) -> Vec<(String, String)> {
        plan.windows
            .iter()
            .map(|(a, b)| (dates::format(*a), dates::format(*b)))
            .collect()
    }

    fn span(a: &str, b: &str) -> (String, String) {
        (a.to_owned(), b.to_owned())
    }

    #[test]
    fn a_first_sync_is_a_year_in_one_request_or_four_parts_newest_first() {
        let today = day("2028-03-01");
        let first = plan(&state(None, None), "UTC", today, false);
        assert!(first.replace);
        assert_eq!(
            spans(&first),
            [span("2027-03-03", "2028-03-01")],
            "365 days over a leap day"
        );
        let in_parts = plan(&state(None, None), "UTC", today, true);
        assert_eq!(
            spans(&in_parts),
            [
                span("2027-12-01", "2028-03-01"),
                span("2027-08-31", "2027-11-30"),
                span("2027-05-31", "2027-08-30"),
                span("2027-03-03", "2027-05-30"),
            ]
        );
        assert!(in_parts
            .windows
            .iter()
            .all(|(a, b)| (*b - *a).whole_days() < PART_DAYS));
    }

    #[test]
    fn later_syncs_resume_at_the_last_synced_day_never_before_a_year_nor_after_today() {
        let today = day("2028-03-01");
        let after = |through: &str| {
            spans(&plan(
                &state(Some(through), Some("UTC")),
                "UTC",
                today,
                false,
            ))
        };
        assert_eq!(after("2028-02-28"), [span("2028-02-28", "2028-03-01")]);
        assert_eq!(after("2020-01-01"), [span("2027-03-03", "2028-03-01")]);
        assert_eq!(
            after("2030-01-01"),
            [span("2028-03-01", "2028-03-01")],
            "a future mark"
        );
        let unreadable = plan(&state(Some("garbage"), Some("UTC")), "UTC", today, false);
        assert!(unreadable.replace, "an unreadable mark starts over");
    }

    #[test]
    fn a_cache_in_another_zone_or_in_none_is_fetched_again_and_replaced() {
        let today = day("2026-12-01");
        for cache in [None, Some("UTC")] {
            let p = plan(
                &state(Some("2026-12-01"), cache),
                "Asia/Kolkata",
                today,
                false,
            );
            assert!(p.replace, "{cache:?}");
            assert_eq!(spans(&p), [span("2025-12-02", "2026-12-01")], "{cache:?}");
        }
    }

    #[test]
    fn a_plans_history_limits_how_far_back_any_sync_asks() {
        let today = day("2026-12-01");
        let limited = SyncStateRow {
            history_limit_days: Some(14),
            ..state(None, None)
        };
        assert_eq!(
            spans(&plan(&limited, "UTC", today, false)),
            [span("2026-11-18", "2026-12-01")]
        );
        let behind = SyncStateRow {
            history_limit_days: Some(14),
            ..state(Some("2026-10-01"), Some("UTC"))
        };
        assert_eq!(
            spans(&plan(&behind, "UTC", today, false)),
            [span("2026-11-18", "2026-12-01")]
        );
    }

    #[test]
    fn an_interrupted_sync_in_parts_brings_today_up_to_date_then_continues_where_it_stopped() {
        let today = day("2026-12-02");
        let resumed = SyncStateRow {
            backfill_next: Some("2026-08-31".into()),
            ..state(Some("2026-12-01"), Some("UTC"))
        };
        let p = plan(&resumed, "UTC", today, true);
        assert!(!p.replace);
        assert_eq!(p.backfill_from, 1);
        assert_eq!(
            spans(&p),
            [
                span("2026-12-01", "2026-12-02"),
                span("2026-06-01", "2026-08-31"),
                span("2026-03-01", "2026-05-31"),
                span("2025-12-03", "2026-02-28"),
            ]
        );
        let long_after = SyncStateRow {
            backfill_next: Some("2025-01-01".into()),
            ..state(Some("2026-12-01"), Some("UTC"))
        };
        assert_eq!(
            plan(&long_after, "UTC", today, true).windows.len(),
            1,
            "what was pending has left the year"
        );
    }
}
