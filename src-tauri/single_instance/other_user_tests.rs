//! Another person on the computer against the single-instance folder and socket: with
//! `XDG_RUNTIME_DIR` pointing at a shared folder they can make the folder first, hold
//! the lock and listen, to receive the links (code and state) and keep the window from
//! opening; they can send links to a socket they can reach; and a folder or lock file
//! can be a symbolic link. The other person is a real second user (`LocalUser`, needs
//! root) running this test binary again in a role (`WAKADESK_TEST_ROLE`).

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::process::{Child, ChildStdout, Stdio};
use std::sync::mpsc;

use test_support::{require_root, LocalUser};

use super::*;

const LINK: &str = "org.wakadesk.desktop:/oauth/callback?code=c&state=s";
const ROLE: &str = "WAKADESK_TEST_ROLE";
const ROLE_PATH: &str = "WAKADESK_TEST_ROLE_PATH";

/// What the other user's copy of this test does, named by [`ROLE`]:
/// `claim` (the folder at [`ROLE_PATH`], as a window would, printing each link it
/// gets), `listen` (a bare socket at [`ROLE_PATH`], the same), `send` (one link to the
/// socket at [`ROLE_PATH`]). Returns false when this process has no role.
fn act_in_role() -> bool {
    let (Some(role), Some(path)) = (std::env::var_os(ROLE), std::env::var_os(ROLE_PATH)) else {
        return false;
    };
    let path = PathBuf::from(path);
    let print_links = |hand_over: HandOver| {
        for url in hand_over.links {
            println!("got {url}");
        }
    };
    match role.to_str() {
        Some("claim") => match claim_in(&path, &[]) {
            Ok(Instance::First(first)) => first.listen(print_links),
            _ => panic!("the other user could not claim {}", path.display()),
        },
        Some("listen") => {
            let listener = UnixListener::bind(&path).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o777)).unwrap();
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    print_links(links(stream, Instant::now() + HAND_OVER_DEADLINE));
                }
            });
        }
        Some("send") => {
            // The window may close the connection before all is written: what counts
            // is what it received.
            if let Ok(stream) = UnixStream::connect(&path) {
                let _ = send(stream, &[LINK.to_owned()]);
            }
            return true;
        }
        _ => panic!("unknown role"),
    }
    println!("listening");
    // Until the test closes our standard input.
    let _ = std::io::stdin().lines().count();
    true
}

/// This test, run again as `user` in `role` on `path`.
struct OtherUsersProcess {
    child: Child,
    stdout: BufReader<ChildStdout>,
}

impl OtherUsersProcess {
    fn start(user: &LocalUser, test: &str, role: &str, path: &Path) -> Self {
        let test = format!("single_instance::other_user_tests::{test}");
        let mut child = user
            .command(std::env::current_exe().unwrap().to_str().unwrap())
            .args(["--exact", &test, "--nocapture", "--test-threads=1"])
            .env(ROLE, role)
            .env(ROLE_PATH, path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Self { child, stdout }
    }

    /// Waits until it listens.
    fn listening(mut self) -> Self {
        let mut line = String::new();
        while self.stdout.read_line(&mut line).unwrap_or(0) > 0 {
            // The test harness may have begun the line with the test's name.
            if line.trim_end().ends_with("listening") {
                return self;
            }
            line.clear();
        }
        panic!("the other user's process ended before it listened");
    }

    /// Ends it; the links it got.
    fn links_received(mut self) -> Vec<String> {
        drop(self.child.stdin.take());
        let status = self.child.wait().unwrap();
        let got: Vec<String> = self
            .stdout
            .lines()
            .map_while(Result::ok)
            .filter_map(|line| line.strip_prefix("got ").map(str::to_owned))
            .collect();
        assert!(status.success(), "the other user's process failed");
        got
    }
}

/// A folder anyone may make things in, like /tmp.
fn shared_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
    dir
}

fn listening(first: FirstInstance) -> mpsc::Receiver<Vec<String>> {
    let (sent, received) = mpsc::channel();
    let sent = std::sync::Mutex::new(sent);
    first.listen(move |hand_over| {
        let _ = sent.lock().unwrap().send(
            hand_over
                .links
                .iter()
                .map(|u| u.as_str().to_owned())
                .collect(),
        );
    });
    received
}

