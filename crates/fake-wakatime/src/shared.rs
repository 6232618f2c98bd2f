//! The state every handler shares: the registered app, the generated activity, the
//! switches, the grants, the consent requests waiting for a click, and the request log. Plain mutexes:
//! no lock is held across an await.

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::activity::Activity;
use crate::calendar::format_date;
use crate::consents::ConsentStore;
use crate::flavor::Flavor;
use crate::grants::GrantStore;
use crate::options::{Options, UserProfile};
use crate::recording::RecordedRequest;
use crate::switches::Switches;

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
    /// Fixed at start: the account's creation day does not move at midnight.
    pub(crate) activity: Activity,
    switches: Mutex<Switches>,
    grants: Mutex<GrantStore>,
    consents: Mutex<ConsentStore>,
    log: Mutex<Vec<RecordedRequest>>,
}

impl Shared {
    pub(crate) fn new(options: Options) -> Self {
        let grants = GrantStore::new(options.user.id.clone());
        let activity = Activity::new(options.activity_seed, options.activity_days);
        let mut user = options.user;
        if user.created_at.is_empty() {
            user.created_at = format!("{}T08:30:00Z", format_date(activity.created_on()));
        }
        let mut switches = options.switches;
        if switches.max_summary_days.is_none() {
            switches.max_summary_days = options.flavor.default_max_summary_days();
        }
        Self {
            registration: Registration {
                client_id: options.client_id,
                client_secret: options.client_secret,
                redirect_uris: options.redirect_uris,
                user,
                api_key: options.api_key,
            },
            flavor: options.flavor,
            activity,
            switches: Mutex::new(switches),
            grants: Mutex::new(grants),
            consents: Mutex::new(ConsentStore::default()),
            log: Mutex::new(Vec::new()),
        }
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

    pub(crate) fn is_registered_redirect(&self, redirect_uri: &str) -> bool {
        self.registration
            .redirect_uris
            .iter()
            .any(|registered| registered == redirect_uri)
    }

    /// Revokes every grant and drops pending consents, as if the user revoked the app.
    pub(crate) fn revoke_all_grants(&self) {
        self.grants().revoke_all();
        self.consents().clear();
    }
}

/// A panicking handler must not take the whole fake down with a poisoned lock.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
