//! What stats sync may do with a connection: call the user's API with a credential
//! that works. An OAuth token is refreshed before it expires and once after a 401;
//! a credential refused for good clears the connection.

use std::future::Future;

use super::Connections;
use crate::wakatime::{Api, Auth, CurrentUser, Endpoint};
use crate::{Error, Result};

/// Calls to the users' APIs, and nothing else of the [`Connections`] behind it.
#[derive(Clone, Copy)]
pub struct ApiAccess<'c> {
    connections: &'c Connections,
}

impl<'c> ApiAccess<'c> {
    pub(super) fn new(connections: &'c Connections) -> Self {
        Self { connections }
    }

    /// Runs `call` against the user's server; after a 401 an OAuth token is refreshed
    /// once and the call retried. A credential refused for good clears the connection.
    pub async fn with_endpoint<T, F, Fut>(&self, user_id: i64, call: F) -> Result<T>
    where
        F: Fn(Api<'c>) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let c = self.connections;
        let api = Api::new(&c.http, c.endpoint(user_id).await?);
        let api_key = api.uses_api_key();
        match call(api).await {
            Err(Error::WakatimeUnauthorized) if api_key => {
                c.forget(user_id)?;
                Err(Error::ReconnectNeeded)
            }
            Err(Error::WakatimeUnauthorized) => {
                let stored = c.stored_tokens(user_id)?;
                let token = c.refresh(user_id, &stored).await?;
                let retry = Endpoint {
                    api_url: c.config()?.api_url,
                    auth: Auth::Bearer(token),
                };
                match call(Api::new(&c.http, retry)).await {
                    Err(Error::WakatimeUnauthorized) => {
                        c.forget(user_id)?;
                        Err(Error::ReconnectNeeded)
                    }
                    other => other,
                }
            }
            other => other,
        }
    }
}

impl ApiAccess<'_> {
    /// Whether the user's server is self-hosted: connected by API key to a host other
    /// than wakatime.com. Such servers compute each requested day separately, so long
    /// requests are slow there.
    pub fn is_self_hosted(&self, user_id: i64) -> Result<bool> {
        let stored = self.connections.stored_tokens(user_id)?;
        let host = stored
            .api_url
            .as_deref()
            .and_then(|url| url::Url::parse(url).ok())
            .map(|url| url.host_str().unwrap_or_default().to_ascii_lowercase());
        Ok(host.is_some_and(|host| !is_wakatime_host(&host)))
    }
}

/// wakatime.com or one of its subdomains (`api.wakatime.com`).
fn is_wakatime_host(host: &str) -> bool {
    host == "wakatime.com" || host.ends_with(".wakatime.com")
}

impl Connections {
    /// Asks the server who the credential belongs to: a live check of the connection.
    pub async fn verify(&self, user_id: i64) -> Result<CurrentUser> {
        self.api()
            .with_endpoint(user_id, |api| async move { api.current_user().await })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::is_wakatime_host;

    #[test]
    fn only_wakatime_com_and_its_subdomains_are_wakatime() {
        for host in ["wakatime.com", "api.wakatime.com"] {
            assert!(is_wakatime_host(host), "{host}");
        }
        for host in [
            "wakapi.dev",
            "hackatime.hackclub.com",
            "notwakatime.com",
            "127.0.0.1",
            "wakatime.com.evil.example",
        ] {
            assert!(!is_wakatime_host(host), "{host}");
        }
    }
}
