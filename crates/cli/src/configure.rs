//! `configure`: save the WakaTime app's client id and secret (the secret encrypted).

use wakadesk_core::config::save_client;
use wakadesk_core::db::Database;
use wakadesk_core::oauth::{loopback_redirect_uri, DEEP_LINK_REDIRECT_URI, DEFAULT_LOOPBACK_PORT};
use wakadesk_core::vault::{KeySource, TokenVault};

use crate::args::ConfigureArgs;
use crate::error::CliResult;
use crate::stdin::read_secret_line;

pub fn run(db: &mut Database, a: ConfigureArgs) -> CliResult {
    let secret = read_secret_line()?;
    let vault = TokenVault::open(&KeySource::from_env())?;
    save_client(db, &vault, &a.client_id, &secret)?;
    println!("Saved. Your app at wakatime.com/apps must list these redirect URIs:");
    println!("  {DEEP_LINK_REDIRECT_URI}");
    println!("  {}", loopback_redirect_uri(DEFAULT_LOOPBACK_PORT));
    Ok(())
}
