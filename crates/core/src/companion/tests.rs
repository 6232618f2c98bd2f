use super::autostart::{self, Autostart};
use super::goal_notice;
use super::prefs::{self, Pref, Prefs};
use super::session::{self, Holder};
use crate::db::daily_goal_table;
use crate::db::user_table::{self, NewUser};
use crate::stats::test_cache::{self, at};

fn second_user(cache: &test_cache::Cache) -> i64 {
    user_table::insert(
        cache.db.conn(),
        &NewUser {
            email: "bob@example.com",
            name: "Bob",
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$Ym9i",
            created_at: 0,
        },
    )
    .unwrap()
}

#[test]
fn the_tray_follows_the_running_window_then_the_kept_account_then_nobody() {
    let mut cache = test_cache::account("UTC", None);
    let (ada, bob) = (cache.user, second_user(&cache));
    let alive = |pid: u32| pid == 100;
    assert_eq!(session::followed(&cache.db, alive).unwrap(), None);

    session::logged_in(&mut cache.db, ada, 100, true, 1).unwrap();
    assert_eq!(
        session::followed(&cache.db, alive).unwrap(),
        Some((ada, Holder::Window))
    );
    // Bob logs in to the window without keeping: the window is his, Ada stays kept.
    session::logged_in(&mut cache.db, bob, 100, false, 2).unwrap();
    assert_eq!(
        session::followed(&cache.db, alive).unwrap(),
        Some((bob, Holder::Window))
    );
    assert_eq!(session::kept(&cache.db).unwrap(), Some(ada));
    // The window closes: Ada, kept, is followed again.
    session::window_closed(&cache.db, 100).unwrap();
    assert_eq!(
        session::followed(&cache.db, alive).unwrap(),
        Some((ada, Holder::Kept))
    );
    // A window that ended without saying so (its process is gone) holds nobody.
    session::logged_in(&mut cache.db, bob, 200, false, 3).unwrap();
    assert_eq!(
        session::followed(&cache.db, alive).unwrap(),
        Some((ada, Holder::Kept))
    );
}

#[test]
fn log_out_ends_the_kept_log_in_and_the_window_one() {
    let mut cache = test_cache::account("UTC", None);
    let ada = cache.user;
    session::logged_in(&mut cache.db, ada, 100, true, 1).unwrap();
    session::logged_out(&mut cache.db, ada, 100).unwrap();
    assert_eq!(session::followed(&cache.db, |_| true).unwrap(), None);
    assert_eq!(session::kept(&cache.db).unwrap(), None);
}

#[test]
fn another_account_logging_out_leaves_the_kept_one() {
    let mut cache = test_cache::account("UTC", None);
    let (ada, bob) = (cache.user, second_user(&cache));
    session::logged_in(&mut cache.db, ada, 100, true, 1).unwrap();
    session::logged_in(&mut cache.db, bob, 100, false, 2).unwrap();
    session::logged_out(&mut cache.db, bob, 100).unwrap();
    assert_eq!(session::kept(&cache.db).unwrap(), Some(ada));
}

#[test]
fn closing_to_the_tray_and_goal_notifications_are_on_until_turned_off() {
    let cache = test_cache::account("UTC", None);
    let on = Prefs {
        close_to_tray: true,
        goal_notifications: true,
    };
    assert_eq!(prefs::load(&cache.db).unwrap(), on);
    prefs::set(&cache.db, Pref::CloseToTray, false).unwrap();
    assert_eq!(
        prefs::load(&cache.db).unwrap(),
        Prefs {
            close_to_tray: false,
            ..on
        }
    );
    prefs::set(&cache.db, Pref::CloseToTray, true).unwrap();
    prefs::set(&cache.db, Pref::GoalNotifications, false).unwrap();
    assert!(!prefs::get(&cache.db, Pref::GoalNotifications).unwrap());
    assert!(prefs::get(&cache.db, Pref::CloseToTray).unwrap());
}

