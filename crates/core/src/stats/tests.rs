//! Figures from a cache written directly, and the cache's life cycle.

use time::macros::datetime;
use time::Duration;

use super::dates;
use super::figures::{dashboard, TOP_ITEMS};
use super::range::DashboardRange;
use super::sync::ALL_TIME;
use crate::clock::{Clock, TestClock};
use crate::db::daily_summary_table::{self, DayRow};
use crate::db::endpoint_snapshot_table;
use crate::db::sync_state_table::{self, SyncStateRow};
use crate::db::user_table::{self, NewUser};
use crate::db::wakatime_zone_table::{self, ZoneRow};
use crate::db::Database;

fn setup() -> (tempfile::TempDir, Database, i64) {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open_in(dir.path()).unwrap();
    let id = user_table::insert(
        db.conn(),
        &NewUser {
            email: "a@example.com",
            name: "A",
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
            created_at: 0,
        },
    )
    .unwrap();
    // The account's days are UTC days, whatever this machine's zone.
    let utc = ZoneRow {
        zone: "UTC".into(),
        checked_at: 0,
        answer_label: None,
    };
    wakatime_zone_table::put(db.conn(), id, &utc).unwrap();
    (dir, db, id)
}

/// A clock at noon UTC of `date` (`YYYY-MM-DD`).
fn on(date: &str) -> TestClock {
    TestClock::on(dates::parse(date).unwrap())
}

fn day(date: &str, items: &[(&str, &str, i64)]) -> DayRow {
    let languages: i64 = items
        .iter()
        .filter(|i| i.0 == "languages")
        .map(|i| i.2)
        .sum();
    DayRow {
        date: date.into(),
        total_seconds: languages,
        items: items
            .iter()
            .map(|(d, n, s)| (d.to_string(), n.to_string(), *s))
            .collect(),
    }
}

#[test]
fn the_dashboard_sums_the_range_and_fills_missing_days_with_zero() {
    let (_d, db, user) = setup();
    let today = on("2026-11-25");
    let days = vec![
        day(
            "2026-11-25",
            &[("languages", "Rust", 3600), ("projects", "wakadesk", 3600)],
        ),
        day(
            "2026-11-23",
            &[
                ("languages", "Rust", 1800),
                ("languages", "Python", 3600),
                ("projects", "x", 5400),
            ],
        ),
        // Outside the 7-day range:
        day("2026-11-10", &[("languages", "Go", 99_999)]),
    ];
    daily_summary_table::replace_days(db.conn(), user, &days, 0).unwrap();
    let d = dashboard(&db, user, DashboardRange::Last7Days, &today).unwrap();
    assert_eq!(d.start, "2026-11-19");
    assert_eq!(d.series.len(), 7, "one entry per day");
    assert_eq!(
        d.series.iter().filter(|s| s.seconds == 0).count(),
        5,
        "missing days are zero"
    );
    assert_eq!(d.total.seconds, 3600 + 5400);
    assert_eq!(d.total.text, "2 hrs 30 mins");
    assert_eq!(d.daily_average.seconds, 9000 / 7);
    assert_eq!(d.today.seconds, 3600);
    let best = d.best_day.unwrap();
    assert_eq!((best.date.as_str(), best.seconds), ("2026-11-23", 5400));
    let names: Vec<_> = d
        .languages
        .iter()
        .map(|l| (l.name.as_str(), l.seconds, l.percent))
        .collect();
    assert_eq!(
        names,
        vec![("Rust", 5400, 60.0), ("Python", 3600, 40.0)],
        "sorted, with percent"
    );
    assert!(d.sync.empty, "never synced");
}

#[test]
fn small_entries_beyond_the_top_ones_become_other() {
    let (_d, db, user) = setup();
    let today = on("2026-11-25");
    let names: Vec<String> = (0..TOP_ITEMS + 3).map(|i| format!("lang{i:02}")).collect();
    let items: Vec<(&str, &str, i64)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| ("languages", n.as_str(), 1000 - i as i64))
        .collect();
    daily_summary_table::replace_days(db.conn(), user, &[day("2026-11-25", &items)], 0).unwrap();
    let d = dashboard(&db, user, DashboardRange::Last30Days, &today).unwrap();
    assert_eq!(d.languages.len(), TOP_ITEMS + 1);
    let other = d.languages.last().unwrap();
    assert_eq!(other.name, "Other");
    assert_eq!(other.seconds, (1000 - 8) + (1000 - 9) + (1000 - 10));
    let sum: f64 = d.languages.iter().map(|l| l.percent).sum();
    assert!((sum - 100.0).abs() < 0.1, "percentages add up: {sum}");
}

#[test]
fn an_empty_account_has_zero_figures_and_no_best_day() {
    let (_d, db, user) = setup();
    let d = dashboard(&db, user, DashboardRange::LastYear, &on("2026-11-25")).unwrap();
    assert_eq!(d.series.len(), 365);
    assert_eq!(d.total.seconds, 0);
    assert_eq!(d.total.text, "0 secs");
    assert!(d.best_day.is_none() && d.languages.is_empty());
}

