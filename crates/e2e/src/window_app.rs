//! The app under test, started fresh: its own `tauri-driver`, data directory and
//! window. Dropping it closes the window, then ends every process it started.

use std::ops::Deref;
use std::path::PathBuf;
use std::time::Duration;

use crate::{app_binary, screenshot_path, single_instance, Result, Session, TauriDriver};

/// How long a window closed by the previous test may take to let go of the
/// single-instance lock.
const PREVIOUS_WINDOW_GONE: Duration = Duration::from_secs(10);

pub struct WindowApp {
    // Field order matters: the session is dropped (window closed) before the driver.
    session: Session,
    driver: TauriDriver,
}

impl WindowApp {
    /// Starts the debug build of wakadesk with an empty data directory.
    pub fn launch() -> Result<Self> {
        Self::launch_with_env(&[])
    }

    /// Like [`WindowApp::launch`], with extra environment variables for the app, e.g.
    /// to take its keyring away.
    pub fn launch_with_env(env: &[(&str, &str)]) -> Result<Self> {
        let application = app_binary()?;
        single_instance::wait_until_free(PREVIOUS_WINDOW_GONE)?;
        let driver = TauriDriver::start(env)?;
        let session = Session::start(&driver.url(), &application).map_err(|e| {
            crate::Error::Setup(format!(
                "the app did not start: {e}\n--- tauri-driver log ---\n{}",
                driver.log()
            ))
        })?;
        Ok(WindowApp { session, driver })
    }

    pub fn driver(&self) -> &TauriDriver {
        &self.driver
    }

    /// Saves the window as `target/screenshots/<name>.png` and returns the path.
    pub fn save_screenshot(&self, name: &str) -> Result<PathBuf> {
        let path = screenshot_path(name)?;
        self.session.screenshot(&path)?;
        Ok(path)
    }
}

impl Deref for WindowApp {
    type Target = Session;

    fn deref(&self) -> &Session {
        &self.session
    }
}
