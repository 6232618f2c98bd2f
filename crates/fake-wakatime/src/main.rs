//! `fake-wakatime`: the stand-in as a program, for demos by hand and for tests that
//! need it in another process. It prints its facts as `key=value` lines on stdout
//! (flushed before serving, so a test can read them; `api_key=` comes last) and
//! serves until killed.
#![forbid(unsafe_code)]

use std::io::{self, Write as _};

use clap::Parser;
use fake_wakatime::{FakeWakatime, Flavor, Options, UserProfile};

/// A local stand-in for wakatime.com's OAuth endpoints and API.
#[derive(Debug, Parser)]
#[command(name = "fake-wakatime", version)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The server imitated: wakatime (OAuth and API key at /api/v1), or a self-hosted
    /// wakapi (/api/compat/wakatime/v1) or hackatime (/api/hackatime/v1), API key only.
    #[arg(long, value_name = "wakatime|wakapi|hackatime", default_value_t = Flavor::Wakatime)]
    flavor: Flavor,
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
    /// Seed of the generated coding activity.
    #[arg(long, value_name = "N", default_value_t = fake_wakatime::DEFAULT_ACTIVITY_SEED)]
    seed: u64,
    /// The account was created this many days before today (UTC).
    #[arg(long, value_name = "N", default_value_t = fake_wakatime::DEFAULT_ACTIVITY_DAYS)]
    days: u32,
    /// Stats answer 202 "still calculating" with this percentage done.
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(0..=100))]
    calculating_percent: Option<u8>,
    /// Rate-limit the next N stats requests (429).
    #[arg(long, value_name = "N", default_value_t = 0)]
    rate_limit_next: u32,
    /// Answer rate-limited requests with a 302 to the same URL instead of 429.
    #[arg(long)]
    rate_limit_as_redirect: bool,
    /// Make the next N stats requests answer 500.
    #[arg(long, value_name = "N", default_value_t = 0)]
    server_error_next: u32,
    /// A stats range that answers 402 premium-only (repeatable), e.g. all_time.
    #[arg(long = "plan-limited-range", value_name = "RANGE")]
    plan_limited_ranges: Vec<String>,
    /// Every stats/{range} answers 404, as on servers without stats.
    #[arg(long)]
    missing_stats: bool,
    /// The longest summaries range served at once (default: unlimited on wakatime,
    /// 366 on the self-hosted flavors).
    #[arg(long, value_name = "DAYS")]
    max_summary_days: Option<u32>,
}

impl Args {
    fn into_options(self) -> Options {
        let mut options = Options::default()
            .with_port(self.port)
            .with_flavor(self.flavor);
        options.switches.auto_approve = self.auto_approve;
        options.switches.fail_token_endpoint = self.fail_token_endpoint;
        options.switches.form_only = self.form_only;
        options.switches.delay_ms = self.delay_ms;
        options.switches.calculating_percent = self.calculating_percent;
        options.switches.rate_limit_next = self.rate_limit_next;
        options.switches.rate_limit_as_redirect = self.rate_limit_as_redirect;
        options.switches.server_error_next = self.server_error_next;
        options.switches.plan_limited_ranges = self.plan_limited_ranges;
        options.switches.missing_stats = self.missing_stats;
        options.switches.max_summary_days = self.max_summary_days;
        options.activity_seed = self.seed;
        options.activity_days = self.days;
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
    writeln!(out, "flavor={}", fake.flavor())?;
    if let Some(api_key) = fake.api_key() {
        writeln!(out, "api_key={api_key}")?;
    }
    out.flush()
}
