//! The client against servers on loopback that record what they were sent.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::*;

/// What one connection to a [`Server`] carried.
#[derive(Debug, Default)]
struct Seen {
    /// Each request's head and body, as text.
    requests: Vec<String>,
    /// How the connection ended: `true` when the client closed it while the server
    /// was still writing.
    cut_off: bool,
}

/// A server on loopback: each connection is handed to `serve`, and what it saw is
/// sent back on the channel when the connection ends.
struct Server {
    url: String,
    seen: mpsc::Receiver<Seen>,
}

impl Server {
    fn start(serve: fn(&mut TcpStream, &mut Seen)) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let (sender, seen) = mpsc::channel();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let (mut stream, sender) = (stream.unwrap(), sender.clone());
                thread::spawn(move || {
                    let mut seen = Seen::default();
                    serve(&mut stream, &mut seen);
                    let _ = sender.send(seen);
                });
            }
        });
        Self { url, seen }
    }

    /// What the next connection to end carried.
    fn next(&self) -> Seen {
        self.seen.recv_timeout(Duration::from_secs(10)).unwrap()
    }
}

/// Reads one request (head, and a body as long as its `Content-Length`); `None`
/// once the client closed the connection.
fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut read = Vec::new();
    let mut byte = [0u8; 1];
    while !read.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        read.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&read).to_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map_or(0, |n| n.trim().parse().unwrap());
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).ok()?;
    read.extend_from_slice(&body);
    Some(String::from_utf8_lossy(&read).into_owned())
}

const OK: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

/// Answers every request on the connection with 200 "ok", keeping it open.
fn answer_ok(stream: &mut TcpStream, seen: &mut Seen) {
    while let Some(request) = read_request(stream) {
        seen.requests.push(request);
        stream.write_all(OK).unwrap();
    }
}

fn get(url: &str) -> Request {
    http::Request::get(url).body(Vec::new()).unwrap()
}

fn unreachable_detail<T: std::fmt::Debug>(answer: Result<T>) -> String {
    match answer {
        Err(Error::WakatimeUnreachable { detail }) => detail,
        other => panic!("expected wakatime_unreachable, got {other:?}"),
    }
}

/// Fails unless less than `seconds` passed since `started`.
fn assert_within(started: Instant, seconds: u64) {
    let took = started.elapsed();
    assert!(took < Duration::from_secs(seconds), "took {took:?}");
}

#[tokio::test]
async fn a_get_names_wakadesk_and_reads_the_answer() {
    let server = Server::start(answer_ok);
    let answer = client().send(get(&server.url)).await.unwrap();
    assert_eq!(answer.status(), http::StatusCode::OK);
    assert_eq!(read_body(answer).unwrap(), b"ok");
    let request = &server.next().requests[0];
    assert!(request.starts_with("GET / HTTP/1.1\r\n"), "{request}");
    let agent = format!("user-agent: {USER_AGENT}\r\n").to_lowercase();
    assert!(request.to_lowercase().contains(&agent), "{request}");
}

#[tokio::test]
async fn a_post_carries_its_headers_and_body_without_waiting_for_a_go_ahead() {
    let server = Server::start(answer_ok);
    let form = "token=abc&client_id=x".repeat(100);
    let request = http::Request::post(&server.url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(form.clone().into_bytes())
        .unwrap();
    let answer = client().send(request).await.unwrap();
    assert_eq!(answer.status(), http::StatusCode::OK);
    let request = server.next().requests.remove(0);
    let lower = request.to_lowercase();
    assert!(request.starts_with("POST / HTTP/1.1\r\n"), "{request}");
    for header in [
        "content-type: application/x-www-form-urlencoded\r\n",
        "accept: application/json\r\n",
    ] {
        assert!(lower.contains(header), "{header:?} in {request}");
    }
    assert!(!lower.contains("expect:"), "{request}");
    assert!(request.ends_with(&form), "the whole body: {request}");
}

#[tokio::test]
async fn a_redirect_is_handed_back_not_followed() {
    let elsewhere = Server::start(answer_ok);
    let server = Server::start(|stream, seen| {
        if let Some(request) = read_request(stream) {
            seen.requests.push(request);
            let moved =
                "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9/\r\nContent-Length: 0\r\n\r\n";
            stream.write_all(moved.as_bytes()).unwrap();
        }
    });
    let answer = client().send(get(&server.url)).await.unwrap();
    assert_eq!(answer.status(), http::StatusCode::FOUND);
    assert_eq!(answer.headers()["location"], "http://127.0.0.1:9/");
    assert!(
        elsewhere.seen.try_recv().is_err(),
        "nothing went anywhere else"
    );
}

#[tokio::test]
async fn requests_in_a_row_reuse_one_connection() {
    let server = Server::start(answer_ok);
    let http = client();
    for _ in 0..3 {
        let answer = http.send(get(&server.url)).await.unwrap();
        assert_eq!(read_body(answer).unwrap(), b"ok");
    }
    drop(http);
    let seen = server.next();
    assert_eq!(seen.requests.len(), 3, "all three on the first connection");
}

#[tokio::test]
async fn a_server_that_never_answers_is_given_up_in_words() {
    let server = Server::start(|stream, _| {
        let _ = read_request(stream);
        thread::sleep(Duration::from_secs(5));
    });
    let started = Instant::now();
    let answer = client_with_timeout(Duration::from_secs(1))
        .send(get(&server.url))
        .await;
    assert_eq!(
        unreachable_detail(answer),
        "the server did not answer in time (127.0.0.1)"
    );
    assert_within(started, 4);
}

#[tokio::test]
async fn a_port_nobody_listens_on_is_could_not_connect() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let answer = client().send(get(&url)).await;
    assert_eq!(unreachable_detail(answer), "could not connect (127.0.0.1)");
}

