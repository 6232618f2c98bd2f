//! `FakeWatcher`: a tray host's watcher (`org.kde.StatusNotifierWatcher`) on the
//! session bus, recording the items that register the way the GNOME AppIndicator
//! extension reads them, with what a test needs to look at an item and use it as a
//! panel would: its label, its menu, a click, a left click.

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use dbus::arg::{PropMap, RefArg, Variant};
use dbus::blocking::stdintf::org_freedesktop_dbus::Properties;
use dbus::blocking::{Connection, Proxy};
use dbus::Message;

use crate::served_name::{session, ServedName};

const NAME: &str = "org.kde.StatusNotifierWatcher";
const INTERFACE: &str = "org.kde.StatusNotifierWatcher";
const ITEM_INTERFACE: &str = "org.kde.StatusNotifierItem";
const MENU_INTERFACE: &str = "com.canonical.dbusmenu";
const CALL_TIMEOUT: Duration = Duration::from_secs(5);

/// A registered item: where a host finds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemRef {
    /// What the item passed to `RegisterStatusNotifierItem`.
    pub service: String,
    /// The bus name to call: the one passed, or the caller's if it passed a path.
    pub bus_name: String,
    /// The item's object path: the one passed, or `/StatusNotifierItem`.
    pub path: String,
}

/// One line of an item's menu as a host reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuRow {
    pub id: i32,
    /// Empty for a separator.
    pub label: String,
    pub enabled: bool,
    pub separator: bool,
}

type Registered = Arc<(Mutex<Vec<ItemRef>>, Condvar)>;

/// The watcher, served until [`FakeWatcher::stop`] or drop (then its name vanishes).
pub struct FakeWatcher {
    items: Registered,
    served: ServedName,
}

impl FakeWatcher {
    /// Takes `org.kde.StatusNotifierWatcher` on the session bus (failing the test if
    /// another owns it) and answers as a watcher with a host.
    pub fn start() -> FakeWatcher {
        let items: Registered = Arc::default();
        let recorded = items.clone();
        let served = ServedName::start(NAME, move |call| answer(call, &recorded));
        FakeWatcher { items, served }
    }

    /// The first item registered with this watcher, waiting up to `timeout`.
    pub fn wait_for_item(&self, timeout: Duration) -> ItemRef {
        let (items, registered) = &*self.items;
        let deadline = Instant::now() + timeout;
        let mut items = items.lock().unwrap();
        while items.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "no item registered with the watcher within {timeout:?}"
            );
            items = registered.wait_timeout(items, left).unwrap().0;
        }
        items[0].clone()
    }

    /// Every registration so far, in order (the same item may register twice).
    pub fn registrations(&self) -> Vec<ItemRef> {
        self.items.0.lock().unwrap().clone()
    }

    /// The item's `XAyatanaLabel`.
    pub fn label(&self, item: &ItemRef) -> String {
        self.item_property(item, "XAyatanaLabel")
    }

    /// A property of the item, read through `org.freedesktop.DBus.Properties.Get`.
    pub fn item_property<T: for<'b> dbus::arg::Get<'b> + 'static>(
        &self,
        item: &ItemRef,
        name: &str,
    ) -> T {
        let connection = session();
        item_proxy(&connection, item)
            .get(ITEM_INTERFACE, name)
            .unwrap_or_else(|e| panic!("reading {name} of {item:?}: {e}"))
    }

    /// The item's menu as a host shows it: `GetLayout(0, -1, [])` on its `Menu` path.
    pub fn menu(&self, item: &ItemRef) -> Vec<MenuRow> {
        type Child = (i32, PropMap, Vec<Variant<Box<dyn RefArg>>>);
        type Layout = (u32, (i32, PropMap, Vec<Variant<Child>>));
        let connection = session();
        let (_revision, (root, root_properties, children)): Layout = menu_proxy(&connection, item)
            .method_call(
                MENU_INTERFACE,
                "GetLayout",
                (0i32, -1i32, Vec::<String>::new()),
            )
            .unwrap_or_else(|e| panic!("reading the menu of {item:?}: {e}"));
        assert_eq!(root, 0, "the layout starts at the root item");
        assert_eq!(
            dbus::arg::prop_cast::<String>(&root_properties, "children-display")
                .map(String::as_str),
            Some("submenu"),
            "hosts show the root's children as a menu only with children-display: submenu"
        );
        children
            .into_iter()
            .map(|Variant((id, properties, _))| MenuRow {
                id,
                label: dbus::arg::prop_cast::<String>(&properties, "label")
                    .cloned()
                    .unwrap_or_default(),
                enabled: dbus::arg::prop_cast::<bool>(&properties, "enabled")
                    .copied()
                    .unwrap_or(true),
                separator: dbus::arg::prop_cast::<String>(&properties, "type").map(String::as_str)
                    == Some("separator"),
            })
            .collect()
    }

    /// Clicks menu item `id` as a host does: `Event(id, "clicked", 0, time)`.
    pub fn click(&self, item: &ItemRef, id: i32) {
        let connection = session();
        menu_proxy(&connection, item)
            .method_call::<(), _, _, _>(
                MENU_INTERFACE,
                "Event",
                (id, "clicked", Variant(0i32), 0u32),
            )
            .unwrap_or_else(|e| panic!("clicking menu item {id} of {item:?}: {e}"));
    }

    /// A left click on the icon: `Activate(x, y)`.
    pub fn activate(&self, item: &ItemRef) {
        let connection = session();
        item_proxy(&connection, item)
            .method_call::<(), _, _, _>(ITEM_INTERFACE, "Activate", (0i32, 0i32))
            .unwrap_or_else(|e| panic!("activating {item:?}: {e}"));
    }

    /// Gives the name back: the host "vanishes" for every item following it.
    pub fn stop(mut self) {
        self.served.stop();
    }
}

