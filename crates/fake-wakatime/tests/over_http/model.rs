//! The stand-in's model without a server, through the public API other crates compute
//! their expectations with: the generated activity, its sums over a range, the named
//! stats ranges, the flavors, the options, the clock, the switches and the request log.

use fake_wakatime::activity::{
    today_utc, Activity, DayActivity, Dimension, StatsRange, MAX_WEEKDAY_SECONDS,
};
use fake_wakatime::{
    peak_requests_per_second, Clock, Flavor, Options, RecordedRequest, Switches, UserProfile,
    DEFAULT_CODE_LIFETIME_SECS, DEFAULT_TOKEN_LIFETIME_SECS, DESKTOP_REDIRECT_URI,
    LOOPBACK_REDIRECT_URI,
};
use serde_json::json;
use time::{Date, Duration, Month, OffsetDateTime, Weekday};

fn year() -> Vec<DayActivity> {
    let activity = Activity::new(42, 365);
    activity.days(activity.created_on(), today_utc())
}

fn date(year: i32, month: u8, day: u8) -> Date {
    Date::from_calendar_date(year, Month::try_from(month).expect("a month"), day).expect("a date")
}

#[test]
fn the_same_seed_gives_the_same_day_whatever_else_was_asked() {
    let date = today_utc() - Duration::days(10);
    let alone = Activity::new(7, 100).day(date);
    let in_range = Activity::new(7, 100).days(date - Duration::days(5), date)[5].clone();
    assert_eq!(
        alone, in_range,
        "a day does not depend on the range around it"
    );
}

#[test]
fn different_seeds_give_different_histories() {
    let start = today_utc() - Duration::days(30);
    let a = Activity::new(1, 365).totals(start, today_utc());
    let b = Activity::new(2, 365).totals(start, today_utc());
    assert_ne!(a.total_seconds, b.total_seconds, "seeds 1 and 2 differ");
}

#[test]
fn every_dimension_adds_up_to_the_day_total_sorted_most_first_without_zeros() {
    for day in year() {
        for dimension in Dimension::ALL {
            let items = day.dimension(dimension);
            let sum: u64 = items.iter().map(|(_, s)| s).sum();
            assert_eq!(sum, day.total_seconds, "{dimension:?} on {}", day.date);
            assert!(
                items.windows(2).all(|pair| pair[0].1 >= pair[1].1),
                "{dimension:?} sorted on {}",
                day.date
            );
            assert!(items.iter().all(|(_, s)| *s > 0), "no zero item");
        }
    }
}

#[test]
fn a_year_has_idle_days_no_day_over_eight_hours_and_lighter_weekends() {
    let days = year();
    let idle = days.iter().filter(|day| day.total_seconds == 0).count();
    assert!(idle > 10 && idle < 150, "some idle days, not most: {idle}");
    let longest = days.iter().map(|day| day.total_seconds).max().unwrap_or(0);
    assert!(longest <= MAX_WEEKDAY_SECONDS, "at most 8 h: {longest}");
    assert!(longest > 6 * 3600, "some long days: {longest}");
    let mean = |weekend: bool| {
        let picked: Vec<u64> = (days.iter())
            .filter(|d| matches!(d.date.weekday(), Weekday::Saturday | Weekday::Sunday) == weekend)
            .map(|d| d.total_seconds)
            .collect();
        picked.iter().sum::<u64>() / picked.len() as u64
    };
    assert!(
        mean(true) * 2 < mean(false),
        "weekend {} vs weekday {}",
        mean(true),
        mean(false)
    );
}

#[test]
fn days_before_creation_and_after_today_are_zero() {
    let activity = Activity::new(42, 3);
    assert_eq!(
        activity.created_on(),
        today_utc() - Duration::days(3),
        "created 3 days ago"
    );
    for date in [
        activity.created_on() - Duration::days(1),
        today_utc() + Duration::days(1),
    ] {
        assert_eq!(activity.day(date), DayActivity::zero(date), "{date}");
    }
}

