//! The icon itself: `org.kde.StatusNotifierItem` at `/StatusNotifierItem`, with
//! Ayatana's label extension (`XAyatanaLabel`, shown next to the icon by the GNOME
//! AppIndicator extension and Ayatana panels; KDE shows the tooltip instead).
//!
//! Hosts differ in what they pass around, so the item follows the form every one of
//! them accepts: it owns `org.kde.StatusNotifierItem-<pid>-1` and registers that
//! well-known name; a watcher given a name (not a path) looks for the item at
//! `/StatusNotifierItem` (KDE's watcher and the GNOME extension both do), and KDE's
//! introspects the object before accepting it.

use std::sync::mpsc::Sender;

use dbus::arg::PropMap;
use dbus::{Message, Path};

use crate::dbusmenu::MENU_PATH;
use crate::properties::value;
use crate::service::{error_reply, signal};
use crate::{Pixmap, TrayEvent};

pub const ITEM_PATH: &str = "/StatusNotifierItem";
pub const ITEM_INTERFACE: &str = "org.kde.StatusNotifierItem";

/// The item's own bus name: KDE's form, unique per process.
pub fn item_bus_name() -> String {
    format!("org.kde.StatusNotifierItem-{}-1", std::process::id())
}

/// What the item shows.
pub(crate) struct StatusItem {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) label: String,
    pub(crate) icon_name: String,
    pub(crate) icon: Vec<Pixmap>,
}

type DbusPixmaps = Vec<(i32, i32, Vec<u8>)>;

impl StatusItem {
    fn pixmaps(&self) -> DbusPixmaps {
        self.icon.iter().map(Pixmap::to_dbus).collect()
    }

    /// The tooltip: no icon of its own, the title, the label as its text.
    fn tooltip(&self) -> (String, DbusPixmaps, String, String) {
        (
            String::new(),
            Vec::new(),
            self.title.clone(),
            self.label.clone(),
        )
    }

    pub(crate) fn properties(&self) -> PropMap {
        let mut p = PropMap::new();
        let mut put = |name: &str, v| {
            p.insert(name.to_string(), v);
        };
        put("Category", value("ApplicationStatus".to_string()));
        put("Id", value(self.id.clone()));
        put("Title", value(self.title.clone()));
        put("Status", value("Active".to_string()));
        put("IconName", value(self.icon_name.clone()));
        put("IconPixmap", value(self.pixmaps()));
        put("AttentionIconName", value(String::new()));
        put("AttentionIconPixmap", value(DbusPixmaps::new()));
        put("OverlayIconName", value(String::new()));
        put("OverlayIconPixmap", value(DbusPixmaps::new()));
        put("ToolTip", value(self.tooltip()));
        put("ItemIsMenu", value(true));
        put("Menu", value(Path::from(MENU_PATH)));
        put("WindowId", value(0i32));
        put("XAyatanaLabel", value(self.label.clone()));
        // The guide is the widest label expected, so the panel keeps its width still;
        // the label itself is the best guess there is.
        put("XAyatanaLabelGuide", value(self.label.clone()));
        put("XAyatanaOrderingIndex", value(0u32));
        p
    }

    /// Answers a call to the item's own interface.
    pub(crate) fn answer(&self, call: &Message, events: &Sender<TrayEvent>) -> Message {
        match call.member().as_deref() {
            // A left click. With ItemIsMenu most hosts open the menu instead.
            Some("Activate") => {
                let _ = events.send(TrayEvent::Activated);
                call.method_return()
            }
            // Middle click, the host's own context menu request, the mouse wheel, and a
            // Wayland activation token ahead of Activate: nothing to do with them yet.
            Some("SecondaryActivate" | "ContextMenu" | "Scroll" | "ProvideXdgActivationToken") => {
                call.method_return()
            }
            _ => error_reply(
                call,
                "org.freedesktop.DBus.Error.UnknownMethod",
                "no such method",
            ),
        }
    }

    /// What tells hosts the label (and the tooltip, which carries it) changed.
    pub(crate) fn label_changed(&self) -> Vec<Message> {
        vec![
            signal(ITEM_PATH, ITEM_INTERFACE, "XAyatanaNewLabel")
                .append2(self.label.as_str(), self.label.as_str()),
            signal(ITEM_PATH, ITEM_INTERFACE, "NewToolTip"),
        ]
    }
}
