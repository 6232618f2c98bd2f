//! The vault against the real OS keyring: a Secret Service on the session bus, which
//! `make test` starts (GNOME Keyring, unlocked, in a private D-Bus session).
//! `secret-tool` reads the entry back on its own, which proves the key reached the
//! Secret Service and not an in-memory stand-in.

use std::process::Command;

use wakadesk_core::secret::Secret;
use wakadesk_core::vault::{KeySource, TokenVault, KEYRING_ACCOUNT};

/// A keyring entry private to one test, removed when the test ends.
struct TestEntry {
    service: String,
}

impl TestEntry {
    fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let service = format!(
            "org.wakadesk.desktop.test.{name}.{}.{nanos}",
            std::process::id()
        );
        Self { service }
    }

    fn lookup(&self) -> Option<String> {
        let out = Command::new("secret-tool")
            .args([
                "lookup",
                "service",
                &self.service,
                "username",
                KEYRING_ACCOUNT,
            ])
            .output()
            .expect("secret-tool is installed (make test installs libsecret-tools)");
        out.status
            .success()
            .then(|| String::from_utf8(out.stdout).unwrap())
    }

    fn store(&self, value: &str) {
        let mut child = Command::new("secret-tool")
            .args([
                "store",
                "--label",
                "wakadesk test",
                "service",
                &self.service,
            ])
            .args([
                "username",
                KEYRING_ACCOUNT,
                "target",
                "default",
                "application",
                "rust-keyring",
            ])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(value.as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success(), "secret-tool store failed");
    }
}

impl Drop for TestEntry {
    fn drop(&mut self) {
        let _ = Command::new("secret-tool")
            .args([
                "clear",
                "service",
                &self.service,
                "username",
                KEYRING_ACCOUNT,
            ])
            .status();
    }
}

#[test]
fn the_first_open_creates_a_key_in_the_secret_service_and_later_opens_reuse_it() {
    let entry = TestEntry::new("create");
    assert_eq!(entry.lookup(), None, "fresh service name has no entry");

    let first = TokenVault::open(&KeySource::keyring(&entry.service)).unwrap_or_else(|e| {
        panic!("opening the vault on the session's Secret Service failed: {e}")
    });
    let stored = entry.lookup().expect("the key is in the Secret Service");
    assert_eq!(
        stored.trim().len(),
        44,
        "a Fernet key is 44 base64 characters"
    );

    let sealed = first.encrypt(&Secret::from("waka_tok_keyring"));
    let second = TokenVault::open(&KeySource::keyring(&entry.service)).unwrap();
    assert_eq!(
        second.decrypt(&sealed).unwrap().expose(),
        "waka_tok_keyring",
        "a second open uses the same key"
    );
    let from_lookup = TokenVault::from_key(&Secret::new(stored)).unwrap();
    assert_eq!(
        from_lookup.decrypt(&sealed).unwrap().expose(),
        "waka_tok_keyring",
        "the stored key is the one in use"
    );
}

#[test]
fn a_garbage_key_in_the_keyring_is_reported_not_replaced() {
    let entry = TestEntry::new("garbage");
    entry.store("this is not a fernet key");
    let err = TokenVault::open(&KeySource::keyring(&entry.service)).unwrap_err();
    assert_eq!(err.code(), "keyring_key_invalid", "got {err}");
    assert!(
        err.to_string().contains(&entry.service),
        "names the entry: {err}"
    );
    assert_eq!(
        entry.lookup().as_deref(),
        Some("this is not a fernet key"),
        "the existing entry is left alone"
    );
}