#[test]
fn range_totals_sum_names_across_days_and_find_the_earliest_best_day() {
    let activity = Activity::new(5, 60);
    let (start, end) = (today_utc() - Duration::days(20), today_utc());
    let days = activity.days(start, end);
    let totals = activity.totals(start, end);
    for dimension in Dimension::ALL {
        for (name, seconds) in totals.dimension(dimension) {
            let summed: u64 = (days.iter().flat_map(|day| day.dimension(dimension)))
                .filter(|(n, _)| n == name)
                .map(|(_, s)| s)
                .sum();
            assert_eq!(*seconds, summed, "{dimension:?} {name}");
        }
    }
    assert_eq!(totals.days, 21, "idle days count as days");
    let coding = days.iter().filter(|day| day.total_seconds > 0).count() as u32;
    assert_eq!(totals.coding_days, coding, "coding days");
    assert_eq!(
        totals.daily_average(),
        totals.total_seconds / 21,
        "over all days"
    );
    let most = days
        .iter()
        .map(|day| day.total_seconds)
        .max()
        .expect("days");
    let best = days
        .iter()
        .find(|day| day.total_seconds == most)
        .expect("a best day");
    assert_eq!(
        totals.best_day,
        Some((best.date, most)),
        "the earliest best day"
    );
    let before = activity.totals(start - Duration::days(90), start - Duration::days(80));
    assert_eq!(
        (before.best_day, before.daily_average()),
        (None, 0),
        "no coding, no best day"
    );
}

#[test]
fn stats_ranges_end_today_and_their_names_round_trip() {
    let activity = Activity::created_on_date(1, date(2024, 1, 1));
    let today = date(2025, 3, 10);
    let week = StatsRange::Last7Days.dates(&activity, today);
    assert_eq!(week, (date(2025, 3, 4), today), "seven dates ending today");
    let all_time = StatsRange::AllTime.dates(&activity, today);
    assert_eq!(
        all_time.0,
        date(2024, 1, 1),
        "all time starts on the creation day"
    );
    for range in StatsRange::ALL {
        assert_eq!(
            StatsRange::from_name(range.name()),
            Some(range),
            "{range:?}"
        );
    }
    assert_eq!(StatsRange::from_name("last_week"), None, "unknown name");
}

#[test]
fn flavor_names_round_trip_and_only_hackatime_limits_the_stats_ranges() {
    for flavor in Flavor::ALL {
        assert_eq!(flavor.name().parse(), Ok(flavor), "{flavor:?}");
        assert_eq!(flavor.to_string(), flavor.name(), "{flavor:?} displayed");
    }
    assert_eq!("Wakapi".parse(), Ok(Flavor::Wakapi), "case ignored");
    assert!("kimai".parse::<Flavor>().is_err(), "unknown flavor refused");
    assert_eq!(Flavor::default(), Flavor::Wakatime, "default flavor");
    assert_eq!(
        Flavor::default().default_max_summary_days(),
        None,
        "no cap on wakatime.com"
    );
    for range in ["last_7_days", "last_30_days", "all_time"] {
        assert!(Flavor::Wakapi.serves_stats_range(range), "wakapi {range}");
        let on_hackatime = Flavor::Hackatime.serves_stats_range(range);
        assert_eq!(on_hackatime, range == "last_7_days", "hackatime {range}");
    }
}

#[test]
fn default_options_register_the_app_s_redirects_a_fresh_secret_and_a_uuid_user() {
    let options = Options::default();
    assert_eq!(options.client_id, "fake-client-id", "default client id");
    assert_eq!(
        options.redirect_uris,
        [DESKTOP_REDIRECT_URI, LOOPBACK_REDIRECT_URI],
        "default redirect URIs"
    );
    assert_eq!(options.user.username, "ada", "default username");
    assert_eq!(options.user.full_name, "Ada Lovelace", "her full name");
    assert_eq!(
        UserProfile::named("grace").full_name,
        "Grace",
        "a capitalised username"
    );
    assert_ne!(
        options.client_secret,
        Options::default().client_secret,
        "each server gets its own random secret"
    );
    let id = uuid::Uuid::parse_str(&options.user.id).expect("user id is a UUID");
    assert_eq!(id.get_version_num(), 4, "user id is a version 4 UUID");
}

