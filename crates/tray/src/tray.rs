//! The program's handle on the tray: start it, change its label and menu, hear what
//! the user and the session did.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;

use mio::unix::SourceFd;
use mio::{Interest, Poll, Waker};

use crate::control::CONTROL_NAME;
use crate::dbusmenu::{self, Menu, MenuEntry};
use crate::service::{Command, Service, BUS, WAKE};
use crate::status_item::{item_bus_name, StatusItem};
use crate::watcher::{self, WATCHER_NAME};
use crate::{bus, Pixmap, TrayError};

/// What the tray shows before the program says more.
#[derive(Clone, Debug)]
pub struct TrayConfig {
    /// A stable name for the item (`Id`), e.g. "wakadesk".
    pub id: String,
    /// The item's title, shown by hosts in lists and as the tooltip's heading.
    pub title: String,
    /// The icon's name in the desktop's icon theme, when the app's icon is installed
    /// there (hosts that only read names, such as Ayatana's, need it); empty for none.
    pub icon_name: String,
    /// The icon, in one or more sizes ([`Pixmap::app_icon`]).
    pub icon: Vec<Pixmap>,
}

/// What happened, told to the program in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrayEvent {
    /// A menu item was clicked (the program's id).
    MenuClicked(i32),
    /// The icon itself was activated (a left click, on hosts that do not open the
    /// menu for it).
    Activated,
    /// The tray host went away (or was not there at start): the icon shows nowhere.
    HostGone,
    /// A tray host appeared; the item has already registered with it again.
    HostBack,
    /// Another process (the window) asked through `org.wakadesk.Tray` for a reload.
    Reload,
}

/// A running tray. Its bus connection is serviced on a thread of its own; dropping the
/// handle gives the bus names back and ends that thread.
///
/// Events arrive on the receiver [`Tray::start`] returns, which reports disconnected
/// once the connection to the bus is gone (the session ended).
pub struct Tray {
    commands: Sender<Command>,
    waker: Arc<Waker>,
    thread: Option<JoinHandle<()>>,
    item_name: String,
}

impl Tray {
    /// Connects to the session bus, takes `org.wakadesk.Tray` (or fails with
    /// [`TrayError::AlreadyRunning`]) and the item's name, exports the item, its menu
    /// and the control object, and registers with the tray host if one is there; if
    /// none is, the first event is [`TrayEvent::HostGone`], and [`TrayEvent::HostBack`]
    /// follows when one appears.
    pub fn start(config: TrayConfig) -> Result<(Tray, Receiver<TrayEvent>), TrayError> {
        let mut channel = bus::session()?;
        if !bus::request_name(&channel, CONTROL_NAME)? {
            return Err(TrayError::AlreadyRunning);
        }
        let item_name = item_bus_name();
        if !bus::request_name(&channel, &item_name)? {
            return Err(TrayError::NameTaken(item_name));
        }
        bus::add_match(&channel, &watcher::owner_changes_rule())?;
        let host_present = bus::name_has_owner(&channel, WATCHER_NAME)?;

        channel.set_watch_enabled(true);
        let fd = channel.watch().fd;
        let poll = Poll::new().map_err(|e| TrayError::Bus(e.to_string()))?;
        poll.registry()
            .register(&mut SourceFd(&fd), BUS, Interest::READABLE)
            .map_err(|e| TrayError::Bus(e.to_string()))?;
        let waker =
            Arc::new(Waker::new(poll.registry(), WAKE).map_err(|e| TrayError::Bus(e.to_string()))?);

        let (events, events_rx) = mpsc::channel();
        let (commands, commands_rx) = mpsc::channel();
        let service = Service {
            channel,
            item_name: item_name.clone(),
            item: StatusItem {
                id: config.id,
                title: config.title.clone(),
                label: config.title,
                icon_name: config.icon_name,
                icon: config.icon,
            },
            menu: Menu::new(),
            events,
        };
        if host_present {
            service.register();
        } else {
            let _ = service.events.send(TrayEvent::HostGone);
        }
        let thread = std::thread::Builder::new()
            .name("tray-dbus".into())
            .spawn(move || service.run(poll, commands_rx))
            .map_err(|e| TrayError::Bus(e.to_string()))?;
        Ok((
            Tray {
                commands,
                waker,
                thread: Some(thread),
                item_name,
            },
            events_rx,
        ))
    }

    /// The text next to the icon (where the host shows one) and in its tooltip.
    pub fn set_label(&self, label: &str) -> Result<(), TrayError> {
        self.send(Command::Label(label.to_string()))
    }

    /// Replaces the menu. Ids must be above 0 and unique ([`TrayError::MenuId`]).
    pub fn set_menu(&self, entries: Vec<MenuEntry>) -> Result<(), TrayError> {
        self.send(Command::Menu(dbusmenu::nodes(entries)?))
    }

    /// The item's bus name, `org.kde.StatusNotifierItem-<pid>-1`.
    pub fn bus_name(&self) -> &str {
        &self.item_name
    }

    fn send(&self, command: Command) -> Result<(), TrayError> {
        self.commands
            .send(command)
            .map_err(|_| TrayError::Stopped)?;
        self.waker.wake().map_err(|_| TrayError::Stopped)
    }
}

impl Drop for Tray {
    fn drop(&mut self) {
        let _ = self.send(Command::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
