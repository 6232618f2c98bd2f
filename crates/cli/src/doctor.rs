//! `doctor`: says where data lives and whether the database and the key store work,
//! with what to do about each problem. Exits non-zero when something is wrong.

use wakadesk_core::config::{InstallDefaults, Source, WakatimeConfig};
use wakadesk_core::db::{schema_version, Database};
use wakadesk_core::paths;
use wakadesk_core::vault::{KeySource, TokenVault};

use crate::error::CliResult;

pub fn run() -> CliResult {
    let dir = paths::data_dir()?;
    println!("data directory: {}", dir.display());
    let db = Database::open_in(&dir)?;
    println!(
        "database:       {} (schema version {})",
        db.path().display(),
        schema_version(db.conn()).map_err(wakadesk_core::Error::from)?
    );
    let source = KeySource::from_env();
    let vault = TokenVault::open(&source)?;
    println!("key store:      ok, key in {}", source.describe());
    match WakatimeConfig::load(&db, Some(&vault), &InstallDefaults::current())?.client {
        Some(c) if c.source == Source::Environment => {
            println!("WakaTime app:   {} (from the environment)", c.id)
        }
        Some(c) => println!("WakaTime app:   {} (saved)", c.id),
        None => println!("WakaTime app:   not set up (the first account can run `configure`)"),
    }
    Ok(())
}
