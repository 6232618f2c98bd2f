//! `make bench-startup`: wakadesk against a bare Tauri window of the same Tauri version
//! and window settings (`crates/bare-window`, the framework's floor), both release
//! builds, started alternately 30 times each in the same run. Starts fall into a fast
//! and a slow group (time blocked on the X server, BENCHMARKS.md), so the time to the
//! first interactive screen is given as the median and the lower quartile of each app,
//! both against the budget. Also the memory (PSS of the app and its WebKit processes)
//! once that screen has settled, on the first starts, and the binary sizes, each against
//! its budget. BENCHMARKS.md records the method and the results.
//!
//! Run inside a desktop session, after `make bench-startup` built both apps:
//! `scripts/test-session.sh cargo run --release -p wakadesk-bench --bin startup -- [--runs N] [--memory-runs N] [--dashboard-runs N] [--tray-runs N] [--settle-ms N]`
//!
//! The tray's figures (`tray.rs`): memory with the window closed to the tray and with
//! the tray started at log-in, against 30 MiB, and the tray's Open to the dashboard
//! against the bare window's start.
#![forbid(unsafe_code)]

mod binary_size;
mod dashboard;
mod launch;
mod process_tree;
mod tray;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use launch::{App, Start};

const STARTUP_BUDGET: f64 = 1.2;
const MEMORY_BUDGET: f64 = 1.2;
const BINARY_BUDGET: f64 = 1.5;
/// The most the tray may hold, in all, while the window is closed (MiB of PSS).
const TRAY_MEMORY_BUDGET_MIB: f64 = 30.0;

struct Options {
    runs: usize,
    /// How many of those starts of each app also wait `settle` and measure the memory;
    /// the others stop at ready, which keeps 30 starts to a few minutes.
    memory_runs: usize,
    /// Starts of each app for the memory with the dashboard open (WebDriver, slower).
    dashboard_runs: usize,
    /// Rounds of the tray's figures (closed to the tray, started at log-in, Open).
    tray_runs: usize,
    settle: Duration,
    /// Other binaries to compare, for experiments (default: the release builds).
    wakadesk: Option<PathBuf>,
    bare: Option<PathBuf>,
}

fn main() {
    let options = options();
    if std::env::var_os("DISPLAY").is_none()
        || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none()
    {
        fail("no display or session bus: run inside scripts/test-session.sh (make bench-startup does)");
    }
    let release = target_dir().join("release");
    let tmp = tempfile::tempdir().unwrap_or_else(|e| fail(&format!("a temporary directory: {e}")));
    let wakadesk = app(
        "wakadesk",
        options
            .wakadesk
            .as_deref()
            .unwrap_or(&release.join("wakadesk")),
        tmp.path(),
        true,
    );
    let bare = app(
        "bare window",
        options
            .bare
            .as_deref()
            .unwrap_or(&release.join("bare-window")),
        tmp.path(),
        false,
    );

    // Not counted: the first start creates wakadesk's database and keyring entry and
    // brings both binaries and WebKit into the page cache.
    for app in [&wakadesk, &bare] {
        start(app, None, tmp.path(), "warm-up");
    }
    let mut ours = Vec::new();
    let mut floor = Vec::new();
    for run in 0..options.runs {
        let settle = (run < options.memory_runs).then_some(options.settle);
        let label = run.to_string();
        // Alternate which goes first, so drift on a busy machine hits both alike.
        if run % 2 == 0 {
            ours.push(start(&wakadesk, settle, tmp.path(), &label));
            floor.push(start(&bare, settle, tmp.path(), &label));
        } else {
            floor.push(start(&bare, settle, tmp.path(), &label));
            ours.push(start(&wakadesk, settle, tmp.path(), &label));
        }
    }
    let data = (options.dashboard_runs > 0 || options.tray_runs > 0)
        .then(|| dashboard::YearOfData::prepare().unwrap_or_else(|e| fail(&e)));
    let with_dashboard = dashboard_memory(&options, &wakadesk, &bare, data.as_ref());
    let tray = data.as_ref().filter(|_| options.tray_runs > 0).map(|data| {
        let program = wakadesk.binary.with_file_name("wakadesk-tray");
        let xdg: Vec<_> = wakadesk
            .env
            .iter()
            .filter(|(name, _)| name.starts_with("XDG_"))
            .cloned()
            .collect();
        let mut bare_start = |run: &str| start(&bare, None, tmp.path(), run).to_ready;
        tray::measure(
            &wakadesk.binary,
            &program,
            data,
            &xdg,
            options.tray_runs,
            &mut bare_start,
        )
        .unwrap_or_else(|e| fail(&format!("the tray: {e}")))
    });
    report(&options, &wakadesk, &bare, &ours, &floor);
    report_dashboard(&with_dashboard);
    if let Some(tray) = &tray {
        report_tray(tray, &floor);
    }
}

