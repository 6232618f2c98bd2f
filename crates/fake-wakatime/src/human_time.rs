//! Durations written the way WakaTime writes them: `text` ("3 hrs 12 mins", "1 hr",
//! "45 mins", "1 min", "12 secs", "0 secs"), `digital` ("3:12", or "3:12:05" with
//! seconds) and `decimal` ("3.20", hours to two places). Seconds are dropped from
//! `text` once there is a minute, and minutes are never rounded up.

/// Whole hours, minutes past the hour, seconds past the minute.
pub(crate) fn parts(seconds: u64) -> (u64, u64, u64) {
    (seconds / 3600, seconds % 3600 / 60, seconds % 60)
}

pub(crate) fn text(seconds: u64) -> String {
    let (hours, minutes, secs) = parts(seconds);
    let unit = |count: u64, singular: &str| {
        let plural = if count == 1 { "" } else { "s" };
        format!("{count} {singular}{plural}")
    };
    let mut words = Vec::new();
    if hours > 0 {
        words.push(unit(hours, "hr"));
    }
    if minutes > 0 {
        words.push(unit(minutes, "min"));
    }
    if words.is_empty() {
        words.push(unit(secs, "sec"));
    }
    words.join(" ")
}

/// `H:MM`.
pub(crate) fn digital(seconds: u64) -> String {
    let (hours, minutes, _) = parts(seconds);
    format!("{hours}:{minutes:02}")
}

/// `H:MM:SS`.
pub(crate) fn digital_with_seconds(seconds: u64) -> String {
    let (hours, minutes, secs) = parts(seconds);
    format!("{hours}:{minutes:02}:{secs:02}")
}

/// Hours and whole minutes as a decimal with two places: 3 h 12 min is "3.20".
pub(crate) fn decimal(seconds: u64) -> String {
    let (hours, minutes, _) = parts(seconds);
    let hundredths = (minutes * 100 + 30) / 60;
    format!("{hours}.{hundredths:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_like_wakatime() {
        let cases = [
            (0, "0 secs"),
            (1, "1 sec"),
            (45, "45 secs"),
            (60, "1 min"),
            (45 * 60 + 59, "45 mins"),
            (3600, "1 hr"),
            (3600 + 5 * 60, "1 hr 5 mins"),
            (2 * 3600 + 60, "2 hrs 1 min"),
            (3 * 3600 + 12 * 60 + 30, "3 hrs 12 mins"),
            (100 * 3600, "100 hrs"),
        ];
        for (seconds, expected) in cases {
            assert_eq!(text(seconds), expected, "text of {seconds} s");
        }
    }

    #[test]
    fn digital_and_decimal_use_whole_minutes() {
        assert_eq!(digital(3 * 3600 + 12 * 60 + 59), "3:12", "digital");
        assert_eq!(digital(0), "0:00", "zero digital");
        assert_eq!(digital_with_seconds(3725), "1:02:05", "with seconds");
        assert_eq!(decimal(3 * 3600 + 12 * 60), "3.20", "decimal");
        assert_eq!(decimal(59 * 60 + 59), "0.98", "decimal rounds minutes");
    }
}