test_support::test_that_needs! {
    "needs root to add a second local user; runs under CI=true or with --ignored",
    fn a_folder_another_user_made_in_a_shared_runtime_folder_is_passed_over_for_a_private_one() {
        if act_in_role() {
            return;
        }
        require_root("adding a second local user");
        let other = LocalUser::create();
        let shared = shared_folder();
        let theirs = shared.path().join(APP_IDENTIFIER);
        let name = "a_folder_another_user_made_in_a_shared_runtime_folder_is_passed_over_for_a_private_one";
        let them = OtherUsersProcess::start(&other, name, "claim", &theirs).listening();

        let data = tempfile::tempdir().unwrap();
        let folders = [theirs.clone(), data.path().join(FALLBACK_FOLDER)];
        let first = match claim_in_first_usable(&folders, &[]) {
            Ok(Instance::First(first)) => first,
            Ok(Instance::HandedOver) => panic!("the window handed over to the other user"),
            Err(e) => panic!("no window: {e}"),
        };
        let links = listening(first);
        match claim_in_first_usable(&folders, &[LINK.to_owned()]) {
            Ok(Instance::HandedOver) => {}
            _ => panic!("the link was not handed over"),
        }
        assert_eq!(
            links.recv_timeout(Duration::from_secs(5)).ok(),
            Some(vec![LINK.to_owned()]),
            "our window got the link"
        );
        assert!(them.links_received().is_empty(), "the other user got nothing");
    }
}

test_support::test_that_needs! {
    "needs root to add a second local user; runs under CI=true or with --ignored",
    fn a_hand_over_from_another_user_is_ignored() {
        if act_in_role() {
            return;
        }
        require_root("adding a second local user");
        let other = LocalUser::create();
        let dir = private_tempdir();
        let first = match claim_in(dir.path(), &[]) {
            Ok(Instance::First(first)) => first,
            _ => panic!("a fresh folder is ours"),
        };
        let links = listening(first);
        // Reachable by them, as a socket in a shared folder would be.
        let socket = dir.path().join(SOCKET_FILE);
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
        std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o777)).unwrap();
        let them = OtherUsersProcess::start(&other, "a_hand_over_from_another_user_is_ignored", "send", &socket);
        assert!(them.links_received().is_empty());
        assert!(
            links.recv_timeout(HAND_OVER_DEADLINE * 2).is_err(),
            "the other user's link reached the window"
        );
        send(UnixStream::connect(&socket).unwrap(), &[LINK.to_owned()]).unwrap();
        assert_eq!(
            links.recv_timeout(Duration::from_secs(5)).ok(),
            Some(vec![LINK.to_owned()]),
            "our own link still arrives"
        );
    }
}

test_support::test_that_needs! {
    "needs root to add a second local user; runs under CI=true or with --ignored",
    fn a_link_is_never_handed_to_a_socket_another_user_listens_on() {
        if act_in_role() {
            return;
        }
        require_root("adding a second local user");
        let other = LocalUser::create();
        let ours = private_tempdir();
        // The lock is taken, and the socket beside it is the other user's: moved in
        // (here by root), the way a swapped path would put it there.
        let lock = File::create(ours.path().join(LOCK_FILE)).unwrap();
        lock.lock().unwrap();
        let shared = shared_folder();
        let theirs = shared.path().join("their.sock");
        let name = "a_link_is_never_handed_to_a_socket_another_user_listens_on";
        let them = OtherUsersProcess::start(&other, name, "listen", &theirs).listening();
        std::fs::rename(&theirs, ours.path().join(SOCKET_FILE)).unwrap();

        let data = tempfile::tempdir().unwrap();
        let folders = [ours.path().to_path_buf(), data.path().join(FALLBACK_FOLDER)];
        match claim_in_first_usable(&folders, &[LINK.to_owned()]) {
            Ok(Instance::First(_)) => {}
            Ok(Instance::HandedOver) => panic!("the link was handed to the other user"),
            Err(e) => panic!("no window: {e}"),
        }
        assert!(them.links_received().is_empty(), "the other user got nothing");
    }
}

#[test]
fn a_folder_that_is_a_symlink_or_open_to_others_is_refused() {
    let base = tempfile::tempdir().unwrap();
    let real = base.path().join("real");
    std::fs::create_dir(&real).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o700)).unwrap();
    let link = base.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let open = base.path().join("open");
    std::fs::create_dir(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).unwrap();
    for dir in [&link, &open] {
        match claim_in(dir, &[]) {
            Err(ShellError::NotPrivate { path, .. }) => assert_eq!(&path, dir),
            Err(e) => panic!("{}: another error: {e}", dir.display()),
            Ok(_) => panic!("{} was used", dir.display()),
        }
    }
    assert!(
        std::fs::read_dir(&real).unwrap().next().is_none(),
        "nothing was made through the symlink"
    );
}

#[test]
fn a_lock_file_that_is_a_symlink_is_not_followed() {
    let dir = private_tempdir();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("made-through-the-link");
    std::os::unix::fs::symlink(&target, dir.path().join(LOCK_FILE)).unwrap();
    match claim_in(dir.path(), &[]) {
        Err(ShellError::File { action, .. }) => assert_eq!(action, "opening"),
        Err(e) => panic!("refused for another reason: {e}"),
        Ok(_) => panic!("a symlinked lock file was used"),
    }
    assert!(!target.exists(), "nothing was created through the symlink");
}