/// The tray's figures: its memory against an absolute budget (the bare window's first
/// screen for scale), and Open to the dashboard against the bare window's starts that
/// alternated with the Opens.
fn report_tray(tray: &tray::TrayFigures, floor: &[Start]) {
    println!();
    println!(
        "the tray, with a tray host on the bus and an account kept logged in on two years \
         of cached data: memory {} s after the window closed or the tray started ({} rounds), \
         Open timed {} times",
        tray::SETTLE.as_secs(),
        tray.at_login.len(),
        tray.open_to_dashboard.len()
    );
    println!(
        "  Open is timed against {} starts of the bare window, one beside each Open",
        tray.bare_starts.len()
    );
    let sum = |tree: &Vec<process_tree::ProcessMemory>| -> f64 {
        tree.iter().map(|p| p.pss_kib).sum::<u64>() as f64 / 1024.0
    };
    let settled: Vec<&Start> = floor.iter().filter(|s| !s.memory.is_empty()).collect();
    let bare_mib = median(settled.iter().map(|s| total_kib(s) as f64 / 1024.0));
    for (what, trees) in [
        (
            "memory closed to the tray, PSS of all left",
            &tray.closed_to_tray,
        ),
        (
            "memory started at log-in into the tray, PSS",
            &tray.at_login,
        ),
    ] {
        let mib = median(trees.iter().map(sum));
        let verdict = if mib <= TRAY_MEMORY_BUDGET_MIB {
            "ok"
        } else {
            "MISSED"
        };
        println!(
            "{what:<44} {:>10} {:>12} {:>7}   <= {TRAY_MEMORY_BUDGET_MIB} MiB  {verdict}",
            format!("{mib:.1} MiB"),
            format!("{bare_mib:.1} MiB"),
            ""
        );
    }
    let ms = millis(&tray.open_to_dashboard);
    let bare_ms = millis(&tray.bare_starts);
    timing_rows(
        "Open (tray) to the dashboard, median",
        "  lower quartile",
        &ms,
        &bare_ms,
    );
    println!(
        "  every round: closed to the tray {} MiB; at log-in {} MiB; Open to dashboard {} ms \
         (the window's own figure, since its exec: {} ms); the bare window beside them \
         {} ms",
        list(tray.closed_to_tray.iter().map(|t| sum(t).round())),
        list(tray.at_login.iter().map(|t| sum(t).round())),
        list(ms.iter().map(|ms| ms.round())),
        list(tray.window_reported_ms.iter()),
        list(bare_ms.iter().map(|ms| ms.round()))
    );
}

/// PSS totals in KiB: wakadesk with the dashboard on two years, and the bare window, both
/// under WebDriver (see `dashboard.rs`), alternating.
struct DashboardMemory {
    ours: Vec<Vec<process_tree::ProcessMemory>>,
    floor: Vec<Vec<process_tree::ProcessMemory>>,
}

fn dashboard_memory(
    options: &Options,
    wakadesk: &App,
    bare: &App,
    data: Option<&dashboard::YearOfData>,
) -> DashboardMemory {
    let mut memory = DashboardMemory {
        ours: Vec::new(),
        floor: Vec::new(),
    };
    let Some(data) = data.filter(|_| options.dashboard_runs > 0) else {
        return memory;
    };
    for run in 0..options.dashboard_runs {
        let ours = || {
            dashboard::wakadesk_with_dashboard(&wakadesk.binary, data, options.settle)
                .unwrap_or_else(|e| fail(&format!("wakadesk with the dashboard, run {run}: {e}")))
        };
        let floor = || {
            dashboard::bare_window(&bare.binary, options.settle)
                .unwrap_or_else(|e| fail(&format!("bare window under WebDriver, run {run}: {e}")))
        };
        if run % 2 == 0 {
            memory.ours.push(ours());
            memory.floor.push(floor());
        } else {
            memory.floor.push(floor());
            memory.ours.push(ours());
        }
    }
    memory
}

