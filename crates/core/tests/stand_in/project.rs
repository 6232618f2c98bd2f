//! The project view after a real sync from the stand-in, at pinned instants in the
//! account's zone: a registered name written otherwise than the editor reports it is
//! found, and its days and weeks are the stand-in's own; with no match, the synced
//! names are offered and the one chosen is counted.

use fake_wakatime::activity::Dimension;
use fake_wakatime::{Activity, Options};
use time::{Date, Duration};
use wakadesk_core::accounts::{update_student, StudentForm};
use wakadesk_core::stats::project::{choice, view, MatchedBy, ProjectView};
use wakadesk_core::stats::{dates, DashboardRange, WeekStart};

use crate::pinned::*;

/// The stand-in's seconds on `names` on `date`, in the account's zone.
fn on(activity: &Activity, names: &[&str], date: Date) -> u64 {
    activity
        .day(date)
        .dimension(Dimension::Projects)
        .iter()
        .filter(|(name, _)| names.contains(&name.as_str()))
        .map(|(_, s)| s)
        .sum()
}

fn between(activity: &Activity, names: &[&str], first: Date, last: Date) -> u64 {
    let mut total = 0;
    let mut day = first;
    while day <= last {
        total += on(activity, names, day);
        day += Duration::days(1);
    }
    total
}

async fn student_of(project: &str, zone: &str, now: &str) -> Pinned {
    let p = pinned(Options::default(), zone, now).await;
    let form = StudentForm {
        batch: "2026-A".into(),
        project: project.into(),
    };
    update_student(&mut p.h.db.lock(), p.h.user_id, &form).expect("a student");
    p.connect_oauth().await;
    p.sync().await.expect("synced");
    p
}

fn project_view(p: &Pinned, range: DashboardRange) -> ProjectView {
    view(&p.h.db.lock(), p.h.user_id, range, &*p.clock)
        .unwrap()
        .expect("a student's view")
}

fn assert_the_servers(v: &ProjectView, activity: &Activity, names: &[&str], what: &str) {
    let today = activity.today();
    assert_eq!(
        v.end,
        dates::format(today),
        "{what}: today is the account's"
    );
    let series: Vec<(String, u64)> = v
        .series
        .iter()
        .map(|d| (d.date.clone(), d.seconds as u64))
        .collect();
    let server: Vec<(String, u64)> = activity
        .days(dates::days_before(today, 29), today)
        .iter()
        .map(|d| (dates::format(d.date), on(activity, names, d.date)))
        .collect();
    assert_eq!(series, server, "{what}: the project's days");
    let (this, last) = (v.week_start.this_week(today), v.week_start.last_week(today));
    assert_eq!(
        v.this_week.seconds as u64,
        between(activity, names, this.0, this.1),
        "{what}: this week"
    );
    assert_eq!(
        v.last_week.seconds as u64,
        between(activity, names, last.0, last.1),
        "{what}: last week"
    );
    let all: u64 = activity
        .days(dates::days_before(today, 29), today)
        .iter()
        .map(|d| d.total_seconds)
        .sum();
    let share = (v.total.seconds as f64 * 10_000.0 / all as f64).round() / 100.0;
    assert_eq!(v.percent, share, "{what}: the share of all coding");
}

#[tokio::test]
async fn a_project_registered_in_other_words_is_found_and_its_days_are_the_servers() {
    // 29 November 2026 is a Sunday; at 18:40 UTC it is Monday already in Kolkata.
    for (zone, now) in [
        ("Asia/Kolkata", "2026-11-29T18:20:00Z"),
        ("Asia/Kolkata", "2026-11-29T18:40:00Z"),
        ("America/New_York", "2026-11-30T04:50:00Z"),
    ] {
        let what = format!("{zone} at {now}");
        let p = student_of("Advent Of Code", zone, now).await;
        let activity = p.activity();
        for start in [WeekStart::Monday, WeekStart::Sunday] {
            choice::set_week_start(&p.h.db.lock(), p.h.user_id, start).unwrap();
            let v = project_view(&p, DashboardRange::Last30Days);
            assert_eq!(v.matched.as_deref(), Some("advent-of-code"), "{what}");
            assert_eq!(v.matched_by, Some(MatchedBy::Name), "{what}");
            assert_eq!(v.registered, "Advent Of Code", "{what}");
            assert_eq!(v.timezone, zone, "{what}");
            assert_the_servers(
                &v,
                &activity,
                &["advent-of-code"],
                &format!("{what}, {start:?}"),
            );
        }
    }
}

#[tokio::test]
async fn with_no_match_the_synced_names_are_offered_and_the_chosen_one_counts() {
    let p = student_of("Thesis", "Asia/Kolkata", "2026-11-29T18:40:00Z").await;
    let v = project_view(&p, DashboardRange::Last30Days);
    assert_eq!((v.matched.clone(), v.names.len()), (None, 0));
    assert!(
        v.candidates.contains(&"homework".to_owned()) && v.candidates.len() >= 3,
        "the synced project names: {:?}",
        v.candidates
    );
    choice::choose(&mut p.h.db.lock(), p.h.user_id, Some("homework")).unwrap();
    let v = project_view(&p, DashboardRange::Last30Days);
    assert_eq!(v.matched.as_deref(), Some("homework"));
    assert_eq!(v.matched_by, Some(MatchedBy::Choice));
    assert_eq!(v.registered, "Thesis", "the registered name is kept");
    assert_the_servers(&v, &p.activity(), &["homework"], "chosen");
}
