//! `wakadesk-cli stats` in the user's days: run with `WAKADESK_NOW` at an instant the
//! stand-in's clock is pinned to, on both sides of local midnight from UTC−12 to UTC+14
//! and across a daylight-saving change, its today and its chart are the stand-in's
//! days; a profile zone given as an abbreviation gives way to the system's (`TZ`). A
//! plan that refuses older summaries still gets its figures, exit 0, and the plan's
//! limit said on stderr.

use std::process::Output;

use fake_wakatime::{Activity, FakeWakatime, Flavor, Options};
use serde_json::Value;
use test_support::{
    account_args, api_key_connect_args, authorize_address, browser_hop, free_port,
    loopback_connect_args, text, Cli,
};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use wakadesk_core::oauth::loopback_redirect_uri;
use wakadesk_core::stats::dates;

const PASSWORD: &str = "analytical-engine\n";
const ADA: &str = "ada@example.com";

struct Lab {
    _dir: tempfile::TempDir,
    fake: FakeWakatime,
    cli: Cli,
    port: u16,
}

/// A stand-in whose account lives in `zone` and a signed-up account, both clocks at
/// `now`.
fn lab(options: Options, zone: &str, now: &str) -> Lab {
    let port = free_port();
    let instant = OffsetDateTime::parse(now, &Rfc3339).expect("an RFC 3339 instant");
    options.clock.set(instant);
    let options = options
        .with_redirect_uris([loopback_redirect_uri(port)])
        .with_switches(|s| {
            s.auto_approve = true;
            s.timezone = zone.parse().expect("an IANA zone");
        });
    let fake = FakeWakatime::start_blocking(options).expect("stand-in starts");
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(env!("CARGO_BIN_EXE_wakadesk-cli"), dir.path())
        .stand_in(&fake)
        .env("WAKADESK_NOW", now)
        .env("TZ", "UTC");
    cli.sign_up(ADA, PASSWORD);
    Lab {
        _dir: dir,
        fake,
        cli,
        port,
    }
}

impl Lab {
    fn account(&self, args: &[&str]) -> Output {
        self.cli.run(&account_args(ADA, args), PASSWORD)
    }

    /// Connects through the loopback redirect, the stand-in approving at once.
    fn connect_in_browser(&self) {
        let port = self.port.to_string();
        let (child, lines) = self
            .cli
            .spawn_reading(&loopback_connect_args(ADA, &port), PASSWORD);
        let authorize = authorize_address(&lines, &mut String::new()).expect("an address");
        let back = browser_hop(&authorize).and_then(|hop| hop.location);
        browser_hop(&back.expect("a redirect back")).expect("the CLI answers");
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "connect: {}", text(&out.stderr));
    }

    fn connect_by_key(&self) {
        let stdin = format!("{PASSWORD}{}\n", self.fake.api_key().unwrap());
        let api_url = self.fake.api_url();
        let out = self.cli.run(&api_key_connect_args(ADA, &api_url), &stdin);
        assert!(out.status.success(), "connect: {}", text(&out.stderr));
    }

    /// `stats --json` with `args`: the dashboard, and what went to stderr.
    fn stats_json(&self, args: &[&str]) -> (Value, String) {
        let mut all = vec!["stats", "--json"];
        all.extend_from_slice(args);
        let out = self.account(&all);
        assert!(out.status.success(), "stats: {}", text(&out.stderr));
        let json = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
        (json, text(&out.stderr))
    }
}

