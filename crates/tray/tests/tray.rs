//! The tray against a fake tray host on a real (private) session bus: registration,
//! label, menu, clicks, the host leaving and coming back, the control name.
//!
//! The watcher's name and `org.wakadesk.Tray` have one owner at a time on the one
//! bus, so the tests here take turns (`bus_names_turn`).
#![cfg(target_os = "linux")]

use std::sync::mpsc::Receiver;
use std::time::Duration;

use test_support::{bus_names_turn, test_that_needs, FakeWatcher, MenuRow};
use wakadesk_tray::control::poke_reload;
use wakadesk_tray::watcher::host_present;
use wakadesk_tray::{MenuEntry, Pixmap, PokeError, Tray, TrayConfig, TrayError, TrayEvent};

/// `IconPixmap` as it travels: `a(iiay)`.
type Pixmaps = Vec<(i32, i32, Vec<u8>)>;

const WAIT: Duration = Duration::from_secs(5);

fn start_tray() -> (Tray, Receiver<TrayEvent>) {
    Tray::start(TrayConfig {
        id: "wakadesk".into(),
        title: "wakadesk".into(),
        icon_name: "wakadesk".into(),
        icon: Pixmap::app_icon(),
    })
    .expect("the tray starts")
}

fn next_event(events: &Receiver<TrayEvent>) -> TrayEvent {
    events
        .recv_timeout(WAIT)
        .expect("an event from the tray within 5 s")
}

fn row(id: i32, label: &str, enabled: bool) -> MenuRow {
    MenuRow {
        id,
        label: label.into(),
        enabled,
        separator: false,
    }
}