fn report_dashboard(memory: &DashboardMemory) {
    if memory.ours.is_empty() {
        return;
    }
    println!();
    println!(
        "under WebDriver, {} starts of each: wakadesk logged in with the dashboard showing \
         two years of cached data (All synced), against the bare window's first screen",
        memory.ours.len()
    );
    let sum =
        |tree: &Vec<process_tree::ProcessMemory>| -> u64 { tree.iter().map(|p| p.pss_kib).sum() };
    let mib = |trees: &[Vec<process_tree::ProcessMemory>]| {
        median(trees.iter().map(|t| sum(t) as f64 / 1024.0))
    };
    row(
        "memory with the dashboard on two years (All synced), PSS",
        mib(&memory.ours),
        mib(&memory.floor),
        "MiB",
        Some(MEMORY_BUDGET),
    );
    let part = |trees: &[Vec<process_tree::ProcessMemory>], name: Option<&str>| {
        median(trees.iter().map(|tree| {
            let kib: u64 = match name {
                None => tree.first().map_or(0, |p| p.pss_kib),
                Some(name) => tree
                    .iter()
                    .skip(1)
                    .filter(|p| p.name == name)
                    .map(|p| p.pss_kib)
                    .sum(),
            };
            kib as f64 / 1024.0
        }))
    };
    let mut names: BTreeSet<String> = BTreeSet::new();
    for tree in memory.ours.iter().chain(&memory.floor) {
        names.extend(tree.iter().skip(1).map(|p| p.name.clone()));
    }
    for name in std::iter::once(None).chain(names.iter().map(|n| Some(n.as_str()))) {
        let label = name.map_or("the app's own process".to_owned(), |n| {
            format!("process {n}")
        });
        row(
            &format!("  of which {label}"),
            part(&memory.ours, name),
            part(&memory.floor, name),
            "MiB",
            None,
        );
    }
    println!(
        "  every start, PSS MiB: wakadesk {}; bare window {}",
        list(memory.ours.iter().map(|t| sum(t) / 1024)),
        list(memory.floor.iter().map(|t| sum(t) / 1024))
    );
}

fn report(options: &Options, wakadesk: &App, bare: &App, ours: &[Start], floor: &[Start]) {
    let measured = |starts: &[Start]| -> Vec<Start> {
        starts
            .iter()
            .filter(|s| !s.memory.is_empty())
            .cloned()
            .collect()
    };
    let (ours_memory, floor_memory) = (measured(ours), measured(floor));
    println!(
        "wakadesk startup bench: {} starts of each release build, alternating; medians, and \
         lower quartiles of the time to ready; memory {} ms after ready on the first {} starts",
        options.runs,
        options.settle.as_millis(),
        ours_memory.len()
    );
    println!();
    println!(
        "{:<44} {:>10} {:>12} {:>7}   target",
        "figure", "wakadesk", "bare window", "ratio"
    );
    let (ours_ms, floor_ms) = (ms_to_ready(ours), ms_to_ready(floor));
    timing_rows(
        "start to interactive first screen, median",
        "  lower quartile (the fast starts)",
        &ours_ms,
        &floor_ms,
    );
    let spread = |v: &[f64]| format!("{:.0}-{:.0} ms", quantile(v, 1), quantile(v, 3));
    println!(
        "{:<44} {:>10} {:>12}",
        "  quartiles, lower to upper",
        spread(&ours_ms),
        spread(&floor_ms)
    );
    let reported = |starts: &[Start]| {
        median(
            starts
                .iter()
                .filter_map(|s| s.reported_ms.map(|m| m as f64)),
        )
    };
    row(
        "  as the app reports it (since exec)",
        reported(ours),
        reported(floor),
        "ms",
        None,
    );
    let mib = |starts: &[Start]| median(starts.iter().map(|s| total_kib(s) as f64 / 1024.0));
    let (ours, floor) = (ours_memory.as_slice(), floor_memory.as_slice());
    // Without a settled start (`--memory-runs 0`) there is no memory to show.
    if !ours.is_empty() && !floor.is_empty() {
        row(
            "memory after the first screen, PSS",
            mib(ours),
            mib(floor),
            "MiB",
            Some(MEMORY_BUDGET),
        );
        let names = child_names(ours, floor);
        for name in std::iter::once(None).chain(names.iter().map(|n| Some(n.as_str()))) {
            let of =
                |starts: &[Start]| median(starts.iter().map(|s| kib_of(s, name) as f64 / 1024.0));
            let label = name.map_or("the app's own process".to_owned(), |n| {
                format!("process {n}")
            });
            row(
                &format!("  of which {label}"),
                of(ours),
                of(floor),
                "MiB",
                None,
            );
        }
    }
    let size = |app: &App| {
        std::fs::metadata(&app.binary)
            .map(|m| m.len() as f64 / (1024.0 * 1024.0))
            .unwrap_or(0.0)
    };
    row(
        "release binary size",
        size(wakadesk),
        size(bare),
        "MiB",
        Some(BINARY_BUDGET),
    );
    size_breakdown(wakadesk, bare);
    println!();
    println!("every start, ms to ready:");
    println!(
        "  wakadesk:    {}",
        list(ours_ms.iter().map(|ms| ms.round()))
    );
    println!(
        "  bare window: {}",
        list(floor_ms.iter().map(|ms| ms.round()))
    );
    if !ours.is_empty() {
        println!("every start measured, PSS MiB:");
        println!(
            "  wakadesk:    {}",
            list(ours.iter().map(|s| total_kib(s) / 1024))
        );
        println!(
            "  bare window: {}",
            list(floor.iter().map(|s| total_kib(s) / 1024))
        );
    }
}

