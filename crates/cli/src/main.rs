//! `wakadesk-cli`: wakadesk from a terminal, over the same database and keyring as the
//! window. Errors go to stderr with exit status 1; usage errors exit with 2.
#![forbid(unsafe_code)]

mod args;
mod configure;
mod connect;
mod connection;
mod doctor;
mod error;
mod export;
mod goal;
mod logging;
mod loopback;
mod peer_user;
mod signup;
mod stats;
mod stdin;
mod users;
mod wakatime_session;

use std::process::ExitCode;

use clap::Parser;
use wakadesk_core::clock;
use wakadesk_core::db::{Database, SharedDatabase};
use wakadesk_core::paths;

use args::{Cli, Command};
use error::CliResult;

fn main() -> ExitCode {
    logging::init();
    let cli = Cli::parse();
    let name = command_name(&cli.command);
    log::debug!("wakadesk-cli {} running {name}", env!("CARGO_PKG_VERSION"));
    let result = run(cli);
    log::debug!("{name} finished: {}", logging::outcome(&result));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> CliResult {
    // A test may run the command at another instant (`WAKADESK_NOW`).
    let clock = clock::from_env()?;
    match cli.command {
        Command::Signup(a) => signup::run(&SharedDatabase::new(open_db()?), a, &*clock),
        Command::Users(a) => users::run(&open_db()?, a),
        Command::Doctor => doctor::run(),
        Command::Connect(a) => connect::run(open_db()?, a, clock),
        Command::Status(a) => connection::status(open_db()?, a, clock),
        Command::Disconnect(a) => connection::disconnect(open_db()?, a, clock),
        Command::Configure(a) => configure::run(&SharedDatabase::new(open_db()?), a, &*clock),
        Command::Stats(a) => stats::run(open_db()?, a, clock),
        Command::Goal(a) => goal::run(open_db()?, a, &*clock),
        Command::Export(a) => export::run(open_db()?, a, &*clock),
    }
}

fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Signup(_) => "signup",
        Command::Users(_) => "users",
        Command::Doctor => "doctor",
        Command::Connect(_) => "connect",
        Command::Status(_) => "status",
        Command::Disconnect(_) => "disconnect",
        Command::Configure(_) => "configure",
        Command::Stats(_) => "stats",
        Command::Goal(_) => "goal",
        Command::Export(_) => "export",
    }
}

fn open_db() -> CliResult<Database> {
    let dir = paths::data_dir()?;
    log::debug!("data directory {}", dir.display());
    let db = Database::open_in(&dir)?;
    log::trace!("database {} open and up to date", db.path().display());
    Ok(db)
}
