//! The command line, as clap parses it.

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "wakadesk-cli",
    version,
    about = "wakadesk from a terminal: local accounts and their WakaTime connection",
    after_help = "Data lives in the same place as the window's (override with WAKADESK_DATA_DIR)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create a local account; prints the new user's id.
    Signup(SignupArgs),
    /// List every local account (never prints a token).
    Users(UsersArgs),
    /// Check the data directory, the database and the key store.
    Doctor,
}

#[derive(Args)]
pub struct SignupArgs {
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub name: String,
    /// Sign up as a student (needs --batch and --project).
    #[arg(long)]
    pub student: bool,
    #[arg(long, requires = "student")]
    pub batch: Option<String>,
    #[arg(long, requires = "student")]
    pub project: Option<String>,
    /// Read the password from standard input (one line), so it stays out of shell history.
    #[arg(long, required = true)]
    pub password_stdin: bool,
}

#[derive(Args)]
pub struct UsersArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}
