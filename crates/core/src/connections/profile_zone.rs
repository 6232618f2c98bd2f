//! The account's time zone, learned when connecting: the days WakaTime counts are the
//! user's, in the zone its profile names (`users/current` → `timezone`), so "today"
//! is right from the first sync. Both ways of connecting record it here.

use super::Connections;
use crate::stats::account_zone;
use crate::wakatime::CurrentUser;
use crate::Result;

impl Connections {
    /// Records the zone of the profile `me` just answered for the user's connection
    /// (the operating system's when it names no IANA zone; sync checks again daily).
    pub fn remember_zone(&self, user_id: i64, me: &CurrentUser) -> Result<()> {
        let now = self.now();
        account_zone::remember_profile(
            self.db.lock().conn(),
            user_id,
            me.timezone.as_deref(),
            now,
        )?;
        Ok(())
    }
}
