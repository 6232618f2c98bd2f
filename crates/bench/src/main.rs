//! `make bench`: sync and dashboard figures against the local WakaTime stand-in with a
//! year of generated activity, over real HTTP on loopback, with a real SQLite file.
//! Prints each figure next to its target; BENCHMARKS.md records the method and results.
#![forbid(unsafe_code)]

use wakadesk_bench::{setup, timing};

use std::time::Instant;

use fake_wakatime::peak_requests_per_second;
use wakadesk_core::clock::TestClock;
use wakadesk_core::db::daily_summary_table;
use wakadesk_core::stats::{self, dates, DashboardRange};

const DASHBOARD_RUNS: usize = 2_000;

#[tokio::main]
async fn main() {
    let bench = setup::connected_account().await;
    let today = fake_wakatime::activity::today_utc();
    let yesterday = dates::days_before(today, 1);
    let api = "/api/v1/users/current/";

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

    let db = bench.db.clone();
    let user = bench.user_id;
    let clock = TestClock::on(today);
    let whole = timing::sample(DASHBOARD_RUNS, || {
        let d = stats::dashboard(&db.lock(), user, DashboardRange::LastYear, &clock).unwrap();
        serde_json::to_string(&d).unwrap()
    });
    let (start, end) = DashboardRange::LastYear.bounds(today);
    let (start, end) = (dates::format(start), dates::format(end));
    let sql = timing::sample(DASHBOARD_RUNS, || {
        let db = db.lock();
        let totals = daily_summary_table::totals(db.conn(), user, &start, &end).unwrap();
        let sums = daily_summary_table::item_sums(db.conn(), user, &start, &end).unwrap();
        (totals, sums)
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
    row(
        "incremental sync after one new day: requests",
        incremental_requests.len().to_string(),
        "<= 2",
        incremental_requests.len() <= 2,
    );
    row(
        "incremental sync: wall time",
        format!("{} ms", incremental_time.as_millis()),
        "-",
        true,
    );
    let peak = peak_requests_per_second(&first_requests)
        .max(peak_requests_per_second(&incremental_requests));
    row(
        "peak requests per second during sync",
        peak.to_string(),
        "< 10",
        peak < 10,
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
    let share = sql.percentile(50.0).as_secs_f64() / whole.percentile(50.0).as_secs_f64() * 100.0;
    row(
        "share of the dashboard's p50 spent in SQLite",
        format!("{share:.0} %"),
        "-",
        true,
    );
    println!();
    println!("({DASHBOARD_RUNS} dashboard runs; SQLite share = median of the two cache queries alone / median of the whole call)");
}

fn row(what: &str, value: String, target: &str, ok: bool) {
    let verdict = if target == "-" {
        ""
    } else if ok {
        "ok"
    } else {
        "MISSED"
    };
    println!("{what:<48} {value:>10}   target {target:<8} {verdict}");
}
