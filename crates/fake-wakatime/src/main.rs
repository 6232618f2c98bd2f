//! `fake-wakatime`: the stand-in as a program, for demos by hand and for tests that
//! need it in another process. It prints its facts as `key=value` lines on stdout
//! (flushed before serving, so a test can read them; `api_key=` comes last) and
//! serves until killed. Its switches' flags come from `Switches` itself.
#![forbid(unsafe_code)]

use std::io::{self, Write as _};

use clap::Parser;
use fake_wakatime::{FakeWakatime, Flavor, Options, Switches, UserProfile};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

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
    /// The account was created this many days before today (in the account's zone, on
    /// the stand-in's clock).
    #[arg(long, value_name = "N", default_value_t = fake_wakatime::DEFAULT_ACTIVITY_DAYS)]
    days: u32,
    /// Start the stand-in's clock at this instant (RFC 3339) instead of the system time;
    /// it ticks from there.
    #[arg(long, value_name = "RFC3339", value_parser = |s: &str| OffsetDateTime::parse(s, &Rfc3339))]
    now: Option<OffsetDateTime>,
    #[command(flatten)]
    switches: Switches,
}

impl Args {
    fn into_options(self) -> Options {
        let mut options = Options {
            port: self.port,
            flavor: self.flavor,
            activity_seed: self.seed,
            activity_days: self.days,
            switches: self.switches,
            ..Options::default()
        };
        if let Some(now) = self.now {
            options.clock.set(now);
        }
        options.client_id = self.client_id.unwrap_or(options.client_id);
        options.client_secret = self.client_secret.unwrap_or(options.client_secret);
        if !self.redirect_uris.is_empty() {
            options.redirect_uris = self.redirect_uris;
        }
        if let Some(username) = self.username {
            options.user = UserProfile::named(username);
        }
        options.api_key = self.api_key.or(options.api_key);
        options
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let fake = FakeWakatime::start(Args::parse().into_options()).await?;
    let mut out = io::stdout().lock();
    writeln!(out, "base_url={}", fake.base_url())?;
    writeln!(out, "api_url={}", fake.api_url())?;
    writeln!(out, "heartbeat_url={}", fake.heartbeat_root())?;
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
    out.flush()?;
    drop(out);
    eprintln!(
        "fake-wakatime: serving on {}; Ctrl-C stops it",
        fake.base_url()
    );
    tokio::signal::ctrl_c().await?;
    fake.stop().await;
    Ok(())
}
