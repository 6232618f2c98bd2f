//! The app's own XDG folders. At every start the app registers itself as the handler of
//! `org.wakadesk.desktop:` links (a `.desktop` file and an `xdg-mime default`), so a
//! test must give it folders of its own or it rewrites the real user's desktop setup.
//! The same folders explain a link that went nowhere: [`DesktopDirs::report`].

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Error, Result};

/// The scheme of the app's OAuth redirect URI.
pub const LINK_SCHEME: &str = "org.wakadesk.desktop";

/// `XDG_DATA_HOME`, `XDG_CONFIG_HOME` and `XDG_CACHE_HOME` under one folder, and a
/// downloads folder there too (named in `user-dirs.dirs`, as xdg-user-dirs does), so an
/// export never lands in the real user's.
#[derive(Debug, Clone)]
pub struct DesktopDirs {
    data_home: PathBuf,
    config_home: PathBuf,
    cache_home: PathBuf,
}

impl DesktopDirs {
    /// Creates the three folders inside `root`.
    pub fn create_in(root: &Path) -> Result<Self> {
        let dirs = DesktopDirs {
            data_home: root.join("xdg-data"),
            config_home: root.join("xdg-config"),
            cache_home: root.join("xdg-cache"),
        };
        for dir in [&dirs.data_home, &dirs.config_home, &dirs.cache_home] {
            std::fs::create_dir_all(dir)
                .map_err(Error::io(format!("creating {}", dir.display())))?;
        }
        let downloads = root.join("downloads");
        std::fs::write(
            dirs.config_home.join("user-dirs.dirs"),
            format!("XDG_DOWNLOAD_DIR=\"{}\"\n", downloads.display()),
        )
        .map_err(Error::io("naming the downloads folder"))?;
        Ok(dirs)
    }

    /// The variables that point a process at these folders.
    pub fn env(&self) -> [(&'static str, &Path); 3] {
        [
            ("XDG_DATA_HOME", &self.data_home),
            ("XDG_CONFIG_HOME", &self.config_home),
            ("XDG_CACHE_HOME", &self.cache_home),
        ]
    }

    /// `XDG_CONFIG_HOME` (where the log-in start entry goes, in `autostart/`).
    pub fn config_home(&self) -> &Path {
        &self.config_home
    }

    /// Where the app writes its link handler.
    pub fn url_handler_file(&self) -> PathBuf {
        self.data_home
            .join("applications")
            .join("wakadesk-url-handler.desktop")
    }

    /// What the desktop would do with one of the app's links: the handler file, the
    /// default `xdg-mime` reports for the scheme, and the `mimeapps.list` it read.
    pub fn report(&self) -> String {
        let handler = self.url_handler_file();
        let mime = format!("x-scheme-handler/{LINK_SCHEME}");
        let query = Command::new("xdg-mime")
            .args(["query", "default", &mime])
            .envs(self.env())
            .output()
            .map(|out| {
                format!(
                    "{:?} (status {}, stderr {:?})",
                    String::from_utf8_lossy(&out.stdout).trim(),
                    out.status,
                    String::from_utf8_lossy(&out.stderr).trim()
                )
            })
            .unwrap_or_else(|e| format!("could not run xdg-mime: {e}"));
        let mimeapps = self.config_home.join("mimeapps.list");
        format!(
            "--- {} ---\n{}\n--- xdg-mime query default {mime} ---\n{query}\n--- {} ---\n{}",
            handler.display(),
            read_or_why(&handler),
            mimeapps.display(),
            read_or_why(&mimeapps),
        )
    }
}

fn read_or_why(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| format!("(cannot read: {e})"))
}
