//! `fake-wakatime`: the stand-in as a program, for demos by hand and for tests that
//! need it in another process. It prints its facts as `key=value` lines on stdout
//! (flushed before serving, so a test can read them) and serves until killed.
#![forbid(unsafe_code)]

use std::io::{self, Write as _};

use clap::Parser;
use fake_wakatime::{FakeWakatime, Options, UserProfile};

/// A local stand-in for wakatime.com's OAuth endpoints and API.
#[derive(Debug, Parser)]
#[command(name = "fake-wakatime", version)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Skip the consent page: authorize redirects straight back with a code.
    #[arg(long)]
    auto_approve: bool,
    /// Access token lifetime in seconds (default: 60 days).
    #[arg(long, value_name = "SECS")]
    token_lifetime: Option<u64>,
    /// Authorization code lifetime in seconds (default: 600).
    #[arg(long, value_name = "SECS")]
    code_lifetime: Option<u64>,
    /// Make POST /oauth/token answer 500.
    #[arg(long)]
    fail_token_endpoint: bool,
    /// Answer token requests form-encoded even when JSON is asked for.
    #[arg(long)]
    form_only: bool,
    /// Milliseconds to wait before every answer.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    delay_ms: u64,
    #[arg(long)]
    client_id: Option<String>,
    /// Default: a random `waka_sec_...`.
    #[arg(long)]
    client_secret: Option<String>,
    /// A registered redirect URI (repeatable); replaces the default two when given.
    #[arg(long = "redirect-uri", value_name = "URI")]
    redirect_uris: Vec<String>,
    /// The signed-in user's username (default: ada).
    #[arg(long)]
    username: Option<String>,
    /// The API key accepted as `Authorization: Basic base64(key)` (default: random).
    #[arg(long)]
    api_key: Option<String>,
}

impl Args {
    fn into_options(self) -> Options {
        let mut options = Options::default().with_port(self.port);
        options.switches.auto_approve = self.auto_approve;
        options.switches.fail_token_endpoint = self.fail_token_endpoint;
        options.switches.form_only = self.form_only;
        options.switches.delay_ms = self.delay_ms;
        if let Some(secs) = self.token_lifetime {
            options.switches.token_lifetime_secs = secs;
        }
        if let Some(secs) = self.code_lifetime {
            options.switches.code_lifetime_secs = secs;
        }
        if let Some(id) = self.client_id {
            options.client_id = id;
        }
        if let Some(secret) = self.client_secret {
            options.client_secret = secret;
        }
        if !self.redirect_uris.is_empty() {
            options.redirect_uris = self.redirect_uris;
        }
        if let Some(username) = self.username {
            options.user = UserProfile::named(username);
        }
        if self.api_key.is_some() {
            options.api_key = self.api_key;
        }
        options
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let options = Args::parse().into_options();
    let fake = FakeWakatime::start(options).await?;
    print_facts(&fake)?;
    eprintln!(
        "fake-wakatime: serving on {}; Ctrl-C stops it",
        fake.base_url()
    );
    tokio::signal::ctrl_c().await?;
    fake.stop().await;
    Ok(())
}

fn print_facts(fake: &FakeWakatime) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "base_url={}", fake.base_url())?;
    writeln!(out, "api_url={}", fake.api_url())?;
    writeln!(out, "client_id={}", fake.client_id())?;
    writeln!(out, "client_secret={}", fake.client_secret())?;
    for uri in fake.redirect_uris() {
        writeln!(out, "redirect_uri={uri}")?;
    }
    writeln!(out, "username={}", fake.user().username)?;
    if let Some(api_key) = fake.api_key() {
        writeln!(out, "api_key={api_key}")?;
    }
    out.flush()
}
