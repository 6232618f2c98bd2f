//! `org.freedesktop.DBus.Properties` for the exported objects: each object hands over
//! its properties as one map, and `Get`/`GetAll` answer from it. Nothing is writable.

use dbus::arg::{PropMap, RefArg, Variant};
use dbus::Message;

use crate::service::error_reply;

pub(crate) const INTERFACE: &str = "org.freedesktop.DBus.Properties";

/// A property value as D-Bus wants it inside `a{sv}`.
pub(crate) fn value<T: RefArg + 'static>(value: T) -> Variant<Box<dyn RefArg>> {
    Variant(Box::new(value))
}

/// Answers a Properties call for an object whose one interface is `interface`.
pub(crate) fn answer(call: &Message, interface: &str, mut properties: PropMap) -> Message {
    let asked_interface = call.get1::<&str>().unwrap_or("");
    if !asked_interface.is_empty() && asked_interface != interface {
        return error_reply(
            call,
            "org.freedesktop.DBus.Error.UnknownInterface",
            &format!("no interface {asked_interface} here"),
        );
    }
    match call.member().as_deref() {
        Some("GetAll") => call.method_return().append1(properties),
        Some("Get") => {
            let Ok((_, name)) = call.read2::<&str, &str>() else {
                return error_reply(
                    call,
                    "org.freedesktop.DBus.Error.InvalidArgs",
                    "expected (ss)",
                );
            };
            match properties.remove(name) {
                Some(value) => call.method_return().append1(value),
                None => error_reply(
                    call,
                    "org.freedesktop.DBus.Error.UnknownProperty",
                    &format!("no property {name}"),
                ),
            }
        }
        Some("Set") => error_reply(
            call,
            "org.freedesktop.DBus.Error.PropertyReadOnly",
            "these properties are read-only",
        ),
        _ => error_reply(
            call,
            "org.freedesktop.DBus.Error.UnknownMethod",
            "no such method",
        ),
    }
}
