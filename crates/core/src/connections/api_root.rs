//! Finding a server's WakaTime-compatible API root from the address a student has at
//! hand: the server itself (`https://HOST`), the heartbeat root their
//! `~/.wakatime.cfg` names (`https://HOST/api` on Wakapi, where `users/current` is a
//! 404), or the API root itself. An address is turned into at most two candidate roots,
//! the likeliest first, so finding the root costs at most one request more than
//! checking the key, which is done at each candidate with `GET <root>/users/current`.
//!
//! Candidates keep the typed scheme, host and port: the key is sent to each of them,
//! so it never goes anywhere the student did not name.

use url::Url;

use crate::secret::Secret;
use crate::wakatime::{Api, Auth, CurrentUser, Endpoint};
use crate::{Error, Result};

/// Wakapi's WakaTime-compatible API, under the server's address.
const WAKAPI: &str = "/api/compat/wakatime/v1";
/// Hackatime's WakaTime-compatible API.
const HACKATIME: &str = "/api/hackatime/v1";
/// wakatime.com's API (`api.wakatime.com` and `wakatime.com` both serve it).
const WAKATIME: &str = "/api/v1";

/// The roots to look for on `host`, the likeliest first.
fn likely_roots(host: Option<&str>) -> &'static [&'static str] {
    match host {
        Some("wakatime.com" | "api.wakatime.com" | "www.wakatime.com") => &[WAKATIME],
        Some("hackatime.hackclub.com") => &[HACKATIME, WAKAPI],
        _ => &[WAKAPI, HACKATIME],
    }
}

/// The API roots to try for a checked address, in order (one or two):
/// - a known root (`.../api/compat/wakatime/v1`, `.../api/hackatime/v1`, `.../api/v1`)
///   is taken as typed;
/// - the server (`https://HOST`) or its heartbeat root (`https://HOST/api`) gives the
///   roots likely on that host beneath it;
/// - any other path is tried as typed, then with Wakapi's root beneath it (a server
///   installed under a path, such as `https://HOST/wakapi`).
pub(super) fn candidates(address: &Url) -> Vec<Url> {
    let path = address.path().trim_end_matches('/');
    let at = |path: &str| {
        let mut root = address.clone();
        root.set_path(path);
        root.set_fragment(None);
        root
    };
    if [WAKAPI, HACKATIME, WAKATIME]
        .iter()
        .any(|root| path.ends_with(root))
    {
        return vec![at(path)];
    }
    let likely = likely_roots(address.host_str());
    match path.strip_suffix("/api") {
        Some(server) => likely.iter().map(|r| at(&format!("{server}{r}"))).collect(),
        None if path.is_empty() => likely.iter().map(|r| at(r)).collect(),
        None => vec![at(path), at(&format!("{path}{}", likely[0]))],
    }
}

/// Checks `key` at each candidate root of `address` and returns the first root that
/// accepts it, with the user it belongs to. A 401 is a wrong key, not a wrong address,
/// an unreachable server stays unreachable at another path, and an answer over the
/// size limit is not worth a second: each ends the search. Any other answer (a 404, a body that is not a WakaTime user) means "not here".
/// `typed` is the address as the student typed it, for the message when no root is found.
pub(super) async fn find(
    http: &crate::http::Client,
    address: &Url,
    typed: &str,
    key: &Secret<String>,
) -> Result<(Url, CurrentUser)> {
    let server = || address.host_str().unwrap_or_default().to_owned();
    for root in candidates(address) {
        let endpoint = Endpoint {
            api_url: root.clone(),
            auth: Auth::ApiKey(Secret::new(key.expose().clone())),
        };
        match Api::new(http, endpoint).current_user().await {
            Ok(me) => return Ok((root, me)),
            Err(Error::WakatimeUnauthorized) => {
                return Err(Error::ApiKeyRejected { server: server() })
            }
            Err(Error::WakatimeUnreachable { detail }) => {
                return Err(Error::ServerUnreachable {
                    server: server(),
                    detail,
                })
            }
            Err(e @ Error::ResponseTooLarge { .. }) => return Err(e),
            Err(_) => {}
        }
    }
    Err(Error::NotWakatimeApi {
        url: typed.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::candidates;
    use url::Url;

    fn roots(address: &str) -> Vec<String> {
        candidates(&Url::parse(address).unwrap())
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn wakapi_addresses_students_have_lead_to_the_compat_root_first() {
        let compat = "https://wakapi.example.edu/api/compat/wakatime/v1";
        let hackatime = "https://wakapi.example.edu/api/hackatime/v1";
        for typed in [
            "https://wakapi.example.edu",
            "https://wakapi.example.edu/",
            "https://wakapi.example.edu/api",
            "https://wakapi.example.edu/api/",
        ] {
            assert_eq!(roots(typed), [compat, hackatime], "{typed}");
        }
        for typed in [compat, &format!("{compat}/")] {
            assert_eq!(roots(typed), [compat], "a full root is taken as typed");
        }
    }

    #[test]
    fn hackatime_and_wakatime_addresses_lead_to_their_own_root_first() {
        let hackatime = "https://hackatime.hackclub.com/api/hackatime/v1";
        for typed in [
            "https://hackatime.hackclub.com",
            "https://hackatime.hackclub.com/api",
            hackatime,
        ] {
            assert_eq!(roots(typed)[0], hackatime, "{typed}");
        }
        assert_eq!(
            roots("https://wakatime.com"),
            ["https://wakatime.com/api/v1"]
        );
        assert_eq!(
            roots("https://api.wakatime.com/api/v1/"),
            ["https://api.wakatime.com/api/v1"]
        );
    }

    #[test]
    fn a_server_under_a_path_keeps_its_path_and_port() {
        assert_eq!(
            roots("http://127.0.0.1:3000/wakapi/api"),
            [
                "http://127.0.0.1:3000/wakapi/api/compat/wakatime/v1",
                "http://127.0.0.1:3000/wakapi/api/hackatime/v1"
            ]
        );
        assert_eq!(
            roots("https://school.example.edu/wakapi#top"),
            [
                "https://school.example.edu/wakapi",
                "https://school.example.edu/wakapi/api/compat/wakatime/v1"
            ],
            "another path is tried as typed, then with Wakapi's root beneath it"
        );
    }

    #[test]
    fn every_address_gives_at_most_two_roots_on_the_typed_origin() {
        for typed in [
            "https://h.example",
            "https://h.example/api",
            "https://h.example/api/v1",
            "https://h.example/a/b/c/",
            "https://hackatime.hackclub.com/x",
            "https://wakatime.com/api",
            "http://localhost:8/api/compat/wakatime/v1",
        ] {
            let address = Url::parse(typed).unwrap();
            let found = candidates(&address);
            assert!((1..=2).contains(&found.len()), "{typed}: {found:?}");
            for root in found {
                assert_eq!(root.origin(), address.origin(), "{typed}");
                assert!(!root.path().ends_with('/'), "{root}");
            }
        }
    }
}
