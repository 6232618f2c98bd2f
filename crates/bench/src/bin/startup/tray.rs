//! The tray's figures (issue: a light footprint in the background), each against the
//! bare window, with a tray host the bench provides on the session bus (`FakeWatcher`)
//! and an account kept logged in on a year and more of cached data:
//!
//! - **closed to the tray**: the window opened on that account (dashboard shown), then
//!   closed; ten seconds later, the PSS of every process left (the tray, and anything
//!   of the window's that had not ended). The window is closed with `wakadesk --quit`,
//!   the hand-over the tray's *Quit* uses: the same exit as its close button.
//! - **started at log-in**: `wakadesk-tray --at-login`, ten seconds later, its PSS.
//! - **Open to dashboard**: from the tray's *Open* (a dbusmenu click, as a panel sends
//!   it) to the window's `dashboard` report (the page has the figures), against the bare
//!   window's start to ready, the two alternating round by round so that a machine
//!   getting faster or slower during the bench moves both alike.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use test_support::{FakeWatcher, ItemRef};

use crate::dashboard::YearOfData;
use crate::process_tree::{self, ProcessMemory};

const WAIT: Duration = Duration::from_secs(60);
/// How long after closing (or starting into the tray) the memory is read.
pub const SETTLE: Duration = Duration::from_secs(10);
/// Opens timed, each beside a start of the bare window: starts fall into a fast and a
/// slow group, so as many as the startup figure's.
const OPEN_ROUNDS: usize = 30;
const OPEN: i32 = 1;
const QUIT: i32 = 4;

pub struct TrayFigures {
    /// PSS of every process left, per run.
    pub closed_to_tray: Vec<Vec<ProcessMemory>>,
    pub at_login: Vec<Vec<ProcessMemory>>,
    pub open_to_dashboard: Vec<Duration>,
    /// The same, as the window reports it: ms since its own exec.
    pub window_reported_ms: Vec<u64>,
    /// The bare window's start to ready, one beside each Open.
    pub bare_starts: Vec<Duration>,
}

