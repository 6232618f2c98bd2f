//! The `user` table: one row per local account.
//!
//! "Connected to WakaTime" means `wakatime_access_token_encrypted` is not NULL; that
//! column only ever holds Fernet ciphertext.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::db::student_table::StudentRow;
use crate::{Error, Result};

/// A user as stored, without the password hash or any token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub wakatime_connected: bool,
    pub wakatime_username: Option<String>,
    pub created_at: i64,
}

/// What a new account stores.
pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub created_at: i64,
}

const COLUMNS: &str = "id, email, name, wakatime_access_token_encrypted IS NOT NULL, \
                       wakatime_username, created_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        id: r.get(0)?,
        email: r.get(1)?,
        name: r.get(2)?,
        wakatime_connected: r.get(3)?,
        wakatime_username: r.get(4)?,
        created_at: r.get(5)?,
    })
}

/// Inserts a user; an email already present in any letter case is [`Error::DuplicateEmail`].
pub fn insert(conn: &Connection, user: &NewUser<'_>) -> Result<i64> {
    let inserted = conn.execute(
        "INSERT INTO user (email, name, password, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![user.email, user.name, user.password_hash, user.created_at],
    );
    match inserted {
        Ok(_) => Ok(conn.last_insert_rowid()),
        Err(e) if is_unique_violation(&e) => Err(Error::DuplicateEmail),
        Err(e) => Err(e.into()),
    }
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<UserRow>> {
    let sql = format!("SELECT {COLUMNS} FROM user WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], from_row).optional()?)
}

/// The user and their password hash, for logging in. Email matching ignores letter case.
pub fn find_for_login(conn: &Connection, email: &str) -> Result<Option<(UserRow, String)>> {
    let sql = format!("SELECT {COLUMNS}, password FROM user WHERE email = ?1");
    Ok(conn
        .query_row(&sql, [email], |r| Ok((from_row(r)?, r.get(6)?)))
        .optional()?)
}

pub fn email_exists(conn: &Connection, email: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM user WHERE email = ?1", [email], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Every user with their student row, if any, oldest first.
pub fn list_with_students(conn: &Connection) -> Result<Vec<(UserRow, Option<StudentRow>)>> {
    let mut stmt = conn.prepare(
        "SELECT u.id, u.email, u.name, u.wakatime_access_token_encrypted IS NOT NULL,
                u.wakatime_username, u.created_at, s.batch, s.project
         FROM user u LEFT JOIN student s ON s.user_id = u.id ORDER BY u.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let student = match (
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
        ) {
            (Some(batch), Some(project)) => Some(StudentRow { batch, project }),
            _ => None,
        };
        Ok((from_row(r)?, student))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
