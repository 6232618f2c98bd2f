//! The `student` table: the batch and project of a user who signed up as a student,
//! the WakaTime project name they chose for it when none matched, and the day their
//! weeks start on. At most one row per user; deleting the user deletes it.

use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StudentRow {
    pub batch: String,
    pub project: String,
}

pub fn insert(conn: &Connection, user_id: i64, student: &StudentRow) -> Result<i64> {
    conn.execute(
        "INSERT INTO student (user_id, batch, project) VALUES (?1, ?2, ?3)",
        params![user_id, student.batch, student.project],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn find_by_user(conn: &Connection, user_id: i64) -> Result<Option<StudentRow>> {
    Ok(conn
        .query_row(
            "SELECT batch, project FROM student WHERE user_id = ?1",
            [user_id],
            |r| {
                Ok(StudentRow {
                    batch: r.get(0)?,
                    project: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// What the project view needs of a student beyond the sign-up form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRow {
    /// As registered (typed at sign-up or edited since).
    pub project: String,
    /// A synced WakaTime project name the student chose; None: matched by name.
    pub wakatime_project: Option<String>,
    /// `monday` or `sunday`.
    pub week_start: String,
}

pub fn project_of(conn: &Connection, user_id: i64) -> Result<Option<ProjectRow>> {
    Ok(conn
        .query_row(
            "SELECT project, wakatime_project, week_start FROM student WHERE user_id = ?1",
            [user_id],
            |r| {
                Ok(ProjectRow {
                    project: r.get(0)?,
                    wakatime_project: r.get(1)?,
                    week_start: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Writes the batch and project (and the chosen WakaTime name with them), adding the
/// row for a user who was not a student yet.
pub fn save(
    conn: &Connection,
    user_id: i64,
    student: &StudentRow,
    wakatime_project: Option<&str>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO student (user_id, batch, project, wakatime_project) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_id) DO UPDATE SET batch = excluded.batch,
             project = excluded.project, wakatime_project = excluded.wakatime_project",
        params![user_id, student.batch, student.project, wakatime_project],
    )?;
    Ok(())
}

/// Sets or clears (None) the chosen WakaTime project name; false when the user is not
/// a student.
pub fn set_wakatime_project(conn: &Connection, user_id: i64, name: Option<&str>) -> Result<bool> {
    let n = conn.execute(
        "UPDATE student SET wakatime_project = ?2 WHERE user_id = ?1",
        params![user_id, name],
    )?;
    Ok(n == 1)
}

/// Sets the day weeks start on (`monday` or `sunday`); false when the user is not a
/// student.
pub fn set_week_start(conn: &Connection, user_id: i64, week_start: &str) -> Result<bool> {
    let n = conn.execute(
        "UPDATE student SET week_start = ?2 WHERE user_id = ?1",
        params![user_id, week_start],
    )?;
    Ok(n == 1)
}
