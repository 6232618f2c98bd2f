//! "Last synced" in words, in the user's zone, the same for the window and the CLI:
//! "just now", "12 minutes ago", "today at 14:05", "yesterday at 22:10", "on 28 Nov at 09:00" (with the year when it
//! is not this one).

use time::OffsetDateTime;

use super::zone::UserZone;

/// When `at` (Unix seconds) was, seen at `now` in `zone`.
pub fn text(at: i64, now: OffsetDateTime, zone: &UserZone) -> String {
    let ago = now.unix_timestamp() - at;
    if (0..60).contains(&ago) {
        return "just now".to_owned();
    }
    if (60..3600).contains(&ago) {
        let minutes = ago / 60;
        return format!(
            "{minutes} minute{} ago",
            if minutes == 1 { "" } else { "s" }
        );
    }
    let at = OffsetDateTime::from_unix_timestamp(at).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let (day, time) = zone.local(at);
    let today = zone.date_at(now);
    let clock = format!("{:02}:{:02}", time.hour(), time.minute());
    if day == today {
        return format!("today at {clock}");
    }
    if day.next_day() == Some(today) {
        return format!("yesterday at {clock}");
    }
    let month = &format!("{}", day.month())[..3];
    if day.year() == today.year() {
        format!("on {} {month} at {clock}", day.day())
    } else {
        format!("on {} {month} {} at {clock}", day.day(), day.year())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_moment_reads_as_the_users_today_yesterday_or_date_in_their_zone() {
        let kolkata = UserZone::named("Asia/Kolkata").unwrap();
        let now = datetime!(2026-11-30 20:00 UTC); // 1 December, 01:30 in Kolkata
        for (at, zone, words) in [
            (datetime!(2026-11-30 19:59:30 UTC), &kolkata, "just now"),
            (datetime!(2026-11-30 19:59 UTC), &kolkata, "1 minute ago"),
            (datetime!(2026-11-30 19:50 UTC), &kolkata, "10 minutes ago"),
            (datetime!(2026-11-30 18:59 UTC), &kolkata, "today at 00:29"),
            (
                datetime!(2026-11-30 18:20 UTC),
                &kolkata,
                "yesterday at 23:50",
            ),
            (
                datetime!(2026-11-30 18:20 UTC),
                &UserZone::utc(),
                "today at 18:20",
            ),
            (
                datetime!(2026-11-28 03:30 UTC),
                &kolkata,
                "on 28 Nov at 09:00",
            ),
            (
                datetime!(2025-12-31 20:00 UTC),
                &kolkata,
                "on 1 Jan at 01:30",
            ),
            (
                datetime!(2025-12-31 18:00 UTC),
                &kolkata,
                "on 31 Dec 2025 at 23:30",
            ),
        ] {
            assert_eq!(
                text(at.unix_timestamp(), now, zone),
                words,
                "{at} in {zone}"
            );
        }
    }
}
