//! Desktop notifications through the session's notification server
//! (`org.freedesktop.Notifications`, the Desktop Notifications specification), over
//! libdbus, the D-Bus client the keyring already brings: no second D-Bus stack.

/// Why a notification was not shown.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// Nothing in the session shows notifications (no notification daemon running
    /// or startable on demand).
    #[error("no notification server is running in this desktop session")]
    NoServer,
    /// No session bus to reach a notification server on.
    #[error("no D-Bus session bus to send notifications on: {0}")]
    NoSessionBus(String),
    /// The server did not answer in time or refused the notification.
    #[error("the notification server did not take the notification: {0}")]
    Failed(String),
    /// Notifications are not written for this operating system yet.
    #[error("desktop notifications are not supported on this system yet")]
    Unsupported,
}

/// Shows a notification; returns the server's id for it.
#[cfg(target_os = "linux")]
pub fn notify(app_name: &str, summary: &str, body: &str) -> Result<u32, NotifyError> {
    linux::notify(app_name, summary, body)
}

/// Shows a notification; not written for this system yet.
#[cfg(not(target_os = "linux"))]
pub fn notify(_app_name: &str, _summary: &str, _body: &str) -> Result<u32, NotifyError> {
    Err(NotifyError::Unsupported)
}

#[cfg(target_os = "linux")]
mod linux {
    use std::time::Duration;

    use dbus::arg::PropMap;
    use dbus::blocking::{Connection, Proxy};

    use super::NotifyError;

    /// Servers answer at once; a server started on demand takes a moment more.
    const TIMEOUT: Duration = Duration::from_secs(5);
    /// Let the server decide how long the notification stays.
    const SERVER_DEFAULT_EXPIRY: i32 = -1;

    pub(super) fn notify(app_name: &str, summary: &str, body: &str) -> Result<u32, NotifyError> {
        let connection =
            Connection::new_session().map_err(|e| NotifyError::NoSessionBus(describe(&e)))?;
        let server = Proxy::new(
            "org.freedesktop.Notifications",
            "/org/freedesktop/Notifications",
            TIMEOUT,
            &connection,
        );
        let replaces_id = 0u32;
        let icon = "";
        let actions: Vec<String> = Vec::new();
        let hints = PropMap::new();
        let (id,): (u32,) = server
            .method_call(
                "org.freedesktop.Notifications",
                "Notify",
                (
                    app_name,
                    replaces_id,
                    icon,
                    summary,
                    body,
                    actions,
                    hints,
                    SERVER_DEFAULT_EXPIRY,
                ),
            )
            .map_err(|e| match e.name() {
                Some(
                    "org.freedesktop.DBus.Error.ServiceUnknown"
                    | "org.freedesktop.DBus.Error.NameHasNoOwner",
                ) => NotifyError::NoServer,
                _ => NotifyError::Failed(describe(&e)),
            })?;
        Ok(id)
    }

    fn describe(error: &dbus::Error) -> String {
        match (error.name(), error.message()) {
            (Some(name), Some(message)) => format!("{name}: {message}"),
            (name, message) => name
                .or(message)
                .unwrap_or("unknown D-Bus error")
                .to_string(),
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::time::Duration;

    use test_support::{bus_names_turn, test_that_needs, FakeNotifications};

    use super::*;

    test_that_needs! {
        "needs a D-Bus session bus; runs under CI=true scripts/test-session.sh or with --ignored",
        fn a_notification_reaches_the_server_with_its_text() {
            let _turn = bus_names_turn();
            let server = FakeNotifications::start();
            let id = notify("wakadesk", "Daily goal reached", "2 hrs 5 mins today").unwrap();
            let received = server.wait_for(Duration::from_secs(5));
            assert_eq!(received.len(), 1, "{received:?}");
            assert_eq!(received[0].id, id);
            assert_eq!(received[0].app_name, "wakadesk");
            assert_eq!(received[0].summary, "Daily goal reached");
            assert_eq!(received[0].body, "2 hrs 5 mins today");
        }
    }

    test_that_needs! {
        "needs a D-Bus session bus; runs under CI=true scripts/test-session.sh or with --ignored",
        fn without_a_server_the_error_says_so() {
            let _turn = bus_names_turn();
            let error = notify("wakadesk", "Hello", "").unwrap_err();
            assert!(matches!(error, NotifyError::NoServer), "{error:?}");
            assert_eq!(
                error.to_string(),
                "no notification server is running in this desktop session"
            );
        }
    }
}
