//! Memory with the dashboard open on two years of cached data (the All synced range,
//! drawn as a calendar). Reaching it takes a
//! logged-in, connected account, so for this figure the window is driven as the window
//! tests drive it: through WebDriver (`tauri-driver`), logging in by typing into the
//! form. The bare window is measured the same way, so both figures carry WebDriver's
//! automation session, and the ratio compares like with like.
//!
//! The account is made with wakadesk's core before the window starts: signed up,
//! connected to the local stand-in through the real OAuth flow, and synced for two years.
//! The window opens that same data directory, with the vault key given in
//! `WAKADESK_FERNET_KEY`, and the stand-in keeps serving while it runs, so the
//! dashboard's own sync on opening is the quick incremental one.

use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

use wakadesk_bench::setup::{self, Bench};
use wakadesk_e2e::{Session, TauriDriver};

use crate::process_tree::{self, ProcessMemory};

const WAIT: Duration = Duration::from_secs(60);

/// A year synced into a data directory, and the stand-in it came from, still serving.
pub struct YearOfData {
    bench: Bench,
    // Runs the stand-in; dropped after it.
    _runtime: tokio::runtime::Runtime,
}

impl YearOfData {
    pub fn prepare() -> Result<Self, String> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|e| format!("starting a runtime for the stand-in: {e}"))?;
        let bench = runtime.block_on(async {
            // Two years cached, as after a year of use: a first sync a year ago, then
            // the year since.
            let bench = setup::connected_account_with_days(730).await;
            let today = fake_wakatime::activity::today_utc();
            bench
                .sync(wakadesk_core::stats::dates::days_before(today, 365))
                .await
                .map_err(|e| format!("syncing the first year of activity: {e}"))?;
            // By the system's clock, as the window reads it: it opens on a cache synced
            // "just now", not one it must sync first.
            bench
                .sync_now()
                .await
                .map(|_| bench)
                .map_err(|e| format!("syncing the year since: {e}"))
        })?;
        Ok(Self {
            bench,
            _runtime: runtime,
        })
    }

    /// Keeps the account logged in on this computer, as "Keep me logged in" does: the
    /// window opens on it and the tray follows it.
    pub fn keep_logged_in(&self) -> Result<(), String> {
        use wakadesk_core::db::desktop_session_table::{self, SessionRow, KEPT};
        let row = SessionRow {
            user_id: self.bench.user_id,
            window_pid: None,
        };
        desktop_session_table::put(self.bench.db.lock().conn(), KEPT, &row, 0)
            .map_err(|e| format!("keeping the account logged in: {e}"))
    }

    /// The window's environment: this data directory, this vault key, this stand-in.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let fake = &self.bench.fake;
        vec![
            (
                "WAKADESK_DATA_DIR",
                self.bench.dir.path().display().to_string(),
            ),
            ("WAKADESK_FERNET_KEY", self.bench.key.expose().clone()),
            ("WAKATIME_CLIENT_ID", fake.client_id().to_owned()),
            ("WAKATIME_CLIENT_SECRET", fake.client_secret().to_owned()),
            ("WAKATIME_BASE_URL", fake.base_url()),
            ("WAKATIME_API_URL", fake.api_url()),
        ]
    }
}

/// wakadesk logged in, with the dashboard showing the whole year, after `settle`.
pub fn wakadesk_with_dashboard(
    binary: &Path,
    data: &YearOfData,
    settle: Duration,
) -> Result<Vec<ProcessMemory>, String> {
    wakadesk_e2e::wait_until_free(WAIT).map_err(|e| e.to_string())?;
    let env = data.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let driver = TauriDriver::start(&env).map_err(|e| e.to_string())?;
    let session = Session::start(&driver.url(), binary).map_err(|e| e.to_string())?;
    let steps = || -> wakadesk_e2e::Result<()> {
        session.wait_for_displayed("#login-form", WAIT)?;
        session.fill("#login-email", setup::EMAIL)?;
        session.fill("#login-password", setup::PASSWORD)?;
        session.find("#login-submit")?.click()?;
        session.wait_for_displayed("#dashboard", WAIT)?;
        session.wait_for_text("#last-synced", "Last synced just now", WAIT)?;
        session
            .find("#range-picker button[data-range=\"all_synced\"]")?
            .click()?;
        session.wait_until(WAIT, "the year's chart", |s| {
            let pressed = s.execute(
                "return document.querySelector('#range-picker button[data-range=\"all_synced\"]')\
                 .getAttribute('aria-pressed');",
                vec![],
            )?;
            Ok((pressed == "true").then_some(()))
        })
    };
    steps().map_err(|e| format!("opening the dashboard: {e}\n{}", driver.log()))?;
    thread::sleep(settle);
    let memory = memory_of_app(&driver, binary)?;
    let _ = session.close();
    Ok(memory)
}

/// The bare window's first screen under WebDriver, after `settle`.
pub fn bare_window(binary: &Path, settle: Duration) -> Result<Vec<ProcessMemory>, String> {
    let driver = TauriDriver::start(&[]).map_err(|e| e.to_string())?;
    let session = Session::start(&driver.url(), binary).map_err(|e| e.to_string())?;
    session
        .wait_until(WAIT, "the page to load", |s| {
            let state = s.execute("return document.readyState;", vec![])?;
            Ok((state == "complete").then_some(()))
        })
        .map_err(|e| e.to_string())?;
    thread::sleep(settle);
    let memory = memory_of_app(&driver, binary)?;
    let _ = session.close();
    Ok(memory)
}

/// The app's process tree: the descendant of `tauri-driver` running `binary`.
fn memory_of_app(driver: &TauriDriver, binary: &Path) -> Result<Vec<ProcessMemory>, String> {
    let wanted = binary.canonicalize().unwrap_or_else(|_| binary.to_owned());
    let app = process_tree::tree(driver.pid())
        .into_iter()
        .find(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).ok() == Some(PathBuf::from(&wanted))
        })
        .ok_or_else(|| format!("no process of {} under tauri-driver", wanted.display()))?;
    Ok(process_tree::memory_of_tree(app))
}
