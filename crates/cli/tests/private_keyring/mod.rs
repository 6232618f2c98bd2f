//! A Secret Service of the test's own: a private D-Bus session bus and a
//! gnome-keyring-daemon on it, with a fresh login keyring in a temporary
//! `XDG_DATA_HOME`, unlocked with a password sent on standard input.
//!
//! Nothing here touches the keyring of the surrounding test session, which other tests
//! use at the same time: the bus has its own socket, and the daemon gets its own
//! runtime directory and no `GNOME_KEYRING_CONTROL`, so it cannot take over (or be
//! taken over by) the session's daemon. The bus can start the keyring's unlock prompt
//! (gcr-prompter) on the test's display, as a desktop bus would, but never a keyring
//! daemon: when the test kills its daemon, the keyring is gone, not replaced.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The login keyring's password.
pub const KEYRING_PASSWORD: &str = "keyring-lost-unlock-7391";

const SECRETS: &str = "org.freedesktop.secrets";
const LOGIN: &str = "/org/freedesktop/secrets/collection/login";
/// Bus names of the unlock prompt (gcr-prompter).
pub const PROMPTERS: [&str; 2] = [
    "org.gnome.keyring.SystemPrompter",
    "org.gnome.keyring.PrivatePrompter",
];
const GCR_PROMPTER: &str = "/usr/libexec/gcr-prompter";

/// Fails with the Debian package to install when `tool` is not on the PATH.
pub fn require(tool: &str, package: &str) {
    let found = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "{tool} is not installed: install the Debian package {package} \
         (scripts/install-deps.sh test installs it)"
    );
}

pub struct PrivateKeyring {
    dir: tempfile::TempDir,
    address: String,
    bus: Child,
    daemon: Option<Child>,
}