/// The crates that make the difference in binary size, largest first.
fn size_breakdown(wakadesk: &App, bare: &App) {
    let (ours, floor) = match (
        binary_size::by_crate(&wakadesk.binary),
        binary_size::by_crate(&bare.binary),
    ) {
        (Ok(ours), Ok(floor)) => (ours, floor),
        (Err(e), _) | (_, Err(e)) => {
            println!("  (no size breakdown: {e})");
            return;
        }
    };
    if ours.is_empty() || floor.is_empty() {
        println!(
            "  (no breakdown by crate: the release binaries are stripped; build both with \
             CARGO_PROFILE_RELEASE_STRIP=false and pass them with --wakadesk and --bare)"
        );
        return;
    }
    let mut extra: Vec<(&String, i64)> = ours
        .iter()
        .map(|(name, &size)| (name, size as i64 - *floor.get(name).unwrap_or(&0) as i64))
        .collect();
    extra.sort_by_key(|(name, bytes)| (-bytes, name.to_string()));
    let shown: Vec<String> = extra
        .iter()
        .take(16)
        .map(|(name, bytes)| format!("{name} {:+}", bytes / 1024))
        .collect();
    let total: i64 = extra.iter().map(|(_, b)| b).sum();
    println!(
        "  symbols: {} KiB more than the bare window; by crate (KiB): {}",
        total / 1024,
        shown.join(", ")
    );
}

/// Milliseconds from each start to ready.
fn ms_to_ready(starts: &[Start]) -> Vec<f64> {
    millis(starts.iter().map(|s| &s.to_ready))
}

/// Each duration in milliseconds.
fn millis<'a>(durations: impl IntoIterator<Item = &'a Duration>) -> Vec<f64> {
    durations
        .into_iter()
        .map(|d| d.as_secs_f64() * 1e3)
        .collect()
}

/// A timing's median and lower quartile against the bare window's start, each judged
/// against the startup budget.
fn timing_rows(median: &str, lower_quartile: &str, ours_ms: &[f64], floor_ms: &[f64]) {
    for (what, q) in [(median, 2), (lower_quartile, 1)] {
        row(
            what,
            quantile(ours_ms, q),
            quantile(floor_ms, q),
            "ms",
            Some(STARTUP_BUDGET),
        );
    }
}

fn row(what: &str, ours: f64, floor: f64, unit: &str, budget: Option<f64>) {
    let ratio = if floor > 0.0 { ours / floor } else { f64::NAN };
    let target = match budget {
        Some(b) if ratio <= b => format!("<= {b}x  ok"),
        Some(b) => format!("<= {b}x  MISSED"),
        None => String::new(),
    };
    println!(
        "{what:<44} {:>10} {:>12} {:>6.2}x   {target}",
        format!("{ours:.1} {unit}"),
        format!("{floor:.1} {unit}"),
        ratio
    );
}

