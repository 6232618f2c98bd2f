//! `signup`: create an account from flags and a password on stdin.

use std::io::Read;

use wakadesk_core::accounts::{self, SignupForm, StudentForm};
use wakadesk_core::db::Database;
use wakadesk_core::secret::Secret;

use crate::args::SignupArgs;
use crate::error::{CliError, CliResult};

pub fn run(db: &mut Database, a: SignupArgs) -> CliResult {
    let form = SignupForm {
        email: a.email,
        name: a.name,
        password: read_password(std::io::stdin())?,
        student: a.student.then(|| StudentForm {
            batch: a.batch.unwrap_or_default(),
            project: a.project.unwrap_or_default(),
        }),
    };
    let account = accounts::signup(db, &form)?;
    println!("{}", account.id);
    Ok(())
}

/// The first line of `input`, without its line ending.
fn read_password(mut input: impl Read) -> CliResult<Secret<String>> {
    let mut buf = String::new();
    let read = input.read_to_string(&mut buf);
    // Wrapped before any early return, so it is wiped either way.
    let all = Secret::new(buf);
    read.map_err(CliError::Stdin)?;
    let first = all.expose().lines().next().unwrap_or_default();
    Ok(Secret::new(first.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_the_first_line_without_its_line_ending() {
        for input in [
            "hunter22\n",
            "hunter22\r\n",
            "hunter22",
            "hunter22\nignored\n",
        ] {
            let pw = read_password(input.as_bytes()).unwrap();
            assert_eq!(pw.expose(), "hunter22", "from {input:?}");
        }
    }

    #[test]
    fn spaces_inside_and_around_a_password_are_kept() {
        let pw = read_password(" pass phrase \n".as_bytes()).unwrap();
        assert_eq!(pw.expose(), " pass phrase ");
    }
}
