//! A plan with limited history: when summaries are refused for their age, how deep the
//! server serves is found with a handful of requests, once, and remembered, so later
//! syncs never ask for more, and the dashboard says so for longer ranges.
//!
//! The search tries the dashboard's own range lengths from the longest down, then
//! narrows between the deepest refused and the deepest accepted depth. Each accepted
//! probe asks only for the days it adds below what is already accepted, so no day is
//! fetched twice; a refusal depends on how far back a request starts.

/// The dashboard's range lengths, longest first: what a student is most likely to look
/// at, so the likeliest plan limits are found first.
const LADDER: [i64; 4] = [365, 183, 30, 7];

/// The next depth (days back from today, today being 1) to try when `accepted` days
/// are known to be served and `refused` are known not to be; None once they are
/// neighbours and `accepted` is the answer.
pub fn next_depth(accepted: i64, refused: i64) -> Option<i64> {
    if refused - accepted <= 1 {
        return None;
    }
    let rung = LADDER
        .into_iter()
        .find(|&length| length > accepted && length < refused);
    Some(rung.unwrap_or(accepted + (refused - accepted) / 2))
}

/// What both front ends say of a range deeper than the plan's history.
pub fn note(limit_days: i64) -> String {
    format!("Your WakaTime plan shows the last {limit_days} days.")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The depths tried against a server serving `limit` days, after a first refusal
    /// of `first_refused`, and the depth found.
    fn search(limit: i64, first_refused: i64) -> (Vec<i64>, i64) {
        let (mut accepted, mut refused, mut tried) = (0, first_refused, Vec::new());
        while let Some(depth) = next_depth(accepted, refused) {
            tried.push(depth);
            if depth <= limit {
                accepted = depth;
            } else {
                refused = depth;
            }
        }
        (tried, accepted)
    }

    #[test]
    fn the_dashboards_lengths_come_first_then_the_gap_is_halved() {
        assert_eq!(search(14, 365), (vec![183, 30, 7, 18, 12, 15, 13, 14], 14));
        assert_eq!(search(7, 365), (vec![183, 30, 7, 18, 12, 9, 8], 7));
        assert_eq!(
            search(30, 365),
            (vec![183, 30, 106, 68, 49, 39, 34, 32, 31], 30)
        );
        assert_eq!(search(1, 365).1, 1);
        assert_eq!(search(0, 365).1, 0, "not even today: not a matter of age");
    }

    #[test]
    fn any_limit_is_found_in_a_handful_of_requests() {
        for limit in 1..365 {
            let (tried, found) = search(limit, 365);
            assert_eq!(found, limit);
            assert!(tried.len() <= 11, "{limit}: {tried:?}");
        }
    }

    #[test]
    fn a_refusal_within_a_part_searches_only_that_part() {
        // Parts of 92 days: the second part (days 93 to 184 back) was refused.
        let (mut accepted, mut refused, mut tried) = (92, 184, Vec::new());
        while let Some(depth) = next_depth(accepted, refused) {
            tried.push(depth);
            if depth <= 100 {
                accepted = depth;
            } else {
                refused = depth;
            }
        }
        assert_eq!(accepted, 100);
        assert_eq!(tried.first(), Some(&183), "the six months first");
    }
}
