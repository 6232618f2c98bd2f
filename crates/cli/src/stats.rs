//! `stats`: the dashboard's figures in a terminal, from the cache; syncing first when
//! asked, or when the cache cannot be shown as it is (nothing cached yet, a first sync
//! left halfway, days in another zone than the user's). What the window says beside
//! the figures (a plan's limited history) goes to stderr, so `--json` stays clean.

use std::fmt::Write as _;

use wakadesk_core::clock::SharedClock;
use wakadesk_core::db::Database;
use wakadesk_core::stats::figures::Share;
use wakadesk_core::stats::{self, Dashboard, DashboardRange, RetryPolicy};

use crate::args::StatsArgs;
use crate::error::{CliError, CliResult};
use crate::wakatime_session::{runtime, WakatimeSession};

pub fn run(db: Database, a: StatsArgs, clock: SharedClock) -> CliResult {
    let range = DashboardRange::parse(&a.range)?;
    let session = WakatimeSession::open(db, &a.account, clock)?;
    let user = session.account.id;
    let clock = &*session.clock;
    let cached = stats::dashboard(&session.db.lock(), user, range, clock)?;
    if a.sync || cached.sync.must_sync_first() {
        if !session.account.wakatime.connected {
            return Err(wakadesk_core::Error::NotConnected.into());
        }
        let quiet = a.json;
        let progress = move |step: stats::SyncStep| {
            log::debug!("sync: {}", describe(&step));
            if !quiet {
                eprintln!("syncing: {}", describe(&step));
            }
        };
        let synced = runtime()?.block_on(stats::sync(
            &session.db,
            &session.connections.api(),
            user,
            clock,
            RetryPolicy::default(),
            &progress,
        ));
        log::debug!(
            "sync finished: {}",
            synced.as_ref().map_or_else(|e| e.code(), |_| "ok")
        );
        if let Err(e) = synced {
            // The cache is still worth showing; say why it may be old.
            eprintln!("warning: {e}");
            if cached.sync.empty {
                return Err(e.into());
            }
        }
    }
    let dashboard = stats::dashboard(&session.db.lock(), user, range, clock)?;
    if let Some(note) = &dashboard.history_note {
        eprintln!("{note}");
    }
    if a.json {
        let json = serde_json::to_string_pretty(&dashboard)
            .map_err(|e| CliError::Output(e.to_string()))?;
        println!("{json}");
    } else {
        print!("{}", text(&dashboard));
    }
    Ok(())
}

fn describe(step: &stats::SyncStep) -> String {
    match step {
        stats::SyncStep::Summaries {
            from,
            to,
            window,
            windows,
        } if *windows > 1 => {
            format!("daily summaries {from} to {to} (part {window} of {windows})")
        }
        stats::SyncStep::Summaries { from, to, .. } => {
            format!("daily summaries {from} to {to}")
        }
        stats::SyncStep::AllTime => "all-time total".into(),
        stats::SyncStep::Saving => "saving".into(),
    }
}

fn text(d: &Dashboard) -> String {
    let mut out = String::new();
    let title = d.range.key().replace('_', " ");
    let _ = writeln!(
        out,
        "{} ({} to {}, {})",
        capitalize(&title),
        d.start,
        d.end,
        d.timezone
    );
    let _ = writeln!(out, "  Total          {}", d.total.text);
    let _ = writeln!(out, "  Daily average  {}", d.daily_average.text);
    let _ = writeln!(out, "  Today          {}", d.today.text);
    if let Some(b) = &d.best_day {
        let _ = writeln!(out, "  Best day       {} ({})", b.date, b.text);
    }
    if let Some(all) = &d.all_time {
        let _ = writeln!(out, "  All time       {all}");
    }
    for line in crate::goal::goal_lines(&d.goal) {
        let _ = writeln!(out, "  {line}");
    }
    for (title, key, list) in [
        ("Languages", "languages", &d.languages),
        ("Projects", "projects", &d.projects),
        ("Editors", "editors", &d.editors),
        (
            "Operating systems",
            "operatingSystems",
            &d.operating_systems,
        ),
    ] {
        if d.unreported.contains(&key) {
            let _ = writeln!(out, "{title}: not reported by this server");
        } else {
            section(&mut out, title, list);
        }
    }
    let _ = writeln!(out, "{}", synced_line(d));
    out
}

fn section(out: &mut String, title: &str, list: &[Share]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title}");
    let width = list
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    for s in list {
        let _ = writeln!(out, "  {:<width$}  {:>6.2}%  {}", s.name, s.percent, s.text);
    }
}

fn synced_line(d: &Dashboard) -> String {
    let mut line = match &d.sync.last_synced_text {
        Some(when) => format!("Last synced {when}"),
        None => "Never synced".to_owned(),
    };
    if d.sync.backfill_pending {
        let _ = write!(line, "; older days are still to come (run with --sync)");
    }
    if let Some(p) = d.sync.calculating_percent {
        let _ = write!(line, "; WakaTime is still calculating: {p:.0}%");
    }
    if let Some(problem) = &d.sync.problem {
        let _ = write!(line, "; last attempt failed: {problem}");
    }
    line
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
