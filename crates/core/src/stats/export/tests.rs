//! The export from a cache written directly: read back by a real CSV reader it gives
//! the cache's figures day by day; its JSON has the documented shape.

use super::file::numbered;
use super::{build, save_in, ExportFormat};
use crate::db::daily_summary_table;
use crate::stats::range::DashboardRange;
use crate::stats::test_cache::{account, at, Cache};

/// Projects and languages on three days of a week, with names a CSV must quote.
fn a_week(zone: &str, project: Option<&str>) -> Cache {
    let cache = account(zone, project);
    cache.day(
        "2026-11-23",
        &[
            ("projects", "compiler", 4320),
            ("projects", "Hello, \"world\"", 59),
            ("languages", "Rust", 4000),
            ("languages", "two\nlines", 379),
            ("editors", "VS Code", 4379),
        ],
    );
    cache.day(
        "2026-11-25",
        &[
            ("projects", "wakadesk", 3600),
            ("languages", "Python", 1800),
            ("languages", "Rust", 1800),
        ],
    );
    // Outside last_7_days on the 29th.
    cache.day("2026-11-20", &[("projects", "old", 999)]);
    cache
}

/// The CSV's records as a CSV reader gives them, header first.
fn read_back(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| {
            r.expect("a well-formed CSV record")
                .iter()
                .map(String::from)
                .collect()
        })
        .collect()
}

#[test]
fn the_csv_read_back_gives_the_caches_figures_day_by_day() {
    for (zone, instant) in [
        ("UTC", "2026-11-29T23:30:00Z"),
        ("Asia/Kolkata", "2026-11-29T18:20:00Z"),
    ] {
        let cache = a_week(zone, Some("Compiler"));
        let export = build(
            &cache.db,
            cache.user,
            DashboardRange::Last7Days,
            &at(instant),
        )
        .unwrap();
        assert_eq!(
            (export.range.start.as_str(), export.range.end.as_str()),
            ("2026-11-23", "2026-11-29"),
            "{zone}: the user's week"
        );
        let text = export.render(ExportFormat::Csv).unwrap();
        assert!(text.ends_with("\r\n"), "RFC 4180 line ends");
        let records = read_back(&text);
        assert_eq!(records[0], ["date", "kind", "name", "seconds", "text"]);

        let mut expected = Vec::new();
        for (kind, dimension) in [("project", "projects"), ("language", "languages")] {
            for (date, name, seconds) in daily_summary_table::item_days(
                cache.db.conn(),
                cache.user,
                dimension,
                "2026-11-23",
                "2026-11-29",
            )
            .unwrap()
            {
                expected.push(vec![
                    date,
                    kind.to_owned(),
                    name,
                    seconds.to_string(),
                    crate::stats::format::duration_text(seconds),
                ]);
            }
        }
        let mut got = records[1..].to_vec();
        got.sort();
        expected.sort();
        assert_eq!(got, expected, "{zone}: one record per day and item");
        assert_eq!(
            records[1..]
                .iter()
                .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
                .collect::<Vec<_>>(),
            [
                ("2026-11-23", "project", "compiler"),
                ("2026-11-23", "project", "Hello, \"world\""),
                ("2026-11-23", "language", "Rust"),
                ("2026-11-23", "language", "two\nlines"),
                ("2026-11-25", "project", "wakadesk"),
                ("2026-11-25", "language", "Python"),
                ("2026-11-25", "language", "Rust"),
            ],
            "{zone}: by day, projects first, most time first"
        );
        assert_eq!(records[1][4], "1 hr 12 mins", "as the dashboard writes it");
    }
}

