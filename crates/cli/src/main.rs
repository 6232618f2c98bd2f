//! `wakadesk-cli`: wakadesk from a terminal, over the same database and keyring as the
//! window. Errors go to stderr with exit status 1; usage errors exit with 2.
#![forbid(unsafe_code)]

mod args;
mod configure;
mod connect;
mod connection;
mod doctor;
mod error;
mod loopback;
mod signup;
mod stats;
mod stdin;
mod users;
mod wakatime_session;

use std::process::ExitCode;

use clap::Parser;
use wakadesk_core::db::Database;
use wakadesk_core::paths;

use args::{Cli, Command};
use error::CliResult;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> CliResult {
    match cli.command {
        Command::Signup(a) => signup::run(&mut open_db()?, a),
        Command::Users(a) => users::run(&open_db()?, a),
        Command::Doctor => doctor::run(),
        Command::Connect(a) => connect::run(open_db()?, a),
        Command::Status(a) => connection::status(open_db()?, a),
        Command::Disconnect(a) => connection::disconnect(open_db()?, a),
        Command::Configure(a) => configure::run(&open_db()?, a),
        Command::Stats(a) => stats::run(open_db()?, a),
    }
}

fn open_db() -> CliResult<Database> {
    Ok(Database::open_in(&paths::data_dir()?)?)
}
