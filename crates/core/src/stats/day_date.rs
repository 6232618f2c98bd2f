//! Which day a summaries entry is, and which zone its day is in, from what each server
//! really writes in `range`:
//!
//! - wakatime.com and Hackatime: `date` is the day (`2026-12-01`) and `start` the UTC
//!   instant of its local midnight (`2026-11-30T18:30:00Z` for Kolkata's 1 December).
//! - Wakapi: `date` is the moment of the request, whatever the day
//!   (`models/compat/wakatime/v1/summaries.go`), and `start` carries the local offset
//!   (`2026-12-01T00:00:00+05:30`), so the day is the date part of `start`; a user in
//!   UTC gets `start` with a `Z`.
//!
//! So: `date` when it is a plain `YYYY-MM-DD`; else the local date of `start` when it
//! has an offset; else, for a UTC `start`, the date that begins at that instant in the
//! zone asked for, else the date twelve hours later (right for every offset within
//! ±12 hours).

use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime, UtcOffset};

use super::dates;
use super::zone::UserZone;
use crate::wakatime::DaySummary;

/// The day `entry` covers, its summaries asked in `asked`; None when it says nothing
/// usable (such an entry is skipped).
pub fn date_of(entry: &DaySummary, asked: &UserZone) -> Option<Date> {
    let range = &entry.range;
    if let Some(date) = range.date.as_deref().and_then(plain_date) {
        return Some(date);
    }
    let start = range.start.as_deref().and_then(instant)?;
    if start.offset() != UtcOffset::UTC {
        return Some(start.date());
    }
    let there = asked.date_at(start);
    if asked.day_start(there) == start {
        return Some(there);
    }
    Some((start + Duration::hours(12)).date())
}

/// Whether `entry`'s day is a day of `zone`: its `start` is that zone's first instant
/// of its date. None when the entry has no readable start or date.
pub fn is_day_of(entry: &DaySummary, zone: &UserZone) -> Option<bool> {
    let start = entry.range.start.as_deref().and_then(instant)?;
    let date = date_of(entry, zone)?;
    Some(zone.day_start(date) == start)
}

/// Whether the days of an answer are days of `zone`, judged by its newest few days with
/// a readable start (one matching is enough: a zone whose offsets equal the server's on
/// those days gives the same dates anyway, and one odd day, such as a daylight-saving
/// change the server's rules see otherwise, does not decide). None when no day says.
pub fn answer_is_in(days: &[DaySummary], zone: &UserZone) -> Option<bool> {
    let verdicts: Vec<bool> = days
        .iter()
        .rev()
        .filter_map(|day| is_day_of(day, zone))
        .take(3)
        .collect();
    (!verdicts.is_empty()).then(|| verdicts.contains(&true))
}

/// Exactly `YYYY-MM-DD`, a real date.
fn plain_date(text: &str) -> Option<Date> {
    let text = text.trim();
    (text.len() == 10).then(|| dates::parse(text).ok())?
}

fn instant(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text.trim(), &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wakatime::types::DayRange;
    use time::macros::date;

    fn entry(date: Option<&str>, start: Option<&str>) -> DaySummary {
        DaySummary {
            range: DayRange {
                date: date.map(str::to_owned),
                start: start.map(str::to_owned),
                timezone: None,
            },
            ..DaySummary::default()
        }
    }

    fn zone(name: &str) -> UserZone {
        UserZone::named(name).unwrap()
    }

    #[test]
    fn each_servers_way_of_writing_a_day_gives_that_day() {
        let kolkata = zone("Asia/Kolkata");
        let kiritimati = zone("Pacific/Kiritimati");
        let far_west = zone("Etc/GMT+12");
        let utc = UserZone::utc();
        for (what, date, start, asked, day) in [
            (
                "wakatime.com",
                Some("2026-12-01"),
                Some("2026-11-30T18:30:00Z"),
                &kolkata,
                date!(2026 - 12 - 01),
            ),
            (
                "wakatime.com, UTC+14",
                Some("2026-12-01"),
                Some("2026-11-30T10:00:00Z"),
                &kiritimati,
                date!(2026 - 12 - 01),
            ),
            (
                "Hackatime, no start",
                Some("2026-11-30"),
                None,
                &far_west,
                date!(2026 - 11 - 30),
            ),
            // Wakapi: `date` is the moment of the request, the day is in `start`.
            (
                "Wakapi",
                Some("2026-12-03T09:41:07+05:30"),
                Some("2026-12-01T00:00:00+05:30"),
                &kolkata,
                date!(2026 - 12 - 01),
            ),
            (
                "Wakapi, west",
                Some("2026-12-03T09:41:07-12:00"),
                Some("2026-11-30T00:00:00-12:00"),
                &far_west,
                date!(2026 - 11 - 30),
            ),
            (
                "Wakapi, a user in UTC",
                Some("2026-12-03T09:41:07Z"),
                Some("2026-12-01T00:00:00Z"),
                &far_west,
                date!(2026 - 12 - 01),
            ),
            (
                "Wakapi, answered in UTC+14 though UTC was asked",
                Some("2026-12-03T09:41:07Z"),
                Some("2026-12-01T00:00:00+14:00"),
                &utc,
                date!(2026 - 12 - 01),
            ),
            (
                "a UTC start at the asked zone's midnight",
                None,
                Some("2026-11-30T10:00:00Z"),
                &kiritimati,
                date!(2026 - 12 - 01),
            ),
            (
                "a UTC start at another zone's midnight",
                None,
                Some("2026-11-30T18:30:00Z"),
                &utc,
                date!(2026 - 12 - 01),
            ),
            (
                "a UTC start at a western midnight",
                None,
                Some("2026-12-01T05:00:00Z"),
                &utc,
                date!(2026 - 12 - 01),
            ),
            (
                "a daylight-saving day",
                Some("2026-11-01"),
                Some("2026-11-01T04:00:00Z"),
                &zone("America/New_York"),
                date!(2026 - 11 - 01),
            ),
        ] {
            assert_eq!(date_of(&entry(date, start), asked), Some(day), "{what}");
        }
    }

    #[test]
    fn an_entry_without_a_usable_date_or_start_has_none() {
        for (date, start) in [
            (Some("yesterday"), None),
            (Some("2026-02-30"), None),
            (Some("2026-12-03T09:41:07Z"), None),
            (None, Some("midnight")),
            (None, None),
        ] {
            assert_eq!(
                date_of(&entry(date, start), &UserZone::utc()),
                None,
                "{date:?} {start:?}"
            );
        }
    }

    #[test]
    fn an_answer_is_in_the_zone_whose_midnights_begin_its_days() {
        let kolkata_days = [
            entry(Some("2026-11-30"), Some("2026-11-29T18:30:00Z")),
            entry(Some("2026-12-01"), Some("2026-11-30T18:30:00Z")),
        ];
        assert_eq!(
            answer_is_in(&kolkata_days, &zone("Asia/Kolkata")),
            Some(true)
        );
        assert_eq!(answer_is_in(&kolkata_days, &UserZone::utc()), Some(false));
        let wakapi = [entry(
            Some("2026-12-03T09:41:07Z"),
            Some("2026-12-01T00:00:00+05:30"),
        )];
        assert_eq!(answer_is_in(&wakapi, &zone("Asia/Kolkata")), Some(true));
        assert_eq!(answer_is_in(&wakapi, &zone("Europe/Berlin")), Some(false));
        assert_eq!(
            answer_is_in(&[entry(Some("2026-12-01"), None)], &UserZone::utc()),
            None
        );
        assert_eq!(answer_is_in(&[], &UserZone::utc()), None);
    }
}
