//! Makes the desktop send `org.wakadesk.desktop:` links to this binary, so `make run`
//! works without installing a package.
//!
//! On Linux the deep-link plugin's own registration writes `Exec="/path" %u`, which
//! Debian 12's `xdg-open` cannot launch (it keeps the quotes); this writes the path
//! unquoted whenever the desktop-entry rules allow it. Windows uses the plugin.

use tauri::AppHandle;

use crate::shell_error::ShellError;

#[cfg(target_os = "linux")]
pub fn register(app: &AppHandle, scheme: &str) -> Result<(), ShellError> {
    use tauri::Manager;

    let exe = std::env::current_exe().map_err(ShellError::file("locating", "the app"))?;
    let dir = app
        .path()
        .data_dir()
        .map_err(|source| ShellError::Folder {
            what: "the applications folder",
            source,
        })?
        .join("applications");
    std::fs::create_dir_all(&dir).map_err(ShellError::file("creating", &dir))?;
    let file_name = "wakadesk-url-handler.desktop";
    let entry = desktop_entry(&exe.to_string_lossy(), scheme);
    let path = dir.join(file_name);
    let mime = format!("x-scheme-handler/{scheme}");
    let mimeapps = app
        .path()
        .config_dir()
        .map(|dir| dir.join("mimeapps.list"))
        .ok();
    let is_default = mimeapps
        .and_then(|list| std::fs::read_to_string(list).ok())
        .is_some_and(|list| names_default(&list, &mime, file_name));
    if is_default && std::fs::read_to_string(&path).ok().as_deref() == Some(entry.as_str()) {
        // Registered by an earlier start of this same binary: nothing to redo on start-up.
        return Ok(());
    }
    std::fs::write(&path, entry).map_err(ShellError::file("writing", &path))?;
    let made_default = std::process::Command::new("xdg-mime")
        .args(["default", file_name, &mime])
        .status()
        .map_err(|source| ShellError::ProgramMissing {
            program: "xdg-mime",
            package: "xdg-utils",
            source,
        })
        .and_then(|status| {
            status
                .success()
                .then_some(())
                .ok_or_else(|| ShellError::ProgramFailed {
                    command: format!("xdg-mime default {file_name} {mime}"),
                })
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
pub fn register(app: &AppHandle, _scheme: &str) -> Result<(), ShellError> {
    use tauri_plugin_deep_link::DeepLinkExt;
    Ok(app.deep_link().register_all()?)
}

/// macOS registers schemes from the bundle's Info.plist; nothing to do at run time.
#[cfg(not(any(target_os = "linux", windows)))]
pub fn register(_app: &AppHandle, _scheme: &str) -> Result<(), ShellError> {
    Ok(())
}

/// Whether a `mimeapps.list` makes `file_name` the first choice for `mime`, as
/// `xdg-mime default` writes it (`mime=file_name;` under `[Default Applications]`).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn names_default(list: &str, mime: &str, file_name: &str) -> bool {
    let mut in_defaults = false;
    for line in list.lines().map(str::trim) {
        if line.starts_with('[') {
            in_defaults = line == "[Default Applications]";
        } else if in_defaults {
            if let Some((key, value)) = line.split_once('=') {
                if key.trim() == mime {
                    return value.split(';').next().map(str::trim) == Some(file_name);
                }
            }
        }
    }
    false
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
    fn only_a_default_under_default_applications_counts_as_registered() {
        let mime = "x-scheme-handler/org.wakadesk.desktop";
        let file = "wakadesk-url-handler.desktop";
        let written = format!("[Default Applications]\n{mime}={file}\n");
        assert!(names_default(&written, mime, file));
        assert!(names_default(
            &format!("[Default Applications]\n{mime}={file};other.desktop;\n"),
            mime,
            file
        ));
        assert!(!names_default("", mime, file), "no list: not registered");
        assert!(!names_default(
            &format!("[Default Applications]\n{mime}=other.desktop;{file};\n"),
            mime,
            file
        ));
        assert!(!names_default(
            &format!("[Added Associations]\n{mime}={file};\n"),
            mime,
            file
        ));
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
