//! A student's own view of the dashboard: the project registered at sign-up found among
//! the WakaTime projects in other words (and, when renamed to one that matches none,
//! chosen from them), a daily goal with today's progress and the streaks, and an
//! export to the downloads folder that never overwrites an earlier one.
//!
//! Needs a desktop session and built binaries:
//! `cargo build -p wakadesk -p fake-wakatime && scripts/test-session.sh cargo test -p wakadesk-e2e`.
#![forbid(unsafe_code)]

mod support;

use support::wakatime::*;
use support::*;
use wakadesk_e2e::Session;

#[test]
fn a_students_project_goal_and_export_on_the_dashboard() {
    let fake = start_stand_in(&["--auto-approve"]);
    // The desktop's downloads folder, named the way xdg-user-dirs does.
    let desktop = tempfile::tempdir().unwrap();
    let downloads = desktop.path().join("Downloads");
    std::fs::write(
        desktop.path().join("user-dirs.dirs"),
        format!("XDG_DOWNLOAD_DIR=\"{}\"\n", downloads.display()),
    )
    .unwrap();
    let config_home = desktop.path().to_str().unwrap();
    let (_one_window, app) = launch_against(&fake, &[("XDG_CONFIG_HOME", config_home)]);
    let s: &Session = &app;

    open_signup(s);
    fill(s, "#signup-email", "ada@example.edu");
    fill(s, "#signup-name", "Ada Lovelace");
    fill(s, "#signup-password", "analytical-engine");
    click(s, "#signup-student");
    wait_displayed(s, "#signup-batch", "the student fields show");
    fill(s, "#signup-batch", "2026-A");
    fill(s, "#signup-project", "Advent Of Code");
    click(s, "#signup-submit");
    wait_displayed(s, "#home-screen", "signing up goes to Home");
    click(s, "#connect");
    wait_wakatime_status(
        &app,
        &format!("Connected as {}", fake.username()),
        "connected",
    );
    wait_text(
        s,
        "#last-synced",
        "Last synced just now",
        "the first sync ends",
    );
    click(s, "#range-picker button[data-range=\"last_year\"]");

    wait_text(
        s,
        "#project-name",
        "advent-of-code",
        "the registered project is found in other words",
    );
    assert!(is_displayed(s, "#project-tile") && !is_displayed(s, "#project-choose-form"));
    for id in ["#project-this-week", "#project-last-week", "#project-share"] {
        assert!(
            !text_of(s, id).is_empty() && text_of(s, id) != "–",
            "{id} has a figure"
        );
    }
    wait_displayed(
        s,
        "#list-projects li.breakdown-registered",
        "the project is marked in the projects list",
    );

    // Renamed to a project no WakaTime name matches: the synced names are offered.
    click(s, "#student-edit");
    wait_displayed(s, "#student-form", "the batch and project can be edited");
    fill(s, "#student-project", "Thesis");
    click(s, "#student-save");
    wait_text(s, "#home-project", "Thesis", "the new project is shown");
    wait_displayed(
        s,
        "#project-choose-form",
        "no WakaTime project is called Thesis",
    );
    click(s, "#project-choose option[value=\"homework\"]");
    click(s, "#project-choose-save");
    wait_text(
        s,
        "#project-name",
        "homework",
        "the chosen name counts as the project",
    );

    // A daily goal: today's progress toward it and the streaks.
    fill(s, "#goal-minutes", "0");
    click(s, "#goal-save");
    wait_displayed(s, "#goal-minutes-error", "a goal of 0 minutes is explained");
    fill(s, "#goal-minutes", "30");
    click(s, "#goal-save");
    wait_displayed(s, "#goal-streaks", "a goal shows the streaks");
    let progress = text_of(s, "#goal-progress");
    assert!(progress.contains("of 30 mins today"), "{progress}");
    assert!(text_of(s, "#streak-current").starts_with("Streak: "));
    assert!(text_of(s, "#streak-longest").starts_with("Longest: "));
    screenshot(&app, "30-dashboard-project-goal");

    // Exported twice: two files, neither overwritten.
    let mut saved = Vec::new();
    for _ in 0..2 {
        click(s, "#export");
        wait_displayed(s, "#export-result", "the export says where it went");
        let shown = text_of(s, "#export-path");
        let path = shown.strip_prefix("Saved ").unwrap_or(&shown).to_owned();
        assert!(
            path.starts_with(downloads.to_str().unwrap()) && path.ends_with(".csv"),
            "{shown}"
        );
        let csv = std::fs::read_to_string(&path).unwrap();
        assert_eq!(csv.lines().next(), Some("date,kind,name,seconds,text"));
        assert!(
            csv.lines().count() > 300,
            "a year of days per project and language"
        );
        saved.push(path);
    }
    assert_ne!(
        saved[0], saved[1],
        "the second export did not overwrite the first"
    );
}
