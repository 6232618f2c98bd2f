//! Makes the desktop send `org.wakadesk.desktop:` links to this binary, so `make run`
//! works without installing a package.
//!
//! On Linux the deep-link plugin's own registration writes `Exec="/path" %u`, which
//! Debian 12's `xdg-open` cannot launch (it keeps the quotes); this writes the path
//! unquoted whenever the desktop-entry rules allow it. Windows uses the plugin.

use tauri::AppHandle;

#[cfg(target_os = "linux")]
pub fn register(app: &AppHandle, scheme: &str) -> Result<(), String> {
    use tauri::Manager;

    let exe = std::env::current_exe().map_err(|e| format!("locating the app: {e}"))?;
    let dir = app
        .path()
        .data_dir()
        .map_err(|e| format!("locating the applications folder: {e}"))?
        .join("applications");
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let file_name = "wakadesk-url-handler.desktop";
    let entry = desktop_entry(&exe.to_string_lossy(), scheme);
    let path = dir.join(file_name);
    if std::fs::read_to_string(&path).ok().as_deref() == Some(entry.as_str()) {
        // Registered by an earlier start of this same binary: nothing to redo on start-up.
        return Ok(());
    }
    std::fs::write(&path, entry).map_err(|e| format!("writing {}: {e}", path.display()))?;
    let mime = format!("x-scheme-handler/{scheme}");
    let made_default = std::process::Command::new("xdg-mime")
        .args(["default", file_name, &mime])
        .status()
        .map_err(|e| format!("running xdg-mime (install xdg-utils): {e}"))
        .and_then(|status| {
            status
                .success()
                .then_some(())
                .ok_or_else(|| format!("xdg-mime default {file_name} {mime} failed"))
        });
    if let Err(e) = made_default {
        // Without the entry, the next start tries the whole registration again.
        let _ = std::fs::remove_file(&path);
        return Err(e);
    }
    // Optional: refreshes the MIME cache where desktop-file-utils is installed.
    let _ = std::process::Command::new("update-desktop-database")
        .arg(&dir)
        .status();
    Ok(())
}

#[cfg(windows)]
pub fn register(app: &AppHandle, _scheme: &str) -> Result<(), String> {
    use tauri_plugin_deep_link::DeepLinkExt;
    app.deep_link().register_all().map_err(|e| e.to_string())
}

/// macOS registers schemes from the bundle's Info.plist; nothing to do at run time.
#[cfg(not(any(target_os = "linux", windows)))]
pub fn register(_app: &AppHandle, _scheme: &str) -> Result<(), String> {
    Ok(())
}

/// A handler entry. `Exec` carries the path bare when it has no character the
/// desktop-entry spec would require quoting, since a bare path works with every
/// launcher, quoted ones do not.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn desktop_entry(exe: &str, scheme: &str) -> String {
    let plain = exe
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+,".contains(c));
    let exec = if plain {
        exe.to_owned()
    } else {
        let escaped: String = exe
            .chars()
            .flat_map(|c| match c {
                '"' | '`' | '$' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        format!("\"{escaped}\"")
    };
    format!(
        "[Desktop Entry]\nType=Application\nName=wakadesk\nExec={exec} %u\nTerminal=false\n\
         NoDisplay=true\nMimeType=x-scheme-handler/{scheme};\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_path_is_written_without_quotes_so_xdg_open_can_launch_it() {
        let entry = desktop_entry("/work/main/target/debug/wakadesk", "org.wakadesk.desktop");
        assert!(
            entry.contains("\nExec=/work/main/target/debug/wakadesk %u\n"),
            "{entry}"
        );
        assert!(
            entry.contains("MimeType=x-scheme-handler/org.wakadesk.desktop;"),
            "{entry}"
        );
    }

    #[test]
    fn a_path_with_spaces_is_quoted_and_escaped() {
        let entry = desktop_entry("/home/a b/$x/wakadesk", "s");
        assert!(
            entry.contains("Exec=\"/home/a b/\\$x/wakadesk\" %u"),
            "{entry}"
        );
    }
}
