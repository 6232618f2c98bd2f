//! `wakadesk-cli export` end to end against the stand-in: the CSV, read back by a CSV
//! reader, and the JSON give the stand-in's own days per project and language in the
//! account's zone; files written to a folder never replace one another.

mod synced_lab;

use fake_wakatime::activity::Dimension;
use serde_json::Value;
use synced_lab::{signed_up, synced, Lab};
use test_support::text;
use wakadesk_core::stats::dates;
use wakadesk_core::stats::format::duration_text;

/// `[date, kind, name, seconds, text]` of the stand-in's last `days` days, by date,
/// projects first, most time first.
fn servers_rows(lab: &Lab, days: i64) -> Vec<Vec<String>> {
    let activity = lab.activity();
    let today = activity.today();
    let mut rows = Vec::new();
    for day in activity.days(dates::days_before(today, days - 1), today) {
        for (kind, dimension) in [
            ("project", Dimension::Projects),
            ("language", Dimension::Languages),
        ] {
            let mut items = day.dimension(dimension).to_vec();
            items.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            for (name, seconds) in items {
                rows.push(vec![
                    dates::format(day.date),
                    kind.to_owned(),
                    name,
                    seconds.to_string(),
                    duration_text(seconds as i64),
                ]);
            }
        }
    }
    rows
}

fn export(lab: &Lab, args: &[&str]) -> String {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    let out = lab.account(&all);
    assert!(
        out.status.success(),
        "export {args:?}: {}",
        text(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "synced: nothing to warn about: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn read_csv(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("a CSV record").iter().map(String::from).collect())
        .collect()
}

#[test]
fn the_csv_and_the_json_give_the_stand_ins_days_per_project_and_language() {
    for (zone, now) in [
        ("Asia/Kolkata", "2026-11-29T18:40:00Z"),
        ("America/New_York", "2026-11-30T04:50:00Z"),
    ] {
        let what = format!("{zone} at {now}");
        let lab = synced(zone, now);
        let records = read_csv(&export(
            &lab,
            &["--range", "last_7_days", "--format", "csv"],
        ));
        assert_eq!(
            records[0],
            ["date", "kind", "name", "seconds", "text"],
            "{what}"
        );
        let expected = servers_rows(&lab, 7);
        assert!(expected.len() > 7, "{what}: the week has coding");
        assert_eq!(records[1..], expected[..], "{what}: row by row");

        let json: Value = serde_json::from_str(&export(
            &lab,
            &["--range", "last_30_days", "--format", "json"],
        ))
        .expect("JSON on stdout");
        let today = dates::format(lab.activity().today());
        assert_eq!(
            json["student"],
            serde_json::json!({"name": "Ada Lovelace", "email": "ada@example.com",
                               "batch": "2026-A", "project": "Compiler"}),
            "{what}"
        );
        assert_eq!(json["range"]["name"], "last_30_days", "{what}");
        assert_eq!(json["range"]["end"], today.as_str(), "{what}");
        assert_eq!(json["range"]["timezone"], zone, "{what}");
        let rows: Vec<Vec<String>> = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                ["date", "kind", "name", "seconds", "text"]
                    .iter()
                    .map(|k| match &r[*k] {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(rows, servers_rows(&lab, 30), "{what}: the JSON rows");
    }
}

#[test]
fn exports_to_a_folder_never_replace_each_other_and_a_named_file_is_written() {
    let lab = synced("UTC", "2026-11-29T12:00:00Z");
    let folder = lab.dir.path().join("exports");
    std::fs::create_dir(&folder).unwrap();
    let folder_arg = folder.display().to_string();
    let args = [
        "--range",
        "last_7_days",
        "--format",
        "csv",
        "--output",
        &folder_arg,
    ];
    let first = export(&lab, &args);
    let second = export(&lab, &args);
    let base = folder.join("wakadesk-ada-lovelace-last_7_days.csv");
    let next = folder.join("wakadesk-ada-lovelace-last_7_days-2.csv");
    assert_eq!(first.trim(), format!("Saved {}", base.display()));
    assert_eq!(second.trim(), format!("Saved {}", next.display()));
    let on_stdout = export(&lab, &["--range", "last_7_days", "--format", "csv"]);
    for path in [&base, &next] {
        assert_eq!(
            std::fs::read_to_string(path).unwrap(),
            on_stdout,
            "{}",
            path.display()
        );
    }

    let named = lab.dir.path().join("for-mentor.json");
    let named_arg = named.display().to_string();
    export(
        &lab,
        &[
            "--range",
            "last_7_days",
            "--format",
            "json",
            "--output",
            &named_arg,
        ],
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&named).unwrap()).unwrap();
    assert_eq!(json["range"]["name"], "last_7_days");
}

#[test]
fn a_bad_range_or_format_is_refused_and_nothing_is_printed() {
    let lab = synced("UTC", "2026-11-29T12:00:00Z");
    let out = lab.account(&["export", "--range", "last_week", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Unknown range"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let out = lab.account(&["export", "--range", "last_7_days", "--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let out = lab.account(&["export", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2), "the range is required");
}

#[test]
fn before_any_sync_the_export_is_the_header_alone_and_says_why() {
    let lab = signed_up("UTC", "2026-11-29T12:00:00Z");
    let out = lab.account(&["export", "--range", "last_7_days", "--format", "csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "date,kind,name,seconds,text\r\n");
    assert!(
        text(&out.stderr).contains("Nothing is synced yet"),
        "{}",
        text(&out.stderr)
    );
}
