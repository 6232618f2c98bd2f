//! Where the things under test live: the workspace target directory, the app and
//! `fake-wakatime` binaries built there, `tauri-driver`, and the folder screenshots
//! are saved to.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// `CARGO_TARGET_DIR` when set (relative to the workspace root if relative), else the
/// workspace's `target/`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

/// The debug build of the app, or an error saying how to build it.
pub fn app_binary() -> Result<PathBuf> {
    debug_binary("wakadesk", "wakadesk")
}

/// The debug build of the local WakaTime stand-in, or an error saying how to build it.
pub fn fake_wakatime_binary() -> Result<PathBuf> {
    debug_binary("fake-wakatime", "fake-wakatime")
}

/// Built binaries of other packages are not Cargo dependencies of these tests, so
/// they are looked up where `cargo build -p <package>` puts them.
fn debug_binary(name: &str, package: &str) -> Result<PathBuf> {
    let path = target_dir().join("debug").join(name);
    if !path.is_file() {
        return Err(Error::Setup(format!(
            "the binary {} does not exist; run `cargo build -p {package}` first",
            path.display()
        )));
    }
    path.canonicalize()
        .map_err(Error::io(format!("resolving {}", path.display())))
}

/// `target/screenshots/<name>.png`, creating the folder.
pub fn screenshot_path(name: &str) -> Result<PathBuf> {
    let dir = target_dir().join("screenshots");
    std::fs::create_dir_all(&dir).map_err(Error::io(format!("creating {}", dir.display())))?;
    Ok(dir.join(format!("{name}.png")))
}

/// `TAURI_DRIVER` when set, else `tauri-driver` from `PATH`, else from Cargo's bin folder.
pub(crate) fn tauri_driver_binary() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("TAURI_DRIVER").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .map(|dir| dir.join("bin"));
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .chain(cargo_bin)
        .map(|dir| dir.join("tauri-driver"))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            Error::Setup(
                "tauri-driver not found; install it with `cargo install tauri-driver --locked`"
                    .into(),
            )
        })
}