impl PrivateKeyring {
    /// Starts the bus and an unlocked keyring daemon on it.
    pub fn start() -> Self {
        require("dbus-daemon", "dbus-daemon");
        require("dbus-send", "dbus-bin");
        require("gnome-keyring-daemon", "gnome-keyring");
        require("secret-tool", "libsecret-tools");
        assert!(
            Path::new(GCR_PROMPTER).is_file(),
            "{GCR_PROMPTER} is not installed: install the Debian package gcr"
        );

        let dir = tempfile::tempdir().unwrap();
        for sub in ["data", "runtime", "services", "config", "cache"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        // Only the unlock prompt can be started by the bus; no keyring daemon can.
        for name in PROMPTERS {
            std::fs::write(
                dir.path().join("services").join(format!("{name}.service")),
                format!("[D-BUS Service]\nName={name}\nExec={GCR_PROMPTER}\n"),
            )
            .unwrap();
        }
        let socket = dir.path().join("bus");
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                socket.display(),
                dir.path().join("services").display()
            ),
        )
        .unwrap();
        // What the bus starts (the prompt) inherits this environment: the test's display,
        // and configuration and cache folders of its own instead of the user's.
        let mut bus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("XDG_RUNTIME_DIR", dir.path().join("runtime"))
            .env("GSETTINGS_BACKEND", "memory")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon starts");
        let mut first_line = String::new();
        let mut out = std::io::BufReader::new(bus.stdout.take().unwrap());
        std::io::BufRead::read_line(&mut out, &mut first_line).unwrap();
        let address = first_line.trim().to_owned();
        assert!(
            address.starts_with("unix:"),
            "dbus-daemon printed no address: {first_line:?}"
        );
        let mut keyring = Self {
            dir,
            address,
            bus,
            daemon: None,
        };
        keyring.start_daemon();
        keyring
    }

    /// `DBUS_SESSION_BUS_ADDRESS` of the private bus.
    pub fn bus_address(&self) -> &str {
        &self.address
    }

    /// Where the keyring files live (`XDG_DATA_HOME/keyrings`).
    pub fn keyrings_dir(&self) -> PathBuf {
        self.dir.path().join("data").join("keyrings")
    }

    /// Starts gnome-keyring-daemon on the keyring files of this keyring (created on the
    /// first start), unlocked with [`KEYRING_PASSWORD`], and waits until it owns its bus
    /// name: a client that asks sooner finds no keyring.
    pub fn start_daemon(&mut self) {
        assert!(self.daemon.is_none(), "the keyring daemon already runs");
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_RUNTIME_DIR", self.dir.path().join("runtime"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_CACHE_HOME", self.dir.path().join("cache"))
            .env("GSETTINGS_BACKEND", "memory")
            // Inherited, it would point --unlock at the session's daemon.
            .env_remove("GNOME_KEYRING_CONTROL")
            .env_remove("SSH_AUTH_SOCK")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon starts");
        // The password ends at end of input.
        daemon
            .stdin
            .take()
            .unwrap()
            .write_all(KEYRING_PASSWORD.as_bytes())
            .unwrap();
        let pid = daemon.id();
        self.daemon = Some(daemon);
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.name_has_owner(SECRETS) {
            if let Some(status) = self.daemon.as_mut().unwrap().try_wait().unwrap() {
                panic!("gnome-keyring-daemon ended before it claimed {SECRETS}: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "gnome-keyring-daemon did not claim {SECRETS} on the private bus within 10 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(
            self.owner_pid(SECRETS),
            Some(pid),
            "{SECRETS} on the private bus belongs to the daemon this test started"
        );
        assert!(!self.is_locked(), "the login keyring starts unlocked");
    }

    /// Kills the daemon with SIGKILL (a crash, or a session that ended) and waits until
    /// the bus has forgotten its name.
    pub fn kill_daemon(&mut self) {
        let mut daemon = self.daemon.take().expect("the keyring daemon runs");
        daemon.kill().unwrap();
        daemon.wait().unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.name_has_owner(SECRETS) {
            assert!(
                Instant::now() < deadline,
                "{SECRETS} still has an owner after the daemon was killed"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Locks every collection, as a screen lock or `Lock` from a keyring manager does.
    pub fn lock_all(&self) {
        let collections = self.dbus_send(&[
            &format!("--dest={SECRETS}"),
            "/org/freedesktop/secrets",
            "org.freedesktop.DBus.Properties.Get",
            "string:org.freedesktop.Secret.Service",
            "string:Collections",
        ]);
        let paths: Vec<&str> = collections
            .lines()
            .filter_map(|l| l.trim().strip_prefix("object path \""))
            .map(|l| l.trim_end_matches('"'))
            .collect();
        assert!(paths.contains(&LOGIN), "no login collection: {collections}");
        let reply = self.dbus_send(&[
            &format!("--dest={SECRETS}"),
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            &format!("array:objpath:{}", paths.join(",")),
        ]);
        assert!(
            reply.contains(&format!("object path \"{LOGIN}\"")),
            "Lock did not lock the login collection: {reply}"
        );
        assert!(self.is_locked(), "the login keyring is locked");
    }

    /// Whether the login collection is locked.
    pub fn is_locked(&self) -> bool {
        let reply = self.dbus_send(&[
            &format!("--dest={SECRETS}"),
            LOGIN,
            "org.freedesktop.DBus.Properties.Get",
            "string:org.freedesktop.Secret.Collection",
            "string:Locked",
        ]);
        reply.contains("boolean true")
    }

    pub fn name_has_owner(&self, name: &str) -> bool {
        self.dbus_send(&[
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            &format!("string:{name}"),
        ])
        .contains("boolean true")
    }

    /// Whether an unlock prompt is on the bus.
    pub fn prompt_is_showing(&self) -> bool {
        PROMPTERS.iter().any(|name| self.name_has_owner(name))
    }

    fn owner_pid(&self, name: &str) -> Option<u32> {
        let reply = self.dbus_send(&[
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.GetConnectionUnixProcessID",
            &format!("string:{name}"),
        ]);
        reply
            .split_whitespace()
            .skip_while(|w| *w != "uint32")
            .nth(1)
            .and_then(|pid| pid.parse().ok())
    }

    /// One method call on the private bus; its printed reply.
    fn dbus_send(&self, args: &[&str]) -> String {
        let out = Command::new("dbus-send")
            .args(["--session", "--print-reply", "--reply-timeout=5000"])
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .expect("dbus-send runs");
        assert!(
            out.status.success(),
            "dbus-send {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// `secret-tool` with `args` on the private bus, killed after `limit`. None when it
    /// was still running then.
    pub fn secret_tool(&self, args: &[&str], limit: Duration) -> Option<Output> {
        let child = Command::new("secret-tool")
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("secret-tool runs");
        finish_within(child, limit).ok()
    }

    /// The secret stored under `service`/`username`, read by `secret-tool`.
    pub fn lookup(&self, service: &str, username: &str) -> Option<String> {
        let out = self
            .secret_tool(
                &["lookup", "service", service, "username", username],
                Duration::from_secs(10),
            )
            .expect("secret-tool lookup answers on an unlocked keyring");
        out.status
            .success()
            .then(|| String::from_utf8(out.stdout).unwrap())
    }
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        if let Some(mut daemon) = self.daemon.take() {
            let _ = daemon.kill();
            let _ = daemon.wait();
        }
        // Whatever the bus started (a prompt) loses its bus with it and ends.
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

/// Waits for `child` at most `limit`, reading its output meanwhile. `Err` with what it
/// printed so far when it had to be killed at the deadline.
pub fn finish_within(mut child: Child, limit: Duration) -> Result<Output, Output> {
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    }
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = Instant::now() + limit;
    let (status, finished) = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break (status, true);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            break (child.wait().unwrap(), false);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let output = Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    if finished {
        Ok(output)
    } else {
        Err(output)
    }
}
