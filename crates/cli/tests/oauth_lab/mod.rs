//! What the CLI's OAuth tests start from: a stand-in that approves at once and accepts
//! the loopback redirect on a free port (and the window's deep link), and a data
//! directory of the test's with one account signed up.

use fake_wakatime::{FakeWakatime, Options};
use test_support::{free_port, Cli};
use wakadesk_core::oauth::{loopback_redirect_uri, DEEP_LINK_REDIRECT_URI};

pub const PASSWORD: &str = "analytical-engine\n";
pub const ADA: &str = "ada@example.com";

pub struct Setup {
    /// The data directory (some tests read its files).
    #[allow(dead_code)]
    pub dir: tempfile::TempDir,
    pub fake: FakeWakatime,
    pub port: u16,
    pub cli: Cli,
}

pub fn setup() -> Setup {
    let port = free_port();
    let options = Options::default()
        .with_switches(|s| s.auto_approve = true)
        .with_redirect_uris([
            loopback_redirect_uri(port),
            DEEP_LINK_REDIRECT_URI.to_owned(),
        ]);
    setup_with(options, port)
}

/// A stand-in with `options` and a signed-up account; `port` is the loopback port.
pub fn setup_with(options: Options, port: u16) -> Setup {
    let fake = FakeWakatime::start_blocking(options).expect("stand-in starts");
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(env!("CARGO_BIN_EXE_wakadesk-cli"), dir.path()).stand_in(&fake);
    cli.sign_up(ADA, PASSWORD);
    Setup {
        dir,
        fake,
        port,
        cli,
    }
}
