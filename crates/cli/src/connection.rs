//! `status` and `disconnect` for an account's WakaTime connection.

use wakadesk_core::clock::SharedClock;
use wakadesk_core::db::Database;

use crate::args::AccountArgs;
use crate::error::CliResult;
use crate::wakatime_session::{runtime, WakatimeSession};

pub fn status(db: Database, who: AccountArgs, clock: SharedClock) -> CliResult {
    let session = WakatimeSession::open(db, &who, clock)?;
    if !session.account.wakatime.connected {
        println!("Not connected");
        return Ok(());
    }
    let id = session.account.id;
    let checked = runtime()?.block_on(session.connections.verify(id));
    log::debug!(
        "connection checked with WakaTime: {}",
        checked.as_ref().map_or_else(|e| e.code(), |_| "ok")
    );
    let stored = session.account.wakatime.username.as_deref().unwrap_or("?");
    match checked {
        Ok(me) => println!("Connected as {}", me.shown_name()),
        Err(e) if e.is_transient() => println!("Connected as {stored} (not checked: {e})"),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

pub fn disconnect(db: Database, who: AccountArgs, clock: SharedClock) -> CliResult {
    let session = WakatimeSession::open(db, &who, clock)?;
    let outcome = runtime()?.block_on(session.connections.disconnect(session.account.id))?;
    log::debug!(
        "disconnected; revoked at WakaTime: {}",
        outcome.warning.is_none()
    );
    match outcome.warning {
        None => println!("Disconnected; WakaTime revoked wakadesk's access."),
        Some(w) => println!("{w}"),
    }
    Ok(())
}
