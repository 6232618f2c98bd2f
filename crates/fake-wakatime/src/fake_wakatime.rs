//! The handle a test holds: starts the server on 127.0.0.1, tells its addresses and
//! credentials, reads its request log, flips its switches, and stops it on drop.
//! `start` runs it on the caller's tokio runtime; `start_blocking` gives it a thread
//! and runtime of its own for synchronous tests (or tests whose code blocks).

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::activity::Activity;
use crate::flavor::Flavor;
use crate::grants::IssuedTokens;
use crate::options::{Options, UserProfile};
use crate::recording::RecordedRequest;
use crate::router::router;
use crate::shared::Shared;
use crate::switches::{Switches, SwitchesPatch};

/// How long a stopping server waits for answers in flight before dropping them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// A running stand-in for wakatime.com. Dropping it stops the server.
#[derive(Debug)]
pub struct FakeWakatime {
    shared: Arc<Shared>,
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    runner: Runner,
}

#[derive(Debug)]
enum Runner {
    Task(Option<JoinHandle<()>>),
    Thread(Option<thread::JoinHandle<()>>),
}

impl FakeWakatime {
    /// Binds 127.0.0.1 on `options.port` (0 = any free port) and serves on the current
    /// tokio runtime.
    pub async fn start(options: Options) -> io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, options.port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(options));
        let (shutdown, stopped) = watch::channel(false);
        let task = tokio::spawn(serve(listener, shared.clone(), stopped));
        Ok(Self {
            shared,
            addr,
            shutdown,
            runner: Runner::Task(Some(task)),
        })
    }

    /// Like `start`, but on a thread with its own single-threaded runtime, so it works
    /// from synchronous code. Dropping the handle stops the server and joins the thread.
    pub fn start_blocking(options: Options) -> io::Result<Self> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, options.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let shared = Arc::new(Shared::new(options));
        let (shutdown, stopped) = watch::channel(false);
        let server_state = shared.clone();
        let thread = thread::Builder::new()
            .name(format!("fake-wakatime-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    match TcpListener::from_std(listener) {
                        Ok(listener) => serve(listener, server_state, stopped).await,
                        Err(error) => eprintln!("fake-wakatime: cannot serve: {error}"),
                    }
                });
            })?;
        Ok(Self {
            shared,
            addr,
            shutdown,
            runner: Runner::Thread(Some(thread)),
        })
    }

    /// Stops the server and waits until its port is closed.
    pub async fn stop(mut self) {
        let _ = self.shutdown.send(true);
        match &mut self.runner {
            Runner::Task(task) => {
                if let Some(task) = task.take() {
                    let _ = task.await;
                }
            }
            Runner::Thread(thread) => {
                if let Some(thread) = thread.take() {
                    let _ = tokio::task::spawn_blocking(move || thread.join()).await;
                }
            }
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: where `/oauth/authorize`, `/oauth/token` and
    /// `/oauth/revoke` live (on the wakatime flavor; the others have no OAuth).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `base_url()` and the flavor's API prefix: `base_url()/api/v1` on the wakatime
    /// flavor, `.../api/compat/wakatime/v1` on Wakapi, `.../api/hackatime/v1` on
    /// Hackatime.
    pub fn api_url(&self) -> String {
        format!("{}{}", self.base_url(), self.flavor().api_prefix())
    }

    /// The server imitated.
    pub fn flavor(&self) -> Flavor {
        self.shared.flavor
    }

    pub fn client_id(&self) -> &str {
        &self.shared.registration.client_id
    }

    pub fn client_secret(&self) -> &str {
        &self.shared.registration.client_secret
    }

    pub fn redirect_uris(&self) -> &[String] {
        &self.shared.registration.redirect_uris
    }

    pub fn user(&self) -> &UserProfile {
        &self.shared.registration.user
    }

    pub fn api_key(&self) -> Option<&str> {
        self.shared.registration.api_key.as_deref()
    }

    /// Every request received so far (control endpoints excepted), oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.log().clone()
    }

    /// The recorded requests whose path is exactly `path`.
    pub fn requests_to(&self, path: &str) -> Vec<RecordedRequest> {
        self.shared
            .log()
            .iter()
            .filter(|request| request.path == path)
            .cloned()
            .collect()
    }

    /// The recorded requests whose path starts with `prefix` (e.g.
    /// `/api/v1/users/current/stats/`, or `flavor().api_prefix()` for every API call).
    /// Paths are recorded in full, API prefix included.
    pub fn requests_under(&self, prefix: &str) -> Vec<RecordedRequest> {
        self.shared
            .log()
            .iter()
            .filter(|request| request.path.starts_with(prefix))
            .cloned()
            .collect()
    }

    /// The generated coding history the stats endpoints serve.
    pub fn activity(&self) -> Activity {
        self.shared.activity
    }

    pub fn clear_requests(&self) {
        self.shared.log().clear();
    }

    pub fn switches(&self) -> Switches {
        self.shared.switches().clone()
    }

    /// Applies a patch and returns the resulting switches.
    pub fn update_switches(&self, patch: &SwitchesPatch) -> Switches {
        let mut switches = self.shared.switches();
        switches.apply(patch);
        switches.clone()
    }

    pub fn set_auto_approve(&self, on: bool) {
        self.shared.switches().auto_approve = on;
    }

    pub fn set_fail_token_endpoint(&self, on: bool) {
        self.shared.switches().fail_token_endpoint = on;
    }

    /// Delay before every answer (control endpoints excepted); millisecond precision.
    pub fn set_delay(&self, delay: Duration) {
        self.shared.switches().delay_ms = millis(delay);
    }

    /// Lifetime of access tokens issued from now on; whole seconds.
    pub fn set_token_lifetime(&self, lifetime: Duration) {
        self.shared.switches().token_lifetime_secs = lifetime.as_secs();
    }

    /// Lifetime of authorization codes issued from now on; whole seconds.
    pub fn set_code_lifetime(&self, lifetime: Duration) {
        self.shared.switches().code_lifetime_secs = lifetime.as_secs();
    }

    /// Stats answer 202 "still calculating" with this percentage (None: answer normally).
    pub fn set_calculating_percent(&self, percent: Option<u8>) {
        self.shared.switches().calculating_percent = percent;
    }

    /// The next `count` stats requests are rate limited (429, or 302 when redirecting).
    pub fn set_rate_limit_next(&self, count: u32) {
        self.shared.switches().rate_limit_next = count;
    }

    /// Rate-limited stats requests get a 302 to the same URL instead of a 429.
    pub fn set_rate_limit_as_redirect(&self, on: bool) {
        self.shared.switches().rate_limit_as_redirect = on;
    }

    /// The next `count` stats requests answer 500.
    pub fn set_server_error_next(&self, count: u32) {
        self.shared.switches().server_error_next = count;
    }

    /// The `stats/{range}` names that answer 402 (premium plan only).
    pub fn set_plan_limited_ranges<I, S>(&self, ranges: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.shared.switches().plan_limited_ranges = ranges.into_iter().map(Into::into).collect();
    }

    /// Every `stats/{range}` answers 404, as on servers without stats.
    pub fn set_missing_stats(&self, on: bool) {
        self.shared.switches().missing_stats = on;
    }

    /// The longest summaries range served at once (None: any length).
    pub fn set_max_summary_days(&self, days: Option<u32>) {
        self.shared.switches().max_summary_days = days;
    }

    /// Revokes every grant, as if the user revoked the app on wakatime.com.
    pub fn revoke_all_grants(&self) {
        self.shared.revoke_all_grants();
    }

    /// Issues tokens without the browser dance, for tests that only need a valid token.
    pub fn grant_directly(&self, scopes: &[&str]) -> IssuedTokens {
        let lifetime = self.shared.switches().token_lifetime();
        let scopes = scopes.iter().map(|scope| (*scope).to_owned()).collect();
        self.shared.grants().grant(scopes, lifetime)
    }

    /// True for a live access token or a still usable refresh token.
    pub fn is_token_active(&self, token: &str) -> bool {
        self.shared.grants().is_active(token)
    }

    /// Grants not revoked (whether or not their access token expired).
    pub fn active_grants(&self) -> usize {
        self.shared.grants().active_grants()
    }
}

impl Drop for FakeWakatime {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Runner::Thread(thread) = &mut self.runner {
            if let Some(thread) = thread.take() {
                let _ = thread.join();
            }
        }
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Serves until `stopped` turns true, then lets answers in flight finish for at most
/// `SHUTDOWN_GRACE`.
async fn serve(listener: TcpListener, shared: Arc<Shared>, stopped: watch::Receiver<bool>) {
    let mut graceful = stopped.clone();
    let server = axum::serve(listener, router(shared)).with_graceful_shutdown(async move {
        let _ = graceful.wait_for(|stop| *stop).await;
    });
    let mut deadline = stopped;
    tokio::select! {
        result = server => {
            if let Err(error) = result {
                eprintln!("fake-wakatime: server error: {error}");
            }
        }
        () = async move {
            let _ = deadline.wait_for(|stop| *stop).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => {}
    }
}
