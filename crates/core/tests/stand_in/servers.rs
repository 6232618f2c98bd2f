//! Self-hosted servers as they really answer: Wakapi writes each day's `range.date` as
//! the moment of the request and its server zone's abbreviation as `range.timezone`
//! (the day is in `range.start`), and may name the profile's zone by an abbreviation;
//! Hackatime gives projects but no languages, editors or operating systems, which the
//! dashboard says instead of showing empty lists.

use fake_wakatime::{Flavor, Options};
use wakadesk_core::stats::{DashboardRange, UserZone};

use crate::pinned::*;

fn wakapi() -> Options {
    Options::default()
        .with_flavor(Flavor::Wakapi)
        .with_switches(|s| s.wakapi_range_date_is_now = true)
}

#[rustfmt::skip]
const INSTANTS: [(&str, &str); 6] = [
    ("Etc/GMT+12", "2026-12-01T11:50:00Z"),
    ("Etc/GMT+12", "2026-12-01T12:10:00Z"),
    ("Asia/Kolkata", "2026-11-30T18:20:00Z"),
    ("Asia/Kolkata", "2026-11-30T18:40:00Z"),
    ("Pacific/Kiritimati", "2026-11-30T22:20:00Z"),
    ("America/New_York", "2026-11-01T04:10:00Z"),
];

#[tokio::test]
async fn wakapi_days_are_the_accounts_days_though_range_date_is_the_request_moment() {
    for (zone, now) in INSTANTS {
        let what = format!("Wakapi, {zone} at {now}");
        let p = pinned(wakapi(), zone, now).await;
        p.connect_key().await;
        p.sync().await.unwrap_or_else(|e| panic!("{what}: {e}"));
        let asked = p.summaries_requests();
        assert!(
            asked
                .iter()
                .all(|r| r.query_param("timezone").as_deref() == Some(zone)),
            "{what}: the profile's zone is sent"
        );
        for range in [DashboardRange::Last7Days, DashboardRange::LastYear] {
            let d = p.dashboard(range);
            assert_eq!(d.timezone, zone, "{what}");
            assert_same_days(&d, &p.activity(), range, &format!("{what}, {range:?}"));
        }
    }
}

#[tokio::test]
async fn a_profile_zone_given_as_an_abbreviation_gives_way_to_the_systems_zone() {
    // Wakapi says CET for a user without a location; that user's days are the
    // server's, here in the zone this machine is in.
    let system = UserZone::system();
    let options = wakapi().with_switches(|s| s.wakapi_timezone_text = Some("CET".into()));
    let p = pinned(options, system.name(), "2026-11-30T23:50:00Z").await;
    p.connect_key().await;
    p.sync().await.unwrap();
    let d = p.dashboard(DashboardRange::Last7Days);
    assert_eq!(d.timezone, system.name(), "CET is not taken as a zone");
    assert_same_days(&d, &p.activity(), DashboardRange::Last7Days, "CET");
    p.h.fake.clear_requests();
    p.advance(time::Duration::hours(2));
    assert_eq!(
        p.sync().await.unwrap().requests,
        2,
        "the abbreviation does not make every sync ask the profile again"
    );
}

#[tokio::test]
async fn hackatime_says_which_breakdowns_it_does_not_report() {
    let p = pinned(
        Options::default().with_flavor(Flavor::Hackatime),
        "Asia/Kolkata",
        "2026-12-01T06:00:00Z",
    )
    .await;
    p.connect_key().await;
    p.sync().await.unwrap();
    let d = p.dashboard(DashboardRange::Last30Days);
    assert_eq!(d.unreported, ["languages", "editors", "operatingSystems"]);
    assert!(d.languages.is_empty() && !d.projects.is_empty());
    assert!(d.total.seconds > 0, "the month had coding");
    assert_same_days(&d, &p.activity(), DashboardRange::Last30Days, "Hackatime");

    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json["unreported"],
        serde_json::json!(["languages", "editors", "operatingSystems"])
    );

    let full = pinned(Options::default(), "Asia/Kolkata", "2026-12-01T06:00:00Z").await;
    full.connect_oauth().await;
    full.sync().await.unwrap();
    assert!(
        full.dashboard(DashboardRange::Last30Days)
            .unreported
            .is_empty(),
        "wakatime.com reports every breakdown"
    );
}
