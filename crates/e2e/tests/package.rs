//! The Debian package, installed for real: `dpkg -i` puts the app, its desktop entry
//! and its icons in place, a callback link opened through the desktop (`gio open` and
//! `xdg-open`) reaches the installed app, and `dpkg -r` takes it all away again.
//!
//! The links are resolved with empty per-user XDG folders, so only the package's own
//! desktop entry (`/usr/share/applications/wakadesk.desktop`) can route them: this
//! proves the entry works without the handler the app writes for itself at run time.
//! The app says what it received on standard output when `WAKADESK_REPORT_LINKS` is
//! set (`link <scheme>:<path>`, never the query).
//!
//! Needs root for dpkg (or `sudo` that asks no password), a desktop session (`scripts/test-session.sh`) and a package:
//! `WAKADESK_DEB=path`, else the newest `target/debug/bundle/deb/wakadesk_*.deb`
//! (`make test` builds it from the debug build; `make test-package` tests the release
//! package of `make bundle`).
#![forbid(unsafe_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use wakadesk_e2e::{target_dir, DesktopDirs, LINK_SCHEME};

const PACKAGE: &str = "wakadesk";
const INSTALLED_BINARY: &str = "/usr/bin/wakadesk";
const INSTALLED_TRAY: &str = "/usr/bin/wakadesk-tray";
const DESKTOP_ENTRY: &str = "/usr/share/applications/wakadesk.desktop";
const MIME_CACHE: &str = "/usr/share/applications/mimeinfo.cache";
const WAIT: Duration = Duration::from_secs(60);
/// A valid Fernet key (32 zero bytes), so the test does not depend on the keyring.
const FERNET_KEY: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
const LINK_LINE: &str = "link org.wakadesk.desktop:/oauth/callback";

