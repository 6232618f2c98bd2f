//! Steps of the dashboard tests: what the window draws, read in one script call each,
//! what the stand-in serves, asked over its API, and watching a sync run.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use wakadesk_e2e::{Session, StandInProcess};

use super::{is_displayed, text_of, WAIT};

/// One day of the chart or of the server's summaries: date and seconds.
pub type Day = (String, i64);

/// `(date, seconds)` of every bar of `#chart-days`, oldest first.
pub fn chart_days(s: &Session) -> Vec<Day> {
    let script = "return [...document.querySelectorAll('#chart-days rect[data-date]')]
        .map((r) => [r.dataset.date, Number(r.dataset.seconds)]);";
    pairs(s, script, vec![])
}

/// `(name, seconds)` of every item of a breakdown list such as `#list-languages`.
pub fn breakdown(s: &Session, list_css: &str) -> Vec<(String, i64)> {
    let script = "return [...document.querySelectorAll(arguments[0] + ' li[data-name]')]
        .map((li) => [li.dataset.name, Number(li.dataset.seconds)]);";
    pairs(s, script, vec![json!(list_css)])
}

fn pairs(s: &Session, script: &str, args: Vec<Value>) -> Vec<(String, i64)> {
    let value = s
        .execute(script, args)
        .unwrap_or_else(|e| panic!("the page should answer the script: {e}"));
    value
        .as_array()
        .unwrap_or_else(|| panic!("the script should return a list, not {value}"))
        .iter()
        .map(|pair| {
            let name = pair[0].as_str().unwrap_or_default().to_owned();
            (name, pair[1].as_f64().unwrap_or(-1.0).round() as i64)
        })
        .collect()
}

/// The `data-seconds` of a figure such as `#stat-total`.
pub fn seconds_of(s: &Session, css: &str) -> i64 {
    s.find(css)
        .and_then(|e| e.attribute("data-seconds"))
        .unwrap_or_else(|e| panic!("{css} should have data-seconds: {e}"))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{css} should carry its seconds as a number"))
}

/// `data` of `GET /users/current/stats/{range}` on the stand-in.
pub fn server_stats(fake: &StandInProcess, range: &str) -> Value {
    let answer = fake
        .api_get(&format!("/users/current/stats/{range}"))
        .unwrap_or_else(|e| panic!("the stand-in should serve stats/{range}: {e}"));
    answer["data"].clone()
}

/// The first and last date (`YYYY-MM-DD`) of a stats answer's range.
pub fn stats_dates(stats: &Value) -> (String, String) {
    let date = |key: &str| {
        let stamp = stats[key]
            .as_str()
            .unwrap_or_else(|| panic!("stats should have a {key}: {stats}"));
        stamp.get(..10).unwrap_or(stamp).to_owned()
    };
    (date("start"), date("end"))
}

pub fn total_seconds(value: &Value) -> i64 {
    value["total_seconds"].as_f64().unwrap_or(-1.0).round() as i64
}

/// Per day of `GET /users/current/summaries?start&end`: `(date, seconds)`.
pub fn server_days(fake: &StandInProcess, start: &str, end: &str) -> Vec<Day> {
    let answer = fake
        .api_get(&format!("/users/current/summaries?start={start}&end={end}"))
        .unwrap_or_else(|e| panic!("the stand-in should serve summaries: {e}"));
    answer["data"]
        .as_array()
        .unwrap_or_else(|| panic!("summaries should have data: {answer}"))
        .iter()
        .map(|day| {
            let date = day["range"]["date"].as_str().unwrap_or_default().to_owned();
            (date, total_seconds(&day["grand_total"]))
        })
        .collect()
}

/// `(name, seconds)` of a stats list such as `languages`, as the dashboard lists it:
/// the top eight, then the rest summed as "Other".
pub fn expected_breakdown(stats: &Value, key: &str) -> Vec<(String, i64)> {
    let mut items: Vec<(String, i64)> = stats[key]
        .as_array()
        .unwrap_or_else(|| panic!("stats should list {key}: {stats}"))
        .iter()
        .map(|item| {
            let name = item["name"].as_str().unwrap_or_default().to_owned();
            (name, total_seconds(item))
        })
        .filter(|(_, seconds)| *seconds > 0)
        .collect();
    items.sort_by_key(|item| std::cmp::Reverse(item.1));
    let rest: i64 = items.iter().skip(8).map(|(_, s)| s).sum();
    items.truncate(8);
    if rest > 0 {
        items.push(("Other".to_owned(), rest));
    }
    items
}

/// Sorted by name, so lists can be compared whatever order equal times came in.
pub fn by_name(items: &[(String, i64)]) -> BTreeMap<String, i64> {
    items.iter().cloned().collect()
}

