//! The tray program: today's coding time beside the clock, all day, for the student
//! logged in to the window or kept logged in on this computer.
//!
//! It starts only where it can be seen: with a tray host on the session bus (a
//! StatusNotifierWatcher) and "Keep wakadesk in the tray" on; otherwise it leaves at
//! once (at log-in, it opens the window instead, so the student still sees wakadesk).
//! It refreshes today's figure every 5 minutes with one small request
//! (`stats::today::refresh`), backs off when offline or rate limited, asks nothing
//! while nobody is followed or connected, and announces a met goal once a day. The
//! window tells it when something changed (`org.wakadesk.Tray.Reload`). A tray host
//! gone for good ends it: never a running app with no window and no icon.

mod menu;
mod schedule;
mod window;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use wakadesk_core::accounts;
use wakadesk_core::clock::{self, SharedClock};
use wakadesk_core::companion::autostart::AT_LOGIN_ARG;
use wakadesk_core::companion::prefs::{self, Pref};
use wakadesk_core::companion::{goal_notice, session};
use wakadesk_core::config::InstallDefaults;
use wakadesk_core::connections::{ConfigSource, Connections};
use wakadesk_core::db::{Database, SharedDatabase};
use wakadesk_core::stats::today;
use wakadesk_core::vault::{KeySource, TokenVault};
use wakadesk_core::{paths, Error};
use wakadesk_tray::{watcher, Pixmap, Tray, TrayConfig, TrayError, TrayEvent};

use menu::Followed;
use schedule::{Outcome, Schedule};

/// How long a start at log-in waits for the desktop's tray host to appear.
const HOST_WAIT_AT_LOGIN: Duration = Duration::from_secs(30);
/// How long a tray host may be gone (a panel restarting) before the tray leaves.
const HOST_GRACE: Duration = Duration::from_secs(10);
/// The longest the loop sleeps: who is followed and the day's figure are read again
/// at least this often (a window that ended without saying so, midnight).
const LOOK_AGAIN: Duration = Duration::from_secs(60);

pub fn run() -> ExitCode {
    let at_login = std::env::args().skip(1).any(|a| a == AT_LOGIN_ARG);
    match Companion::start(at_login) {
        Ok(Some(mut companion)) => companion.run(),
        Ok(None) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("wakadesk-tray: {message}");
            if at_login {
                window::open();
            }
            ExitCode::FAILURE
        }
    }
}

struct Companion {
    clock: SharedClock,
    db: SharedDatabase,
    /// Opened at the first refresh: the keyring is asked only when there is a
    /// connection to use.
    connections: Option<Connections>,
    runtime: tokio::runtime::Runtime,
    tray: Tray,
    events: std::sync::mpsc::Receiver<TrayEvent>,
    followed: Option<(i64, Followed)>,
    schedule: Schedule,
    next_refresh: Option<Instant>,
    /// The label and menu the item shows now: at start its title and no menu.
    shown: (String, Vec<wakadesk_tray::MenuEntry>),
    host_gone_since: Option<Instant>,
}

impl Companion {
    /// The tray, or None when it should not run here (no tray host, turned off, one
    /// already running).
    fn start(at_login: bool) -> Result<Option<Self>, String> {
        let clock = clock::from_env().map_err(|e| e.to_string())?;
        let dir = paths::data_dir().map_err(|e| e.to_string())?;
        let db = SharedDatabase::new(Database::open_in(&dir).map_err(|e| e.to_string())?);
        if !prefs::get(&db.lock(), Pref::CloseToTray).map_err(|e| e.to_string())? {
            if at_login {
                window::open();
            }
            return Ok(None);
        }
        if !host_appears(if at_login {
            HOST_WAIT_AT_LOGIN
        } else {
            Duration::ZERO
        }) {
            if at_login {
                window::open();
            }
            return Ok(None);
        }
        const TITLE: &str = "wakadesk";
        let config = TrayConfig {
            id: "wakadesk".into(),
            title: TITLE.into(),
            icon_name: installed_icon_name(),
            icon: Pixmap::app_icon(),
        };
        let (tray, events) = match Tray::start(config) {
            Ok(started) => started,
            Err(TrayError::AlreadyRunning) => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Some(Self {
            clock,
            db,
            connections: None,
            runtime,
            tray,
            events,
            followed: None,
            schedule: Schedule::default(),
            next_refresh: None,
            shown: (TITLE.into(), Vec::new()),
            host_gone_since: None,
        }))
    }

    fn run(&mut self) -> ExitCode {
        loop {
            self.look();
            if self.next_refresh.is_some_and(|at| at <= Instant::now()) {
                self.refresh();
                self.look();
            }
            let grace_left = self.host_gone_since.map_or(LOOK_AGAIN, |since| {
                HOST_GRACE.saturating_sub(since.elapsed())
            });
            let wait = self
                .next_refresh
                .map_or(LOOK_AGAIN, |at| {
                    at.saturating_duration_since(Instant::now())
                })
                .min(LOOK_AGAIN)
                .min(grace_left);
            match self.events.recv_timeout(wait) {
                Ok(TrayEvent::MenuClicked(menu::OPEN) | TrayEvent::Activated) => window::open(),
                Ok(TrayEvent::MenuClicked(menu::SYNC)) => self.next_refresh = Some(Instant::now()),
                Ok(TrayEvent::MenuClicked(menu::QUIT)) => {
                    window::quit();
                    return ExitCode::SUCCESS;
                }
                Ok(TrayEvent::MenuClicked(_)) => {}
                Ok(TrayEvent::Reload) => {
                    let on = prefs::get(&self.db.lock(), Pref::CloseToTray).unwrap_or(true);
                    if !on {
                        return ExitCode::SUCCESS;
                    }
                }
                Ok(TrayEvent::HostGone) => {
                    self.host_gone_since.get_or_insert_with(Instant::now);
                }
                Ok(TrayEvent::HostBack) => self.host_gone_since = None,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                // The session bus is gone: so is the session.
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return ExitCode::SUCCESS,
            }
            if self
                .host_gone_since
                .is_some_and(|since| since.elapsed() >= HOST_GRACE)
            {
                return ExitCode::SUCCESS;
            }
        }
    }