#[tokio::test]
async fn a_connection_lost_while_reading_is_a_body_that_failed() {
    let server = Server::start(|stream, _| {
        let _ = read_request(stream);
        let head = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly ten b";
        stream.write_all(head).unwrap();
    });
    let answer = client().send(get(&server.url)).await.unwrap();
    assert_eq!(answer.status(), http::StatusCode::OK);
    let detail = unreachable_detail(read_body(answer));
    assert!(detail.ends_with("(127.0.0.1)"), "{detail}");
}

#[tokio::test]
async fn only_http_and_https_addresses_are_sent() {
    for url in [
        "file://localhost/etc/passwd",
        "ftp://127.0.0.1/x",
        "gopher://127.0.0.1/",
    ] {
        let detail = unreachable_detail(client().send(get(url)).await);
        assert!(detail.starts_with("only http and https"), "{url}: {detail}");
    }
}

#[tokio::test]
async fn a_request_nobody_waits_for_any_more_is_ended() {
    let server = Server::start(|stream, seen| {
        let _ = read_request(stream);
        let head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        stream.write_all(head).unwrap();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if stream.write_all(b"1\r\nx\r\n").is_err() {
                seen.cut_off = true;
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
    });
    let http = client();
    let waited = tokio::time::timeout(Duration::from_millis(300), http.send(get(&server.url)));
    assert!(waited.await.is_err(), "still streaming when given up");
    let started = Instant::now();
    assert!(server.next().cut_off, "the client hung up");
    assert_within(started, 5);
}

/// A server on loopback that speaks TLS with a certificate nobody trusts (made here,
/// signed by itself), and records whether a client finished the handshake.
#[cfg(target_os = "linux")]
fn untrusted_tls_server() -> (String, mpsc::Receiver<bool>) {
    use openssl::asn1::Asn1Time;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::PKey;
    use openssl::ssl::{SslAcceptor, SslMethod};
    use openssl::x509::extension::SubjectAlternativeName;
    use openssl::x509::{X509NameBuilder, X509};

    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", "127.0.0.1").unwrap();
    let name = name.build();
    let mut cert = X509::builder().unwrap();
    cert.set_version(2).unwrap();
    cert.set_subject_name(&name).unwrap();
    cert.set_issuer_name(&name).unwrap();
    cert.set_pubkey(&key).unwrap();
    cert.set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    cert.set_not_after(&Asn1Time::days_from_now(1).unwrap())
        .unwrap();
    let san = SubjectAlternativeName::new()
        .ip("127.0.0.1")
        .build(&cert.x509v3_context(None, None))
        .unwrap();
    cert.append_extension(san).unwrap();
    cert.sign(&key, MessageDigest::sha256()).unwrap();
    let mut acceptor = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls_server()).unwrap();
    acceptor.set_private_key(&key).unwrap();
    acceptor.set_certificate(&cert.build()).unwrap();
    let acceptor = acceptor.build();

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}/", listener.local_addr().unwrap());
    let (sender, finished) = mpsc::channel();
    thread::spawn(move || {
        if let Some(Ok(stream)) = listener.incoming().next() {
            let _ = sender.send(acceptor.accept(stream).is_ok());
        }
    });
    (url, finished)
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_certificate_nobody_trusts_is_refused_in_words() {
    let (url, finished) = untrusted_tls_server();
    let answer = client().send(get(&url)).await;
    assert_eq!(
        unreachable_detail(answer),
        "its certificate could not be verified (127.0.0.1)"
    );
    let handshake = finished.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(!handshake, "the client hung up during the handshake");
}
