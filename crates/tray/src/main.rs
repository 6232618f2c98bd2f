//! A stand-in for the tray program: shows the icon labelled "wakadesk" with Open and
//! Quit, and exits on Quit. The real program (who is logged in, refreshes) replaces it.
#![forbid(unsafe_code)]

use std::process::ExitCode;

#[cfg(target_os = "linux")]
fn main() -> ExitCode {
    use wakadesk_tray::{MenuEntry, Pixmap, Tray, TrayConfig, TrayEvent};

    const OPEN: i32 = 1;
    const QUIT: i32 = 2;

    let started = Tray::start(TrayConfig {
        id: "wakadesk".into(),
        title: "wakadesk".into(),
        icon: Pixmap::app_icon(),
    });
    let (tray, events) = match started {
        Ok(started) => started,
        Err(e) => {
            eprintln!("wakadesk-tray: {e}");
            return ExitCode::FAILURE;
        }
    };
    let menu = vec![
        MenuEntry::item(OPEN, "Open", true),
        MenuEntry::Separator,
        MenuEntry::item(QUIT, "Quit", true),
    ];
    if let Err(e) = tray
        .set_label("wakadesk")
        .and_then(|()| tray.set_menu(menu))
    {
        eprintln!("wakadesk-tray: {e}");
        return ExitCode::FAILURE;
    }
    for event in events {
        match event {
            TrayEvent::MenuClicked(QUIT) => return ExitCode::SUCCESS,
            TrayEvent::MenuClicked(OPEN) | TrayEvent::Activated => {
                eprintln!("wakadesk-tray: the window would open here");
            }
            _ => {}
        }
    }
    ExitCode::SUCCESS
}

#[cfg(not(target_os = "linux"))]
fn main() -> ExitCode {
    eprintln!("wakadesk-tray: the tray runs on Linux only");
    ExitCode::FAILURE
}
