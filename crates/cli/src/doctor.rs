//! `doctor`: says where data lives and whether the database and the key store work,
//! with what to do about each problem, and where each WakaTime setting comes from.
//! Exits non-zero when something is wrong; a system-wide file that was left out is a
//! warning (on standard error), since the app works without it.

use std::path::Path;

use wakadesk_core::config::{InstallDefaults, Source, WakatimeConfig};
use wakadesk_core::db::{schema_version, Database};
use wakadesk_core::paths;
use wakadesk_core::vault::{KeySource, TokenVault};
use wakadesk_core::wakatime_cfg;

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
    let defaults = InstallDefaults::current();
    let cfg = WakatimeConfig::load(&db, Some(&vault), &defaults)?;
    match &cfg.client {
        Some(c) => {
            println!("WakaTime app:   {} ({})", c.id, from(c.source));
            println!("client secret:  set ({})", from(c.source));
        }
        None => println!("WakaTime app:   not set up (the first account can run `configure`)"),
    }
    println!(
        "OAuth server:   {} ({})",
        cfg.base_url,
        from(cfg.base_url_source)
    );
    println!(
        "API root:       {} ({})",
        cfg.api_url,
        from(cfg.api_url_source)
    );
    system_file(defaults.system_file.as_deref(), &cfg);
    wakatime_config();
    Ok(())
}

/// Where a value came from, in words.
fn from(source: Source) -> &'static str {
    match source {
        Source::Environment => "from the environment",
        Source::Settings => "saved in Settings",
        Source::System => "from the system-wide file",
        Source::Build => "built into the app",
        Source::Default => "default",
    }
}

fn system_file(path: Option<&Path>, cfg: &WakatimeConfig) {
    let Some(path) = path else {
        println!("system file:    none on this system");
        return;
    };
    if let Some(problem) = &cfg.system_file_problem {
        println!(
            "system file:    {} (left out, see the warning)",
            path.display()
        );
        eprintln!("warning: {problem}");
    } else if path.exists() {
        println!("system file:    {} (read)", path.display());
    } else {
        println!("system file:    {} (not present)", path.display());
    }
}

/// What the student's WakaTime configuration would offer; never the key.
fn wakatime_config() {
    match wakatime_cfg::path() {
        None => println!("WakaTime config: none (no home folder)"),
        Some(path) => match wakatime_cfg::offer(&path) {
            Ok(offer) => println!(
                "WakaTime config: {} (an API key for {}: `connect --from-wakatime-config`)",
                path.display(),
                offer.server
            ),
            Err(why) => println!("WakaTime config: no connection offered: {why}"),
        },
    }
}
