//! Answers far larger than any WakaTime answer, from a server on loopback that
//! streams them: each place the core reads a body (an API answer, the API root's
//! discovery, the token exchange, the revocation) stops just past
//! `http::MAX_BODY_BYTES` with `response_too_large`, and one that announces its size
//! is refused before a byte of it is read.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;
use wakadesk_core::clock::SystemClock;
use wakadesk_core::config::{ClientCredentials, Source, WakatimeConfig};
use wakadesk_core::connections::{ConfigSource, Connections};
use wakadesk_core::http::MAX_BODY_BYTES;
use wakadesk_core::oauth::DEEP_LINK_REDIRECT_URI;
use wakadesk_core::secret::Secret;
use wakadesk_core::wakatime::{Api, Auth, Endpoint};
use wakadesk_core::Error;

use crate::support::*;

/// What the server sends: eight times the cap, far more than the kernel's socket
/// buffers hold, so a client that hangs up at the cap keeps most of it from leaving.
const TOTAL: usize = 8 * MAX_BODY_BYTES;

/// How the server answers every request: 200, then a body of [`TOTAL`] bytes.
#[derive(Clone, Copy)]
enum Oversized {
    /// Chunked, so only reading tells how long it is.
    Streamed,
    /// `Content-Length` of [`TOTAL`], then a kilobyte, then nothing for a minute.
    Announced,
}

/// A server on loopback answering every request with an oversized body, counting
/// the requests and the body bytes the kernel took from it.
struct Hostile {
    url: String,
    requests: Arc<AtomicUsize>,
    sent: Arc<AtomicUsize>,
}

const PIECE: usize = 64 * 1024;

impl Hostile {
    async fn start(how: Oversized) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (requests, sent): (Arc<AtomicUsize>, Arc<AtomicUsize>) = Default::default();
        let counters = (Arc::clone(&requests), Arc::clone(&sent));
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                counters.0.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(answer(stream, how, Arc::clone(&counters.1)));
            }
        });
        Self {
            url,
            requests,
            sent,
        }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The body bytes sent, once the client has hung up and the server noticed.
    async fn sent_when_dropped(&self) -> usize {
        let mut last = usize::MAX;
        loop {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let now = self.sent.load(Ordering::SeqCst);
            if now == last {
                return now;
            }
            last = now;
        }
    }

    fn config(&self) -> WakatimeConfig {
        WakatimeConfig::fixed(
            Some(ClientCredentials {
                id: "client".into(),
                secret: Arc::new(Secret::from("client-secret")),
                source: Source::Settings,
            }),
            Url::parse(&self.url).unwrap(),
            Url::parse(&format!("{}/api/v1", self.url)).unwrap(),
        )
    }
}

async fn answer(mut stream: TcpStream, how: Oversized, sent: Arc<AtomicUsize>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let piece = vec![b' '; PIECE];
    match how {
        Oversized::Streamed => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                        Transfer-Encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for _ in 0..TOTAL / PIECE {
                let frame = [format!("{PIECE:x}\r\n").as_bytes(), &piece, b"\r\n"].concat();
                if stream.write_all(&frame).await.is_err() {
                    return;
                }
                sent.fetch_add(PIECE, Ordering::SeqCst);
            }
            let _ = stream.write_all(b"0\r\n\r\n").await;
        }
        Oversized::Announced => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                 Content-Length: {TOTAL}\r\n\r\n"
            );
            if stream.write_all(head.as_bytes()).await.is_ok()
                && stream.write_all(&piece[..1024]).await.is_ok()
            {
                sent.fetch_add(1024, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_secs(60)).await;
            }
        }
    }
}

fn assert_too_large<T: std::fmt::Debug>(what: &str, result: Result<T, Error>) {
    match result {
        Err(e @ Error::ResponseTooLarge { .. }) => {
            let message = e.to_string();
            assert!(
                message.contains("127.0.0.1") && message.contains("larger than 20 MiB"),
                "{what}: {message}"
            );
        }
        other => panic!("{what}: expected response_too_large, got {other:?}"),
    }
}

