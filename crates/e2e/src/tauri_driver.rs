//! A `tauri-driver` process of our own: free ports, a fresh data directory and fresh
//! XDG folders for the app, its output kept in a log, and everything it started killed
//! when it is dropped.

use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::paths::tauri_driver_binary;
use crate::{DesktopDirs, Error, Result};

/// Where a stand-in browser started by the app (see the `fake-browser` binary) writes
/// what it did; the driver sets it so the log ends up next to its own.
pub const BROWSER_LOG_ENV: &str = "WAKADESK_E2E_BROWSER_LOG";

const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);

pub struct TauriDriver {
    child: Child,
    port: u16,
    /// Holds the app's data directory, XDG folders and the logs; removed on drop.
    scratch: TempDir,
    desktop: DesktopDirs,
}

impl TauriDriver {
    /// Starts `tauri-driver` and waits until it accepts connections. The app it will
    /// launch gets `WAKADESK_DATA_DIR` pointing at an empty directory, XDG data, config
    /// and cache folders of its own, [`BROWSER_LOG_ENV`], the system-wide WakaTime file
    /// (`WAKADESK_SYSTEM_CONFIG`) and the student's `.wakatime.cfg` (`WAKATIME_HOME`)
    /// looked for in the data directory instead of the machine's, and then `env`
    /// (which may override any of them).
    pub fn start(env: &[(&str, &str)]) -> Result<Self> {
        let binary = tauri_driver_binary()?;
        let scratch = tempfile::Builder::new()
            .prefix("wakadesk-e2e-")
            .tempdir()
            .map_err(Error::io("creating a temporary directory"))?;
        let data_dir = scratch.path().join("data");
        std::fs::create_dir(&data_dir).map_err(Error::io("creating the data directory"))?;
        let desktop = DesktopDirs::create_in(scratch.path())?;
        let log_path = scratch.path().join("tauri-driver.log");
        let log = File::create(&log_path).map_err(Error::io("creating the driver log"))?;
        let log_err = log
            .try_clone()
            .map_err(Error::io("sharing the driver log"))?;
        let (port, native_port) = two_free_ports()?;

        let child = Command::new(&binary)
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("WAKADESK_DATA_DIR", &data_dir)
            .envs(desktop.env())
            .env(BROWSER_LOG_ENV, scratch.path().join("browser.log"))
            .env(
                "WAKADESK_SYSTEM_CONFIG",
                data_dir.join("system-wakatime.toml"),
            )
            .env("WAKATIME_HOME", &data_dir)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            // Its own process group, so drop can end WebKitWebDriver and the app too.
            .process_group(0)
            .spawn()
            .map_err(Error::io(format!("starting {}", binary.display())))?;
        let mut driver = TauriDriver {
            child,
            port,
            scratch,
            desktop,
        };
        driver.wait_until_listening(port)?;
        // tauri-driver forwards the first session request to WebKitWebDriver at once;
        // on a loaded machine that one may not listen yet, and the request is lost.
        driver.wait_until_listening(native_port)?;
        Ok(driver)
    }

    fn wait_until_listening(&mut self, port: u16) -> Result<()> {
        let start = Instant::now();
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(Error::Setup(format!(
                    "tauri-driver exited with {status} before listening:\n{}",
                    self.log()
                )));
            }
            if start.elapsed() > STARTUP_TIMEOUT {
                return Err(Error::Setup(format!(
                    "nothing listened on port {port} within {STARTUP_TIMEOUT:?}:\n{}",
                    self.log()
                )));
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// The WebDriver endpoint, e.g. `http://127.0.0.1:4444`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The process id of `tauri-driver`; the app runs under it (via `WebKitWebDriver`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The `WAKADESK_DATA_DIR` the app was given.
    pub fn data_dir(&self) -> PathBuf {
        self.scratch.path().join("data")
    }

    /// The app's XDG folders.
    pub fn desktop_dirs(&self) -> &DesktopDirs {
        &self.desktop
    }

    /// What a stand-in browser started by the app logged, or why there is nothing.
    pub fn browser_log(&self) -> String {
        let path = self.scratch.path().join("browser.log");
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| format!("(no browser log at {}: {e})", path.display()))
    }

    /// Everything `tauri-driver`, `WebKitWebDriver` and the app printed so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    fn log_path(&self) -> PathBuf {
        self.scratch.path().join("tauri-driver.log")
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        // The group id is the child's pid (process_group(0)); `kill` avoids libc.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        if thread::panicking() {
            eprintln!("--- tauri-driver log ---\n{}", self.log());
            eprintln!("--- browser log ---\n{}", self.browser_log());
            eprintln!("{}", self.desktop.report());
        }
    }
}

/// Two distinct ports that were free a moment ago.
fn two_free_ports() -> Result<(u16, u16)> {
    let bind = || TcpListener::bind(("127.0.0.1", 0)).map_err(Error::io("finding a free port"));
    let (a, b) = (bind()?, bind()?);
    let port = |l: &TcpListener| {
        l.local_addr()
            .map(|addr| addr.port())
            .map_err(Error::io("reading a bound port"))
    };
    Ok((port(&a)?, port(&b)?))
}