    /// Reads who is followed and today's figure, and shows them when they changed.
    fn look(&mut self) {
        let followed = self.follow().unwrap_or_else(|e| {
            eprintln!("wakadesk-tray: reading who is logged in: {}", e.code());
            None
        });
        let changed_user =
            followed.as_ref().map(|(id, _)| *id) != self.followed.as_ref().map(|(id, _)| *id);
        if changed_user {
            self.schedule = Schedule::default();
        }
        self.next_refresh = match &followed {
            Some((_, user)) if user.connected => {
                if changed_user || self.next_refresh.is_none() {
                    Some(Instant::now())
                } else {
                    self.next_refresh
                }
            }
            _ => None,
        };
        self.followed = followed;
        let label = match &self.followed {
            Some((id, user)) if user.connected => today::figure(&self.db.lock(), *id, &*self.clock)
                .map(|f| f.label())
                .unwrap_or_default(),
            Some(_) => "Not connected".into(),
            None => String::new(),
        };
        let entries = menu::entries(self.followed.as_ref().map(|(_, f)| f));
        if self.shown.0 != label {
            if let Err(e) = self.tray.set_label(&label) {
                eprintln!("wakadesk-tray: {e}");
            }
        }
        if self.shown.1 != entries {
            if let Err(e) = self.tray.set_menu(entries.clone()) {
                eprintln!("wakadesk-tray: {e}");
            }
        }
        self.shown = (label, entries);
    }

    fn follow(&self) -> wakadesk_core::Result<Option<(i64, Followed)>> {
        let db = self.db.lock();
        let Some((id, _)) = session::followed(&db, window::alive)? else {
            return Ok(None);
        };
        let account = accounts::get(&db, id)?;
        Ok(Some((
            id,
            Followed {
                name: account.name,
                connected: account.wakatime.connected,
            },
        )))
    }

    /// One refresh of today for the followed account, then the goal's notice.
    fn refresh(&mut self) {
        let Some((user_id, _)) = self.followed.clone() else {
            self.next_refresh = None;
            return;
        };
        let outcome = match self.open_connections() {
            Ok(()) => {
                let connections = self.connections.as_ref().expect("opened");
                let refreshed = self.runtime.block_on(today::refresh(
                    &self.db,
                    &connections.api(),
                    user_id,
                    &*self.clock,
                ));
                match refreshed {
                    Ok(_) => Outcome::Done,
                    // The connection was cleared: `look` sees it and stops asking.
                    Err(Error::ReconnectNeeded | Error::NotConnected) => Outcome::Done,
                    Err(e) => {
                        eprintln!("wakadesk-tray: refreshing today: {}", e.code());
                        Outcome::Failed
                    }
                }
            }
            Err(message) => {
                eprintln!("wakadesk-tray: {message}");
                Outcome::Failed
            }
        };
        self.next_refresh = Some(Instant::now() + self.schedule.after(outcome));
        let notice = goal_notice::due(&self.db.lock(), user_id, &*self.clock);
        match notice {
            Ok(Some(notice)) => {
                let shown = wakadesk_core::desktop::notify::notify(
                    "wakadesk",
                    &notice.summary,
                    &notice.body,
                );
                if let Err(e) = shown {
                    eprintln!("wakadesk-tray: the goal notification was not shown: {e}");
                }
            }
            Ok(None) => {}
            Err(e) => eprintln!("wakadesk-tray: judging the daily goal: {}", e.code()),
        }
    }

    fn open_connections(&mut self) -> Result<(), String> {
        if self.connections.is_none() {
            let vault = TokenVault::open(&KeySource::from_env()).map_err(|e| e.to_string())?;
            let connections = Connections::new(
                self.db.clone(),
                std::sync::Arc::new(vault),
                ConfigSource::Loaded(InstallDefaults::current()),
                self.clock.clone(),
            )
            .map_err(|e| e.to_string())?;
            self.connections = Some(connections);
        }
        Ok(())
    }
}

/// "wakadesk" when the package installed its icon in the theme (hosts that read only
/// names find it there); empty otherwise, and the pixmaps serve.
fn installed_icon_name() -> String {
    let data_dirs = std::env::var("XDG_DATA_DIRS")
        .ok()
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "/usr/local/share:/usr/share".into());
    let installed = data_dirs.split(':').any(|dir| {
        ["32x32", "128x128"].iter().any(|size| {
            std::path::Path::new(dir)
                .join(format!("icons/hicolor/{size}/apps/wakadesk.png"))
                .is_file()
        })
    });
    if installed {
        "wakadesk".into()
    } else {
        String::new()
    }
}

/// Whether a tray host is on the session bus, waiting up to `wait` for one.
fn host_appears(wait: Duration) -> bool {
    let deadline = Instant::now() + wait;
    loop {
        if watcher::host_present().unwrap_or(false) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}
