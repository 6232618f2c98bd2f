//! One window per user session on Linux: a link from the browser starts a second
//! process, which hands its arguments to the running window and exits before it opens
//! anything.
//!
//! The first process holds an exclusive lock on `instance.lock` and listens on
//! `instance.sock`, both in `$XDG_RUNTIME_DIR/org.wakadesk.desktop/` (a folder only the
//! user can enter; `instance/` in the data directory when there is no runtime directory
//! or that folder is not the user's own: a symbolic link, another user's, or open to
//! others). The lock file is never opened through a symbolic link, a socket whose
//! listener runs as another user is never sent a link, and a hand-over from another
//! user is not read. The kernel
//! drops the lock when the process ends, however it ends, so a killed window never
//! blocks the next one; a stale socket file is replaced. A later process that finds the
//! lock taken connects to the socket and writes its arguments, one per line.
//!
//! Anything a local program sends here it could also pass on the command line, so the
//! lines are treated like any deep link: at most [`MAX_MESSAGE`] bytes, read in at most
//! [`HAND_OVER_DEADLINE`] on a thread of its own, and only links of our scheme go
//! further (to `deep_link::handle`, which checks them in full).
//!
//! Windows and macOS use tauri-plugin-single-instance instead.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use url::Url;
use wakadesk_core::{paths, APP_IDENTIFIER};

use crate::shell_error::ShellError;

/// The most one hand-over may carry: a few links, each at most 8 KiB.
const MAX_MESSAGE: u64 = 64 * 1024;
/// How long the window gives one hand-over, in all, to arrive.
const HAND_OVER_DEADLINE: Duration = Duration::from_secs(2);
/// Hand-overs read at once; more are dropped.
const MAX_HAND_OVERS: usize = 16;
/// How long a second process keeps trying to reach a first one that is still starting.
const HAND_OVER_TIMEOUT: Duration = Duration::from_secs(5);
const LOCK_FILE: &str = "instance.lock";
/// The folder in the data directory used when the runtime folder cannot be.
const FALLBACK_FOLDER: &str = "instance";
const SOCKET_FILE: &str = "instance.sock";
/// The argument that asks the running window to quit (`wakadesk --quit`; the tray's
/// *Quit*). Anything that may send it could end the process anyway.
pub const QUIT_ARG: &str = "--quit";

/// What one hand-over asks: links to finish, or to quit.
#[derive(Debug, Default)]
pub struct HandOver {
    pub links: Vec<Url>,
    pub quit: bool,
}

/// What this process is.
pub enum Instance {
    /// The first: it keeps the lock for as long as it runs and takes hand-overs.
    First(FirstInstance),
    /// Another process is running and now has this one's arguments: exit.
    HandedOver,
}

pub struct FirstInstance {
    /// The lock lasts as long as this file stays open; the listening thread keeps it.
    lock: Option<File>,
    listener: Option<UnixListener>,
}

/// Claims the session for this process, or hands `args` (the arguments after the
/// program name) to the process that has it. Never fails: when the folder or the
/// socket cannot be set up, this process runs as a window of its own and says why.
pub fn claim(args: &[String]) -> Instance {
    match claim_in_first_usable(&folders(), args) {
        Ok(instance) => instance,
        Err(e) => {
            eprintln!(
                "wakadesk: links from the browser may not reach this window ({e}); \
                 starting anyway"
            );
            Instance::First(FirstInstance {
                lock: None,
                listener: None,
            })
        }
    }
}

/// [`claim`] in the first of `dirs` that is this user's own; a folder that is not is
/// passed over, saying why.
fn claim_in_first_usable(dirs: &[PathBuf], args: &[String]) -> Result<Instance, ShellError> {
    let mut refusal = ShellError::NoInstanceFolder;
    for dir in dirs {
        match claim_in(dir, args) {
            Err(e @ (ShellError::NotPrivate { .. } | ShellError::OtherUsersInstance { .. })) => {
                eprintln!("wakadesk: {e}; using another folder");
                refusal = e;
            }
            claimed => return claimed,
        }
    }
    Err(refusal)
}

