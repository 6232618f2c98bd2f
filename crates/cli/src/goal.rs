//! `goal`: set or remove the account's daily coding goal, then say where today and
//! the streaks stand by the cache (no sync: `stats --sync` fetches new days).

use wakadesk_core::accounts;
use wakadesk_core::clock::Clock;
use wakadesk_core::db::{Database, SharedDatabase};
use wakadesk_core::stats::format::duration_text;
use wakadesk_core::stats::goal::{set_daily_goal, GoalFigures};

use crate::args::GoalArgs;
use crate::error::CliResult;
use crate::stdin::read_secret_line;

pub fn run(db: Database, a: GoalArgs, clock: &dyn Clock) -> CliResult {
    let minutes = match a.minutes {
        Some(0) | None => None,
        Some(n) => Some(i64::from(n)),
    };
    let db = SharedDatabase::new(db);
    let account = accounts::login(&db, &a.account.email, &read_secret_line()?, clock)?;
    let figures = set_daily_goal(&db.lock(), account.id, minutes, clock)?;
    match minutes {
        Some(m) => println!("Daily goal set: {} a day.", duration_text(m * 60)),
        None => println!("Daily goal removed."),
    }
    for line in goal_lines(&figures) {
        println!("  {line}");
    }
    Ok(())
}

/// The goal's lines of `stats`, when a goal is set: "Daily goal     1 hr, today 45 mins
/// (75%)" and "Streak         3 days (longest 12 days)".
pub fn goal_lines(f: &GoalFigures) -> Vec<String> {
    let Some(progress) = &f.goal_progress else {
        return Vec::new();
    };
    let days = |n: i64| format!("{n} day{}", if n == 1 { "" } else { "s" });
    vec![
        format!(
            "Daily goal     {}, today {} ({:.0}%{})",
            progress.goal_text,
            progress.text,
            progress.percent,
            if progress.met { ", met" } else { "" },
        ),
        format!(
            "Streak         {} (longest {})",
            days(f.current_streak.unwrap_or(0)),
            days(f.longest_streak.unwrap_or(0)),
        ),
    ]
}
