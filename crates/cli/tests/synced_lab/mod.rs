//! A student signed up with the CLI and connected by API key to a stand-in whose
//! account lives in a given zone, both clocks pinned to one instant (`WAKADESK_NOW`
//! and the stand-in's clock), with 30 days of history so the whole of it is synced.

// Each test binary that includes this module uses only part of it.
#![allow(dead_code)]

use std::process::Output;

use fake_wakatime::{Activity, FakeWakatime, Options};
use serde_json::Value;
use test_support::{account_args, api_key_connect_args, student_signup_args, text, Cli};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub const PASSWORD: &str = "analytical-engine\n";
pub const ADA: &str = "ada@example.com";

pub struct Lab {
    pub dir: tempfile::TempDir,
    pub fake: FakeWakatime,
    pub cli: Cli,
}

/// Signed up (batch 2026-A, project Compiler), connected and synced at `now`.
pub fn synced(zone: &str, now: &str) -> Lab {
    let lab = signed_up(zone, now);
    let stdin = format!("{PASSWORD}{}\n", lab.fake.api_key().unwrap());
    let out = lab
        .cli
        .run(&api_key_connect_args(ADA, &lab.fake.api_url()), &stdin);
    assert!(out.status.success(), "connect: {}", text(&out.stderr));
    let out = lab.account(&["stats", "--sync"]);
    assert!(out.status.success(), "sync: {}", text(&out.stderr));
    lab
}

/// Signed up (batch 2026-A, project Compiler) at `now`, not connected yet.
pub fn signed_up(zone: &str, now: &str) -> Lab {
    let instant = OffsetDateTime::parse(now, &Rfc3339).expect("an RFC 3339 instant");
    let options = Options::default().with_activity(7, 30);
    options.clock.set(instant);
    let options = options.with_switches(|s| s.timezone = zone.parse().expect("an IANA zone"));
    let fake = FakeWakatime::start_blocking(options).expect("stand-in starts");
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(env!("CARGO_BIN_EXE_wakadesk-cli"), dir.path())
        .stand_in(&fake)
        .env("WAKADESK_NOW", now)
        .env("TZ", "UTC");
    let out = cli.run(&student_signup_args(ADA, "Ada Lovelace"), PASSWORD);
    assert!(out.status.success(), "signup: {}", text(&out.stderr));
    Lab { dir, fake, cli }
}

impl Lab {
    /// `args` as Ada, her password on stdin.
    pub fn account(&self, args: &[&str]) -> Output {
        self.cli.run(&account_args(ADA, args), PASSWORD)
    }

    /// `stats --json`, from the cache.
    pub fn stats_json(&self) -> Value {
        let out = self.account(&["stats", "--json"]);
        assert!(out.status.success(), "stats: {}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("JSON on stdout")
    }

    pub fn activity(&self) -> Activity {
        self.fake.activity()
    }
}
