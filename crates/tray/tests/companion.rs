//! The tray program (`wakadesk-tray`) as a student meets it, with the real parts: a
//! private session bus with a tray host and a notification server the test provides,
//! the stand-in for WakaTime on loopback, and a real data folder. The account is kept
//! logged in as the window's "Keep me logged in" leaves it; the clocks are pinned.
//!
//! Bus names have one owner at a time, so the tests take turns (`bus_names_turn`).
#![cfg(target_os = "linux")]

use std::process::{Child, Command, ExitStatus};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_wakatime::{FakeWakatime, Options};
use test_support::{
    bus_names_turn, test_that_needs, FakeNotifications, FakeWatcher, ItemRef, MenuRow, FERNET_KEY,
};
use wakadesk_core::accounts::{self, SignupForm, StudentForm};
use wakadesk_core::clock::SystemClock;
use wakadesk_core::companion::session;
use wakadesk_core::config::{ClientCredentials, Source, WakatimeConfig};
use wakadesk_core::connections::{ConfigSource, Connections};
use wakadesk_core::db::{daily_goal_table, Database, SharedDatabase};
use wakadesk_core::secret::Secret;
use wakadesk_core::stats::{dates, format::duration_text};
use wakadesk_core::vault::TokenVault;

const WAIT: Duration = Duration::from_secs(10);
const NOW: &str = "2026-11-30T15:00:00Z";
/// 20:30 in Kolkata: the tray's today is the account's, not UTC's.
const ZONE: &str = "Asia/Kolkata";

/// The tray program, killed if the test ends before it does.
struct TrayProcess(Child);