#[test]
fn a_clock_moves_for_every_clone_and_keeps_ticking() {
    let clock = Clock::default();
    let shared = clock.clone();
    clock.advance(Duration::days(3));
    let ahead = shared.now() - OffsetDateTime::now_utc();
    assert!(
        (Duration::days(3) - Duration::seconds(1)..=Duration::days(3)).contains(&ahead),
        "three days ahead on the clone: {ahead}"
    );
    let moment = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
    shared.set(moment);
    assert!(
        clock.now() >= moment && clock.now() - moment < Duration::seconds(1),
        "set"
    );
    assert_eq!(clock.today(), moment.date(), "set on one, read on another");
}

#[test]
fn the_switches_default_to_the_flags_defaults() {
    let switches = Switches::default();
    assert_eq!(
        (switches.token_lifetime_secs, switches.code_lifetime_secs),
        (DEFAULT_TOKEN_LIFETIME_SECS, DEFAULT_CODE_LIFETIME_SECS),
        "lifetimes"
    );
    assert!(
        !switches.auto_approve && !switches.form_only,
        "no switch on"
    );
    assert_eq!(
        (switches.calculating_percent, switches.max_summary_days),
        (None, None)
    );
}

#[test]
fn a_switch_change_sets_what_it_names_null_turns_off_and_the_rest_is_kept() {
    let switches = Switches {
        calculating_percent: Some(40),
        max_summary_days: Some(366),
        ..Switches::default()
    };
    let set = switches
        .patched(&json!({"auto_approve": true, "delay_ms": 250}))
        .expect("a valid change");
    assert!(set.auto_approve && set.delay_ms == 250, "set: {set:?}");
    assert_eq!(set.calculating_percent, Some(40), "absent: kept");
    assert_eq!(set.token_lifetime_secs, DEFAULT_TOKEN_LIFETIME_SECS, "kept");
    let off = set
        .patched(&json!({"calculating_percent": null, "max_summary_days": null}))
        .expect("null is valid for optional switches");
    assert_eq!(
        (off.calculating_percent, off.max_summary_days),
        (None, None)
    );
    for change in [
        json!({"auto_aprove": true}),
        json!({"delay_ms": "soon"}),
        json!({"auto_approve": null}),
        json!(["auto_approve"]),
    ] {
        assert!(switches.patched(&change).is_err(), "{change} refused");
    }
}

fn recorded(query: Option<&str>, at_ms: u64) -> RecordedRequest {
    RecordedRequest {
        method: "GET".to_owned(),
        path: "/api/v1/users/current".to_owned(),
        query: query.map(str::to_owned),
        form: None,
        accept: None,
        content_type: None,
        authorization_present: false,
        authorization_scheme: None,
        status: None,
        at_ms,
    }
}

#[test]
fn the_peak_rate_counts_the_busiest_second() {
    let log: Vec<RecordedRequest> = [5_000, 0, 100, 999, 1_000, 1_050, 1_998]
        .into_iter()
        .map(|at| recorded(None, at))
        .collect();
    assert_eq!(
        peak_requests_per_second(&log),
        4,
        "999, 1000, 1050 and 1998 lie within one second"
    );
    assert_eq!(peak_requests_per_second(&[]), 0, "no requests, no rate");
}

#[test]
fn recorded_query_params_are_decoded() {
    let entry = recorded(Some("scope=read_stats%2Cemail&state=s"), 0);
    assert_eq!(
        entry.query_param("scope").as_deref(),
        Some("read_stats,email")
    );
    assert_eq!(entry.query_param("missing"), None, "absent");
}
