//! Steps of the WakaTime tests: the stand-in, a window pointed at it, and waiting for
//! the card with enough context to tell where a deep link got lost.

use std::sync::MutexGuard;

use serde_json::Value;
use wakadesk_e2e::{StandInProcess, WindowApp};

use super::{launch_with_env, WAIT};

pub const FAKE_BROWSER: &str = env!("CARGO_BIN_EXE_fake-browser");
pub const DEEP_LINK_REDIRECT: &str = "org.wakadesk.desktop:/oauth/callback";

pub fn start_stand_in(args: &[&str]) -> StandInProcess {
    StandInProcess::start(args)
        .unwrap_or_else(|e| panic!("the WakaTime stand-in should start: {e}"))
}

/// The window, set up by the environment to use `fake` as WakaTime and the fake browser.
pub fn launch_against(
    fake: &StandInProcess,
    extra: &[(&str, &str)],
) -> (MutexGuard<'static, ()>, WindowApp) {
    let mut env = fake.wakatime_env().to_vec();
    env.push(("BROWSER", FAKE_BROWSER));
    env.extend_from_slice(extra);
    launch_with_env(&env)
}

/// Waits for `#wakatime-status` to read `expected`; on failure explains where the deep
/// link got lost: the problem on the card, what the browser did, and the URL handler.
pub fn wait_wakatime_status(app: &WindowApp, expected: &str, why: &str) {
    if let Err(e) = app.wait_for_text("#wakatime-status", expected, WAIT) {
        let problem = app
            .find("#wakatime-problem")
            .and_then(|el| el.text())
            .unwrap_or_default();
        let driver = app.driver();
        panic!(
            "{why}: {e}\nproblem shown: {problem:?}\n--- browser log ---\n{}\n{}",
            driver.browser_log(),
            driver.desktop_dirs().report()
        );
    }
}

/// The requests the stand-in logged with this method and path.
pub fn requests_to(fake: &StandInProcess, method: &str, path: &str) -> Vec<Value> {
    fake.requests()
        .unwrap_or_else(|e| panic!("the stand-in's request log should be readable: {e}"))
        .into_iter()
        .filter(|r| r["method"] == method && r["path"] == path)
        .collect()
}
