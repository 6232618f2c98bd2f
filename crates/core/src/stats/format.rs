//! Durations written the way WakaTime writes them: "3 hrs 12 mins", "1 hr 1 min",
//! "45 mins", "30 secs", "0 secs".

pub fn duration_text(seconds: i64) -> String {
    let seconds = seconds.max(0);
    let (hours, minutes) = (seconds / 3600, (seconds % 3600) / 60);
    let unit = |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (hours, minutes) {
        (0, 0) => unit(seconds, "sec", "secs"),
        (0, m) => unit(m, "min", "mins"),
        (h, 0) => unit(h, "hr", "hrs"),
        (h, m) => format!("{} {}", unit(h, "hr", "hrs"), unit(m, "min", "mins")),
    }
}

#[cfg(test)]
mod tests {
    use super::duration_text;

    #[test]
    fn durations_read_like_wakatime() {
        for (secs, text) in [
            (0, "0 secs"),
            (1, "1 sec"),
            (59, "59 secs"),
            (60, "1 min"),
            (45 * 60 + 30, "45 mins"),
            (3600, "1 hr"),
            (3600 + 60, "1 hr 1 min"),
            (3 * 3600 + 12 * 60 + 59, "3 hrs 12 mins"),
            (250 * 3600, "250 hrs"),
            (-5, "0 secs"),
        ] {
            assert_eq!(duration_text(secs), text, "{secs} s");
        }
    }
}
