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
    /// The API root of a server connected by API key; None for OAuth to WakaTime.
    pub wakatime_api_url: Option<String>,
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
                       wakatime_username, created_at, wakatime_api_url";

fn from_row(r: &Row<'_>) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        id: r.get(0)?,
        email: r.get(1)?,
        name: r.get(2)?,
        wakatime_connected: r.get(3)?,
        wakatime_username: r.get(4)?,
        created_at: r.get(5)?,
        wakatime_api_url: r.get(6)?,
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
        .query_row(&sql, [email], |r| Ok((from_row(r)?, r.get(7)?)))
        .optional()?)
}

pub fn email_exists(conn: &Connection, email: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM user WHERE email = ?1", [email], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether the table holds any user.
pub fn any(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM user LIMIT 1", [], |_| Ok(()))
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

/// A user's WakaTime credentials as stored: ciphertext only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTokens {
    /// For an API-key connection: the key, and `api_url` is set.
    pub access_encrypted: String,
    pub refresh_encrypted: Option<String>,
    pub expires_at: Option<i64>,
    pub scopes: Option<String>,
    /// The API root of an API-key connection; None for OAuth.
    pub api_url: Option<String>,
    /// The client id of the app an OAuth grant was made with (None for an API key,
    /// or a grant stored before it was recorded).
    pub client_id: Option<String>,
}

/// Who the credentials belong to on WakaTime.
pub struct WakatimeIdentity<'a> {
    pub user_id: &'a str,
    pub username: &'a str,
    pub connected_at: i64,
}

/// Stores a new connection: tokens and identity in one statement.
pub fn store_connection(
    conn: &Connection,
    id: i64,
    tokens: &StoredTokens,
    who: &WakatimeIdentity<'_>,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE user SET wakatime_access_token_encrypted = ?2,
                         wakatime_refresh_token_encrypted = ?3,
                         wakatime_token_expires_at = ?4,
                         wakatime_scopes = ?5,
                         wakatime_user_id = ?6,
                         wakatime_username = ?7,
                         wakatime_connected_at = ?8,
                         wakatime_auth_kind = CASE WHEN ?9 IS NULL THEN 'oauth' ELSE 'api_key' END,
                         wakatime_api_url = ?9,
                         wakatime_client_id = ?10
         WHERE id = ?1",
        params![
            id,
            tokens.access_encrypted,
            tokens.refresh_encrypted,
            tokens.expires_at,
            tokens.scopes,
            who.user_id,
            who.username,
            who.connected_at,
            tokens.api_url,
            tokens.client_id
        ],
    )?;
    if n == 0 {
        return Err(Error::UnknownUser(id));
    }
    Ok(())
}

/// Who the user is connected as: the WakaTime user id and the API root (None for
/// wakatime.com by OAuth); None when not connected.
pub fn identity(conn: &Connection, id: i64) -> Result<Option<(String, Option<String>)>> {
    Ok(conn
        .query_row(
            "SELECT wakatime_user_id, wakatime_api_url FROM user
             WHERE id = ?1 AND wakatime_access_token_encrypted IS NOT NULL
                   AND wakatime_user_id IS NOT NULL",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Whether a local account other than `id` is connected as `wakatime_user_id` on the
/// same server (`api_url`, None for wakatime.com by OAuth).
pub fn held_by_another(
    conn: &Connection,
    id: i64,
    wakatime_user_id: &str,
    api_url: Option<&str>,
) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM user
             WHERE id != ?1 AND wakatime_user_id = ?2
                   AND wakatime_access_token_encrypted IS NOT NULL
                   AND wakatime_api_url IS ?3",
            params![id, wakatime_user_id, api_url],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// How many accounts hold an OAuth grant made with another app than `client_id`.
pub fn grants_of_other_apps(conn: &Connection, client_id: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM user
         WHERE wakatime_access_token_encrypted IS NOT NULL AND wakatime_api_url IS NULL
               AND wakatime_client_id IS NOT NULL AND wakatime_client_id != ?1",
        [client_id],
        |r| r.get(0),
    )?)
}

/// Replaces the tokens after a refresh; the identity stays. False if the user was
/// disconnected meanwhile (then nothing is written).
pub fn replace_tokens(conn: &Connection, id: i64, tokens: &StoredTokens) -> Result<bool> {
    let n = conn.execute(
        "UPDATE user SET wakatime_access_token_encrypted = ?2,
                         wakatime_refresh_token_encrypted = ?3,
                         wakatime_token_expires_at = ?4,
                         wakatime_scopes = coalesce(?5, wakatime_scopes)
         WHERE id = ?1 AND wakatime_access_token_encrypted IS NOT NULL
               AND wakatime_api_url IS NULL",
        params![
            id,
            tokens.access_encrypted,
            tokens.refresh_encrypted,
            tokens.expires_at,
            tokens.scopes
        ],
    )?;
    Ok(n == 1)
}

pub fn tokens(conn: &Connection, id: i64) -> Result<Option<StoredTokens>> {
    Ok(conn
        .query_row(
            "SELECT wakatime_access_token_encrypted, wakatime_refresh_token_encrypted,
                    wakatime_token_expires_at, wakatime_scopes, wakatime_api_url,
                    wakatime_client_id
             FROM user WHERE id = ?1 AND wakatime_access_token_encrypted IS NOT NULL",
            [id],
            |r| {
                Ok(StoredTokens {
                    access_encrypted: r.get(0)?,
                    refresh_encrypted: r.get(1)?,
                    expires_at: r.get(2)?,
                    scopes: r.get(3)?,
                    api_url: r.get(4)?,
                    client_id: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// Forgets the WakaTime connection: the user is no longer connected.
pub fn clear_connection(conn: &Connection, id: i64) -> Result<()> {
    conn.execute(
        "UPDATE user SET wakatime_access_token_encrypted = NULL,
                         wakatime_refresh_token_encrypted = NULL,
                         wakatime_token_expires_at = NULL,
                         wakatime_scopes = NULL,
                         wakatime_user_id = NULL,
                         wakatime_username = NULL,
                         wakatime_connected_at = NULL,
                         wakatime_auth_kind = NULL,
                         wakatime_api_url = NULL,
                         wakatime_client_id = NULL
         WHERE id = ?1",
        [id],
    )?;
    Ok(())
}
