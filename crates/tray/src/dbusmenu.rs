//! The tray's menu as `com.canonical.dbusmenu` at `/MenuBar`: a flat list under the
//! root item 0, which says `children-display: submenu` so hosts show it as a menu.
//! Each change bumps the layout's revision and emits `LayoutUpdated`, after which
//! hosts ask for the layout again.

use std::collections::HashSet;
use std::sync::mpsc::Sender;

use dbus::arg::{Append, Arg, ArgType, IterAppend, PropMap, RefArg, Variant};
use dbus::strings::Signature;
use dbus::Message;

use crate::properties::value;
use crate::service::{error_reply, signal};
use crate::{TrayError, TrayEvent};

pub const MENU_PATH: &str = "/MenuBar";
pub const MENU_INTERFACE: &str = "com.canonical.dbusmenu";

/// One line of the menu, as the program gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MenuEntry {
    /// A clickable line; a click arrives as `TrayEvent::MenuClicked(id)`. `id` is the
    /// program's own, above 0 (0 is the menu's root) and unique in the menu.
    Item {
        id: i32,
        label: String,
        enabled: bool,
    },
    /// A line between groups of items.
    Separator,
}

impl MenuEntry {
    pub fn item(id: i32, label: impl Into<String>, enabled: bool) -> Self {
        MenuEntry::Item {
            id,
            label: label.into(),
            enabled,
        }
    }
}

/// An entry with the id dbusmenu addresses it by (separators get ids after the
/// program's largest).
#[derive(Clone, Debug)]
pub(crate) struct Node {
    id: i32,
    entry: MenuEntry,
}

/// Checks the program's ids and numbers the separators.
pub(crate) fn nodes(entries: Vec<MenuEntry>) -> Result<Vec<Node>, TrayError> {
    let mut seen = HashSet::new();
    for entry in &entries {
        if let MenuEntry::Item { id, .. } = entry {
            if *id <= 0 || !seen.insert(*id) {
                return Err(TrayError::MenuId(*id));
            }
        }
    }
    let mut next = seen.iter().copied().max().unwrap_or(0);
    Ok(entries
        .into_iter()
        .map(|entry| {
            let id = match entry {
                MenuEntry::Item { id, .. } => id,
                MenuEntry::Separator => {
                    next += 1;
                    next
                }
            };
            Node { id, entry }
        })
        .collect())
}

impl Node {
    fn properties(&self) -> PropMap {
        let mut p = PropMap::new();
        match &self.entry {
            MenuEntry::Item { label, enabled, .. } => {
                p.insert("label".into(), value(label.clone()));
                p.insert("enabled".into(), value(*enabled));
            }
            MenuEntry::Separator => {
                p.insert("type".into(), value("separator".to_string()));
            }
        }
        p.insert("visible".into(), value(true));
        p
    }
}

/// One `(ia{sv}av)` of a layout, children inside variants as dbusmenu nests them.
struct Layout {
    id: i32,
    properties: PropMap,
    children: Vec<Layout>,
}

impl Arg for Layout {
    const ARG_TYPE: ArgType = ArgType::Struct;
    fn signature() -> Signature<'static> {
        Signature::from("(ia{sv}av)")
    }
}

impl Append for Layout {
    fn append_by_ref(&self, i: &mut IterAppend) {
        i.append_struct(|s| {
            s.append(self.id);
            s.append(&self.properties);
            s.append_array(&Signature::from("v"), |a| {
                for child in &self.children {
                    a.append_variant(&Layout::signature(), |v| child.append_by_ref(v));
                }
            });
        });
    }
}

/// Keeps only the properties asked for (all of them when none is named).
fn only(mut properties: PropMap, names: &[String]) -> PropMap {
    if !names.is_empty() {
        properties.retain(|name, _| names.contains(name));
    }
    properties
}

/// The menu being served.
pub(crate) struct Menu {
    revision: u32,
    nodes: Vec<Node>,
}

impl Menu {
    pub(crate) fn new() -> Self {
        Menu {
            revision: 1,
            nodes: Vec::new(),
        }
    }

    /// Replaces the entries; the signal tells hosts to fetch the new layout.
    pub(crate) fn replace(&mut self, nodes: Vec<Node>) -> Message {
        self.nodes = nodes;
        self.revision = self.revision.wrapping_add(1);
        signal(MENU_PATH, MENU_INTERFACE, "LayoutUpdated").append2(self.revision, 0i32)
    }

    fn root_properties() -> PropMap {
        let mut p = PropMap::new();
        p.insert("children-display".into(), value("submenu".to_string()));
        p
    }

    fn properties_of(&self, id: i32) -> Option<PropMap> {
        if id == 0 {
            return Some(Self::root_properties());
        }
        self.nodes.iter().find(|n| n.id == id).map(Node::properties)
    }

