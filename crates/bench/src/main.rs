//! `make bench`: sync and dashboard figures against the local WakaTime stand-in with a
//! year of generated activity, over real HTTP on loopback, with a real SQLite file.
//! Prints each figure next to its target; BENCHMARKS.md records the method and results.
#![forbid(unsafe_code)]

use wakadesk_bench::{setup, timing};

use std::time::{Duration, Instant};

use fake_wakatime::peak_requests_per_second;
use wakadesk_core::clock::TestClock;
use wakadesk_core::stats::{self, dates, figures, DashboardRange};

const DASHBOARD_RUNS: usize = 2_000;

#[tokio::main]
async fn main() {
    let bench = setup::connected_account().await;
    let today = fake_wakatime::activity::today_utc();
    let yesterday = dates::days_before(today, 1);
    // Every request to the API root counts, the profile's zone check included.
    let api = "/api/v1/";

    bench.fake.clear_requests();
    let started = Instant::now();
    let first = bench.sync(yesterday).await.expect("first sync");
    let first_time = started.elapsed();
    let first_requests = bench.fake.requests_under(api);

    bench.fake.clear_requests();
    let started = Instant::now();
    bench.sync(today).await.expect("incremental sync");
    let incremental_time = started.elapsed();
    let incremental_requests = bench.fake.requests_under(api);
    let zone_checked = incremental_requests
        .iter()
        .any(|r| r.path == "/api/v1/users/current");

    let hosted = setup::self_hosted_account().await;
    let hosted_api = hosted.fake.flavor().api_prefix();
    hosted.fake.clear_requests();
    let started = Instant::now();
    let hosted_report = hosted.sync(today).await.expect("self-hosted first sync");
    let hosted_time = started.elapsed();
    let hosted_requests = hosted.fake.requests_under(hosted_api);

    let db = bench.db.clone();
    let user = bench.user_id;
    let clock = TestClock::on(today);
    // Both parts of each call timed in the same run: reading the cache, then the
    // figures and their JSON.
    let mut read = Vec::with_capacity(DASHBOARD_RUNS);
    let whole = timing::sample(DASHBOARD_RUNS, || {
        let started = Instant::now();
        let loaded = figures::load(&db.lock(), user, DashboardRange::LastYear, &clock).unwrap();
        let reading = started.elapsed();
        let json = serde_json::to_string(&figures::compute(loaded, &clock)).unwrap();
        read.push(reading);
        json
    });
    let read_share = median_share(&read[read.len() - DASHBOARD_RUNS..], &whole);

    // Two years in the cache, as a student has after a year of use: a first sync a year
    // ago, then the year since.
    let long = setup::connected_account_with_days(730).await;
    long.sync(dates::days_before(today, 365))
        .await
        .expect("a first sync a year ago");
    long.sync(today).await.expect("the year since");
    let all_synced_view = || {
        stats::dashboard(
            &long.db.lock(),
            long.user_id,
            DashboardRange::AllSynced,
            &clock,
        )
        .unwrap()
    };
    let long_days = all_synced_view().series.len();
    let all_synced = timing::sample(DASHBOARD_RUNS, || {
        serde_json::to_string(&all_synced_view()).unwrap()
    });

    println!(
        "wakadesk bench: stand-in with {} days of activity, loopback HTTP, SQLite in a temp dir",
        first.days_fetched
    );
    println!();
    row(
        "first sync, 365 days: HTTP requests",
        first_requests.len().to_string(),
        "<= 3",
        first_requests.len() <= 3,
    );
    row(
        "first sync, 365 days: wall time",
        format!("{} ms", first_time.as_millis()),
        "-",
        true,
    );
    let allowed = if zone_checked { 3 } else { 2 };
    row(
        &format!(
            "incremental sync after one new day: requests{}",
            if zone_checked {
                " (zone check due)"
            } else {
                ""
            }
        ),
        incremental_requests.len().to_string(),
        &format!("<= {allowed}"),
        incremental_requests.len() <= allowed,
    );
    row(
        "incremental sync: wall time",
        format!("{} ms", incremental_time.as_millis()),
        "-",
        true,
    );
    let peak = peak_requests_per_second(&first_requests)
        .max(peak_requests_per_second(&incremental_requests))
        .max(peak_requests_per_second(&hosted_requests));
    row(
        "peak requests per second during sync",
        peak.to_string(),
        "< 10",
        peak < 10,
    );
    row(
        "self-hosted (Wakapi) first sync, 365 days: requests",
        hosted_requests.len().to_string(),
        "-",
        true,
    );
    row(
        "self-hosted first sync: parts of <= 3 months",
        hosted_report.parts.to_string(),
        "-",
        true,
    );
    row(
        "self-hosted first sync: wall time",
        format!("{} ms", hosted_time.as_millis()),
        "-",
        true,
    );
    let p99 = whole.percentile(99.0);
    row(
        "dashboard data, warm cache, a year: p50",
        timing::ms(whole.percentile(50.0)),
        "-",
        true,
    );
    row(
        "dashboard data, warm cache, a year: p99",
        timing::ms(p99),
        "< 20 ms",
        p99.as_secs_f64() < 0.020,
    );
    row(
        &format!("dashboard data, All synced ({long_days} days): p50"),
        timing::ms(all_synced.percentile(50.0)),
        "-",
        true,
    );
    let p99_all = all_synced.percentile(99.0);
    row(
        "dashboard data, All synced: p99",
        timing::ms(p99_all),
        "< 20 ms",
        p99_all.as_secs_f64() < 0.020,
    );
    row(
        "share of each dashboard call spent reading SQLite",
        format!("{read_share:.0} %"),
        "-",
        true,
    );
    println!();
    println!(
        "({DASHBOARD_RUNS} dashboard runs; the SQLite share is the median, over the runs, of \
         the time reading the cache / the whole call in the same run; the self-hosted server \
         costs {} ms per day asked)",
        setup::SELF_HOSTED_DAY_COST_MS
    );
}

/// The median over runs of `part[i] / whole[i]`, in percent.
fn median_share(part: &[Duration], whole: &timing::Samples) -> f64 {
    let mut shares: Vec<f64> = part
        .iter()
        .zip(whole.in_run_order())
        .map(|(p, w)| p.as_secs_f64() / w.as_secs_f64().max(f64::MIN_POSITIVE) * 100.0)
        .collect();
    shares.sort_by(f64::total_cmp);
    shares.get(shares.len() / 2).copied().unwrap_or(0.0)
}

fn row(what: &str, value: String, target: &str, ok: bool) {
    let verdict = if target == "-" {
        ""
    } else if ok {
        "ok"
    } else {
        "MISSED"
    };
    println!("{what:<56} {value:>10}   target {target:<8} {verdict}");
}