#[test]
fn names_a_spreadsheet_would_run_are_read_back_as_text_with_a_quote_before_them() {
    let cache = account("UTC", None);
    cache.day(
        "2026-11-29",
        &[
            ("projects", "=HYPERLINK(\"http://evil.example\",\"x\")", 600),
            ("projects", "+1", 500),
            ("projects", "-2", 400),
            ("projects", "@SUM(A1)", 300),
            ("projects", "\tTAB", 200),
            ("projects", "\rCR", 100),
            ("languages", "C++", 2100),
        ],
    );
    let export = build(
        &cache.db,
        cache.user,
        DashboardRange::Last7Days,
        &at("2026-11-29T12:00:00Z"),
    )
    .unwrap();
    let records = read_back(&export.render(ExportFormat::Csv).unwrap());
    let names: Vec<&str> = records[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        names,
        [
            "'=HYPERLINK(\"http://evil.example\",\"x\")",
            "'+1",
            "'-2",
            "'@SUM(A1)",
            "'\tTAB",
            "'\rCR",
            "C++",
        ]
    );
    let json = serde_json::to_value(&export).unwrap();
    assert_eq!(
        json["rows"][0]["name"], "=HYPERLINK(\"http://evil.example\",\"x\")",
        "JSON keeps names as they are"
    );
}

#[test]
fn the_json_names_the_student_the_range_and_each_row() {
    let cache = a_week("Asia/Kolkata", Some("Compiler"));
    let export = build(
        &cache.db,
        cache.user,
        DashboardRange::Last7Days,
        &at("2026-11-29T18:20:00Z"),
    )
    .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&export.render(ExportFormat::Json).unwrap()).unwrap();
    assert_eq!(
        json["student"],
        serde_json::json!({
            "name": "Ada Lovelace",
            "email": "ada@example.com",
            "batch": "2026-A",
            "project": "Compiler"
        })
    );
    assert_eq!(
        json["range"],
        serde_json::json!({
            "name": "last_7_days",
            "start": "2026-11-23",
            "end": "2026-11-29",
            "timezone": "Asia/Kolkata"
        })
    );
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["range", "rows", "student"]);
    assert!(export.never_synced, "written by hand, never synced");
    assert_eq!(
        json["rows"][0],
        serde_json::json!({
            "date": "2026-11-23",
            "kind": "project",
            "name": "compiler",
            "seconds": 4320,
            "text": "1 hr 12 mins"
        })
    );
    assert_eq!(json["rows"].as_array().unwrap().len(), 7);

    let other = a_week("UTC", None);
    let export = build(
        &other.db,
        other.user,
        DashboardRange::Last7Days,
        &at("2026-11-29T12:00:00Z"),
    )
    .unwrap();
    let json = serde_json::to_value(&export).unwrap();
    assert!(
        json["student"]["batch"].is_null() && json["student"]["project"].is_null(),
        "not a student: {}",
        json["student"]
    );
}

#[test]
fn saving_in_a_folder_never_overwrites_an_earlier_export() {
    let cache = a_week("UTC", Some("Compiler"));
    let synced = crate::db::sync_state_table::SyncStateRow {
        synced_through: Some("2026-11-29".into()),
        last_success_at: Some(1),
        ..Default::default()
    };
    crate::db::sync_state_table::put(cache.db.conn(), cache.user, &synced).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let clock = at("2026-11-29T12:00:00Z");
    let export = build(&cache.db, cache.user, DashboardRange::Last7Days, &clock).unwrap();
    assert!(!export.never_synced, "synced once");
    let mut paths = Vec::new();
    for _ in 0..3 {
        paths.push(
            save_in(
                &cache.db,
                cache.user,
                DashboardRange::Last7Days,
                ExportFormat::Csv,
                dir.path(),
                &clock,
            )
            .unwrap(),
        );
    }
    let base = "wakadesk-ada-lovelace-last_7_days.csv";
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [numbered(base, 1), numbered(base, 2), numbered(base, 3)]
    );
    assert_eq!(names[2], "wakadesk-ada-lovelace-last_7_days-3.csv");
    let json = save_in(
        &cache.db,
        cache.user,
        DashboardRange::Last7Days,
        ExportFormat::Json,
        dir.path(),
        &clock,
    )
    .unwrap();
    assert_eq!(
        json.file_name().unwrap(),
        "wakadesk-ada-lovelace-last_7_days.json"
    );
    for path in &paths {
        let records = read_back(&std::fs::read_to_string(path).unwrap());
        assert_eq!(
            records.len(),
            8,
            "{}: the header and 7 rows",
            path.display()
        );
    }
}
