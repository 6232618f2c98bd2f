//! Local accounts: sign up (a user, and for students their batch and project, written
//! together or not at all), log in, look up and list.
//!
//! Sign-up and log-in take the shared database, not a locked one: the password hash
//! is slow on purpose, and the lock is held only for the statements around it, so the
//! process's other tasks (a sync, the dashboard) keep going meanwhile.

pub mod administrator;
mod password;
pub mod student;
pub mod throttle;
pub mod validate;

use serde::Serialize;

use crate::clock::Clock;
use crate::db::student_table::{self, StudentRow};
use crate::db::user_table::{self, NewUser, UserRow};
use crate::db::{Database, SharedDatabase};
use crate::secret::Secret;
use crate::{Error, Result};
pub use student::update_student;

/// What a person fills in to sign up.
#[derive(Debug)]
pub struct SignupForm {
    pub email: String,
    pub name: String,
    pub password: Secret<String>,
    /// Present when the person signs up as a student.
    pub student: Option<StudentForm>,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct StudentForm {
    pub batch: String,
    pub project: String,
}

/// An account as front ends see it. Holds nothing secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub student: Option<StudentRow>,
    pub wakatime: WakatimeLink,
    pub created_at: i64,
}

/// Whether the account has a stored WakaTime credential, and as whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WakatimeLink {
    pub connected: bool,
    pub username: Option<String>,
    /// The API root of a server connected by API key; None for OAuth to WakaTime.
    pub server: Option<String>,
}

impl Account {
    fn from_rows(user: UserRow, student: Option<StudentRow>) -> Self {
        Account {
            id: user.id,
            email: user.email,
            name: user.name,
            student,
            wakatime: WakatimeLink {
                connected: user.wakatime_connected,
                username: user.wakatime_username,
                server: user.wakatime_api_url,
            },
            created_at: user.created_at,
        }
    }
}

/// Creates the account. Every field is checked before anything is written, and the
/// user and student rows are written in one transaction.
pub fn signup(db: &SharedDatabase, form: &SignupForm, clock: &dyn Clock) -> Result<Account> {
    let email = validate::email(&form.email)?;
    let name = validate::name(&form.name)?;
    validate::password(form.password.expose())?;
    let student = match &form.student {
        Some(s) => Some(StudentRow {
            batch: validate::batch(&s.batch)?,
            project: validate::project(&s.project)?,
        }),
        None => None,
    };
    // Checked before the slow hash so a taken email answers at once; the UNIQUE
    // constraint still decides if two sign-ups race.
    if user_table::email_exists(db.lock().conn(), &email)? {
        return Err(Error::DuplicateEmail);
    }
    let password_hash = password::hash(&form.password)?;

    let mut db = db.lock();
    let id = db.write(|tx| {
        let id = user_table::insert(
            tx,
            &NewUser {
                email: &email,
                name: &name,
                password_hash: &password_hash,
                created_at: clock.unix(),
            },
        )?;
        if let Some(student) = &student {
            student_table::insert(tx, id, student)?;
        }
        Ok(id)
    })?;
    get(&db, id)
}

/// The account whose email (any letter case) and password match. An unknown email and a
/// wrong password give the same error, in about the same time, and repeated attempts
/// for one email slow down alike ([`throttle`]).
pub fn login(
    db: &SharedDatabase,
    email: &str,
    password: &Secret<String>,
    clock: &dyn Clock,
) -> Result<Account> {
    let found = {
        let mut db = db.lock();
        throttle::count_attempt(&mut db, email, clock.unix())?;
        user_table::find_for_login(db.conn(), email.trim())?
    };
    match found {
        Some((user, phc)) if password::verify(password, &phc) => {
            let db = db.lock();
            throttle::forget(db.conn(), email)?;
            let student = student_table::find_by_user(db.conn(), user.id)?;
            Ok(Account::from_rows(user, student))
        }
        Some(_) => Err(Error::BadCredentials),
        None => {
            password::verify_against_nothing(password);
            Err(Error::BadCredentials)
        }
    }
}

pub fn get(db: &Database, id: i64) -> Result<Account> {
    let user = user_table::get(db.conn(), id)?.ok_or(Error::UnknownUser(id))?;
    let student = student_table::find_by_user(db.conn(), id)?;
    Ok(Account::from_rows(user, student))
}

/// Whether any local account exists yet: on a first start there is none to log in to.
pub fn any_exist(db: &Database) -> Result<bool> {
    user_table::any(db.conn())
}

/// Every local account, oldest first.
pub fn list(db: &Database) -> Result<Vec<Account>> {
    Ok(user_table::list_with_students(db.conn())?
        .into_iter()
        .map(|(user, student)| Account::from_rows(user, student))
        .collect())
}

#[cfg(test)]
mod tests;
