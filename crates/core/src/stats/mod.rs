//! Personal coding stats: syncing from the WakaTime API into a per-user cache in
//! SQLite, and the dashboard's figures computed from that cache, so the dashboard
//! works offline and while WakaTime is still calculating. Days are the user's days:
//! every date here is one of the account's time zone (`zone`, `account_zone`).

pub mod account_zone;
pub mod dates;
pub mod day_date;
pub mod export;
pub mod figures;
pub mod format;
pub mod goal;
pub mod history;
pub mod last_synced;
pub mod plan;
pub mod project;
pub mod range;
pub mod retry;
pub mod sync;
mod sync_commit;
pub mod today;
pub mod week;
pub mod zone;

pub use figures::{dashboard, Dashboard};
pub use range::DashboardRange;
pub use retry::RetryPolicy;
pub use sync::{sync, SyncReport, SyncStep};
pub use week::WeekStart;
pub use zone::UserZone;

#[cfg(test)]
pub(crate) mod test_cache;
#[cfg(test)]
mod tests;
