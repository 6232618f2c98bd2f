//! `FakeNotifications`: a notification server (`org.freedesktop.Notifications`) on the
//! session bus that shows nothing and records every notification it is sent.

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use dbus::arg::PropMap;
use dbus::Message;

use crate::served_name::ServedName;

const NAME: &str = "org.freedesktop.Notifications";
const INTERFACE: &str = "org.freedesktop.Notifications";

/// One `Notify` call as the server got it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    /// The id the server answered with.
    pub id: u32,
    pub app_name: String,
    pub summary: String,
    pub body: String,
}

type Received = Arc<(Mutex<Vec<Notification>>, Condvar)>;

/// The server, served until drop (then its name vanishes).
pub struct FakeNotifications {
    received: Received,
    _served: ServedName,
}

impl FakeNotifications {
    /// Takes `org.freedesktop.Notifications` on the session bus (failing the test if
    /// another owns it).
    pub fn start() -> FakeNotifications {
        let received: Received = Arc::default();
        let recorded = received.clone();
        let served = ServedName::start(NAME, move |call| answer(call, &recorded));
        FakeNotifications {
            received,
            _served: served,
        }
    }

    /// Every notification so far, once there is at least one or `timeout` has passed.
    pub fn wait_for(&self, timeout: Duration) -> Vec<Notification> {
        let (list, arrived) = &*self.received;
        let deadline = Instant::now() + timeout;
        let mut list = list.lock().unwrap();
        while list.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            list = arrived.wait_timeout(list, left).unwrap().0;
        }
        list.clone()
    }
}

fn answer(call: &Message, received: &Received) -> Option<Message> {
    if call.interface().as_deref() != Some(INTERFACE) {
        return None;
    }
    match &*call.member()? {
        "Notify" => {
            let mut args = call.iter_init();
            let app_name: String = args.read().ok()?;
            let _replaces_id: u32 = args.read().ok()?;
            let _icon: String = args.read().ok()?;
            let summary: String = args.read().ok()?;
            let body: String = args.read().ok()?;
            let _actions: Vec<String> = args.read().ok()?;
            let _hints: PropMap = args.read().ok()?;
            let _timeout: i32 = args.read().ok()?;
            let (list, arrived) = &**received;
            let mut list = list.lock().unwrap();
            let id = list.len() as u32 + 1;
            list.push(Notification {
                id,
                app_name,
                summary,
                body,
            });
            arrived.notify_all();
            Some(call.method_return().append1(id))
        }
        "GetCapabilities" => Some(call.method_return().append1(vec!["body".to_string()])),
        "GetServerInformation" => Some(
            call.method_return()
                .append2("fake", "wakadesk")
                .append2("1", "1.2"),
        ),
        "CloseNotification" => Some(call.method_return()),
        _ => None,
    }
}
