//! Opens a page (WakaTime's consent page) in the user's browser.

use tauri::AppHandle;

use crate::shell_error::ShellError;

/// Through `xdg-open`, which picks the desktop's browser (or `$BROWSER` outside a
/// desktop environment). It is not waited for: in some desktops it returns only when
/// the browser closes. Its output is dropped, since it may repeat the address, which
/// carries the request's state.
#[cfg(target_os = "linux")]
pub fn open(_app: &AppHandle, url: &str) -> Result<(), ShellError> {
    use std::process::{Command, Stdio};

    let mut child = Command::new("xdg-open")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| ShellError::ProgramMissing {
            program: "xdg-open",
            package: "xdg-utils",
            source,
        })?;
    // Reaped whenever it ends, so no finished child lingers.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// Opens a folder in the desktop's file manager, the same way.
#[cfg(target_os = "linux")]
pub fn open_folder(app: &AppHandle, folder: &std::path::Path) -> Result<(), ShellError> {
    open(app, &folder.display().to_string())
}

#[cfg(not(target_os = "linux"))]
pub fn open_folder(app: &AppHandle, folder: &std::path::Path) -> Result<(), ShellError> {
    use tauri_plugin_opener::OpenerExt;
    Ok(app
        .opener()
        .open_path(folder.display().to_string(), None::<&str>)?)
}

#[cfg(not(target_os = "linux"))]
pub fn open(app: &AppHandle, url: &str) -> Result<(), ShellError> {
    use tauri_plugin_opener::OpenerExt;
    Ok(app.opener().open_url(url, None::<&str>)?)
}