#[test]
fn the_installed_package_registers_the_link_scheme_and_the_app_receives_links() {
    let deb = package_file();
    // Fails here, with what to do, rather than halfway through the install.
    drop(dpkg());
    for var in ["DISPLAY", "DBUS_SESSION_BUS_ADDRESS"] {
        assert!(
            std::env::var_os(var).is_some(),
            "{var} is not set: run inside scripts/test-session.sh (make test does)"
        );
    }
    let tmp = tempfile::tempdir().expect("a temporary directory");

    let installed = Installed::install(&deb);
    check_installed_files();
    check_system_file(&tmp.path().join("doctor"));

    // The app that waits for the browser's answer, with folders of its own.
    wait_until_free();
    let app_dirs = DesktopDirs::create_in(&tmp.path().join("app")).expect("app XDG folders");
    let mut app = start_installed_app(&app_dirs, &tmp.path().join("data"));
    app.wait_for_line("ready", "the installed app starts and its page loads");

    // The desktop, as seen by a user who never ran the app: empty XDG folders.
    let desktop = DesktopDirs::create_in(&tmp.path().join("desktop")).expect("XDG folders");
    let default = run(Command::new("xdg-mime")
        .args([
            "query",
            "default",
            &format!("x-scheme-handler/{LINK_SCHEME}"),
        ])
        .envs(desktop.env()));
    assert_eq!(
        String::from_utf8_lossy(&default.stdout).trim(),
        "wakadesk.desktop",
        "the package's entry is the desktop's handler of {LINK_SCHEME}: links"
    );

    for opener in [&["gio", "open"][..], &["xdg-open"][..]] {
        let url = format!(
            "{LINK_SCHEME}:/oauth/callback?code=package-test&state=unknown-{}",
            opener[0]
        );
        let out = run(Command::new(opener[0])
            .args(&opener[1..])
            .arg(&url)
            .envs(desktop.env())
            .env_remove("BROWSER")
            .env_remove("WAKADESK_REPORT_LINKS"));
        assert!(
            out.status.success(),
            "{} opens the link: {}",
            opener.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        app.wait_for_line(
            LINK_LINE,
            &format!(
                "the running app receives the link opened with `{}`",
                opener.join(" ")
            ),
        );
    }
    assert!(
        !desktop.url_handler_file().exists(),
        "the second process only handed the link over: it registered no handler of its own"
    );
    app.stop();

    // Nothing running: the link starts the installed app, which reads it at setup.
    wait_until_free();
    let cold = Command::new("gio")
        .args([
            "open",
            &format!("{LINK_SCHEME}:/oauth/callback?code=c&state=cold"),
        ])
        .envs(desktop.env())
        .env("WAKADESK_DATA_DIR", tmp.path().join("cold-data"))
        .env("WAKADESK_FERNET_KEY", FERNET_KEY)
        .env("WAKADESK_REPORT_LINKS", "1")
        .env_remove("BROWSER")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("gio starts");
    let mut cold_app = LinesOf::new(cold, "gio open with no app running");
    cold_app.wait_for_line(
        LINK_LINE,
        "a link opened while the app is closed starts it with the link",
    );
    assert!(
        wakadesk_e2e::single_instance_taken(),
        "the app started by the link holds the single-instance lock"
    );
    let started = installed_app_pid().expect("the app the desktop started is the installed one");
    let _ = Command::new("kill").arg(started.to_string()).status();
    cold_app.stop();
    wait_until_free();

    installed.remove();
    assert!(
        !Path::new(INSTALLED_BINARY).exists() && !Path::new(DESKTOP_ENTRY).exists(),
        "dpkg -r removes the app and its desktop entry"
    );
    let cache = std::fs::read_to_string(MIME_CACHE).unwrap_or_default();
    assert!(
        !cache.contains("wakadesk.desktop"),
        "after removal the desktop no longer routes links to wakadesk:\n{cache}"
    );
}

/// The files the package must put in place, and the desktop's view of them.
/// A school's app in the real system-wide file, `/etc/wakadesk/wakatime.toml`, as a
/// managed machine has it: `wakadesk-cli doctor` (this build's, run without a test
/// path for the file) reads it and says where the app comes from. The file is removed
/// afterwards, and its folder when the test made it.
fn check_system_file(data: &Path) {
    struct Removed(&'static str, bool);
    impl Drop for Removed {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(self.0);
            if self.1 {
                let _ = std::fs::remove_dir("/etc/wakadesk");
            }
        }
    }
    const FILE: &str = "/etc/wakadesk/wakatime.toml";
    assert!(
        !Path::new(FILE).exists(),
        "{FILE} exists on this machine; the test will not replace it"
    );
    let made_folder = !Path::new("/etc/wakadesk").exists();
    std::fs::create_dir_all("/etc/wakadesk").expect("root can make /etc/wakadesk");
    let _removed = Removed(FILE, made_folder);
    std::fs::write(
        FILE,
        "client_id = \"school-app\"\nclient_secret = \"school-secret-42\"\n",
    )
    .expect("root can write the system file");
    // This build's CLI, next to the test binary's folder (target/debug/deps/..).
    let exe = std::env::current_exe().expect("the test binary's path");
    let cli = exe
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join("wakadesk-cli"))
        .expect("the build folder");
    let out = run(Command::new(&cli)
        .arg("doctor")
        .env("WAKADESK_DATA_DIR", data)
        .env("WAKADESK_FERNET_KEY", FERNET_KEY)
        .env_remove("WAKADESK_SYSTEM_CONFIG")
        .env_remove("WAKATIME_CLIENT_ID")
        .env_remove("WAKATIME_CLIENT_SECRET"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("WakaTime app:   school-app (from the system-wide file)")
            && stdout.contains(&format!("system file:    {FILE} (read)"))
            && !stdout.contains("school-secret-42"),
        "doctor reads the system file and never prints its secret:\n{stdout}"
    );
}

fn check_installed_files() {
    let meta = std::fs::metadata(INSTALLED_BINARY).expect("the package installs /usr/bin/wakadesk");
    assert!(meta.is_file(), "{INSTALLED_BINARY} is a file");
    use std::os::unix::fs::PermissionsExt;
    let tray = std::fs::metadata(INSTALLED_TRAY).expect("the package installs the tray program");
    assert!(
        tray.is_file() && tray.permissions().mode() & 0o111 != 0,
        "{INSTALLED_TRAY} is a program beside the window's"
    );
    let entry = std::fs::read_to_string(DESKTOP_ENTRY).expect("the package installs its entry");
    let lines: Vec<&str> = entry.lines().collect();
    assert!(
        lines.contains(&"Exec=wakadesk %u"),
        "the entry passes the link on (%u):\n{entry}"
    );
    assert!(
        lines.contains(&"MimeType=x-scheme-handler/org.wakadesk.desktop;"),
        "the entry declares the link scheme:\n{entry}"
    );
    assert!(
        lines.contains(&"Icon=wakadesk") && lines.contains(&"Name=wakadesk"),
        "the entry has a name and an icon:\n{entry}"
    );
    let valid = run(Command::new("desktop-file-validate").arg(DESKTOP_ENTRY));
    assert!(
        valid.status.success() && valid.stdout.is_empty(),
        "desktop-file-validate accepts the entry: {}",
        String::from_utf8_lossy(&valid.stdout)
    );
    for size in ["32x32", "128x128", "512x512"] {
        let icon = format!("/usr/share/icons/hicolor/{size}/apps/wakadesk.png");
        assert!(Path::new(&icon).is_file(), "the package installs {icon}");
    }
    let cache = std::fs::read_to_string(MIME_CACHE).unwrap_or_default();
    assert!(
        cache.contains("x-scheme-handler/org.wakadesk.desktop=wakadesk.desktop;"),
        "dpkg's desktop-file-utils trigger indexed the scheme (gio reads only this cache):\n{cache}"
    );
}

/// `WAKADESK_DEB`, else the newest package `make test` built from the debug build.
fn package_file() -> PathBuf {
    if let Some(path) = std::env::var_os("WAKADESK_DEB").filter(|v| !v.is_empty()) {
        let path = PathBuf::from(path);
        assert!(
            path.is_absolute() && path.is_file(),
            "WAKADESK_DEB={} is not the absolute path of a file",
            path.display()
        );
        return path;
    }
    let dir = target_dir().join("debug/bundle/deb");
    std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("wakadesk_") && name.ends_with(".deb")
        })
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .unwrap_or_else(|| {
            panic!(
                "no wakadesk_*.deb in {}: run `packaging/bundle.sh --from-debug-build` \
                 (make test does) or set WAKADESK_DEB",
                dir.display()
            )
        })
}

