//! Generates the Tauri context and the permissions for the app's own commands, so the
//! capability file can allow exactly these and nothing else.

fn main() {
    let commands = tauri_build::AppManifest::new().commands(&[
        "signup",
        "login",
        "logout",
        "current_user",
        "startup_status",
        "connect_wakatime",
        "connect_api_key",
        "server_presets",
        "cancel_connect",
        "disconnect_wakatime",
        "wakatime_status",
        "check_wakatime",
        "wakatime_config_offer",
        "connect_wakatime_config",
        "wakatime_settings",
        "save_wakatime_settings",
        "dashboard",
        "sync_stats",
        "set_daily_goal",
        "project_view",
        "choose_project",
        "set_week_start",
        "update_student",
        "export_csv",
        "show_folder",
        "desktop_settings",
        "set_desktop_setting",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(commands))
        .expect("tauri-build failed");
}
