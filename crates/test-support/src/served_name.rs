//! A well-known name served on the session bus from a thread of its own, the common
//! part of the D-Bus fakes: the thread owns the name and the connection, answers each
//! call with the fake's handler, and gives the name back when stopped, so whoever
//! follows the name sees it vanish.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use dbus::blocking::Connection;
use dbus::message::MessageType;
use dbus::Message;

/// How long the thread waits for a message before it looks at the stop flag again.
const TICK: Duration = Duration::from_millis(20);

pub(crate) struct ServedName {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// The session bus, or a failed test saying how to get one.
pub(crate) fn session() -> Connection {
    crate::require_session_bus();
    Connection::new_session().unwrap_or_else(|e| {
        panic!("connecting to the session bus: {e} (run the tests under scripts/test-session.sh)")
    })
}

impl ServedName {
    /// Takes `name` (failing the test if someone has it) and answers each method call
    /// with `handle`'s reply; a call it returns None for gets UnknownMethod.
    pub(crate) fn start(
        name: &'static str,
        mut handle: impl FnMut(&Message) -> Option<Message> + Send + 'static,
    ) -> ServedName {
        let connection = session();
        let taken = connection
            .request_name(name, false, false, true)
            .unwrap_or_else(|e| panic!("asking for {name}: {e}"));
        assert_eq!(
            taken,
            dbus::blocking::stdintf::org_freedesktop_dbus::RequestNameReply::PrimaryOwner,
            "{name} is owned by someone else on this bus; tests that own it must not run side by side"
        );
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            let channel = connection.channel();
            while !stopping.load(Ordering::Acquire) {
                if channel.read_write(Some(TICK)).is_err() {
                    return;
                }
                while let Some(message) = channel.pop_message() {
                    if message.msg_type() != MessageType::MethodCall {
                        continue;
                    }
                    let reply = handle(&message).or_else(|| dbus::channel::default_reply(&message));
                    if let (Some(reply), false) = (reply, message.get_no_reply()) {
                        let _ = channel.send(reply);
                    }
                }
                channel.flush();
            }
            let _ = connection.release_name(name);
        });
        ServedName {
            stop,
            thread: Some(thread),
        }
    }

    /// Gives the name back and ends the thread (the name is free when this returns).
    pub(crate) fn stop(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            thread.join().expect("the fake's bus thread panicked");
        }
    }
}

impl Drop for ServedName {
    fn drop(&mut self) {
        self.stop();
    }
}