/// [`claim`] with the lock and the socket in `dir`.
fn claim_in(dir: &Path, args: &[String]) -> Result<Instance, ShellError> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(ShellError::file("creating", dir))?;
    check_private(dir)?;
    let lock_path = dir.join(LOCK_FILE);
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(&lock_path)
        .map_err(ShellError::file("opening", &lock_path))?;
    let socket = dir.join(SOCKET_FILE);
    let deadline = Instant::now() + HAND_OVER_TIMEOUT;
    loop {
        match lock.try_lock() {
            Ok(()) => {
                // Left by a process that was killed; nobody listens on it.
                let _ = std::fs::remove_file(&socket);
                let listener = UnixListener::bind(&socket)
                    .map_err(ShellError::file("listening on", &socket))?;
                return Ok(Instance::First(FirstInstance {
                    lock: Some(lock),
                    listener: Some(listener),
                }));
            }
            Err(TryLockError::WouldBlock) => {
                // The first process may still be between taking the lock and binding.
                if let Ok(stream) = UnixStream::connect(&socket) {
                    if let Some(uid) = stranger(&stream) {
                        return Err(ShellError::OtherUsersInstance { path: socket, uid });
                    }
                    send(stream, args).map_err(ShellError::HandOver)?;
                    return Ok(Instance::HandedOver);
                }
            }
            Err(TryLockError::Error(e)) => return Err(ShellError::file("locking", &lock_path)(e)),
        }
        if Instant::now() > deadline {
            return Err(ShellError::InstanceSilent(socket));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Refuses a folder another user could have made or can enter: a symbolic link, not a
/// folder, owned by another user, or open to others.
fn check_private(dir: &Path) -> Result<(), ShellError> {
    let meta = std::fs::symlink_metadata(dir).map_err(ShellError::file("reading", dir))?;
    let why = if meta.file_type().is_symlink() {
        "it is a symbolic link"
    } else if !meta.is_dir() {
        "it is not a folder"
    } else if meta.uid() != rustix::process::geteuid().as_raw() {
        "another user owns it"
    } else if meta.mode() & 0o077 != 0 {
        "other users may enter it"
    } else {
        return Ok(());
    };
    Err(ShellError::NotPrivate {
        path: dir.to_path_buf(),
        why: why.to_owned(),
    })
}

/// The uid of the process at the other end of `stream` when it is not this user
/// (or cannot be told).
fn stranger(stream: &UnixStream) -> Option<u32> {
    let ours = rustix::process::geteuid().as_raw();
    match rustix::net::sockopt::socket_peercred(stream) {
        Ok(cred) if cred.uid.as_raw() == ours => None,
        Ok(cred) => Some(cred.uid.as_raw()),
        Err(_) => Some(u32::MAX),
    }
}

/// Where the lock and the socket may be, in order: `$XDG_RUNTIME_DIR/org.wakadesk.desktop`,
/// then `instance/` in the data directory, the one to fall back to when the first is
/// missing or not this user's own.
fn folders() -> Vec<PathBuf> {
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty());
    let runtime = runtime.map(|dir| PathBuf::from(dir).join(APP_IDENTIFIER));
    let private = paths::data_dir().ok().map(|dir| dir.join(FALLBACK_FOLDER));
    runtime.into_iter().chain(private).collect()
}

fn send(mut stream: UnixStream, args: &[String]) -> std::io::Result<()> {
    stream.set_write_timeout(Some(HAND_OVER_TIMEOUT))?;
    let mut message = String::new();
    for arg in args {
        message.push_str(arg);
        message.push('\n');
    }
    stream.write_all(message.as_bytes())?;
    stream.shutdown(std::net::Shutdown::Write)
}

impl FirstInstance {
    /// Passes every hand-over's links to `on_links`, for as long as the app runs. Each
    /// hand-over is read on a thread of its own within [`HAND_OVER_DEADLINE`], so a
    /// sender that trickles its bytes holds up nobody else; at most
    /// [`MAX_HAND_OVERS`] are read at once. Hand-overs made before this call (while the
    /// window was starting) wait in the socket's queue and are read now.
    pub fn listen(self, on_links: impl Fn(HandOver) + Send + Sync + 'static) {
        let Some(listener) = self.listener else {
            return;
        };
        let lock = self.lock;
        let on_links = Arc::new(on_links);
        let reading = Arc::new(AtomicUsize::new(0));
        let spawned = std::thread::Builder::new()
            .name("single-instance".into())
            .spawn(move || {
                let _lock = lock;
                for stream in listener.incoming().flatten() {
                    // Another user reaching the socket (a shared runtime folder) is not
                    // heard: their links could carry a code and state of their own.
                    if stranger(&stream).is_some() {
                        continue;
                    }
                    if reading.fetch_add(1, Ordering::SeqCst) >= MAX_HAND_OVERS {
                        reading.fetch_sub(1, Ordering::SeqCst);
                        continue;
                    }
                    let (on_links, reading) = (on_links.clone(), reading.clone());
                    let read = move || {
                        let links = links(stream, Instant::now() + HAND_OVER_DEADLINE);
                        reading.fetch_sub(1, Ordering::SeqCst);
                        on_links(links);
                    };
                    let spawned = std::thread::Builder::new()
                        .name("hand-over".into())
                        .spawn(read);
                    if let Err(e) = spawned {
                        eprintln!("wakadesk: a link from the browser was dropped ({e})");
                    }
                }
            });
        if let Err(e) = spawned {
            eprintln!("wakadesk: links from the browser will not reach this window ({e})");
        }
    }
}

/// One hand-over, read to its end by `deadline`; a message too long, unfinished by
/// then or not text asks nothing.
fn links(mut stream: UnixStream, deadline: Instant) -> HandOver {
    let mut message = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return HandOver::default();
        }
        match stream.read(&mut chunk) {
            Ok(0) => return parse(&message),
            Ok(n) => message.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return HandOver::default(),
        }
        if message.len() as u64 > MAX_MESSAGE {
            return HandOver::default();
        }
    }
}

