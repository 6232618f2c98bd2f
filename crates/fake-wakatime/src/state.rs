//! The state every handler shares (the registered app, the clock, the generated
//! activity, the switches, the grants, the consents waiting for a click, the request
//! log) and the router that wires the endpoints to it. Plain mutexes: no lock is held
//! across an await.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;

use crate::api::activity::Activity;
use crate::api::flavor::Flavor;
use crate::api::json::iso8601;
use crate::control::clock::Clock;
use crate::control::recording::{self, RecordedRequest};
use crate::control::switches::Switches;
use crate::oauth::authorize::ConsentStore;
use crate::oauth::grants::GrantStore;
use crate::options::{Options, UserProfile};
use crate::{api, control, oauth};

/// The app registration and the user: fixed for the life of a server.
#[derive(Debug, Clone)]
pub(crate) struct Registration {
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    pub(crate) redirect_uris: Vec<String>,
    pub(crate) user: UserProfile,
    pub(crate) api_key: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) registration: Registration,
    /// Fixed at start: which routes exist depends on it.
    pub(crate) flavor: Flavor,
    pub(crate) clock: Clock,
    /// Fixed at start: the account's creation does not move with the clock or the zone.
    history: Activity,
    switches: Mutex<Switches>,
    grants: Mutex<GrantStore>,
    consents: Mutex<ConsentStore>,
    log: Mutex<Vec<RecordedRequest>>,
}

impl Shared {
    pub(crate) fn new(options: Options) -> Self {
        let clock = options.clock;
        let mut switches = options.switches;
        let (seed, days) = (options.activity_seed, options.activity_days);
        let history = Activity::on_clock(seed, days, clock.clone(), switches.timezone.clone());
        let mut user = options.user;
        if user.created_at.is_empty() {
            let first_day = history.day(history.created_on());
            user.created_at = iso8601(first_day.start + time::Duration::minutes(8 * 60 + 30));
        }
        if switches.max_summary_days.is_none() {
            switches.max_summary_days = options.flavor.default_max_summary_days();
        }
        Self {
            grants: Mutex::new(GrantStore::new(user.id.clone(), clock.clone())),
            registration: Registration {
                client_id: options.client_id,
                client_secret: options.client_secret,
                redirect_uris: options.redirect_uris,
                user,
                api_key: options.api_key,
            },
            flavor: options.flavor,
            clock,
            history,
            switches: Mutex::new(switches),
            consents: Mutex::default(),
            log: Mutex::default(),
        }
    }

    /// The generated history, seen from the account's zone (a switch).
    pub(crate) fn activity(&self) -> Activity {
        self.history.with_zone(self.switches().timezone.clone())
    }

    pub(crate) fn switches(&self) -> MutexGuard<'_, Switches> {
        lock(&self.switches)
    }

    pub(crate) fn grants(&self) -> MutexGuard<'_, GrantStore> {
        lock(&self.grants)
    }

    pub(crate) fn consents(&self) -> MutexGuard<'_, ConsentStore> {
        lock(&self.consents)
    }

    pub(crate) fn log(&self) -> MutexGuard<'_, Vec<RecordedRequest>> {
        lock(&self.log)
    }

    /// Revokes every grant and drops pending consents, as if the user revoked the app.
    pub(crate) fn revoke_all_grants(&self) {
        self.grants().revoke_all();
        self.consents().clear();
    }
}

/// A panicking handler must not take the whole stand-in down with a poisoned lock.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Every endpoint, behind the two layers every answer goes through: recording
/// (outermost, so even 404s are logged, with their full path) and the delay switch.
/// The flavor decides where the API is mounted and whether OAuth exists.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let flavor = shared.flavor;
    let mut routes = Router::new();
    if flavor.serves_oauth() {
        routes = routes.nest("/oauth", oauth::routes());
    }
    routes
        .nest(flavor.api_prefix(), api::routes(flavor))
        .merge(api::outside_routes(flavor))
        .nest("/__fake", control::routes())
        .layer(middleware::from_fn_with_state(shared.clone(), delay))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            recording::record,
        ))
        .with_state(shared)
}

/// Waits for the delay switch before answering; control endpoints answer at once.
async fn delay(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let delay = std::time::Duration::from_millis(shared.switches().delay_ms);
    if !delay.is_zero() && !req.uri().path().starts_with("/__fake/") {
        tokio::time::sleep(delay).await;
    }
    next.run(req).await
}
