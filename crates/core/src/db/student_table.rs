//! The `student` table: the batch and project of a user who signed up as a student.
//! At most one row per user; deleting the user deletes it.

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