fn parse(message: &[u8]) -> HandOver {
    let text = String::from_utf8_lossy(message);
    HandOver {
        links: text
            .lines()
            .filter_map(|line| Url::parse(line.trim()).ok())
            .collect(),
        quit: text.lines().any(|line| line.trim() == QUIT_ARG),
    }
}

/// A temporary folder as [`claim_in`] accepts it: this user's, mode 0700 (a plain
/// temporary folder is made with the umask's 0755).
#[cfg(test)]
fn private_tempdir() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))
        .expect("making it private");
    dir
}

#[cfg(test)]
mod other_user_tests;

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    const LINK: &str = "org.wakadesk.desktop:/oauth/callback?code=c&state=s";

    /// A private folder and the first instance claimed in it.
    fn first_instance() -> (tempfile::TempDir, FirstInstance) {
        let dir = private_tempdir();
        match claim_in(dir.path(), &[]) {
            Ok(Instance::First(first)) => (dir, first),
            Ok(Instance::HandedOver) => panic!("nobody else holds a fresh folder"),
            Err(e) => panic!("claiming a fresh folder: {e}"),
        }
    }

    /// Starts listening; every hand-over's links arrive on the receiver.
    fn listening(first: FirstInstance) -> mpsc::Receiver<Vec<String>> {
        let (sent, received) = mpsc::channel();
        let sent = std::sync::Mutex::new(sent);
        first.listen(move |hand_over| {
            let links = hand_over
                .links
                .iter()
                .map(|u| u.as_str().to_owned())
                .collect();
            let _ = sent.lock().unwrap().send(links);
        });
        received
    }

    fn hand_over(dir: &Path, link: &str) {
        match claim_in(dir, &[link.to_owned()]) {
            Ok(Instance::HandedOver) => {}
            Ok(Instance::First(_)) => panic!("the lock was free: nobody took the link"),
            Err(e) => panic!("handing over: {e}"),
        }
    }

    #[test]
    fn a_sender_trickling_bytes_holds_up_no_other_hand_over_and_is_cut_off() {
        let (dir, first) = first_instance();
        let links = listening(first);
        let socket = dir.path().join(SOCKET_FILE);
        // A byte every 300 ms, never finishing: how long until the window hangs up.
        let trickler = std::thread::spawn(move || {
            let mut stream = UnixStream::connect(&socket).unwrap();
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(10) {
                if stream.write_all(b"x").is_err() {
                    return Some(started.elapsed());
                }
                std::thread::sleep(Duration::from_millis(300));
            }
            None
        });
        std::thread::sleep(Duration::from_millis(200));
        let started = Instant::now();
        hand_over(dir.path(), LINK);
        let received = links.recv_timeout(Duration::from_millis(1500));
        assert_eq!(
            received.ok(),
            Some(vec![LINK.to_owned()]),
            "the link arrived while another sender trickled (waited {:?})",
            started.elapsed()
        );
        let kept = trickler.join().unwrap();
        assert!(
            kept.is_some_and(|kept| kept < Duration::from_secs(4)),
            "the trickling sender was kept {kept:?}; a hand-over has 2 s in all"
        );
    }

    #[test]
    fn a_link_handed_over_while_the_window_is_still_starting_is_kept() {
        let dir = private_tempdir();
        let first = match claim_in(dir.path(), &[]) {
            Ok(Instance::First(first)) => first,
            _ => panic!("a fresh folder is ours"),
        };
        // The window has the lock but has not reached its setup yet: nobody accepts.
        hand_over(dir.path(), LINK);
        let links = listening(first);
        assert_eq!(
            links.recv_timeout(Duration::from_secs(5)).ok(),
            Some(vec![LINK.to_owned()]),
            "the link waited for the window to listen"
        );
    }

    #[test]
    fn a_hand_over_is_one_argument_per_line_and_only_urls_are_kept() {
        let hand_over =
            parse(b"org.wakadesk.desktop:/oauth/callback?code=c&state=s\nnot a url\n\n");
        assert_eq!(
            hand_over.links.iter().map(Url::as_str).collect::<Vec<_>>(),
            ["org.wakadesk.desktop:/oauth/callback?code=c&state=s"]
        );
        assert!(!hand_over.quit);
        assert!(parse(b"--quit\n").quit, "the tray's Quit");
        assert!(!parse(b"--quitter\n").quit);
    }

    #[test]
    fn what_is_sent_is_what_arrives_and_an_oversized_message_gives_nothing() {
        let dir = private_tempdir();
        let socket = dir.path().join("s");
        let listener = UnixListener::bind(&socket).unwrap();
        let args = vec![
            "org.wakadesk.desktop:/oauth/callback?code=a&state=b".to_owned(),
            "--flag".to_owned(),
        ];
        send(UnixStream::connect(&socket).unwrap(), &args).unwrap();
        let deadline = || Instant::now() + HAND_OVER_DEADLINE;
        let received = links(listener.accept().unwrap().0, deadline()).links;
        assert_eq!(
            received.iter().map(Url::as_str).collect::<Vec<_>>(),
            [args[0].as_str()]
        );

        let huge = vec![format!(
            "org.wakadesk.desktop:/oauth/callback?code={}",
            "x".repeat(MAX_MESSAGE as usize)
        )];
        let sender = UnixStream::connect(&socket).unwrap();
        // The receiver stops reading past the limit, so the sender may see a broken pipe.
        let sending = std::thread::spawn(move || send(sender, &huge));
        assert!(links(listener.accept().unwrap().0, deadline())
            .links
            .is_empty());
        let _ = sending.join();
    }
}