/// The dashboard's chart, `(date, seconds)` per day.
fn chart(d: &Value) -> Vec<(String, u64)> {
    d["series"]
        .as_array()
        .expect("a series")
        .iter()
        .map(|day| {
            (
                day["date"].as_str().unwrap().to_owned(),
                day["seconds"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The last `days` days of the stand-in's account, through its today.
fn servers_days(activity: &Activity, days: i64) -> Vec<(String, u64)> {
    let today = activity.today();
    activity
        .days(dates::days_before(today, days - 1), today)
        .iter()
        .map(|day| (dates::format(day.date), day.total_seconds))
        .collect()
}

fn assert_the_accounts_week(d: &Value, activity: &Activity, what: &str) {
    let today = dates::format(activity.today());
    assert_eq!(d["end"], today.as_str(), "{what}: today is the account's");
    assert_eq!(
        chart(d),
        servers_days(activity, 7),
        "{what}: the chart's days"
    );
    let total: u64 = servers_days(activity, 7).iter().map(|(_, s)| s).sum();
    assert_eq!(d["total"]["seconds"], total, "{what}: the week's total");
    assert_eq!(
        d["today"]["seconds"],
        activity.day(activity.today()).total_seconds,
        "{what}: today"
    );
}

#[test]
fn stats_at_pinned_instants_show_the_accounts_days() {
    for (zone, now) in [
        ("Etc/GMT+12", "2026-12-01T11:50:00Z"),
        ("Etc/GMT+12", "2026-12-01T12:10:00Z"),
        ("UTC", "2026-11-30T23:50:00Z"),
        ("Asia/Kolkata", "2026-11-30T18:20:00Z"),
        ("Asia/Kolkata", "2026-11-30T18:40:00Z"),
        ("Pacific/Kiritimati", "2026-11-30T22:20:00Z"),
        ("America/New_York", "2026-11-02T04:50:00Z"),
    ] {
        let what = format!("{zone} at {now}");
        let lab = lab(Options::default(), zone, now);
        lab.connect_in_browser();
        let (d, _) = lab.stats_json(&["--sync"]);
        assert_eq!(d["timezone"], zone, "{what}");
        assert_eq!(d["range"], "last_7_days", "{what}: the flag's spelling");
        assert_the_accounts_week(&d, &lab.fake.activity(), &what);
    }
}

#[test]
fn a_plan_refusing_older_summaries_still_gives_its_figures_and_says_its_limit() {
    let options = Options::default().with_switches(|s| {
        s.history_days = Some(14);
        s.history_refusal_status = 402;
    });
    let lab = lab(options, "Asia/Kolkata", "2026-12-01T06:00:00Z");
    lab.connect_in_browser();
    // What was seen: this failed with "does not offer users/current/summaries".
    let out = lab.account(&["stats", "--sync", "--range", "last_7_days"]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stderr.contains("does not offer") && !stderr.contains("warning"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("plan shows"),
        "a week is within the plan: {stderr}"
    );
    assert!(
        text(&out.stdout).starts_with("Last 7 days ("),
        "{}",
        text(&out.stdout)
    );

    let (week, _) = lab.stats_json(&[]);
    assert_the_accounts_week(&week, &lab.fake.activity(), "14 days of history");

    let (month, stderr) = lab.stats_json(&["--range", "last_30_days"]);
    assert!(
        stderr.contains("Your WakaTime plan shows the last 14 days."),
        "{stderr}"
    );
    assert_eq!(month["range"], "last_30_days");
    assert_eq!(month["historyLimitDays"], 14);
    assert_eq!(month["beyondHistory"], true);
    let served: u64 = servers_days(&lab.fake.activity(), 14)
        .iter()
        .map(|(_, s)| s)
        .sum();
    assert_eq!(month["total"]["seconds"], served, "every served day, once");

    lab.fake.clear_requests();
    let out = lab.account(&["stats", "--sync", "--range", "last_30_days"]);
    assert!(
        out.status.success(),
        "every later sync works: {}",
        text(&out.stderr)
    );
    let seen = lab.fake.requests();
    assert_eq!(seen.len(), 2, "summaries and the all-time total: {seen:?}");
    assert!(
        seen.iter().all(|r| r.status == Some(200)),
        "and asks for no more than the plan serves: {seen:?}"
    );
}

#[test]
fn a_profile_zone_given_as_an_abbreviation_gives_way_to_the_systems_zone() {
    // 00:20 on 1 December in Berlin, still 30 November in UTC. Wakapi names the
    // user's zone CET; the computer's zone (TZ) is Berlin.
    let options = Options::default()
        .with_flavor(Flavor::Wakapi)
        .with_switches(|s| {
            s.wakapi_timezone_text = Some("CET".into());
            s.wakapi_range_date_is_now = true;
        });
    let mut lab = lab(options, "Europe/Berlin", "2026-11-30T23:20:00Z");
    lab.cli = lab.cli.clone().env("TZ", "Europe/Berlin");
    lab.connect_by_key();
    let out = lab.account(&["stats", "--sync"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("(part 1 of 4)") && stderr.contains("(part 4 of 4)"),
        "a self-hosted server's year in parts: {stderr}"
    );
    assert!(
        stdout.contains("Europe/Berlin") && stdout.contains("Last synced just now"),
        "{stdout}"
    );
    let (d, _) = lab.stats_json(&[]);
    assert_eq!(d["timezone"], "Europe/Berlin");
    assert_the_accounts_week(&d, &lab.fake.activity(), "CET on Wakapi");
}
