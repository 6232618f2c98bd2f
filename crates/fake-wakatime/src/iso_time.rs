//! Timestamps the way WakaTime writes them: ISO-8601 UTC to the second, `Z` suffix.

use std::time::SystemTime;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// `2027-01-24T21:19:04Z` for the given instant (sub-seconds dropped).
pub(crate) fn iso8601(at: SystemTime) -> String {
    let at = OffsetDateTime::from(at);
    at.replace_nanosecond(0)
        .unwrap_or(at)
        .format(&Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn timestamps_are_utc_to_the_second_with_a_z() {
        let at = UNIX_EPOCH + Duration::from_millis(1_800_868_744_250);
        assert_eq!(iso8601(at), "2027-01-25T09:19:04Z", "format and rounding");
    }
}