#[test]
fn the_autostart_entry_is_written_whole_and_removed() {
    let config = tempfile::tempdir().unwrap();
    let entry = Autostart::in_config_dir(config.path());
    assert!(!entry.is_enabled(), "off by default");
    entry.disable().expect("removing no entry is not an error");
    entry
        .enable(std::path::Path::new("/opt/wakadesk $1/wakadesk-tray"))
        .unwrap();
    let path = config.path().join("autostart").join(autostart::FILE_NAME);
    assert!(entry.is_enabled());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("[Desktop Entry]\n"), "{text}");
    assert!(text.contains("\nType=Application\n"), "{text}");
    assert!(
        text.contains("\nExec=\"/opt/wakadesk \\\\$1/wakadesk-tray\" --at-login\n"),
        "the program is quoted and `$` escaped: {text}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, [std::ffi::OsString::from(autostart::FILE_NAME)]);
    entry.disable().unwrap();
    assert!(!entry.is_enabled());
    assert!(!path.exists());
}

#[test]
fn an_autostart_folder_that_cannot_be_written_is_a_clear_error() {
    let config = tempfile::tempdir().unwrap();
    // A file where the folder should be.
    std::fs::write(config.path().join("autostart"), "").unwrap();
    let e = Autostart::in_config_dir(config.path())
        .enable(std::path::Path::new("/usr/bin/wakadesk-tray"))
        .unwrap_err();
    assert_eq!(e.code(), "autostart_unwritable");
    assert!(e.to_string().contains("autostart"), "{e}");
}

/// Ada in `zone`, a 60-minute goal, 70 minutes on each of the three days to
/// 2026-11-30 (her days).
fn goal_met_in(zone: &str) -> test_cache::Cache {
    let cache = test_cache::account(zone, None);
    for day in ["2026-11-28", "2026-11-29", "2026-11-30"] {
        cache.day(day, &[("projects", "compiler", 70 * 60)]);
    }
    daily_goal_table::set(cache.db.conn(), cache.user, 60, 0).unwrap();
    let mut state = crate::db::sync_state_table::get(cache.db.conn(), cache.user).unwrap();
    state.cache_zone = Some(zone.into());
    crate::db::sync_state_table::put(cache.db.conn(), cache.user, &state).unwrap();
    cache
}

#[test]
fn a_met_goal_is_announced_once_on_the_users_day() {
    for (zone, instant) in [
        ("UTC", "2026-11-30T12:00:00Z"),
        // 2026-11-30 in Kolkata, still the 29th in UTC.
        ("Asia/Kolkata", "2026-11-29T20:00:00Z"),
        // 2026-11-30 in Los Angeles, already December in UTC.
        ("America/Los_Angeles", "2026-12-01T06:00:00Z"),
    ] {
        let cache = goal_met_in(zone);
        let clock = at(instant);
        let notice = goal_notice::due(&cache.db, cache.user, &clock)
            .unwrap()
            .unwrap_or_else(|| panic!("the goal is met on the 30th in {zone}"));
        assert_eq!(notice.summary, "Goal met: 1 hr 10 mins today, 3-day streak");
        assert_eq!(notice.body, "Your daily goal is 1 hr.");
        assert_eq!(
            goal_notice::due(&cache.db, cache.user, &clock).unwrap(),
            None,
            "once a day ({zone})"
        );
    }
}

#[test]
fn no_notice_before_the_goal_is_met_nor_when_turned_off() {
    let cache = goal_met_in("UTC");
    // December 1st: nothing coded yet.
    let next_day = at("2026-12-01T09:00:00Z");
    assert_eq!(
        goal_notice::due(&cache.db, cache.user, &next_day).unwrap(),
        None
    );
    cache.day("2026-12-01", &[("projects", "compiler", 61 * 60)]);
    prefs::set(&cache.db, Pref::GoalNotifications, false).unwrap();
    assert_eq!(
        goal_notice::due(&cache.db, cache.user, &next_day).unwrap(),
        None
    );
    prefs::set(&cache.db, Pref::GoalNotifications, true).unwrap();
    let notice = goal_notice::due(&cache.db, cache.user, &next_day).unwrap();
    assert_eq!(
        notice.map(|n| n.summary).as_deref(),
        Some("Goal met: 1 hr 1 min today, 4-day streak")
    );
}