#[test]
fn clearing_the_access_token_clears_the_users_stats_cache() {
    let (_d, db, user) = setup();
    db.conn()
        .execute(
            "UPDATE user SET wakatime_access_token_encrypted = 'gAAAA' WHERE id = ?1",
            [user],
        )
        .unwrap();
    daily_summary_table::replace_days(
        db.conn(),
        user,
        &[day("2026-11-25", &[("languages", "Rust", 60)])],
        0,
    )
    .unwrap();
    sync_state_table::put(
        db.conn(),
        user,
        &SyncStateRow {
            last_success_at: Some(1),
            ..Default::default()
        },
    )
    .unwrap();
    crate::db::user_table::clear_connection(db.conn(), user).unwrap();
    let count = |t: &str| -> i64 {
        db.conn()
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(
        (
            count("daily_total"),
            count("daily_item"),
            count("sync_state")
        ),
        (0, 0, 0),
        "cache forgotten"
    );
}

#[test]
fn deleting_a_user_deletes_their_cache() {
    let (_d, db, user) = setup();
    daily_summary_table::replace_days(
        db.conn(),
        user,
        &[day("2026-11-25", &[("languages", "Rust", 60)])],
        0,
    )
    .unwrap();
    db.conn()
        .execute("DELETE FROM user WHERE id = ?1", [user])
        .unwrap();
    let n: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM daily_item", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn at_pinned_instants_each_range_ends_on_the_clocks_day_and_counts_back_its_length() {
    let (_d, db, user) = setup();
    for (instant, range, start, end) in [
        (
            datetime!(2026-11-25 23:59:59 UTC),
            DashboardRange::Last7Days,
            "2026-11-19",
            "2026-11-25",
        ),
        (
            datetime!(2026-11-26 00:00 UTC),
            DashboardRange::Last7Days,
            "2026-11-20",
            "2026-11-26",
        ),
        (
            datetime!(2028-03-01 08:00 UTC),
            DashboardRange::Last30Days,
            "2028-02-01",
            "2028-03-01",
        ),
        (
            datetime!(2028-03-01 08:00 UTC),
            DashboardRange::Last6Months,
            "2027-09-01",
            "2028-03-01",
        ),
        (
            datetime!(2028-03-01 08:00 UTC),
            DashboardRange::LastYear,
            "2027-03-03",
            "2028-03-01",
        ),
    ] {
        let d = dashboard(&db, user, range, &TestClock::at(instant)).unwrap();
        assert_eq!(
            (d.start.as_str(), d.end.as_str()),
            (start, end),
            "{range:?} at {instant}"
        );
        assert_eq!(
            Some(d.series.len() as i64),
            range.days(),
            "{range:?} at {instant}"
        );
    }
}

#[test]
fn a_cache_is_due_for_a_sync_once_older_than_the_maximum_age() {
    let (_d, db, user) = setup();
    let clock = TestClock::at(datetime!(2026-11-25 12:00 UTC));
    let info = |db: &Database| {
        dashboard(db, user, DashboardRange::Last7Days, &clock)
            .unwrap()
            .sync
    };
    assert!(info(&db).is_due(&clock, 3600), "never synced");
    sync_state_table::put(
        db.conn(),
        user,
        &SyncStateRow {
            last_success_at: Some(clock.unix()),
            ..Default::default()
        },
    )
    .unwrap();
    clock.advance(Duration::seconds(3600));
    assert!(!info(&db).is_due(&clock, 3600), "exactly the maximum age");
    clock.advance(Duration::seconds(1));
    assert!(info(&db).is_due(&clock, 3600), "a second older");
    assert!(!info(&db).is_due(&clock, 7200), "within a longer maximum");
}

#[test]
fn an_all_time_answer_without_text_is_written_from_its_seconds() {
    let (_d, db, user) = setup();
    for (body, shown) in [
        (r#"{"total_seconds":7260.0,"text":""}"#, Some("2 hrs 1 min")),
        (r#"{"total_seconds":45}"#, Some("45 secs")),
        (
            r#"{"total_seconds":7260.0,"text":"121 hrs"}"#,
            Some("121 hrs"),
        ),
        (r#"{"total_seconds":null,"text":null}"#, None),
    ] {
        endpoint_snapshot_table::put(db.conn(), user, ALL_TIME, body, 0).unwrap();
        let d = dashboard(&db, user, DashboardRange::Last7Days, &on("2026-11-25")).unwrap();
        assert_eq!(d.all_time.as_deref(), shown, "{body}");
    }
}

#[test]
fn the_dashboards_new_keys_are_camel_case_beside_the_old_ones() {
    let (_d, db, user) = setup();
    let d = dashboard(&db, user, DashboardRange::Last7Days, &on("2026-11-25")).unwrap();
    let json = serde_json::to_value(&d).unwrap();
    for key in [
        "range",
        "start",
        "end",
        "total",
        "dailyAverage",
        "today",
        "bestDay",
        "series",
        "languages",
        "projects",
        "editors",
        "operatingSystems",
        "allTime",
        "sync",
        "timezone",
        "historyLimitDays",
        "beyondHistory",
        "historyNote",
        "unreported",
    ] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    for key in [
        "empty",
        "coversRange",
        "lastSuccessAt",
        "lastSyncedText",
        "lastAttemptAt",
        "problem",
        "calculatingPercent",
        "backfillPending",
    ] {
        assert!(json["sync"].get(key).is_some(), "sync.{key} in {json}");
    }
    assert_eq!(json["range"], "last_7_days");
    assert_eq!(json["timezone"], "UTC");
}
