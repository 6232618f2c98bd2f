//! `export`: a range's days per project and language, as CSV or JSON, from the cache
//! (no sync, so no keyring is needed): to standard output, to a file, or to a new file
//! in a folder that never replaces an earlier one.

use wakadesk_core::accounts;
use wakadesk_core::clock::Clock;
use wakadesk_core::db::{Database, SharedDatabase};
use wakadesk_core::stats::export::{self, file, ExportFormat};
use wakadesk_core::stats::DashboardRange;

use crate::args::{ExportArgs, ExportFormatArg};
use crate::error::{CliError, CliResult};
use crate::stdin::read_secret_line;

pub fn run(db: Database, a: ExportArgs, clock: &dyn Clock) -> CliResult {
    let range = DashboardRange::parse(&a.range)?;
    let format = match a.format {
        ExportFormatArg::Csv => ExportFormat::Csv,
        ExportFormatArg::Json => ExportFormat::Json,
    };
    let db = SharedDatabase::new(db);
    let account = accounts::login(&db, &a.account.email, &read_secret_line()?, clock)?;
    let export = export::build(&db.lock(), account.id, range, clock)?;
    if export.never_synced {
        eprintln!("Nothing is synced yet: run `wakadesk-cli stats --sync` first.");
    }
    let text = export.render(format)?;
    match a.output {
        None => {
            use std::io::Write as _;
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
                .map_err(|e| CliError::Output(e.to_string()))?;
        }
        Some(folder) if folder.is_dir() => {
            let path = file::save_new(&folder, &export.file_name(format), &text)?;
            println!("Saved {}", path.display());
        }
        Some(path) => {
            file::write_to(&path, &text)?;
            println!("Saved {}", path.display());
        }
    }
    Ok(())
}
