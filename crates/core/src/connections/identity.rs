//! Whose WakaTime account a local account holds: one WakaTime account connected by
//! OAuth belongs to at most one local account, and a change of identity forgets the
//! cached stats of the one before.

use rusqlite::Connection;

use crate::db::user_table::{self, StoredTokens, WakatimeIdentity};
use crate::{Error, Result};

/// Stores `stored` as `user_id`'s connection, as `who`. An OAuth connection is refused
/// when another local account holds the same WakaTime account by OAuth (a browser
/// signed in as someone else approved the request); a different identity than the one before
/// (another WakaTime account, or another server) starts from an empty cache.
pub(super) fn store(
    conn: &Connection,
    user_id: i64,
    stored: &StoredTokens,
    who: &WakatimeIdentity<'_>,
) -> Result<()> {
    let server = stored.api_url.as_deref();
    // By OAuth only: there the browser decides whose account it is, and a shared
    // browser may still be signed in as someone else. An API key is typed in, and
    // whoever has it can read that account's stats anyway.
    let by_oauth = server.is_none();
    if by_oauth && user_table::held_by_another(conn, user_id, who.user_id, server)? {
        return Err(Error::WakatimeAccountTaken);
    }
    let same = user_table::identity(conn, user_id)?
        .is_some_and(|(uid, root)| uid == who.user_id && root.as_deref() == server);
    if !same {
        // The triggers on clearing forget the cached days, the sync state and the zone.
        user_table::clear_connection(conn, user_id)?;
    }
    user_table::store_connection(conn, user_id, stored, who)
}
