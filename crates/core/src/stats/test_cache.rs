//! For unit tests: an account on a real SQLite file whose days are a given zone's, and
//! cached days written as a sync would write them.

use time::OffsetDateTime;

use crate::clock::TestClock;
use crate::db::daily_summary_table::{self, DayRow};
use crate::db::student_table::{self, StudentRow};
use crate::db::user_table::{self, NewUser};
use crate::db::wakatime_zone_table::{self, ZoneRow};
use crate::db::Database;

pub struct Cache {
    pub _dir: tempfile::TempDir,
    pub db: Database,
    pub user: i64,
}

/// An account named Ada Lovelace whose days are `zone`'s, a student of `project` when
/// given one.
pub fn account(zone: &str, project: Option<&str>) -> Cache {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open_in(dir.path()).unwrap();
    let user = user_table::insert(
        db.conn(),
        &NewUser {
            email: "ada@example.com",
            name: "Ada Lovelace",
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
            created_at: 0,
        },
    )
    .unwrap();
    let row = ZoneRow {
        zone: zone.into(),
        checked_at: 0,
        answer_label: None,
    };
    wakatime_zone_table::put(db.conn(), user, &row).unwrap();
    if let Some(project) = project {
        let student = StudentRow {
            batch: "2026-A".into(),
            project: project.into(),
        };
        student_table::insert(db.conn(), user, &student).unwrap();
    }
    Cache {
        _dir: dir,
        db,
        user,
    }
}

impl Cache {
    /// Caches one day: its projects and languages (`(dimension, name, seconds)`); the
    /// day's total is its projects' sum.
    pub fn day(&self, date: &str, items: &[(&str, &str, i64)]) {
        let total = items
            .iter()
            .filter(|(d, _, _)| *d == "projects")
            .map(|(_, _, s)| s)
            .sum();
        let row = DayRow {
            date: date.into(),
            total_seconds: total,
            items: items
                .iter()
                .map(|(d, n, s)| (d.to_string(), n.to_string(), *s))
                .collect(),
        };
        daily_summary_table::replace_days(self.db.conn(), self.user, &[row], 0).unwrap();
    }
}

/// A clock standing at an RFC 3339 instant.
pub fn at(instant: &str) -> TestClock {
    let format = time::format_description::well_known::Rfc3339;
    TestClock::at(OffsetDateTime::parse(instant, &format).expect("an RFC 3339 instant"))
}
