//! The wakadesk window: a thin Tauri shell over `wakadesk-core`.
#![deny(unsafe_code)]
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod browser;
#[cfg(test)]
mod capability_check;
mod command_error;
mod commands;
mod companion;
mod deep_link;
mod events;
mod heap;
mod report;
mod shell_error;
#[cfg(target_os = "linux")]
mod single_instance;
mod state;
mod tray_link;
#[cfg(test)]
mod ui_check;
mod url_handler;
mod window_place;

use tauri::Manager;
use tauri_plugin_deep_link::DeepLinkExt;

fn main() {
    // Before Tauri, which creates the app's data folder (and WebKit's storage in it)
    // with the umask's mode before setup runs.
    make_data_folders_private();
    // First, so a second process (a deep link) hands over before anything starts.
    #[cfg(target_os = "linux")]
    let args: Vec<String> = std::env::args().skip(1).collect();
    #[cfg(target_os = "linux")]
    let instance = match single_instance::claim(&args) {
        single_instance::Instance::HandedOver => return,
        single_instance::Instance::First(first) => first,
    };
    // `wakadesk --quit` (the tray's Quit) with no window running: nothing to do.
    #[cfg(target_os = "linux")]
    if args.iter().any(|a| a == single_instance::QUIT_ARG) {
        return;
    }
    // A test may start the window at another instant; a bad value stops it here.
    let clock = match wakadesk_core::clock::from_env() {
        Ok(clock) => clock,
        Err(e) => {
            eprintln!("wakadesk: {e}");
            std::process::exit(2);
        }
    };
    let builder = tauri::Builder::default();
    #[cfg(not(target_os = "linux"))]
    let builder = builder
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            deep_link::handle(app, Vec::new());
        }))
        .plugin(tauri_plugin_opener::init());
    builder
        .plugin(tauri_plugin_deep_link::init())
        .setup(|app| {
            // Managed before anything can deliver a link, since handling one reads it.
            app.manage(state::AppState::new(clock));
            if let (Some(window), Ok(dir)) = (
                app.get_webview_window("main"),
                wakadesk_core::paths::data_dir(),
            ) {
                window_place::restore(&window, &dir);
            }
            #[cfg(target_os = "linux")]
            {
                let handle = app.handle().clone();
                instance.listen(move |hand_over| {
                    if hand_over.quit {
                        handle.exit(0);
                    } else {
                        deep_link::handle(&handle, hand_over.links);
                    }
                });
            }
            // Opened here, not in the builder, so a second process that only hands a
            // link to the running window never opens the database or the keyring; and
            // on a thread of its own, so the window and page start meanwhile.
            let handle = app.handle().clone();
            std::thread::Builder::new()
                .name("open-stores".into())
                .spawn(move || {
                    handle.state::<state::AppState>().open_stores();
                    if let Err(e) = url_handler::register(&handle, deep_link::scheme()) {
                        eprintln!("wakadesk: links from the browser may not reach the app: {e}");
                    }
                })?;
            let handle = app.handle().clone();
            app.deep_link()
                .on_open_url(move |event| deep_link::handle(&handle, event.urls()));
            if let Ok(Some(urls)) = app.deep_link().get_current() {
                deep_link::handle(app.handle(), urls);
            }
            Ok(())
        })
        .invoke_handler(commands::handle)
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { .. } = event {
                if let (Some(window), Ok(dir)) = (
                    window.app_handle().get_webview_window(window.label()),
                    wakadesk_core::paths::data_dir(),
                ) {
                    window_place::save(&window, &dir);
                }
            }
        })
        .build(tauri::generate_context!())
        .expect("the wakadesk window could not start")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                companion::window_closed(&app.state::<state::AppState>());
            }
        });
}

/// Creates the data folder, and Tauri's when `WAKADESK_DATA_DIR` moves ours elsewhere,
/// `0700`, or tightens them. A failure is only printed: opening the database then says
/// what is wrong, in the window.
fn make_data_folders_private() {
    use wakadesk_core::paths;
    let mut folders = vec![paths::default_data_dir()];
    if std::env::var_os(paths::DATA_DIR_ENV).is_some_and(|dir| !dir.is_empty()) {
        folders.push(paths::data_dir());
    }
    for folder in folders.into_iter().flatten() {
        if let Err(e) = paths::create_private_dir(&folder) {
            eprintln!("wakadesk: making {} private: {e}", folder.display());
        }
    }
}
