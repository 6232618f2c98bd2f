//! The handle a test holds: starts the server on 127.0.0.1, tells its addresses and
//! credentials, reads its request log, changes its switches and clock, and stops it on
//! drop. `start` runs it on the caller's tokio runtime; `start_blocking` gives it a
//! thread and runtime of its own for synchronous tests (or tests whose code blocks).

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::api::activity::Activity;
use crate::api::flavor::Flavor;
use crate::control::clock::Clock;
use crate::control::recording::RecordedRequest;
use crate::control::switches::Switches;
use crate::oauth::grants::IssuedTokens;
use crate::options::{Options, UserProfile};
use crate::state::{router, Shared};

/// How long a stopping server waits for answers in flight before dropping them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// A running stand-in for wakatime.com. Dropping it stops the server.
#[derive(Debug)]
pub struct FakeWakatime {
    shared: Arc<Shared>,
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    runner: Option<Runner>,
}

#[derive(Debug)]
enum Runner {
    Task(JoinHandle<()>),
    Thread(thread::JoinHandle<()>),
}

impl FakeWakatime {
    /// Binds 127.0.0.1 on `options.port` (0 = any free port) and serves on the current
    /// tokio runtime.
    pub async fn start(options: Options) -> io::Result<Self> {
        let (listener, mut fake, stopped) = Self::bind(options)?;
        let listener = TcpListener::from_std(listener)?;
        let task = tokio::spawn(serve(listener, fake.shared.clone(), stopped));
        fake.runner = Some(Runner::Task(task));
        Ok(fake)
    }

    /// Like `start`, but on a thread with its own single-threaded runtime, so it works
    /// from synchronous code. Dropping the handle stops the server and joins the thread.
    pub fn start_blocking(options: Options) -> io::Result<Self> {
        let (listener, mut fake, stopped) = Self::bind(options)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let shared = fake.shared.clone();
        let thread = thread::Builder::new()
            .name(format!("fake-wakatime-{}", fake.addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    match TcpListener::from_std(listener) {
                        Ok(listener) => serve(listener, shared, stopped).await,
                        Err(error) => eprintln!("fake-wakatime: cannot serve: {error}"),
                    }
                });
            })?;
        fake.runner = Some(Runner::Thread(thread));
        Ok(fake)
    }

    /// The listener (not yet serving), the handle, and the receiver that tells the
    /// server to stop.
    fn bind(options: Options) -> io::Result<(std::net::TcpListener, Self, watch::Receiver<bool>)> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, options.port))?;
        listener.set_nonblocking(true)?;
        let (shutdown, stopped) = watch::channel(false);
        let fake = Self {
            shared: Arc::new(Shared::new(options)),
            addr: listener.local_addr()?,
            shutdown,
            runner: None,
        };
        Ok((listener, fake, stopped))
    }

    /// Stops the server and waits until its port is closed.
    pub async fn stop(mut self) {
        let _ = self.shutdown.send(true);
        match self.runner.take() {
            Some(Runner::Task(task)) => drop(task.await),
            Some(Runner::Thread(thread)) => {
                drop(tokio::task::spawn_blocking(move || thread.join()).await)
            }
            None => {}
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

    /// The server's root, `http://127.0.0.1:PORT` (the same as `base_url()`).
    pub fn server_root(&self) -> String {
        self.base_url()
    }

    /// What a student's `~/.wakatime.cfg` says as `api_url` for this server: on Wakapi
    /// `server_root()/api`, where heartbeats go but `users/current` is 404; elsewhere
    /// the same as `compat_root()`.
    pub fn heartbeat_root(&self) -> String {
        format!("{}{}", self.base_url(), self.flavor().heartbeat_prefix())
    }

    /// The WakaTime-compatible API root (the same as `api_url()`): on Wakapi
    /// `server_root()/api/compat/wakatime/v1`.
    pub fn compat_root(&self) -> String {
        self.api_url()
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

    /// The clock the server reads "now" from: advance or set it to expire tokens and
    /// codes, or to move "today", without waiting.
    pub fn clock(&self) -> &Clock {
        &self.shared.clock
    }

    /// The generated coding history the stats endpoints serve (on the server's clock,
    /// in the account's zone as the `timezone` switch says now).
    pub fn activity(&self) -> Activity {
        self.shared.activity()
    }

    /// Every request received so far (control endpoints excepted), oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests_where(|_| true)
    }

    /// The recorded requests whose path is exactly `path`.
    pub fn requests_to(&self, path: &str) -> Vec<RecordedRequest> {
        self.requests_where(|request| request.path == path)
    }

    /// The recorded requests whose path starts with `prefix` (e.g.
    /// `/api/v1/users/current/stats/`, or `flavor().api_prefix()` for every API call).
    /// Paths are recorded in full, API prefix included.
    pub fn requests_under(&self, prefix: &str) -> Vec<RecordedRequest> {
        self.requests_where(|request| request.path.starts_with(prefix))
    }

    fn requests_where(&self, keep: impl Fn(&RecordedRequest) -> bool) -> Vec<RecordedRequest> {
        self.shared
            .log()
            .iter()
            .filter(|r| keep(r))
            .cloned()
            .collect()
    }

    pub fn clear_requests(&self) {
        self.shared.log().clear();
    }

    pub fn switches(&self) -> Switches {
        self.shared.switches().clone()
    }

    /// Changes the switches in place (`|s| s.delay_ms = 300`) and returns them all.
    pub fn update_switches(&self, change: impl FnOnce(&mut Switches)) -> Switches {
        let mut switches = self.shared.switches();
        change(&mut switches);
        switches.clone()
    }

    /// Revokes every grant, as if the user revoked the app on wakatime.com.
    pub fn revoke_all_grants(&self) {
        self.shared.revoke_all_grants();
    }

    /// Issues tokens without the browser dance, for tests that only need a valid token.
    pub fn grant_directly(&self, scopes: &[&str]) -> IssuedTokens {
        let lifetime = self.shared.switches().token_lifetime_secs;
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
        if let Some(Runner::Thread(thread)) = self.runner.take() {
            let _ = thread.join();
        }
    }
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
