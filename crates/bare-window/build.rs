//! The Tauri context, and a permission for the one command of the page.

fn main() {
    let commands = tauri_build::AppManifest::new().commands(&["startup_status"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(commands))
        .expect("tauri-build failed");
}
