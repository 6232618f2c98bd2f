//! The one place that decides where each WakaTime setting comes from. Highest first:
//!
//! 1. the environment (`WAKATIME_CLIENT_ID` and `_SECRET`, `WAKATIME_BASE_URL`,
//!    `WAKATIME_API_URL`): a test's or a machine's override, fixed for the app;
//! 2. the Settings saved by the account that administers them (client id and secret
//!    only), the one source the app can change;
//! 3. the system-wide file (`/etc/wakadesk/wakatime.toml` on Linux, see `system_file`);
//! 4. the defaults built into the binary (`WAKADESK_BUILD_CLIENT_ID` and `_SECRET`).
//!
//! The client id and secret are one pair, taken together from the first source that
//! has both, so an id is never sent with another app's secret. Each server address is
//! taken from the first source that has one, else wakatime.com's.

use serde::Serialize;
use url::Url;

use crate::secret::Secret;
use crate::Result;

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Environment,
    Settings,
    System,
    Build,
    /// No source set it: wakatime.com's address.
    Default,
}

/// The sources in the order they are asked, highest precedence first.
pub const PRECEDENCE: [Source; 4] = [
    Source::Environment,
    Source::Settings,
    Source::System,
    Source::Build,
];

impl Source {
    /// The name front ends show and scripts read: `environment`, `settings`, `system`,
    /// `build` or `default`.
    pub fn name(self) -> &'static str {
        match self {
            Source::Environment => "environment",
            Source::Settings => "settings",
            Source::System => "system",
            Source::Build => "build",
            Source::Default => "default",
        }
    }

    /// Whether a value from here is beyond the Settings' reach: it comes from a source
    /// above them, which a saved change would not override.
    pub fn outranks_settings(self) -> bool {
        self < Source::Settings
    }
}

/// What one source says; each part may be missing.
#[derive(Debug, Default)]
pub(super) struct Layer {
    pub client: Option<(String, Secret<String>)>,
    pub base_url: Option<Url>,
    pub api_url: Option<Url>,
}

/// A value and the source it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

/// The settings as the sources decide them.
#[derive(Debug)]
pub(super) struct Resolved {
    pub client: Option<Sourced<(String, Secret<String>)>>,
    pub base_url: Option<Sourced<Url>>,
    pub api_url: Option<Sourced<Url>>,
}

/// Asks `layer(source, wants_client)` for each source in [`PRECEDENCE`] order and keeps,
/// for each part, the first answer. `wants_client` is false once a client was found,
/// so a source below may skip reading (and decrypting) its own. An error from a source
/// is the caller's to give (the environment's bad address is one); addresses missing
/// everywhere stay None for the caller's default.
pub(super) fn resolve(mut layer: impl FnMut(Source, bool) -> Result<Layer>) -> Result<Resolved> {
    let mut resolved = Resolved {
        client: None,
        base_url: None,
        api_url: None,
    };
    for source in PRECEDENCE {
        let found = layer(source, resolved.client.is_none())?;
        if resolved.client.is_none() {
            resolved.client = found.client.map(|value| Sourced { value, source });
        }
        if resolved.base_url.is_none() {
            resolved.base_url = found.base_url.map(|value| Sourced { value, source });
        }
        if resolved.api_url.is_none() {
            resolved.api_url = found.api_url.map(|value| Sourced { value, source });
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn client(id: &str) -> Option<(String, Secret<String>)> {
        Some((id.to_owned(), Secret::from(format!("{id}-secret"))))
    }

    #[test]
    fn each_part_comes_from_the_highest_source_that_has_it() {
        let resolved = resolve(|source, _| {
            Ok(match source {
                Source::Environment => Layer {
                    api_url: Some(url("https://env.example/api/v1")),
                    ..Layer::default()
                },
                Source::Settings => Layer {
                    client: client("saved"),
                    ..Layer::default()
                },
                Source::System => Layer {
                    client: client("school"),
                    base_url: Some(url("https://school.example")),
                    api_url: Some(url("https://school.example/api/v1")),
                },
                Source::Build => Layer {
                    client: client("built"),
                    ..Layer::default()
                },
                Source::Default => Layer::default(),
            })
        })
        .unwrap();
        let client = resolved.client.unwrap();
        assert_eq!(
            (client.value.0.as_str(), client.value.1.expose().as_str()),
            ("saved", "saved-secret"),
            "saved Settings override the system file and the build"
        );
        assert_eq!(client.source, Source::Settings);
        assert_eq!(
            resolved.base_url.unwrap(),
            Sourced {
                value: url("https://school.example"),
                source: Source::System
            }
        );
        assert_eq!(
            resolved.api_url.unwrap().source,
            Source::Environment,
            "the environment wins over the system file"
        );
    }

    #[test]
    fn sources_below_a_found_client_are_told_not_to_read_theirs() {
        let mut asked = Vec::new();
        let resolved = resolve(|source, wants_client| {
            asked.push((source, wants_client));
            Ok(Layer {
                client: client(source.name()),
                ..Layer::default()
            })
        })
        .unwrap();
        assert_eq!(resolved.client.unwrap().source, Source::Environment);
        assert_eq!(
            asked,
            [
                (Source::Environment, true),
                (Source::Settings, false),
                (Source::System, false),
                (Source::Build, false)
            ]
        );
        assert!(resolved.base_url.is_none(), "the caller picks the default");
    }

    #[test]
    fn only_the_environment_outranks_the_settings() {
        let fixed: Vec<Source> = [
            Source::Environment,
            Source::Settings,
            Source::System,
            Source::Build,
            Source::Default,
        ]
        .into_iter()
        .filter(|s| s.outranks_settings())
        .collect();
        assert_eq!(fixed, [Source::Environment]);
        assert_eq!(
            serde_json::to_string(&Source::System).unwrap(),
            "\"system\"",
            "front ends read the same names as `name`"
        );
    }
}