/// Waits for a sync to show its progress and then to end; returns every progress text
/// seen on the way, in order.
pub fn watch_sync(s: &Session, why: &str) -> Vec<String> {
    s.wait_for_displayed("#sync-progress", WAIT)
        .unwrap_or_else(|e| panic!("{why}: the sync shows its progress: {e}"));
    let start = Instant::now();
    let mut seen: Vec<String> = Vec::new();
    while is_displayed(s, "#sync-progress") {
        let text = text_of(s, "#sync-progress-text");
        if seen.last() != Some(&text) {
            seen.push(text);
        }
        assert!(
            start.elapsed() < WAIT,
            "{why}: the sync should end within {WAIT:?}; progress seen: {seen:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    seen
}

/// Waits until the figures of `#stat-total` read `text`.
pub fn wait_total(s: &Session, text: &str, why: &str) {
    s.wait_for_text("#stat-total", text, WAIT)
        .unwrap_or_else(|e| panic!("{why}: {e}"));
}

/// Scrolls the page so that the element matching `css` is at the top, e.g. for a
/// screenshot of what lies below the first screenful.
pub fn scroll_into_view(s: &Session, css: &str) {
    s.execute(
        "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });",
        vec![json!(css)],
    )
    .unwrap_or_else(|e| panic!("{css} should scroll into view: {e}"));
}

/// Moves the pointer to the middle of bar `i` of the day chart (the event a mouse
/// sends) and returns what the hover label then reads, and row `i` of the hidden table
/// as "day: time".
pub fn hover_bar(s: &Session, i: usize) -> (String, String) {
    let script =
        "const bar = document.querySelectorAll('#chart-days rect[data-date]')[arguments[0]];
        const box = bar.getBoundingClientRect();
        document.getElementById('chart-days').dispatchEvent(new PointerEvent('pointermove', {
          clientX: box.x + box.width / 2, clientY: box.y + box.height / 2, bubbles: true }));
        const label = document.querySelector('#chart-days .chart-hover');
        const row = document.querySelectorAll('#table-days tbody tr')[arguments[0]];
        return [label.getAttribute('visibility') === 'visible' ? label.textContent : '',
                row ? row.cells[0].textContent + ': ' + row.cells[1].textContent : ''];";
    let value = s
        .execute(script, vec![json!(i)])
        .unwrap_or_else(|e| panic!("the page should answer the hover script: {e}"));
    let text = |j: usize| value[j].as_str().unwrap_or_default().to_owned();
    (text(0), text(1))
}

/// What the year's calendar drew: its first day, how many days, the quartile bounds of
/// its levels and how many days each level got (from the canvas's data).
pub fn heatmap_facts(s: &Session) -> (String, usize, Vec<i64>, Vec<usize>) {
    let script = "const d = document.getElementById('heatmap').dataset;
        return [d.first ?? '', Number(d.days ?? 0), d.thresholds ?? '', d.levels ?? ''];";
    let value = s
        .execute(script, vec![])
        .unwrap_or_else(|e| panic!("the page should answer the calendar script: {e}"));
    let numbers = |j: usize| -> Vec<i64> {
        value[j]
            .as_str()
            .unwrap_or_default()
            .split(',')
            .filter_map(|n| n.parse().ok())
            .collect()
    };
    (
        value[0].as_str().unwrap_or_default().to_owned(),
        value[1].as_u64().unwrap_or(0) as usize,
        numbers(2),
        numbers(3).into_iter().map(|n| n as usize).collect(),
    )
}

/// The levels the calendar should draw for `days`: the quartiles of the days with any
/// time (nearest rank below), and how many days fall in each of the five levels.
pub fn expected_levels(days: &[Day]) -> (Vec<i64>, Vec<usize>) {
    let mut coded: Vec<i64> = days.iter().map(|d| d.1).filter(|&s| s > 0).collect();
    coded.sort_unstable();
    let at = |p: f64| coded[(p * (coded.len() - 1) as f64).floor() as usize];
    let bounds = if coded.is_empty() {
        vec![0, 0, 0]
    } else {
        vec![at(0.25), at(0.5), at(0.75)]
    };
    let mut counts = vec![0; 5];
    for (_, seconds) in days {
        let level = match *seconds {
            s if s <= 0 => 0,
            s if s <= bounds[0] => 1,
            s if s <= bounds[1] => 2,
            s if s <= bounds[2] => 3,
            _ => 4,
        };
        counts[level] += 1;
    }
    (bounds, counts)
}

/// Moves the pointer over day `i` of the calendar and returns what its label reads.
pub fn hover_heatmap_day(s: &Session, i: usize) -> String {
    let script = "const canvas = document.getElementById('heatmap');
        const d = canvas.dataset;
        const at = Number(d.offset) + arguments[0];
        const pitch = Number(d.pitch);
        const box = canvas.getBoundingClientRect();
        canvas.dispatchEvent(new PointerEvent('pointermove', { bubbles: true,
          clientX: box.left + Math.floor(at / 7) * pitch + pitch / 2 - 1,
          clientY: box.top + (at % 7) * pitch + pitch / 2 - 1 }));
        const label = document.getElementById('heatmap-hover');
        return label.hidden ? '' : label.textContent;";
    s.execute(script, vec![json!(i)])
        .unwrap_or_else(|e| panic!("the page should answer the hover script: {e}"))
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The hidden table twin of the day chart: its first column's heading and row headings.
pub fn chart_table(s: &Session) -> (String, Vec<String>) {
    let script = "return [document.querySelector('#table-days thead th')?.textContent ?? '',
        [...document.querySelectorAll('#table-days tbody th')].map((th) => th.textContent)];";
    let value = s
        .execute(script, vec![])
        .unwrap_or_else(|e| panic!("the page should answer the table script: {e}"));
    let rows = value[1]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| r.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    (value[0].as_str().unwrap_or_default().to_owned(), rows)
}