test_that_needs! {
    "needs a D-Bus session bus; runs under CI=true scripts/test-session.sh or with --ignored",
    fn the_item_registers_by_its_bus_name_and_shows_its_label_and_icon() {
        let _turn = bus_names_turn();
        let watcher = FakeWatcher::start();
        let (tray, _events) = start_tray();
        let item = watcher.wait_for_item(WAIT);
        assert_eq!(item.service, tray.bus_name());
        assert_eq!(item.path, "/StatusNotifierItem");
        assert!(tray.bus_name().starts_with("org.kde.StatusNotifierItem-"));

        assert_eq!(watcher.label(&item), "wakadesk", "the title until the program says more");
        tray.set_label("2 hrs 5 mins").unwrap();
        // The label is applied on the tray's thread: poll briefly for it.
        let mut label = String::new();
        for _ in 0..100 {
            label = watcher.label(&item);
            if label == "2 hrs 5 mins" {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(label, "2 hrs 5 mins");
        let tooltip: (String, Pixmaps, String, String) =
            watcher.item_property(&item, "ToolTip");
        assert_eq!((tooltip.2.as_str(), tooltip.3.as_str()), ("wakadesk", "2 hrs 5 mins"));

        let pixmaps: Pixmaps = watcher.item_property(&item, "IconPixmap");
        let sizes: Vec<(i32, i32)> = pixmaps.iter().map(|(w, h, _)| (*w, *h)).collect();
        assert_eq!(sizes, [(22, 22), (32, 32)]);
        assert!(pixmaps.iter().all(|(w, h, argb)| argb.len() == (w * h * 4) as usize));
        assert_eq!(
            watcher.item_property::<String>(&item, "IconName"),
            "wakadesk",
            "the theme's name beside the pixmaps, for hosts that read only names"
        );
        assert_eq!(watcher.item_property::<String>(&item, "Status"), "Active");
        assert_eq!(watcher.item_property::<String>(&item, "Category"), "ApplicationStatus");
        assert!(watcher.item_property::<bool>(&item, "ItemIsMenu"));
    }
}

test_that_needs! {
    "needs a D-Bus session bus; runs under CI=true scripts/test-session.sh or with --ignored",
    fn the_menu_is_served_and_a_click_reaches_the_program() {
        let _turn = bus_names_turn();
        let watcher = FakeWatcher::start();
        let (tray, events) = start_tray();
        let item = watcher.wait_for_item(WAIT);

        tray.set_menu(vec![
            MenuEntry::item(1, "Open wakadesk", true),
            MenuEntry::item(2, "Sync now", false),
            MenuEntry::Separator,
            MenuEntry::item(3, "Quit", true),
        ])
        .unwrap();
        let mut menu = Vec::new();
        for _ in 0..100 {
            menu = watcher.menu(&item);
            if menu.len() == 4 {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(menu.len(), 4, "{menu:?}");
        assert_eq!(menu[0], row(1, "Open wakadesk", true));
        assert_eq!(menu[1], row(2, "Sync now", false));
        assert!(menu[2].separator, "{menu:?}");
        assert_eq!(menu[3], row(3, "Quit", true));

        watcher.click(&item, 3);
        assert_eq!(next_event(&events), TrayEvent::MenuClicked(3));
        watcher.click(&item, 2);
        watcher.activate(&item);
        assert_eq!(
            next_event(&events),
            TrayEvent::Activated,
            "a click on a disabled item is no event; the left click is"
        );

        tray.set_menu(vec![MenuEntry::item(9, "Log in", true)]).unwrap();
        let mut menu = Vec::new();
        for _ in 0..100 {
            menu = watcher.menu(&item);
            if menu.len() == 1 {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(menu, [row(9, "Log in", true)]);
        assert!(matches!(
            tray.set_menu(vec![MenuEntry::item(0, "Root", true)]),
            Err(TrayError::MenuId(0))
        ));
    }
}

test_that_needs! {
    "needs a D-Bus session bus; runs under CI=true scripts/test-session.sh or with --ignored",
    fn the_host_leaving_and_coming_back_is_told_and_the_item_registers_again() {
        let _turn = bus_names_turn();
        let watcher = FakeWatcher::start();
        let (tray, events) = start_tray();
        watcher.wait_for_item(WAIT);

        watcher.stop();
        assert_eq!(next_event(&events), TrayEvent::HostGone);

        let watcher = FakeWatcher::start();
        assert_eq!(next_event(&events), TrayEvent::HostBack);
        let item = watcher.wait_for_item(WAIT);
        assert_eq!(item.service, tray.bus_name());
        assert_eq!(watcher.label(&item), "wakadesk");
    }
}

test_that_needs! {
    "needs a D-Bus session bus; runs under CI=true scripts/test-session.sh or with --ignored",
    fn without_a_host_the_tray_says_so_and_registers_when_one_comes() {
        let _turn = bus_names_turn();
        let (_tray, events) = start_tray();
        assert_eq!(next_event(&events), TrayEvent::HostGone);
        let watcher = FakeWatcher::start();
        assert_eq!(next_event(&events), TrayEvent::HostBack);
        watcher.wait_for_item(WAIT);
    }
}

test_that_needs! {
    "needs a D-Bus session bus; runs under CI=true scripts/test-session.sh or with --ignored",
    fn host_present_follows_the_watcher() {
        let _turn = bus_names_turn();
        assert!(!host_present().unwrap(), "no watcher yet");
        let watcher = FakeWatcher::start();
        assert!(host_present().unwrap());
        watcher.stop();
        assert!(!host_present().unwrap(), "the watcher is gone");
    }
}

test_that_needs! {
    "needs a D-Bus session bus; runs under CI=true scripts/test-session.sh or with --ignored",
    fn poke_reload_reaches_a_running_tray_and_says_when_none_runs() {
        let _turn = bus_names_turn();
        assert!(matches!(poke_reload(), Err(PokeError::NotRunning)));
        let (tray, events) = start_tray();
        let _ = events.recv_timeout(Duration::from_millis(200)); // HostGone: no watcher here
        poke_reload().expect("the running tray takes the reload");
        assert_eq!(next_event(&events), TrayEvent::Reload);
        drop(tray);
        assert!(matches!(poke_reload(), Err(PokeError::NotRunning)));
    }
}

test_that_needs! {
    "needs a D-Bus session bus; runs under CI=true scripts/test-session.sh or with --ignored",
    fn a_second_tray_is_refused_while_one_runs() {
        let _turn = bus_names_turn();
        let (first, _events) = start_tray();
        assert!(matches!(
            Tray::start(TrayConfig {
                id: "wakadesk".into(),
                title: "wakadesk".into(),
                icon_name: String::new(),
                icon: Vec::new(),
            }),
            Err(TrayError::AlreadyRunning)
        ));
        drop(first);
        let (_second, _events) = start_tray();
    }
}
