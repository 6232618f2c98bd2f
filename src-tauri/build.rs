//! Generates the Tauri context and the permissions for the app's own commands, so the
//! capability file can allow exactly these and nothing else.

fn main() {
    let commands = tauri_build::AppManifest::new().commands(&[
        "signup",
        "login",
        "logout",
        "current_user",
        "startup_status",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(commands))
        .expect("tauri-build failed");
}
