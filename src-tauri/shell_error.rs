//! What can go wrong in the shell's own desktop plumbing: handing links to the running
//! window, registering the link handler, opening the browser. Callers print these or
//! turn them into a `CommandError`; none of them carries a link's query (the OAuth
//! code and state), only paths and program names.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ShellError {
    /// A file or folder could not be created, opened or written.
    #[error("{action} {}: {source}", path.display())]
    File {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A program of the desktop could not be started.
    #[error("running {program} (install {package}): {source}")]
    ProgramMissing {
        program: &'static str,
        package: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// A program of the desktop ran and reported failure.
    #[error("`{command}` failed")]
    ProgramFailed { command: String },
    /// Another wakadesk holds the session's lock but takes no hand-over.
    #[error("another wakadesk holds the lock but does not answer on {}", .0.display())]
    InstanceSilent(PathBuf),
    /// A folder for the single-instance lock and socket is not this user's alone.
    #[error("{} is not a private folder of this user: {why}", path.display())]
    NotPrivate { path: PathBuf, why: String },
    /// The program listening on the single-instance socket runs as another user.
    #[error("the program listening on {} runs as another user (uid {uid})", path.display())]
    OtherUsersInstance { path: PathBuf, uid: u32 },
    /// No folder could be found for the single-instance lock and socket.
    #[error("no private folder for the single-instance lock")]
    NoInstanceFolder,
    /// The running window did not take the link.
    #[error("handing the link over: {0}")]
    HandOver(#[source] std::io::Error),
    /// No folder for the app's files could be found.
    #[error(transparent)]
    DataDir(#[from] wakadesk_core::Error),
    /// Tauri could not name one of the user's folders.
    #[error("locating {what}: {source}")]
    Folder {
        what: &'static str,
        #[source]
        source: tauri::Error,
    },
    #[cfg(not(target_os = "linux"))]
    #[error(transparent)]
    Opener(#[from] tauri_plugin_opener::Error),
    #[cfg(windows)]
    #[error(transparent)]
    DeepLink(#[from] tauri_plugin_deep_link::Error),
}

impl ShellError {
    /// A `map_err` for a failed file operation on `path`.
    pub fn file(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| ShellError::File {
            action,
            path,
            source,
        }
    }
}
