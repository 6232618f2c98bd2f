//! `users`: every local account, as a table or JSON. Shows whether WakaTime is
//! connected (an encrypted token is stored), never the token.

use serde::Serialize;
use wakadesk_core::accounts::{self, Account};
use wakadesk_core::db::Database;

use crate::args::UsersArgs;
use crate::error::{CliError, CliResult};

#[derive(Serialize)]
struct UserLine<'a> {
    id: i64,
    email: &'a str,
    name: &'a str,
    student: bool,
    batch: Option<&'a str>,
    project: Option<&'a str>,
    wakatime_connected: bool,
    wakatime_username: Option<&'a str>,
}

impl<'a> From<&'a Account> for UserLine<'a> {
    fn from(a: &'a Account) -> Self {
        UserLine {
            id: a.id,
            email: &a.email,
            name: &a.name,
            student: a.student.is_some(),
            batch: a.student.as_ref().map(|s| s.batch.as_str()),
            project: a.student.as_ref().map(|s| s.project.as_str()),
            wakatime_connected: a.wakatime.connected,
            wakatime_username: a.wakatime.username.as_deref(),
        }
    }
}

pub fn run(db: &Database, a: UsersArgs) -> CliResult {
    let all = accounts::list(db)?;
    let lines: Vec<UserLine> = all.iter().map(UserLine::from).collect();
    if a.json {
        let json =
            serde_json::to_string_pretty(&lines).map_err(|e| CliError::Output(e.to_string()))?;
        println!("{json}");
    } else {
        print!("{}", table(&lines));
    }
    Ok(())
}

fn table(lines: &[UserLine]) -> String {
    let header = [
        "ID", "EMAIL", "NAME", "STUDENT", "BATCH", "PROJECT", "WAKATIME",
    ];
    let rows: Vec<[String; 7]> = lines
        .iter()
        .map(|l| {
            [
                l.id.to_string(),
                l.email.to_owned(),
                l.name.to_owned(),
                yes_no(l.student).to_owned(),
                l.batch.unwrap_or("-").to_owned(),
                l.project.unwrap_or("-").to_owned(),
                match (l.wakatime_connected, l.wakatime_username) {
                    (true, Some(u)) => format!("connected ({u})"),
                    (true, None) => "connected".to_owned(),
                    (false, _) => "not connected".to_owned(),
                },
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header = header.map(str::to_owned);
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    if rows.is_empty() {
        out.push_str("(no accounts yet: create one with `wakadesk-cli signup`)\n");
    }
    out
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}
