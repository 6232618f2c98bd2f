//! Which zone an account's days are in, as far as wakadesk knows: learned from the
//! server's profile (`users/current` → `timezone`) when connecting and again at most
//! once a day during sync, or from the zone its summaries are seen to answer in; the
//! operating system's zone when the server names none (an IANA name is required, and
//! Wakapi may give an abbreviation such as `CET`).

use rusqlite::Connection;

use super::zone::UserZone;
use crate::db::sync_state_table::SyncStateRow;
use crate::db::wakatime_zone_table::{self, ZoneRow};
use crate::Result;

/// How long a zone learned from the profile is trusted before the profile is asked
/// again (a student who travels changes it).
pub const CHECK_EVERY_SECS: i64 = 24 * 60 * 60;

/// The zone the profile gives, when it is an IANA name.
pub fn from_profile(reported: Option<&str>) -> Option<UserZone> {
    reported.and_then(UserZone::named)
}

/// Records what the profile said at `now`: its zone when usable, else the zone already
/// known, else the operating system's. Called when connecting (both ways) and by sync.
pub fn remember_profile(
    conn: &Connection,
    user_id: i64,
    reported: Option<&str>,
    now: i64,
) -> Result<UserZone> {
    let known = wakatime_zone_table::get(conn, user_id)?;
    let zone = from_profile(reported)
        .or_else(|| known.as_ref().and_then(|k| UserZone::named(&k.zone)))
        .unwrap_or_else(UserZone::system);
    let row = ZoneRow {
        zone: zone.name().to_owned(),
        checked_at: now,
        answer_label: known.and_then(|k| k.answer_label),
    };
    wakatime_zone_table::put(conn, user_id, &row)?;
    Ok(zone)
}

/// The learned zone, if any.
pub fn learned(row: Option<&ZoneRow>) -> Option<UserZone> {
    row.and_then(|r| UserZone::named(&r.zone))
}

/// Whether the profile should be asked again at `now`.
pub fn check_due(row: Option<&ZoneRow>, now: i64) -> bool {
    row.is_none_or(|r| now - r.checked_at >= CHECK_EVERY_SECS)
}

/// The zone the dashboard's figures are in: the cache's when it has one (its days are
/// that zone's), else the learned one, else the operating system's.
pub fn shown(conn: &Connection, user_id: i64, state: &SyncStateRow) -> Result<UserZone> {
    if let Some(zone) = state.cache_zone.as_deref().and_then(UserZone::named) {
        return Ok(zone);
    }
    let row = wakatime_zone_table::get(conn, user_id)?;
    Ok(learned(row.as_ref()).unwrap_or_else(UserZone::system))
}

/// Whether the cached days must be fetched again: there are some, and they are not in
/// the learned zone (a cache from before wakadesk knew zones has none recorded).
pub fn cache_needs_resync(conn: &Connection, user_id: i64, state: &SyncStateRow) -> Result<bool> {
    if state.synced_through.is_none() {
        return Ok(false);
    }
    let Some(cache) = state.cache_zone.as_deref() else {
        return Ok(true);
    };
    let row = wakatime_zone_table::get(conn, user_id)?;
    Ok(row.is_some_and(|r| r.zone != cache))
}
