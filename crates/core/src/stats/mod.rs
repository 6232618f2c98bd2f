//! Personal coding stats: syncing from the WakaTime API into a per-user cache in
//! SQLite, and the dashboard's figures computed from that cache, so the dashboard
//! works offline and while WakaTime is still calculating.

pub mod dates;
pub mod figures;
pub mod format;
pub mod range;
pub mod retry;
pub mod sync;

pub use figures::{dashboard, Dashboard};
pub use range::DashboardRange;
pub use retry::RetryPolicy;
pub use sync::{sync, SyncReport, SyncStep};

#[cfg(test)]
mod tests;
