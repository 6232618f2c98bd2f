//! `configure`: save the WakaTime app's client id and secret (the secret encrypted), as
//! the account that administers them, proven by its password.

use wakadesk_core::accounts::administrator::{change_app, AppChange};
use wakadesk_core::clock::Clock;
use wakadesk_core::config::InstallDefaults;
use wakadesk_core::db::SharedDatabase;
use wakadesk_core::oauth::{loopback_redirect_uri, DEEP_LINK_REDIRECT_URI, DEFAULT_LOOPBACK_PORT};
use wakadesk_core::vault::{KeySource, TokenVault};

use crate::args::ConfigureArgs;
use crate::error::CliResult;
use crate::stdin::read_secret_lines;

pub fn run(db: &SharedDatabase, a: ConfigureArgs, clock: &dyn Clock) -> CliResult {
    let lines = read_secret_lines(2)?;
    let (password, secret) = (&lines[0], &lines[1]);
    let vault = TokenVault::open(&KeySource::from_env())?;
    let change = AppChange {
        email: &a.account.email,
        password,
        client_id: &a.client_id,
        client_secret: secret,
    };
    let must_reconnect = change_app(db, &vault, &InstallDefaults::current(), &change, clock)?;
    if must_reconnect > 0 {
        println!(
            "{must_reconnect} connection(s) made with the previous app must reconnect \
             (disconnect, then connect again)."
        );
    }
    println!("Saved. Your app at wakatime.com/apps must list these redirect URIs:");
    println!("  {DEEP_LINK_REDIRECT_URI}");
    println!("  {}", loopback_redirect_uri(DEFAULT_LOOPBACK_PORT));
    Ok(())
}
