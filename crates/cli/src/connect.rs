//! `connect`: OAuth in the browser with a loopback redirect, finished by the same core
//! code as the window's deep link.

use std::time::Duration;

use url::Url;
use wakadesk_core::clock::SharedClock;
use wakadesk_core::db::Database;
use wakadesk_core::oauth::loopback_redirect_uri;
use wakadesk_core::secret::Secret;
use wakadesk_core::wakatime_cfg;

use crate::args::ConnectArgs;
use crate::error::{CliError, CliResult};
use crate::loopback::Loopback;
use crate::stdin::read_secret_lines;
use crate::wakatime_session::{runtime, WakatimeSession};

pub fn run(db: Database, a: ConnectArgs, clock: SharedClock) -> CliResult {
    if let Some(server) = &a.server {
        return with_api_key(db, &a, server, clock);
    }
    if a.from_wakatime_config {
        return from_wakatime_config(db, &a, clock);
    }
    let session = WakatimeSession::open(db, &a.account, clock)?;
    runtime()?.block_on(async {
        let loopback = Loopback::bind(a.port).await?;
        log::debug!("loopback redirect listening on port {}", loopback.port());
        let redirect = loopback_redirect_uri(loopback.port());
        let url = session.connections.start(session.account.id, &redirect)?;
        log::debug!("authorization request stored");
        if a.no_browser || open::that_detached(url.as_str()).is_err() {
            println!("Open this address in your browser to connect WakaTime:\n{url}");
        } else {
            println!("Approve wakadesk in the browser window that just opened.");
        }
        println!(
            "Waiting up to {} seconds for WakaTime's answer...",
            a.timeout
        );
        let state = state_of(&url)?;
        let result = loopback
            .wait_for_callback(state.expose(), Duration::from_secs(a.timeout))
            .await;
        let answer = match result {
            Ok(answer) => answer,
            Err(e) => {
                session.connections.cancel(session.account.id)?;
                return Err(e);
            }
        };
        log::debug!("the browser answered; finishing the request");
        let finished = session
            .connections
            .finish(answer.url())
            .await
            .map_err(CliError::from);
        answer
            .reply(finished.as_ref().map(|c| c.username.as_str()))
            .await;
        let connected = finished?;
        log::debug!("account {} connected", connected.user_id);
        println!("Connected as {}", connected.username);
        Ok(())
    })
}

/// The state of the request behind `authorize`, the address the browser is sent to:
/// only an answer carrying it ends the wait.
fn state_of(authorize: &Url) -> CliResult<Secret<String>> {
    authorize
        .query_pairs()
        .find(|(name, _)| name == "state")
        .map(|(_, state)| Secret::new(state.into_owned()))
        .ok_or_else(|| CliError::Loopback("the authorize address has no state".into()))
}

/// `connect --server URL --api-key-stdin`: password, then key, on standard input.
fn with_api_key(db: Database, a: &ConnectArgs, server: &str, clock: SharedClock) -> CliResult {
    let secrets = read_secret_lines(2)?;
    let (password, key) = (&secrets[0], &secrets[1]);
    let session = WakatimeSession::open_with_password(db, &a.account, password, clock)?;
    // Not the address itself: until it is checked it may hold a key in a query.
    log::debug!("looking for the API root at the address given");
    let connected = runtime()?.block_on(session.connections.connect_api_key(
        session.account.id,
        server,
        key,
    ))?;
    println!("Connected as {} (API key)", connected.username);
    println!("Using {}", connected.api_root);
    Ok(())
}

/// `connect --from-wakatime-config`: the password on standard input, the key and the
/// server from the student's WakaTime configuration. Asked for explicitly, a file that
/// offers nothing is an error naming the file and what is wrong.
fn from_wakatime_config(db: Database, a: &ConnectArgs, clock: SharedClock) -> CliResult {
    let offer = wakatime_cfg::offer_here()?;
    log::debug!(
        "{} offers an API key for {}",
        offer.path.display(),
        offer.server
    );
    let session = WakatimeSession::open(db, &a.account, clock)?;
    println!(
        "Using the API key for {} from {}",
        offer.server,
        offer.path.display()
    );
    let connected = runtime()?.block_on(
        session
            .connections
            .connect_wakatime_cfg(session.account.id, &offer),
    )?;
    println!("Connected as {} (API key)", connected.username);
    println!("Using {}", connected.api_root);
    Ok(())
}
