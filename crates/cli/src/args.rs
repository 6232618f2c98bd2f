//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

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
    /// Check the data directory, the database and the key store, and say where the
    /// WakaTime settings come from.
    Doctor,
    /// Connect an account to WakaTime in the browser (OAuth, loopback redirect).
    Connect(ConnectArgs),
    /// Show whether an account is connected, checking with WakaTime.
    Status(AccountArgs),
    /// Revoke wakadesk's WakaTime access for an account and forget its tokens.
    Disconnect(AccountArgs),
    /// Save the client id and secret of your app registered at wakatime.com/apps.
    Configure(ConfigureArgs),
    /// Show coding stats from the local cache (syncing first with --sync or when empty).
    Stats(StatsArgs),
    /// Set or remove the account's daily coding goal.
    Goal(GoalArgs),
    /// Write the days of a range per project and language, for a mentor, as CSV or JSON.
    Export(ExportArgs),
}

#[derive(Args)]
#[command(group(ArgGroup::new("change").required(true).args(["minutes", "clear"])))]
pub struct GoalArgs {
    #[command(flatten)]
    pub account: AccountArgs,
    /// Minutes of coding a day to aim for, 1 to 1440 (0 removes the goal).
    #[arg(long, value_name = "N")]
    pub minutes: Option<u32>,
    /// Remove the goal.
    #[arg(long)]
    pub clear: bool,
}

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub account: AccountArgs,
    /// last_7_days, last_30_days, last_6_months, last_year or all_synced (everything
    /// cached).
    #[arg(long, value_name = "RANGE")]
    pub range: String,
    #[arg(long, value_enum)]
    pub format: ExportFormatArg,
    /// Write to this file (replacing it) instead of standard output; a folder gets a
    /// new file named wakadesk-<name>-<range>.<format> (-2, -3, ... if taken).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormatArg {
    Csv,
    Json,
}

#[derive(Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub account: AccountArgs,
    /// last_7_days, last_30_days, last_6_months, last_year or all_synced (everything
    /// cached).
    #[arg(long, default_value = "last_7_days")]
    pub range: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Fetch new data from WakaTime first.
    #[arg(long)]
    pub sync: bool,
}

/// Which local account, proven by its password on standard input.
#[derive(Args)]
pub struct AccountArgs {
    #[arg(long)]
    pub email: String,
    /// Read the account password from standard input (one line).
    #[arg(long, required = true)]
    pub password_stdin: bool,
}

#[derive(Args)]
pub struct ConnectArgs {
    #[command(flatten)]
    pub account: AccountArgs,
    /// Print the address to open instead of starting a browser.
    #[arg(long)]
    pub no_browser: bool,
    /// Port of the loopback redirect http://127.0.0.1:PORT/oauth/callback; it must be
    /// registered at wakatime.com/apps exactly.
    #[arg(long, default_value_t = wakadesk_core::oauth::DEFAULT_LOOPBACK_PORT)]
    pub port: u16,
    /// Seconds to wait for the browser.
    #[arg(long, default_value_t = 300)]
    pub timeout: u64,
    /// Connect with an API key to this server instead of OAuth: its address
    /// (https://wakapi.example.edu), the api_url of ~/.wakatime.cfg
    /// (https://wakapi.example.edu/api) or its API root
    /// (https://wakapi.example.edu/api/compat/wakatime/v1,
    /// https://hackatime.hackclub.com/api/hackatime/v1,
    /// https://api.wakatime.com/api/v1). The API root found is printed.
    #[arg(long, requires = "api_key_stdin", value_name = "URL")]
    pub server: Option<String>,
    /// Read the API key from standard input, on the line after the password.
    #[arg(long, requires = "server")]
    pub api_key_stdin: bool,
    /// Connect with the API key and the server your WakaTime editor plugins use, from
    /// $WAKATIME_HOME/.wakatime.cfg (else ~/.wakatime.cfg). A missing or unusable file
    /// is an error that says what is wrong; the key is never printed.
    #[arg(long, conflicts_with_all = ["server", "api_key_stdin"])]
    pub from_wakatime_config: bool,
}

#[derive(Args)]
pub struct ConfigureArgs {
    /// The account that administers the settings (the first one created); its password
    /// is the first line of standard input.
    #[command(flatten)]
    pub account: AccountArgs,
    /// Client id of the app registered at wakatime.com/apps.
    #[arg(long)]
    pub client_id: String,
    /// Read the app's client secret from standard input (the line after the password).
    #[arg(long, required = true)]
    pub client_secret_stdin: bool,
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
