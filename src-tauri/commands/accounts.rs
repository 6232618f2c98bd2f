//! Sign up, log in, log out, and who is logged in.

use serde::Deserialize;
use wakadesk_core::accounts::{self, Account, SignupForm, StudentForm};
use wakadesk_core::secret::Secret;

use crate::command_error::CommandError;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct StudentArgs {
    batch: String,
    project: String,
}

/// Runs off the main thread, as every command does, so the deliberately slow password
/// hash never holds up the window.
pub fn signup(
    state: &AppState,
    email: String,
    name: String,
    password: Secret<String>,
    student: Option<StudentArgs>,
) -> Result<Account, CommandError> {
    let form = SignupForm {
        email,
        name,
        password,
        student: student.map(|s| StudentForm {
            batch: s.batch,
            project: s.project,
        }),
    };
    let account = accounts::signup(state.db()?, &form, state.clock())?;
    state.session().user_id = Some(account.id);
    crate::companion::logged_in(state, account.id, false);
    Ok(account)
}

/// `keep`: "Keep me logged in on this computer": the window opens on this account
/// after a restart and the tray keeps following it, until *Log out*.
pub fn login(
    state: &AppState,
    email: String,
    password: Secret<String>,
    keep: Option<bool>,
) -> Result<Account, CommandError> {
    let account = accounts::login(state.db()?, &email, &password, state.clock())?;
    state.session().user_id = Some(account.id);
    crate::companion::logged_in(state, account.id, keep.unwrap_or(false));
    Ok(account)
}

pub fn logout(state: &AppState) {
    let user_id = {
        let mut session = state.session();
        let user_id = session.user_id.take();
        if let Some(user_id) = user_id {
            session.set_connect_error(user_id, None);
        }
        user_id
    };
    if let Some(user_id) = user_id {
        crate::companion::logged_out(state, user_id);
    }
    // The request a consent tab left open in a shared browser could still connect this
    // account later: withdraw it. Logging out goes on even if that fails.
    if let (Some(user_id), Ok(connections)) = (user_id, state.connections()) {
        if let Err(e) = connections.cancel(user_id) {
            eprintln!(
                "wakadesk: open connection requests not withdrawn: {}",
                e.code()
            );
        }
    }
}

pub fn current_user(state: &AppState) -> Result<Option<Account>, CommandError> {
    // After the stores open, which logs in the account kept logged in.
    let db = state.db()?;
    let Some(id) = state.session().user_id else {
        return Ok(None);
    };
    Ok(Some(accounts::get(&db.lock(), id)?))
}
