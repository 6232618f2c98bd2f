//! "Start wakadesk when I log in": an XDG autostart entry (`wakadesk-tray.desktop` in
//! `$XDG_CONFIG_HOME/autostart`, else `~/.config/autostart`), which desktops on Linux
//! run at log-in. It starts the tray program with `--at-login`: straight into the tray
//! when the desktop has a tray host, the window otherwise. The file is the record of
//! the choice: present is on, absent is off (the default). It is written whole to a
//! temporary file and renamed, so a full disk never leaves half an entry.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The entry's file name.
pub const FILE_NAME: &str = "wakadesk-tray.desktop";
/// The argument the entry starts the tray program with.
pub const AT_LOGIN_ARG: &str = "--at-login";

/// The autostart entry of one user.
#[derive(Debug, Clone)]
pub struct Autostart {
    folder: PathBuf,
}

impl Autostart {
    /// The entry in `config_dir/autostart`.
    pub fn in_config_dir(config_dir: &Path) -> Self {
        Self {
            folder: config_dir.join("autostart"),
        }
    }

    /// This user's entry: `$XDG_CONFIG_HOME` when it is an absolute path, else
    /// `$HOME/.config`.
    pub fn for_user() -> Result<Self> {
        let from_env = |name| std::env::var_os(name).map(PathBuf::from);
        let config = from_env("XDG_CONFIG_HOME")
            .filter(|p| p.is_absolute())
            .or_else(|| {
                from_env("HOME")
                    .filter(|p| p.is_absolute())
                    .map(|h| h.join(".config"))
            })
            .ok_or(Error::AutostartUnavailable)?;
        Ok(Self::in_config_dir(&config))
    }

    pub fn path(&self) -> PathBuf {
        self.folder.join(FILE_NAME)
    }

    pub fn is_enabled(&self) -> bool {
        self.path().is_file()
    }

    /// Writes the entry, starting `program` (an absolute path) at log-in.
    pub fn enable(&self, program: &Path) -> Result<()> {
        let path = self.path();
        let fail = |source| Error::AutostartUnwritable {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(&self.folder).map_err(fail)?;
        let mut file = tempfile_in(&self.folder).map_err(fail)?;
        file.1
            .write_all(entry(program).as_bytes())
            .and_then(|()| file.1.sync_all())
            .map_err(fail)?;
        std::fs::rename(&file.0, &path).map_err(|e| {
            let _ = std::fs::remove_file(&file.0);
            fail(e)
        })
    }

    /// Removes the entry; nothing to do when there is none.
    pub fn disable(&self) -> Result<()> {
        let path = self.path();
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::AutostartUnwritable { path, source: e })
            }
            _ => Ok(()),
        }
    }
}

/// The entry's text: `Exec` quotes the program as the Desktop Entry specification asks
/// (`"`, `` ` ``, `$` and `\` escaped inside double quotes).
pub fn entry(program: &Path) -> String {
    let mut quoted = String::from('"');
    for c in program.to_string_lossy().chars() {
        if matches!(c, '"' | '`' | '$' | '\\') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    // A backslash is itself escaped once more by the key's string rules.
    let exec = quoted.replace('\\', "\\\\");
    format!(
        "[Desktop Entry]\n\
         Type=Application\n\
         Name=wakadesk\n\
         Comment=Today's coding time in the tray\n\
         Exec={exec} {AT_LOGIN_ARG}\n\
         Icon=wakadesk\n\
         Terminal=false\n\
         NoDisplay=true\n\
         X-GNOME-Autostart-enabled=true\n"
    )
}

/// A new file next to the entry, for writing it whole before the rename.
fn tempfile_in(folder: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let path = folder.join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
    let file = std::fs::File::create(&path)?;
    Ok((path, file))
}