fn item_proxy<'c>(connection: &'c Connection, item: &ItemRef) -> Proxy<'static, &'c Connection> {
    Proxy::new(
        item.bus_name.clone(),
        item.path.clone(),
        CALL_TIMEOUT,
        connection,
    )
}

fn menu_proxy<'c>(connection: &'c Connection, item: &ItemRef) -> Proxy<'static, &'c Connection> {
    let menu: dbus::Path<'static> = item_proxy(connection, item)
        .get(ITEM_INTERFACE, "Menu")
        .unwrap_or_else(|e| panic!("reading the Menu path of {item:?}: {e}"));
    Proxy::new(item.bus_name.clone(), menu, CALL_TIMEOUT, connection)
}

fn answer(call: &Message, items: &Registered) -> Option<Message> {
    let member = call.member()?;
    match (call.interface().as_deref(), &*member) {
        (Some(INTERFACE), "RegisterStatusNotifierItem") => {
            let service: String = call.read1().ok()?;
            let sender = call.sender().map(|s| s.to_string()).unwrap_or_default();
            // Items send a bus name (KDE) or an object path (libappindicator).
            let item = if service.starts_with('/') {
                ItemRef {
                    bus_name: sender,
                    path: service.clone(),
                    service,
                }
            } else {
                ItemRef {
                    bus_name: service.clone(),
                    path: "/StatusNotifierItem".into(),
                    service,
                }
            };
            let (list, registered) = &**items;
            list.lock().unwrap().push(item);
            registered.notify_all();
            Some(call.method_return())
        }
        (Some(INTERFACE), "RegisterStatusNotifierHost") => Some(call.method_return()),
        (Some("org.freedesktop.DBus.Properties"), "Get" | "GetAll") => {
            let mut properties = PropMap::new();
            let services: Vec<String> = items
                .0
                .lock()
                .unwrap()
                .iter()
                .map(|i| i.service.clone())
                .collect();
            properties.insert(
                "RegisteredStatusNotifierItems".into(),
                Variant(Box::new(services)),
            );
            properties.insert(
                "IsStatusNotifierHostRegistered".into(),
                Variant(Box::new(true)),
            );
            properties.insert("ProtocolVersion".into(), Variant(Box::new(0i32)));
            if &*member == "GetAll" {
                return Some(call.method_return().append1(properties));
            }
            let (_, name): (&str, &str) = call.read2().ok()?;
            let value = properties.remove(name)?;
            Some(call.method_return().append1(value))
        }
        _ => None,
    }
}
