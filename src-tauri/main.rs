//! The wakadesk window: a thin Tauri shell over `wakadesk-core`.
#![forbid(unsafe_code)]
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod command_error;
mod commands;
mod state;

fn main() {
    let state = state::AppState::load();
    tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::accounts::signup,
            commands::accounts::login,
            commands::accounts::logout,
            commands::accounts::current_user,
            commands::status::startup_status,
        ])
        .run(tauri::generate_context!())
        .expect("the wakadesk window could not start");
}
