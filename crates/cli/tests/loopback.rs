//! The CLI's loopback listener against what else can reach 127.0.0.1: any web page
//! (an `<img>` pointing at the callback, with no state or a wrong one), a client that
//! sends a byte now and then to hold the listener, and another local user who read the
//! authorize address (state included) from the browser's command line and races the
//! redirect. Only this flow's state, from this user, ends the wait; the browser is told
//! "connected" only once the exchange succeeded, and what to do when it failed.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::process::Child;
use std::thread;
use std::time::{Duration, Instant};

use test_support::{authorize_address, browser_hop, loopback_connect_args, text, Hop, LocalUser};
use wakadesk_core::oauth::loopback_redirect_uri;

mod oauth_lab;
use oauth_lab::*;

impl Setup {
    /// Starts `connect --no-browser` and returns it with the address it printed.
    fn start_connect(&self) -> (Child, String) {
        let port = self.port.to_string();
        let (child, lines) = self
            .cli
            .spawn_reading(&loopback_connect_args(ADA, &port), PASSWORD);
        let url = authorize_address(&lines, &mut String::new());
        (child, url.expect("connect prints the address to open"))
    }

    /// Plays the browser at WakaTime, which approves at once: the redirect back to the
    /// CLI, with a code of its own and the flow's state.
    fn approve(&self, authorize: &str) -> String {
        let hop = browser_get(authorize);
        assert_eq!(hop.status, 302, "the stand-in approves at once");
        hop.location.expect("a redirect back")
    }

    fn callback(&self) -> String {
        loopback_redirect_uri(self.port)
    }

    fn connected(&self) -> bool {
        let out = self.cli.run(&["users", "--json"], "");
        let users: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        users[0]["wakatime_connected"] == true
    }

    fn token_requests(&self) -> usize {
        self.fake.requests_to("/oauth/token").len()
    }
}

fn browser_get(url: &str) -> Hop {
    browser_hop(url).unwrap_or_else(|| panic!("no answer within 10 s from {url}"))
}

impl Setup {
    /// `connect` ends well and the account is connected.
    fn assert_connects(&self, child: Child) {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "connect failed: {}",
            text(&out.stderr)
        );
        assert!(self.connected(), "the account is connected");
    }
}

/// Connects to the listener and sends a request a byte a second; returns how long the
/// listener kept it, or None if it still had it after `give_up`.
fn trickle(port: u16, give_up: Duration) -> Option<Duration> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    let started = Instant::now();
    let _ = stream.write_all(b"GET /oauth/callback?state=");
    while started.elapsed() < give_up {
        if stream.write_all(b"a").is_err() {
            return Some(started.elapsed());
        }
        match stream.read(&mut [0u8; 256]) {
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            // Closed, reset or answered: the listener is done with it.
            _ => return Some(started.elapsed()),
        }
    }
    None
}

#[test]
fn requests_without_this_flows_state_are_answered_and_the_wait_goes_on() {
    let s = setup();
    let (child, authorize) = s.start_connect();
    let back = s.approve(&authorize);
    let callback = s.callback();
    for stray in [
        callback.clone(),
        format!("{callback}?code=from-a-web-page"),
        format!("{callback}?state=forged&code=from-a-web-page"),
        format!("{callback}?error=access_denied&state=forged"),
    ] {
        let page = browser_get(&stray);
        assert_eq!(page.status, 400, "{stray}: {}", page.body);
        assert!(
            page.body.contains("not the answer"),
            "{stray}: {}",
            page.body
        );
    }
    assert_eq!(s.token_requests(), 0, "no stray request reached WakaTime");

    let page = browser_get(&back);
    assert_eq!(page.status, 200, "{}", page.body);
    s.assert_connects(child);
}

#[test]
fn a_client_trickling_bytes_does_not_hold_up_the_browsers_answer() {
    let s = setup();
    let (child, authorize) = s.start_connect();
    let back = s.approve(&authorize);
    let port = s.port;
    let trickler = thread::spawn(move || trickle(port, Duration::from_secs(30)));
    // Let the trickler be the listener's first connection.
    thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let page = browser_hop(&back).expect("the browser is answered while another client trickles");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "answered after {:?}",
        started.elapsed()
    );
    s.assert_connects(child);
    let _ = trickler.join();
}

#[test]
fn a_client_trickling_bytes_is_cut_off_after_a_few_seconds_and_the_wait_goes_on() {
    let s = setup();
    let (child, authorize) = s.start_connect();
    let back = s.approve(&authorize);
    let kept = trickle(s.port, Duration::from_secs(30));
    assert!(
        kept.is_some_and(|kept| kept < Duration::from_secs(8)),
        "the listener kept a trickling client for {kept:?}"
    );
    assert_eq!(browser_get(&back).status, 200);
    s.assert_connects(child);
}

#[test]
fn the_browser_is_told_connected_only_once_the_exchange_succeeded() {
    let s = setup();
    let (child, authorize) = s.start_connect();
    let back = s.approve(&authorize);
    let page = browser_get(&back);
    let (exchanged, connected) = (s.token_requests(), s.connected());
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("Connected to WakaTime as ada"),
        "{}",
        page.body
    );
    assert_eq!(
        exchanged, 1,
        "the code was exchanged before the page was sent"
    );
    assert!(
        connected,
        "the account was connected before the page was sent"
    );
    s.assert_connects(child);
}

#[test]
fn a_failed_exchange_shows_the_browser_an_error_page_with_what_to_do() {
    let s = setup();
    s.fake.update_switches(|s| s.fail_token_endpoint = true);
    let (child, authorize) = s.start_connect();
    let back = s.approve(&authorize);
    let page = browser_get(&back);
    assert_eq!(page.status, 502, "{}", page.body);
    assert!(
        page.body.contains("not connected") && page.body.contains("wakadesk-cli connect"),
        "says what happened and what to do: {}",
        page.body
    );
    assert!(
        !page.body.contains("close this tab"),
        "no success words: {}",
        page.body
    );
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(!s.connected());
}

test_support::test_that_needs! {
    "needs root to add a second local user; runs under CI=true or with --ignored",
    fn an_answer_sent_by_another_local_user_is_ignored_and_ours_is_served() {
        test_support::require_root("adding a second local user");
        let other = LocalUser::create();
        let s = setup();
        let (child, authorize) = s.start_connect();
        // They read the authorize address from the browser's command line, approved it
        // with their own account and send the redirect first.
        let theirs = s.approve(&authorize);
        let ours = s.approve(&authorize);
        let out = other
            .command("curl")
            .args(["-q", "-s", "-S", "--noproxy", "*", "--max-time", "10", &theirs])
            .output()
            .expect("running curl as the other user");
        assert_ne!(
            out.status.code(),
            Some(0),
            "their request got an answer: {}",
            text(&out.stdout)
        );
        assert!(
            out.stdout.is_empty(),
            "the connection was closed unanswered: {} {}",
            text(&out.stdout),
            text(&out.stderr)
        );
        assert_eq!(s.token_requests(), 0, "their code was never exchanged");

        let page = browser_get(&ours);
        assert_eq!(page.status, 200, "{}", page.body);
        s.assert_connects(child);
        assert_eq!(s.token_requests(), 1, "only our code was exchanged");
    }
}