/// A connection service of `t`'s database and vault whose WakaTime is `hostile`.
/// The accounts' connections with `hostile` as their server, as the same app (client
/// id) their grants were made with at the stand-in.
fn pointed_at(t: &TwoAccounts, hostile: &Hostile) -> Connections {
    let mut config = hostile.config();
    if let Some(client) = config.client.as_mut() {
        client.id = t.fake.client_id().to_owned();
    }
    Connections::new(
        t.db.clone(),
        t.vault.clone(),
        ConfigSource::Fixed(Box::new(config)),
        Arc::new(SystemClock),
    )
    .unwrap()
    .with_request_timeout(Duration::from_secs(10))
    .unwrap()
}

#[tokio::test]
async fn an_endless_summaries_answer_is_dropped_just_past_the_cap() {
    let hostile = Hostile::start(Oversized::Streamed).await;
    let http = wakadesk_core::http::client_with_timeout(Duration::from_secs(10));
    let endpoint = Endpoint {
        api_url: Url::parse(&format!("{}/api/v1", hostile.url)).unwrap(),
        auth: Auth::ApiKey(Secret::from("waka_key")),
    };
    let started = Instant::now();
    let answer = Api::new(&http, endpoint)
        .summaries("2025-11-26", "2026-11-25", "UTC")
        .await;
    let took = started.elapsed();
    assert_too_large("summaries", answer);
    let sent = hostile.sent_when_dropped().await;
    assert!(
        (MAX_BODY_BYTES..TOTAL / 2).contains(&sent),
        "the client hung up just past the cap: {sent} of {TOTAL} bytes left the server"
    );
    assert!(took < Duration::from_secs(8), "stopped at once: {took:?}");
}

#[tokio::test]
async fn an_answer_announcing_more_than_the_cap_is_refused_before_reading_it() {
    let t = two_accounts().await;
    let hostile = Hostile::start(Oversized::Announced).await;
    let started = Instant::now();
    let connected = pointed_at(&t, &hostile)
        .connect_api_key(t.ada, &hostile.url, &Secret::from("waka_key"))
        .await;
    assert_too_large("the API root's discovery", connected);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refused without waiting for the body: {:?}",
        started.elapsed()
    );
    assert_eq!(hostile.requests(), 1, "no second candidate root is tried");
    assert!(t.nothing_stored_for(t.ada), "no key stored");
}

#[tokio::test]
async fn an_endless_token_answer_ends_the_connection_with_nothing_stored() {
    let t = two_accounts().await;
    let hostile = Hostile::start(Oversized::Streamed).await;
    let oauth = pointed_at(&t, &hostile);
    let authorize = oauth.start(t.ada, DEEP_LINK_REDIRECT_URI).unwrap();
    let state = param(&authorize, "state");
    let link = Url::parse(&format!("{DEEP_LINK_REDIRECT_URI}?code=c0de&state={state}")).unwrap();
    assert_too_large("the token exchange", oauth.finish(&link).await);
    assert!(
        hostile.sent_when_dropped().await < TOTAL / 2,
        "the client hung up long before the end"
    );
    assert!(t.nothing_stored_for(t.ada), "no token stored");
}

#[tokio::test]
async fn an_endless_revocation_answer_still_disconnects_and_says_so() {
    let t = two_accounts().await;
    let link = t.approve(t.ada).await;
    t.oauth
        .finish(&link)
        .await
        .expect("connected at the stand-in");
    let hostile = Hostile::start(Oversized::Streamed).await;
    let disconnected = pointed_at(&t, &hostile).disconnect(t.ada).await.unwrap();
    assert!(!disconnected.revoked, "not confirmed");
    let warning = disconnected.warning.unwrap_or_default();
    assert!(warning.contains("larger than 20 MiB"), "{warning}");
    assert!(
        hostile.sent_when_dropped().await < TOTAL / 2,
        "the client hung up long before the end"
    );
    assert!(t.nothing_stored_for(t.ada), "tokens forgotten all the same");
}
