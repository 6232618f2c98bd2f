//! Changing a student's batch and project after sign-up, checked as at sign-up and
//! written in one transaction.

use super::{get, validate, Account, StudentForm};
use crate::db::student_table::{self, StudentRow};
use crate::db::{user_table, Database};
use crate::stats::project::matching::comparable;
use crate::{Error, Result};

/// Sets the account's batch and project; an account that signed up without them
/// becomes a student. A WakaTime project name chosen earlier stays while the project
/// is the same one (compared as names are matched: "Compiler" and "compiler-" are),
/// and is dropped with a new project, which is then matched afresh.
pub fn update_student(db: &mut Database, user_id: i64, form: &StudentForm) -> Result<Account> {
    let student = StudentRow {
        batch: validate::batch(&form.batch)?,
        project: validate::project(&form.project)?,
    };
    db.write(|tx| {
        if user_table::get(tx, user_id)?.is_none() {
            return Err(Error::UnknownUser(user_id));
        }
        let chosen = student_table::project_of(tx, user_id)?
            .filter(|old| comparable(&old.project) == comparable(&student.project))
            .and_then(|old| old.wakatime_project);
        student_table::save(tx, user_id, &student, chosen.as_deref())
    })?;
    get(db, user_id)
}