/// The runs, with `xdg` (the window's own XDG folders, so it never touches the real
/// user's desktop settings) added to `data`'s environment; `bare_start` starts the bare
/// window once and gives its time to ready.
pub fn measure(
    window: &Path,
    tray: &Path,
    data: &YearOfData,
    xdg: &[(&'static str, OsString)],
    runs: usize,
    bare_start: &mut dyn FnMut(&str) -> Duration,
) -> Result<TrayFigures, String> {
    let env = Env { data, xdg };
    data.keep_logged_in()?;
    let watcher = FakeWatcher::start();
    let mut figures = TrayFigures {
        closed_to_tray: Vec::new(),
        at_login: Vec::new(),
        open_to_dashboard: Vec::new(),
        window_reported_ms: Vec::new(),
        bare_starts: Vec::new(),
    };
    for run in 0..runs {
        figures.closed_to_tray.push(
            closed_to_tray(window, tray, &env, &watcher).map_err(|e| format!("run {run}: {e}"))?,
        );
        figures
            .at_login
            .push(at_login(tray, &env, &watcher).map_err(|e| format!("run {run}: {e}"))?);
    }
    let (mut running, lines, item) = start_tray(tray, &env, &watcher, &[], true)?;
    for run in 0..OPEN_ROUNDS.max(runs) {
        let beside = format!("beside Open {run}");
        // Alternate which goes first, as the startup figure's starts do.
        if run % 2 == 1 {
            figures.bare_starts.push(bare_start(&beside));
        }
        let (took, reported) = open_to_dashboard(window, &watcher, &item, &lines)
            .map_err(|e| format!("Open, run {run}: {e}"))?;
        figures.open_to_dashboard.push(took);
        figures.window_reported_ms.extend(reported);
        if run % 2 == 0 {
            figures.bare_starts.push(bare_start(&beside));
        }
    }
    quit_tray(&watcher, &item, &mut running)?;
    Ok(figures)
}

fn closed_to_tray(
    window: &Path,
    tray: &Path,
    env: &Env,
    watcher: &FakeWatcher,
) -> Result<Vec<ProcessMemory>, String> {
    wakadesk_e2e::wait_until_free(WAIT).map_err(|e| e.to_string())?;
    let before = watcher.registrations().len();
    let mut child = Command::new(window)
        .envs(env.vars())
        .env("WAKADESK_REPORT_READY", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("starting {}: {e}", window.display()))?;
    let lines = read_lines(child.stdout.take().expect("piped"));
    wait_line(&lines, "dashboard")?;
    let item = new_item(watcher, before)?;
    // The page draws what it got.
    thread::sleep(Duration::from_secs(2));
    let window_tree = process_tree::tree(child.id());
    close_window(window)?;
    let _ = child.wait();
    thread::sleep(SETTLE);
    let tray_pid = pid_of(tray).ok_or("the tray did not stay after the window closed")?;
    // The tray, and whatever of the window's tree still runs; the window started the
    // tray, so the tray is in that tree too and counted once.
    let mut pids: Vec<u32> = process_tree::tree(tray_pid);
    for pid in window_tree {
        if Path::new(&format!("/proc/{pid}")).exists() {
            pids.extend(process_tree::tree(pid));
        }
    }
    pids.sort_unstable();
    pids.dedup();
    let left: Vec<ProcessMemory> = pids
        .into_iter()
        .flat_map(|pid| process_tree::memory_of_tree(pid).into_iter().take(1))
        .collect();
    watcher.click(&item, QUIT);
    wait_gone(tray_pid)?;
    Ok(left)
}

fn at_login(tray: &Path, env: &Env, watcher: &FakeWatcher) -> Result<Vec<ProcessMemory>, String> {
    let (mut running, _lines, item) = start_tray(tray, env, watcher, &["--at-login"], false)?;
    thread::sleep(SETTLE);
    let memory = process_tree::memory_of_tree(running.id());
    quit_tray(watcher, &item, &mut running)?;
    Ok(memory)
}

fn open_to_dashboard(
    window: &Path,
    watcher: &FakeWatcher,
    item: &ItemRef,
    lines: &Receiver<String>,
) -> Result<(Duration, Option<u64>), String> {
    wakadesk_e2e::wait_until_free(WAIT).map_err(|e| e.to_string())?;
    while lines.try_recv().is_ok() {}
    let clicked = Instant::now();
    watcher.click(item, OPEN);
    let reported = wait_line(lines, "dashboard")?;
    let took = clicked.elapsed();
    thread::sleep(Duration::from_secs(1));
    let pid = pid_of(window).ok_or("no window after Open")?;
    // The window and its WebKit processes, all ended before the next round.
    let tree = process_tree::tree(pid);
    close_window(window)?;
    for pid in tree {
        wait_gone(pid)?;
    }
    // A machine as quiet as before the click.
    thread::sleep(Duration::from_secs(1));
    Ok((took, reported))
}

/// Starts the tray program on `data`; with `report`, the windows it opens report on its
/// standard output, which the receiver reads.
fn start_tray(
    tray: &Path,
    env: &Env,
    watcher: &FakeWatcher,
    args: &[&str],
    report: bool,
) -> Result<(Child, Receiver<String>, ItemRef), String> {
    let before = watcher.registrations().len();
    let mut command = Command::new(tray);
    command
        .args(args)
        .envs(env.vars())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if report {
        command.env("WAKADESK_REPORT_READY", "1");
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("starting {}: {e}", tray.display()))?;
    let lines = read_lines(child.stdout.take().expect("piped"));
    let item = new_item(watcher, before)?;
    Ok((child, lines, item))
}

fn quit_tray(watcher: &FakeWatcher, item: &ItemRef, tray: &mut Child) -> Result<(), String> {
    watcher.click(item, QUIT);
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if !matches!(tray.try_wait(), Ok(None)) {
            return Ok(());
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = tray.kill();
    Err("the tray did not end on Quit".into())
}

/// What the window and the tray start with.
struct Env<'d> {
    data: &'d YearOfData,
    xdg: &'d [(&'static str, OsString)],
}

impl Env<'_> {
    fn vars(&self) -> Vec<(&'static str, OsString)> {
        let mut vars: Vec<(&'static str, OsString)> = self
            .data
            .env()
            .into_iter()
            .map(|(name, value)| (name, OsString::from(value)))
            .collect();
        vars.extend(self.xdg.iter().cloned());
        vars
    }
}

/// The item registered after the first `before` registrations.
fn new_item(watcher: &FakeWatcher, before: usize) -> Result<ItemRef, String> {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(item) = watcher.registrations().get(before) {
            return Ok(item.clone());
        }
        if Instant::now() > deadline {
            return Err("the tray did not register with the tray host".into());
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// `wakadesk --quit`: the running window ends as when its close button is pressed.
fn close_window(window: &Path) -> Result<(), String> {
    let status = Command::new(window)
        .arg("--quit")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("wakadesk --quit: {e}"))?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("wakadesk --quit: {status}"))
}

fn read_lines(stdout: std::process::ChildStdout) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits for the report `word`; gives its figure (ms since the window's exec), if any.
fn wait_line(lines: &Receiver<String>, word: &str) -> Result<Option<u64>, String> {
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if line.split_whitespace().next() == Some(word) => {
                return Ok(line.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
            }
            Ok(_) => {}
            Err(_) => return Err(format!("no `{word}` report within {WAIT:?}")),
        }
    }
}

/// The running process of `program`, if one runs.
fn pid_of(program: &Path) -> Option<u32> {
    let wanted: PathBuf = program.canonicalize().ok()?;
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).ok().as_ref() == Some(&wanted))
}

fn wait_gone(pid: u32) -> Result<(), String> {
    let deadline = Instant::now() + WAIT;
    while Path::new(&format!("/proc/{pid}")).exists() {
        if Instant::now() > deadline {
            return Err(format!("process {pid} did not end"));
        }
        thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}
