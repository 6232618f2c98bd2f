//! `signup`: create an account from flags and a password on stdin.

use wakadesk_core::accounts::{self, SignupForm, StudentForm};
use wakadesk_core::clock::Clock;
use wakadesk_core::db::SharedDatabase;

use crate::args::SignupArgs;
use crate::error::CliResult;
use crate::stdin::read_secret_line;

pub fn run(db: &SharedDatabase, a: SignupArgs, clock: &dyn Clock) -> CliResult {
    let form = SignupForm {
        email: a.email,
        name: a.name,
        password: read_secret_line()?,
        student: a.student.then(|| StudentForm {
            batch: a.batch.unwrap_or_default(),
            project: a.project.unwrap_or_default(),
        }),
    };
    let account = accounts::signup(db, &form, clock)?;
    log::debug!("account {} created", account.id);
    println!("{}", account.id);
    Ok(())
}