/// One start; with `settle`, its memory that long after ready.
fn start(app: &App, settle: Option<Duration>, tmp: &Path, run: &str) -> Start {
    let log = tmp.join(format!("{}-{run}.stderr", app.label.replace(' ', "-")));
    launch::measure(app, settle, &log)
        .unwrap_or_else(|e| fail(&format!("{} start {run}: {e}", app.label)))
}

/// An app with XDG folders (and, for wakadesk, a data directory) of its own, so the
/// bench never touches the real user's files or desktop settings.
fn app(label: &'static str, binary: &Path, tmp: &Path, single_instance: bool) -> App {
    if !binary.is_file() {
        fail(&format!(
            "{} does not exist; build both apps first: `make bench-startup` does",
            binary.display()
        ));
    }
    let home = tmp.join(label.replace(' ', "-"));
    let mut env = Vec::new();
    for (var, dir) in [
        ("XDG_DATA_HOME", "xdg-data"),
        ("XDG_CONFIG_HOME", "xdg-config"),
        ("XDG_CACHE_HOME", "xdg-cache"),
        ("WAKADESK_DATA_DIR", "data"),
    ] {
        let dir = home.join(dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())));
        env.push((var, dir.into_os_string()));
    }
    App {
        label,
        binary: binary.to_owned(),
        env,
        single_instance,
    }
}

fn total_kib(start: &Start) -> u64 {
    start.memory.iter().map(|p| p.pss_kib).sum()
}

/// PSS of the app's own process (`None`) or of its child processes called `name`.
fn kib_of(start: &Start, name: Option<&str>) -> u64 {
    match name {
        None => start.memory.first().map_or(0, |p| p.pss_kib),
        Some(name) => start
            .memory
            .iter()
            .skip(1)
            .filter(|p| p.name == name)
            .map(|p| p.pss_kib)
            .sum(),
    }
}

/// The names of the child processes seen in either tree (WebKit's), sorted.
fn child_names(ours: &[Start], floor: &[Start]) -> Vec<String> {
    let mut names: BTreeSet<String> = BTreeSet::new();
    for start in ours.iter().chain(floor) {
        names.extend(start.memory.iter().skip(1).map(|p| p.name.clone()));
    }
    names.into_iter().collect()
}

/// The middle value (nearest rank), or 0 with no values.
fn median(values: impl Iterator<Item = f64>) -> f64 {
    let v: Vec<f64> = values.collect();
    quantile(&v, 2)
}

/// The `quarter`th quartile (1 lower, 2 median, 3 upper) by nearest rank: the value
/// with `quarter` quarters of the others at or below it; 0 with no values.
fn quantile(values: &[f64], quarter: usize) -> f64 {
    let mut v = values.to_vec();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[(v.len() - 1) * quarter / 4]
}

fn list<T: ToString>(values: impl Iterator<Item = T>) -> String {
    values.map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
}

fn options() -> Options {
    let mut options = Options {
        runs: 30,
        memory_runs: 10,
        dashboard_runs: 3,
        tray_runs: 3,
        settle: Duration::from_millis(3000),
        wakadesk: None,
        bare: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args
            .next()
            .unwrap_or_else(|| fail(&format!("{arg} needs a value")));
        let number = || -> u64 {
            value
                .parse()
                .unwrap_or_else(|_| fail(&format!("{arg} needs a number")))
        };
        match arg.as_str() {
            "--runs" => options.runs = number().max(1) as usize,
            "--memory-runs" => options.memory_runs = number() as usize,
            "--dashboard-runs" => options.dashboard_runs = number() as usize,
            "--tray-runs" => options.tray_runs = number() as usize,
            "--settle-ms" => options.settle = Duration::from_millis(number()),
            "--wakadesk" => options.wakadesk = Some(PathBuf::from(value)),
            "--bare" => options.bare = Some(PathBuf::from(value)),
            _ => fail(&format!(
                "unknown argument {arg}; use --runs N, --memory-runs N, --dashboard-runs N, \
                 --tray-runs N, --settle-ms N, --wakadesk PATH, --bare PATH"
            )),
        }
    }
    options
}

/// `CARGO_TARGET_DIR` when set (relative to the workspace root if relative), else the
/// workspace's `target/`.
fn target_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    match std::env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("bench-startup: {message}");
    std::process::exit(1);
}