impl TrayProcess {
    fn start(data: &std::path::Path, fake: &FakeWakatime) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_wakadesk-tray"))
            .env("WAKADESK_DATA_DIR", data)
            .env("WAKADESK_FERNET_KEY", FERNET_KEY)
            .env("WAKADESK_NOW", NOW)
            .env("WAKADESK_SYSTEM_CONFIG", data.join("no-system-file.toml"))
            .env("WAKATIME_CLIENT_ID", fake.client_id())
            .env("WAKATIME_CLIENT_SECRET", fake.client_secret())
            .env("WAKATIME_BASE_URL", fake.base_url())
            .env("WAKATIME_API_URL", fake.api_url())
            .spawn()
            .expect("the tray program starts");
        TrayProcess(child)
    }

    /// Its exit within `within`, if it exited.
    fn exit(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.0.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for TrayProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A data folder with Ada, a student connected by API key to `fake`.
struct Student {
    dir: tempfile::TempDir,
    db: SharedDatabase,
    user_id: i64,
}

async fn student(fake: &FakeWakatime) -> Student {
    let dir = tempfile::tempdir().unwrap();
    let db = SharedDatabase::new(Database::open_in(dir.path()).unwrap());
    let account = accounts::signup(
        &db,
        &SignupForm {
            email: "ada@example.com".into(),
            name: "Ada Lovelace".into(),
            password: Secret::from("analytical-engine"),
            student: Some(StudentForm {
                batch: "2026-A".into(),
                project: "Compiler".into(),
            }),
        },
        &SystemClock,
    )
    .unwrap();
    let vault = TokenVault::from_key(&Secret::from(FERNET_KEY)).unwrap();
    let config = WakatimeConfig::fixed(
        Some(ClientCredentials {
            id: fake.client_id().to_owned(),
            secret: Arc::new(Secret::from(fake.client_secret())),
            source: Source::Settings,
        }),
        url::Url::parse(&fake.base_url()).unwrap(),
        url::Url::parse(&fake.api_url()).unwrap(),
    );
    let connections = Connections::new(
        db.clone(),
        Arc::new(vault),
        ConfigSource::Fixed(Box::new(config)),
        Arc::new(SystemClock),
    )
    .unwrap();
    let key = Secret::from(fake.api_key().expect("the stand-in has an API key"));
    connections
        .connect_api_key(account.id, &fake.api_url(), &key)
        .await
        .expect("connected by API key");
    Student {
        dir,
        db,
        user_id: account.id,
    }
}

async fn stand_in() -> FakeWakatime {
    let options = Options::default().with_switches(|s| {
        s.timezone = ZONE.parse().unwrap();
    });
    let fake = FakeWakatime::start(options)
        .await
        .expect("the stand-in starts");
    let now =
        time::OffsetDateTime::parse(NOW, &time::format_description::well_known::Rfc3339).unwrap();
    fake.clock().set(now);
    fake
}

/// The item's label once it is `expected` (the first refresh has landed), or as it
/// is after [`WAIT`].
fn label_once(watcher: &FakeWatcher, item: &ItemRef, expected: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let label = watcher.label(item);
        if label == expected || Instant::now() > deadline {
            return label;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn lines(menu: &[MenuRow]) -> Vec<(String, bool)> {
    menu.iter()
        .filter(|row| !row.separator)
        .map(|row| (row.label.clone(), row.enabled))
        .collect()
}

fn summaries_requests(fake: &FakeWakatime) -> Vec<fake_wakatime::RecordedRequest> {
    fake.requests_under(fake.flavor().api_prefix())
        .into_iter()
        .filter(|r| r.path.ends_with("/summaries"))
        .collect()
}

test_that_needs! {
    "needs a D-Bus session bus; runs under CI=true scripts/test-session.sh or with --ignored",
    fn a_kept_student_sees_todays_time_and_goal_their_menu_and_one_goal_notification() {
        let _turn = bus_names_turn();
        let rt = tokio::runtime::Runtime::new().unwrap();
        let fake = rt.block_on(stand_in());
        let ada = rt.block_on(student(&fake));
        let today = fake.activity().today();
        assert_eq!(dates::format(today), "2026-11-30", "the account's today");
        let seconds = fake.activity().day(today).total_seconds as i64;
        assert!(seconds >= 120, "the stand-in coded today: {seconds} s");
        let goal_minutes = seconds / 60;
        {
            let mut db = ada.db.lock();
            daily_goal_table::set(db.conn(), ada.user_id, goal_minutes, 0).unwrap();
            // "Keep me logged in", by a window that has since closed.
            session::logged_in(&mut db, ada.user_id, u32::MAX - 1, true, 0).unwrap();
        }
        let watcher = FakeWatcher::start();
        let notifications = FakeNotifications::start();
        let mut tray = TrayProcess::start(ada.dir.path(), &fake);

        let item = watcher.wait_for_item(WAIT);
        let expected = format!(
            "{} / {}",
            duration_text(seconds),
            duration_text(goal_minutes * 60)
        );
        assert_eq!(label_once(&watcher, &item, &expected), expected);
        assert_eq!(
            lines(&watcher.menu(&item)),
            [
                ("Open wakadesk".to_owned(), true),
                ("Sync now".to_owned(), true),
                ("Ada Lovelace".to_owned(), false),
                ("Quit".to_owned(), true),
            ]
        );
        let shown = notifications.wait_for(WAIT);
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert_eq!(shown[0].app_name, "wakadesk");
        assert_eq!(
            shown[0].summary,
            format!("Goal met: {} today", duration_text(seconds))
        );

        // Sync now, on the same day: one request, for the account's today.
        fake.clear_requests();
        watcher.click(&item, 2);
        let deadline = Instant::now() + WAIT;
        while summaries_requests(&fake).is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(Duration::from_millis(500));
        let asked = fake.requests_under(fake.flavor().api_prefix());
        assert_eq!(asked.len(), 1, "one small request: {asked:?}");
        for (param, value) in [("start", "2026-11-30"), ("end", "2026-11-30"), ("timezone", ZONE)] {
            assert_eq!(asked[0].query_param(param).as_deref(), Some(value), "{param}");
        }
        assert_eq!(
            notifications.wait_for(Duration::from_millis(200)).len(),
            1,
            "the goal is announced once a day"
        );

        watcher.click(&item, 4);
        let status = tray.exit(WAIT).expect("Quit ends the tray");
        assert!(status.success(), "{status:?}");
    }
}

test_that_needs! {
    "needs a D-Bus session bus; runs under CI=true scripts/test-session.sh or with --ignored",
    fn with_nobody_logged_in_the_tray_offers_open_and_quit_and_asks_nothing() {
        let _turn = bus_names_turn();
        let rt = tokio::runtime::Runtime::new().unwrap();
        let fake = rt.block_on(stand_in());
        let ada = rt.block_on(student(&fake));
        fake.clear_requests();
        let watcher = FakeWatcher::start();
        let mut tray = TrayProcess::start(ada.dir.path(), &fake);
        let item = watcher.wait_for_item(WAIT);
        let deadline = Instant::now() + WAIT;
        while lines(&watcher.menu(&item)).len() != 2 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        assert_eq!(
            lines(&watcher.menu(&item)),
            [("Open wakadesk".to_owned(), true), ("Quit".to_owned(), true)]
        );
        assert_eq!(watcher.label(&item), "");
        std::thread::sleep(Duration::from_secs(1));
        assert!(
            fake.requests_under(fake.flavor().api_prefix()).is_empty(),
            "no requests while nobody is logged in"
        );
        // The tray host goes away and does not come back: the tray leaves too.
        watcher.stop();
        let status = tray
            .exit(Duration::from_secs(20))
            .expect("the tray ends once its host is gone for good");
        assert!(status.success(), "{status:?}");
    }
}

test_that_needs! {
    "needs a D-Bus session bus; runs under CI=true scripts/test-session.sh or with --ignored",
    fn without_a_tray_host_the_tray_does_not_stay() {
        let _turn = bus_names_turn();
        let rt = tokio::runtime::Runtime::new().unwrap();
        let fake = rt.block_on(stand_in());
        let ada = rt.block_on(student(&fake));
        let mut tray = TrayProcess::start(ada.dir.path(), &fake);
        let status = tray
            .exit(WAIT)
            .expect("no tray host: the tray program leaves at once");
        assert!(status.success(), "{status:?}");
        assert!(!wakadesk_tray::watcher::host_present().unwrap());
    }
}