    fn node(&self, id: i32) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    fn layout(&self, parent: i32, depth: i32, names: &[String]) -> Option<Layout> {
        let properties = only(self.properties_of(parent)?, names);
        let children = if parent == 0 && depth != 0 {
            self.nodes
                .iter()
                .map(|n| Layout {
                    id: n.id,
                    properties: only(n.properties(), names),
                    children: Vec::new(),
                })
                .collect()
        } else {
            Vec::new()
        };
        Some(Layout {
            id: parent,
            properties,
            children,
        })
    }

    pub(crate) fn properties(&self) -> PropMap {
        let mut p = PropMap::new();
        p.insert("Version".into(), value(3u32));
        p.insert("TextDirection".into(), value("ltr".to_string()));
        p.insert("Status".into(), value("normal".to_string()));
        p.insert("IconThemePath".into(), value(Vec::<String>::new()));
        p
    }

    /// A click on an enabled item becomes the program's event; other events (hover,
    /// opened, closed) need nothing. False for an id the menu does not have.
    fn event(&self, id: i32, kind: &str, events: &Sender<TrayEvent>) -> bool {
        if id == 0 {
            return true;
        }
        let Some(node) = self.node(id) else {
            return false;
        };
        if let MenuEntry::Item { enabled: true, .. } = node.entry {
            if kind == "clicked" {
                let _ = events.send(TrayEvent::MenuClicked(id));
            }
        }
        true
    }

    /// Answers a call to the menu's own interface.
    pub(crate) fn answer(&self, call: &Message, events: &Sender<TrayEvent>) -> Message {
        let invalid =
            |what: &str| error_reply(call, "org.freedesktop.DBus.Error.InvalidArgs", what);
        match call.member().as_deref() {
            Some("GetLayout") => {
                let Ok((parent, depth, names)) = call.read3::<i32, i32, Vec<String>>() else {
                    return invalid("expected (iias)");
                };
                match self.layout(parent, depth, &names) {
                    Some(layout) => call.method_return().append2(self.revision, layout),
                    None => invalid(&format!("no menu item {parent}")),
                }
            }
            Some("GetGroupProperties") => {
                let Ok((ids, names)) = call.read2::<Vec<i32>, Vec<String>>() else {
                    return invalid("expected (aias)");
                };
                let ids = if ids.is_empty() {
                    std::iter::once(0)
                        .chain(self.nodes.iter().map(|n| n.id))
                        .collect()
                } else {
                    ids
                };
                let found: Vec<(i32, PropMap)> = ids
                    .into_iter()
                    .filter_map(|id| Some((id, only(self.properties_of(id)?, &names))))
                    .collect();
                call.method_return().append1(found)
            }
            Some("GetProperty") => {
                let Ok((id, name)) = call.read2::<i32, &str>() else {
                    return invalid("expected (is)");
                };
                match self.properties_of(id).and_then(|mut p| p.remove(name)) {
                    Some(v) => call.method_return().append1(v),
                    None => invalid(&format!("no property {name} on menu item {id}")),
                }
            }
            Some("Event") => {
                let Ok((id, kind)) = call.read2::<i32, &str>() else {
                    return invalid("expected (isvu)");
                };
                if self.event(id, kind, events) {
                    call.method_return()
                } else {
                    invalid(&format!("no menu item {id}"))
                }
            }
            Some("EventGroup") => {
                type Event = (i32, String, Variant<Box<dyn RefArg>>, u32);
                let Ok(group) = call.read1::<Vec<Event>>() else {
                    return invalid("expected (a(isvu))");
                };
                let unknown: Vec<i32> = group
                    .iter()
                    .filter(|(id, kind, _, _)| !self.event(*id, kind, events))
                    .map(|(id, ..)| *id)
                    .collect();
                call.method_return().append1(unknown)
            }
            // The menu is always up to date: nothing to refresh before showing it.
            Some("AboutToShow") => call.method_return().append1(false),
            Some("AboutToShowGroup") => {
                let Ok(ids) = call.read1::<Vec<i32>>() else {
                    return invalid("expected (ai)");
                };
                let unknown: Vec<i32> = ids
                    .into_iter()
                    .filter(|id| self.properties_of(*id).is_none())
                    .collect();
                call.method_return().append2(Vec::<i32>::new(), unknown)
            }
            _ => error_reply(
                call,
                "org.freedesktop.DBus.Error.UnknownMethod",
                "no such method",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_must_be_positive_and_unique() {
        assert!(matches!(
            nodes(vec![MenuEntry::item(0, "Root", true)]),
            Err(TrayError::MenuId(0))
        ));
        assert!(matches!(
            nodes(vec![
                MenuEntry::item(2, "A", true),
                MenuEntry::item(2, "B", true)
            ]),
            Err(TrayError::MenuId(2))
        ));
    }

    #[test]
    fn separators_are_numbered_after_the_program_s_ids() {
        let nodes = nodes(vec![
            MenuEntry::item(7, "Open", true),
            MenuEntry::Separator,
            MenuEntry::item(3, "Quit", true),
            MenuEntry::Separator,
        ])
        .unwrap();
        let ids: Vec<i32> = nodes.iter().map(|n| n.id).collect();
        assert_eq!(ids, [7, 8, 3, 9]);
    }
}