/// The package, installed; removed again when dropped, even after a failure.
struct Installed {
    removed: bool,
}

impl Installed {
    fn install(deb: &Path) -> Self {
        let out = run(dpkg().arg("-i").arg(deb));
        let installed = Installed { removed: false };
        assert!(
            out.status.success(),
            "dpkg -i {} succeeds (its dependencies are installed by packaging/install-deps.sh):\n{}{}",
            deb.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        installed
    }

    fn remove(mut self) {
        self.removed = true;
        let out = run(dpkg().args(["-r", PACKAGE]));
        assert!(
            out.status.success(),
            "dpkg -r {PACKAGE} succeeds: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        if !self.removed {
            let _ = dpkg().args(["-r", PACKAGE]).output();
        }
    }
}

/// The installed app, started by the test with its own data and XDG folders.
fn start_installed_app(dirs: &DesktopDirs, data: &Path) -> LinesOf {
    let child = Command::new(INSTALLED_BINARY)
        .envs(dirs.env())
        .env("WAKADESK_DATA_DIR", data)
        .env("WAKADESK_FERNET_KEY", FERNET_KEY)
        .env("WAKADESK_REPORT_READY", "1")
        .env("WAKADESK_REPORT_LINKS", "1")
        .env_remove("BROWSER")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the installed app starts");
    LinesOf::new(child, "the installed app")
}

/// A process whose standard output is read line by line; killed when dropped.
struct LinesOf {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
    what: &'static str,
}

impl LinesOf {
    fn new(mut child: Child, what: &'static str) -> Self {
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        LinesOf {
            child,
            lines,
            seen: Vec::new(),
            what,
        }
    }

    /// Waits for a line starting with `prefix` that was not seen before.
    fn wait_for_line(&mut self, prefix: &str, why: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let found = line.starts_with(prefix);
                    self.seen.push(line);
                    if found {
                        return;
                    }
                }
                Err(_) => panic!(
                    "{why}: no line starting with {prefix:?} from {} within {WAIT:?}; \
                     it printed {:?}",
                    self.what, self.seen
                ),
            }
        }
    }

    fn stop(mut self) {
        self.kill();
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for LinesOf {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The running process of the installed binary, if there is one.
fn installed_app_pid() -> Option<u32> {
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .find(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).ok()
                == Some(PathBuf::from(INSTALLED_BINARY))
        })
}

/// A new app would hand over to a previous one still holding the lock, and exit.
fn wait_until_free() {
    wakadesk_e2e::wait_until_free(WAIT).unwrap_or_else(|e| panic!("{e}"));
}

fn run(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("running {command:?}: {e}"))
}

/// `dpkg` as root: directly when the test runs as root (CI does), else through `sudo`
/// when it needs no password; otherwise the test cannot install and says why.
fn dpkg() -> Command {
    if run(Command::new("id").arg("-u")).stdout == b"0\n" {
        return Command::new("dpkg");
    }
    let sudo_ok = Command::new("sudo")
        .args(["-n", "true"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        sudo_ok,
        "installing the package needs root: run `make test` as root, or let sudo run \
         without asking for a password (running `sudo -v` just before `make test` does, \
         for a few minutes)"
    );
    let mut command = Command::new("sudo");
    command.args(["-n", "dpkg"]);
    command
}
