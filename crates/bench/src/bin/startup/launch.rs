//! Starting an app the way a person does (a new process, nothing cached in it), timing
//! it until its page reports ready, and measuring its memory once the first screen
//! has settled. Both apps print `ready <ms>` on standard output when
//! `WAKADESK_REPORT_READY` is set and their page has loaded.

use std::ffi::OsString;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::process_tree::{self, ProcessMemory};

const READY_TIMEOUT: Duration = Duration::from_secs(60);
const QUIET_AFTER_STOP: Duration = Duration::from_secs(1);

/// An app to measure: its release binary and the environment it starts with.
pub struct App {
    pub label: &'static str,
    pub binary: PathBuf,
    pub env: Vec<(&'static str, OsString)>,
    /// A single-instance app: a new start would hand over to a previous process still
    /// holding the lock, so each start waits until it is free.
    pub single_instance: bool,
}

/// One start of an app.
#[derive(Clone)]
pub struct Start {
    /// From just before the process is spawned to its `ready` line.
    pub to_ready: Duration,
    /// What the app itself reported: milliseconds since the kernel started it.
    pub reported_ms: Option<u64>,
    /// Every process of the app's tree, after the first screen settled; empty for a
    /// start that was not left to settle.
    pub memory: Vec<ProcessMemory>,
}

/// Starts `app`, waits for it to be ready and stops it; with `settle`, lets it settle
/// that long and measures its memory first.
pub fn measure(app: &App, settle: Option<Duration>, stderr_log: &Path) -> Result<Start, String> {
    if app.single_instance {
        wakadesk_e2e::wait_until_free(Duration::from_secs(30)).map_err(|e| e.to_string())?;
    }
    let log = File::create(stderr_log).map_err(|e| format!("{}: {e}", stderr_log.display()))?;
    let started = Instant::now();
    let child = Command::new(&app.binary)
        .envs(app.env.iter().map(|(k, v)| (k, v)))
        .env("WAKADESK_REPORT_READY", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("starting {}: {e}", app.binary.display()))?;
    let mut running = Running(child);
    let stdout = running.0.stdout.take().expect("stdout is piped");
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.starts_with("ready") {
                let _ = tx.send((Instant::now(), line));
                break;
            }
        }
    });
    let (at, line) = rx.recv_timeout(READY_TIMEOUT).map_err(|_| {
        format!(
            "{} did not report ready within {READY_TIMEOUT:?}; its stderr is in {}",
            app.label,
            stderr_log.display()
        )
    })?;
    let to_ready = at - started;
    let reported_ms = line.split_whitespace().nth(1).and_then(|n| n.parse().ok());
    let memory = match settle {
        Some(settle) => {
            thread::sleep(settle);
            process_tree::memory_of_tree(running.0.id())
        }
        None => Vec::new(),
    };
    running.stop();
    if settle.is_none() {
        // Stopped while it may still be drawing: a pause, so the next start begins on a
        // machine as quiet as after a settled one.
        thread::sleep(QUIET_AFTER_STOP);
    }
    Ok(Start {
        to_ready,
        reported_ms,
        memory,
    })
}

/// The app's process; stopped with all its children when dropped.
struct Running(Child);

impl Running {
    fn stop(&mut self) {
        let tree = process_tree::tree(self.0.id());
        let _ = self.0.kill();
        let _ = self.0.wait();
        // WebKit's processes quit when the app's end of their socket closes.
        let deadline = Instant::now() + Duration::from_secs(10);
        for pid in tree.into_iter().skip(1) {
            while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(20));
            }
            if Path::new(&format!("/proc/{pid}")).exists() {
                let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            }
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            self.stop();
        }
    }
}
