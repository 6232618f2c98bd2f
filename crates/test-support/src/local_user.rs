//! A second person on the computer, for tests of what another local user can and
//! cannot do: a real account added with `useradd` (so needs root, see
//! [`require_root`](crate::require_root)), removed with `userdel` when dropped, even
//! when the test fails.

use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// A local user that exists while this value lives.
#[derive(Debug)]
pub struct LocalUser {
    name: String,
    uid: u32,
    gid: u32,
}

impl LocalUser {
    /// Adds a user with a name no other test uses (no home, no login shell).
    pub fn create() -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "wdk{}x{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        // Tests run in parallel and useradd refuses while another holds the lock.
        let mut tries = 0;
        loop {
            let out = Command::new("useradd")
                .args(["--no-create-home", "--shell", "/usr/sbin/nologin", &name])
                .output()
                .expect("running useradd");
            if out.status.success() {
                break;
            }
            tries += 1;
            assert!(
                tries < 50,
                "useradd {name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let id = |flag: &str| -> u32 {
            let out = Command::new("id").args([flag, &name]).output().unwrap();
            String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("id {flag} {name}"))
        };
        let (uid, gid) = (id("-u"), id("-g"));
        Self { name, uid, gid }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn uid(&self) -> u32 {
        self.uid
    }

    pub fn gid(&self) -> u32 {
        self.gid
    }

    /// `program` to be run as this user (through `setpriv`), with the caller's
    /// environment.
    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new("setpriv");
        command
            .arg(format!("--reuid={}", self.uid))
            .arg(format!("--regid={}", self.gid))
            .args(["--clear-groups", "--", program]);
        command
    }

    /// Gives `path` to this user, as if they had made it.
    pub fn chown(&self, path: &std::path::Path) {
        let owner = format!("{}:{}", self.uid, self.gid);
        let status = Command::new("chown")
            .args(["-h", &owner])
            .arg(path)
            .status()
            .expect("running chown");
        assert!(status.success(), "chown {owner} {}", path.display());
    }
}

impl Drop for LocalUser {
    fn drop(&mut self) {
        for _ in 0..50 {
            let removed = Command::new("userdel")
                .arg(&self.name)
                .output()
                .is_ok_and(|out| out.status.success());
            if removed {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        eprintln!("could not remove the test user {}", self.name);
    }
}
