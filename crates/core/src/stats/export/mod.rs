//! A student's days for a mentor, as a file: per day, the time on each project and in
//! each language, from the cache, in the user's days. CSV for spreadsheets ([`csv`],
//! with cells that a spreadsheet would run as formulas defused) or JSON with who and
//! which range it is. [`file`] names and saves it without overwriting anything.

pub mod csv;
pub mod file;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::account_zone;
use super::dates;
use super::format::duration_text;
use super::range::DashboardRange;
use crate::accounts;
use crate::clock::Clock;
use crate::db::daily_summary_table;
use crate::db::sync_state_table;
use crate::db::Database;
use crate::{Error, Result};

/// The file formats, spelled as on the command line (`csv`, `json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Json,
}

impl ExportFormat {
    /// The file name extension, without its dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

/// Everything an export holds; its JSON is the JSON file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Export {
    pub student: ExportStudent,
    pub range: ExportRange,
    /// By date, then projects before languages, then most time first, then by name.
    pub rows: Vec<ExportRow>,
    /// Nothing was ever synced: the rows are empty for that reason, not for lack of
    /// coding (worth saying beside the file; not part of it).
    #[serde(skip)]
    pub never_synced: bool,
}

/// Who the figures are of; batch and project are None for an account that is not a
/// student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportStudent {
    pub name: String,
    pub email: String,
    pub batch: Option<String>,
    pub project: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportRange {
    /// As on the command line: `last_7_days`, ...
    pub name: DashboardRange,
    pub start: String,
    pub end: String,
    /// The IANA zone the dates are days of.
    pub timezone: String,
}

/// One day's time on one project or in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportRow {
    /// `YYYY-MM-DD`, in the user's zone.
    pub date: String,
    pub kind: RowKind,
    pub name: String,
    pub seconds: i64,
    /// As the dashboard writes durations: "1 hr 12 mins".
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    Project,
    Language,
}

impl RowKind {
    pub fn key(self) -> &'static str {
        match self {
            RowKind::Project => "project",
            RowKind::Language => "language",
        }
    }

    /// The cache's dimension of this kind.
    fn dimension(self) -> &'static str {
        match self {
            RowKind::Project => "projects",
            RowKind::Language => "languages",
        }
    }
}

/// The export of `range` (ending on the user's today) from the cache.
pub fn build(
    db: &Database,
    user_id: i64,
    range: DashboardRange,
    clock: &dyn Clock,
) -> Result<Export> {
    let account = accounts::get(db, user_id)?;
    let conn = db.conn();
    let state = sync_state_table::get(conn, user_id)?;
    let zone = account_zone::shown(conn, user_id, &state)?;
    let (first, last) = range.bounds_in(conn, user_id, dates::today(clock, &zone))?;
    let (start, end) = (dates::format(first), dates::format(last));
    let mut rows = Vec::new();
    for kind in [RowKind::Project, RowKind::Language] {
        let items = daily_summary_table::item_days(conn, user_id, kind.dimension(), &start, &end)?;
        rows.extend(
            items
                .into_iter()
                .filter(|(_, _, seconds)| *seconds > 0)
                .map(|(date, name, seconds)| ExportRow {
                    date,
                    kind,
                    name,
                    seconds,
                    text: duration_text(seconds),
                }),
        );
    }
    rows.sort_by(|a, b| {
        (&a.date, a.kind, -a.seconds, &a.name).cmp(&(&b.date, b.kind, -b.seconds, &b.name))
    });
    let student = account.student;
    Ok(Export {
        student: ExportStudent {
            name: account.name,
            email: account.email,
            batch: student.as_ref().map(|s| s.batch.clone()),
            project: student.map(|s| s.project),
        },
        range: ExportRange {
            name: range,
            start,
            end,
            timezone: zone.name().to_owned(),
        },
        rows,
        never_synced: state.last_success_at.is_none() && state.synced_through.is_none(),
    })
}

impl Export {
    /// The file's text in `format`.
    pub fn render(&self, format: ExportFormat) -> Result<String> {
        match format {
            ExportFormat::Csv => Ok(csv::write(&self.rows)),
            ExportFormat::Json => serde_json::to_string_pretty(self)
                .map(|mut text| {
                    text.push('\n');
                    text
                })
                .map_err(|e| Error::ExportEncoding {
                    detail: e.to_string(),
                }),
        }
    }

    /// The name the file is offered under: `wakadesk-<name>-<range>.<extension>`.
    pub fn file_name(&self, format: ExportFormat) -> String {
        file::name(&self.student.name, self.range.name, format)
    }
}

/// Builds the export of `range` and saves it in `folder` under its file name, with
/// `-2`, `-3`, ... added when that name is taken; gives the path written.
pub fn save_in(
    db: &Database,
    user_id: i64,
    range: DashboardRange,
    format: ExportFormat,
    folder: &Path,
    clock: &dyn Clock,
) -> Result<PathBuf> {
    let export = build(db, user_id, range, clock)?;
    file::save_new(folder, &export.file_name(format), &export.render(format)?)
}

#[cfg(test)]
mod tests;
