//! The thread that owns the tray's bus connection: it answers every call to the
//! exported objects, follows the watcher's name, and applies the program's changes,
//! all by hand on one libdbus channel (no object framework, no second D-Bus stack).
//!
//! It sleeps in one `mio` poll on the bus socket and on a waker the program's handle
//! rings, so an idle tray wakes for nothing. The socket is edge-triggered there, so
//! every wake-up reads and dispatches until libdbus has nothing more; incoming
//! messages (calls from hosts, the bus's signals) are far below libdbus's 2 KiB read
//! slice, so one read never ends in the middle of the only message waiting.
//!
//! Nothing on this thread waits for another client: registering with the watcher is
//! sent without waiting for the answer, because KDE's watcher introspects the item
//! before it answers, and the item must be free to reply.

use std::ffi::CString;
use std::io;
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use dbus::channel::Channel;
use dbus::message::MessageType;
use dbus::strings::ErrorName;
use dbus::Message;
use mio::{Events, Poll, Token};

use crate::control::{CONTROL_INTERFACE, CONTROL_NAME, CONTROL_PATH};
use crate::dbusmenu::{Menu, Node, MENU_INTERFACE, MENU_PATH};
use crate::status_item::{StatusItem, ITEM_INTERFACE, ITEM_PATH};
use crate::watcher::{WATCHER_INTERFACE, WATCHER_NAME, WATCHER_PATH};
use crate::{bus, introspect, properties, TrayEvent};

pub(crate) const BUS: Token = Token(0);
pub(crate) const WAKE: Token = Token(1);

/// What the program's handle asks of the thread.
pub(crate) enum Command {
    Label(String),
    Menu(Vec<Node>),
    Stop,
}

pub(crate) struct Service {
    pub(crate) channel: Channel,
    pub(crate) item_name: String,
    pub(crate) item: StatusItem,
    pub(crate) menu: Menu,
    pub(crate) events: Sender<TrayEvent>,
}

/// An error answer to `call`.
pub(crate) fn error_reply(call: &Message, name: &str, text: &str) -> Message {
    let text = CString::new(text.replace('\0', " ")).unwrap_or_default();
    call.error(&ErrorName::from(name), &text)
}

/// A signal from one of the tray's objects (the names are the tray's constants).
pub(crate) fn signal(path: &str, interface: &str, member: &str) -> Message {
    Message::new_signal(path, interface, member).expect("the tray's constant names are valid")
}

impl Service {
    /// Serves until the program stops the tray or the bus connection ends.
    pub(crate) fn run(mut self, mut poll: Poll, commands: Receiver<Command>) {
        let mut events = Events::with_capacity(4);
        loop {
            if !self.dispatch_waiting() {
                return;
            }
            for command in commands.try_iter() {
                match command {
                    Command::Label(label) => {
                        self.item.label = label;
                        for message in self.item.label_changed() {
                            let _ = self.channel.send(message);
                        }
                    }
                    Command::Menu(nodes) => {
                        let _ = self.channel.send(self.menu.replace(nodes));
                    }
                    Command::Stop => return self.stop(),
                }
            }
            self.channel.flush();
            match poll.poll(&mut events, None) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return,
            }
        }
    }

    /// Reads and answers until nothing is waiting; false once the connection is gone.
    fn dispatch_waiting(&mut self) -> bool {
        loop {
            if self.channel.read_write(Some(Duration::ZERO)).is_err() {
                return false;
            }
            let mut any = false;
            while let Some(message) = self.channel.pop_message() {
                any = true;
                if !self.dispatch(message) {
                    return false;
                }
            }
            if !any {
                return self.channel.is_connected();
            }
        }
    }

    /// Gives the names back before the connection closes, so the next tray (or the
    /// next test) can take them at once.
    fn stop(self) {
        let _ = bus::release_name(&self.channel, &self.item_name);
        let _ = bus::release_name(&self.channel, CONTROL_NAME);
    }

    /// Sends the item's name to the watcher, without waiting for its answer.
    pub(crate) fn register(&self) {
        let call = Message::new_method_call(
            WATCHER_NAME,
            WATCHER_PATH,
            WATCHER_INTERFACE,
            "RegisterStatusNotifierItem",
        )
        .expect("the watcher's names are valid")
        .append1(self.item_name.as_str());
        let _ = self.channel.send(call);
    }

    /// Handles one message; false when it says the connection is gone.
    fn dispatch(&mut self, message: Message) -> bool {
        match message.msg_type() {
            MessageType::MethodCall => {
                let reply = self.answer(&message);
                if !message.get_no_reply() {
                    let _ = self.channel.send(reply);
                }
            }
            MessageType::Signal => {
                if message.interface().as_deref() == Some("org.freedesktop.DBus.Local")
                    && message.member().as_deref() == Some("Disconnected")
                {
                    return false;
                }
                if message.member().as_deref() == Some("NameOwnerChanged") {
                    self.watcher_changed(&message);
                }
            }
            // The watcher's answer to a registration: a watcher that refuses the item
            // leaves nothing for the tray to do but wait for the next one.
            MessageType::MethodReturn | MessageType::Error => {}
        }
        true
    }

    fn watcher_changed(&self, signal: &Message) {
        let Ok((name, _old, new)) = signal.read3::<&str, &str, &str>() else {
            return;
        };
        if name != WATCHER_NAME {
            return;
        }
        if new.is_empty() {
            let _ = self.events.send(TrayEvent::HostGone);
        } else {
            self.register();
            let _ = self.events.send(TrayEvent::HostBack);
        }
    }

    fn answer(&mut self, call: &Message) -> Message {
        let path = call.path();
        let path = path.as_deref().unwrap_or("");
        let interface = call.interface();
        let interface = interface.as_deref();
        let member = call.member();
        let member = member.as_deref().unwrap_or("");

        if interface == Some(introspect::INTERFACE)
            || (interface.is_none() && member == "Introspect")
        {
            return match introspect::xml(path) {
                Some(xml) => call.method_return().append1(xml),
                None => unknown_object(call, path),
            };
        }
        if interface == Some("org.freedesktop.DBus.Peer") {
            return dbus::channel::default_reply(call)
                .unwrap_or_else(|| unknown_object(call, path));
        }
        let is_properties = interface == Some(properties::INTERFACE)
            || (interface.is_none() && matches!(member, "Get" | "GetAll" | "Set"));
        match path {
            ITEM_PATH if is_properties => {
                properties::answer(call, ITEM_INTERFACE, self.item.properties())
            }
            ITEM_PATH if matches!(interface, None | Some(ITEM_INTERFACE)) => {
                self.item.answer(call, &self.events)
            }
            MENU_PATH if is_properties => {
                properties::answer(call, MENU_INTERFACE, self.menu.properties())
            }
            MENU_PATH if matches!(interface, None | Some(MENU_INTERFACE)) => {
                self.menu.answer(call, &self.events)
            }
            CONTROL_PATH
                if matches!(interface, None | Some(CONTROL_INTERFACE)) && member == "Reload" =>
            {
                let _ = self.events.send(TrayEvent::Reload);
                call.method_return()
            }
            ITEM_PATH | MENU_PATH | CONTROL_PATH => error_reply(
                call,
                "org.freedesktop.DBus.Error.UnknownMethod",
                &format!("no method {member} on {path}"),
            ),
            _ => unknown_object(call, path),
        }
    }
}

fn unknown_object(call: &Message, path: &str) -> Message {
    error_reply(
        call,
        "org.freedesktop.DBus.Error.UnknownObject",
        &format!("nothing at {path}"),
    )
}
