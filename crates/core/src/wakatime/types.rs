//! Response types, parsed tolerantly: unknown fields are ignored, a missing or `null`
//! list is empty, a missing number is zero, and numbers may be integers or floats.
//! New accounts answer with empty lists and zero totals, which is not an error.

use serde::{Deserialize, Deserializer};

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Envelope<T> {
    pub data: T,
}

/// What an answer says about being complete: `Some(percent)` while calculating.
pub trait Progress {
    fn percent_if_incomplete(&self) -> Option<f64> {
        None
    }
}

impl<T: Progress> Progress for Envelope<T> {
    fn percent_if_incomplete(&self) -> Option<f64> {
        self.data.percent_if_incomplete()
    }
}

/// `GET /users/current` → `data`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    /// The profile's time zone: an IANA name on WakaTime and Hackatime; Wakapi may
    /// give its server zone's abbreviation (`CET`) instead.
    #[serde(default, deserialize_with = "text_or_none")]
    pub timezone: Option<String>,
}

impl Progress for CurrentUser {}

impl CurrentUser {
    /// The name to show: the username, else the display name, else the id.
    pub fn shown_name(&self) -> &str {
        self.username
            .as_deref()
            .or(self.display_name.as_deref())
            .filter(|n| !n.is_empty())
            .unwrap_or(&self.id)
    }
}

/// One entry of a breakdown list (a language, project, editor, ...).
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Item {
    #[serde(default, deserialize_with = "or_default")]
    pub name: String,
    #[serde(default, deserialize_with = "or_default")]
    pub total_seconds: f64,
    #[serde(default, deserialize_with = "or_default")]
    pub percent: f64,
}

/// The breakdown lists shared by summaries and stats.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Breakdown {
    #[serde(default, deserialize_with = "or_default")]
    pub languages: Vec<Item>,
    #[serde(default, deserialize_with = "or_default")]
    pub projects: Vec<Item>,
    #[serde(default, deserialize_with = "or_default")]
    pub editors: Vec<Item>,
    #[serde(default, deserialize_with = "or_default")]
    pub operating_systems: Vec<Item>,
    #[serde(default, deserialize_with = "or_default")]
    pub categories: Vec<Item>,
}

impl Breakdown {
    /// `(dimension, items)` pairs, dimension names as stored in the cache.
    pub fn dimensions(&self) -> [(&'static str, &[Item]); 5] {
        [
            ("languages", &self.languages),
            ("projects", &self.projects),
            ("editors", &self.editors),
            ("operating_systems", &self.operating_systems),
            ("categories", &self.categories),
        ]
    }
}

/// `GET /users/current/summaries`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Summaries {
    #[serde(default, deserialize_with = "or_default")]
    pub data: Vec<DaySummary>,
}

impl Progress for Summaries {}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct DaySummary {
    #[serde(default, deserialize_with = "or_default")]
    pub grand_total: GrandTotal,
    #[serde(default, deserialize_with = "or_default")]
    pub range: DayRange,
    #[serde(flatten)]
    pub breakdown: Breakdown,
}

impl Progress for DaySummary {}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct GrandTotal {
    #[serde(default, deserialize_with = "or_default")]
    pub total_seconds: f64,
}

/// A day's `range`. Which day it is takes care (see `stats::day_date`): WakaTime and
/// Hackatime write `date` as the day and `start` as a UTC instant, Wakapi writes
/// `date` as the moment of the request and `start` with the local offset.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct DayRange {
    #[serde(default, deserialize_with = "text_or_none")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "text_or_none")]
    pub start: Option<String>,
    /// The zone the day is in on WakaTime and Hackatime; Wakapi's server zone's
    /// abbreviation.
    #[serde(default, deserialize_with = "text_or_none")]
    pub timezone: Option<String>,
}

/// `GET /users/current/stats/{range}` → `data`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Stats {
    #[serde(default, deserialize_with = "or_default")]
    pub total_seconds: f64,
    #[serde(default, deserialize_with = "or_default")]
    pub daily_average: f64,
    #[serde(default)]
    pub best_day: Option<BestDay>,
    #[serde(default)]
    pub is_up_to_date: Option<bool>,
    #[serde(default)]
    pub percent_calculated: Option<f64>,
    #[serde(default)]
    pub range: Option<String>,
    #[serde(flatten)]
    pub breakdown: Breakdown,
}

impl Progress for Stats {
    fn percent_if_incomplete(&self) -> Option<f64> {
        incomplete(self.is_up_to_date, self.percent_calculated)
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct BestDay {
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub total_seconds: f64,
}

/// `GET /users/current/all_time_since_today` → `data`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct AllTimeSinceToday {
    #[serde(default, deserialize_with = "or_default")]
    pub total_seconds: f64,
    #[serde(default, deserialize_with = "or_default")]
    pub text: String,
    #[serde(default)]
    pub is_up_to_date: Option<bool>,
    #[serde(default)]
    pub percent_calculated: Option<f64>,
}

impl Progress for AllTimeSinceToday {
    fn percent_if_incomplete(&self) -> Option<f64> {
        incomplete(self.is_up_to_date, self.percent_calculated)
    }
}

fn incomplete(up_to_date: Option<bool>, percent: Option<f64>) -> Option<f64> {
    (up_to_date == Some(false)).then(|| percent.unwrap_or(0.0))
}

/// A string, or None for `null`, an empty string or any other type: an odd value in
/// an optional field is not worth refusing the whole answer for.
fn text_or_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s),
        _ => None,
    })
}

/// `null` is read as the default, like a missing field.
fn or_default<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests;
