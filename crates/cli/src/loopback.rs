//! The CLI's end of the OAuth redirect: a one-shot HTTP listener on 127.0.0.1
//! (RFC 8252 §7.3). WakaTime matches redirect URIs exactly, so the port is fixed and
//! must be the one registered; the listener is bound before the browser opens.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;
use wakadesk_core::oauth::LOOPBACK_PATH;

use crate::error::{CliError, CliResult};

const MAX_REQUEST_BYTES: usize = 16 * 1024;

pub struct Loopback {
    listener: TcpListener,
    port: u16,
}

impl Loopback {
    pub async fn bind(port: u16) -> CliResult<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| CliError::Loopback(format!("cannot listen on 127.0.0.1:{port} ({e}); is another connect running? Choose another port with --port and register it")))?;
        let port = listener
            .local_addr()
            .map_err(|e| CliError::Loopback(e.to_string()))?
            .port();
        Ok(Self { listener, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Waits for the browser to arrive at the callback path and returns the full URL.
    /// Other requests (a favicon, a stray visit) get a 404 and the wait goes on.
    pub async fn wait_for_callback(&self, timeout: Duration) -> CliResult<Url> {
        tokio::time::timeout(timeout, self.accept_callback())
            .await
            .map_err(|_| CliError::Timeout(timeout.as_secs()))?
    }

    async fn accept_callback(&self) -> CliResult<Url> {
        loop {
            let (mut stream, _) = self
                .listener
                .accept()
                .await
                .map_err(|e| CliError::Loopback(e.to_string()))?;
            let Ok(Some(target)) = read_request_target(&mut stream).await else {
                let _ = respond(
                    &mut stream,
                    "400 Bad Request",
                    "Not a request wakadesk understands.",
                )
                .await;
                continue;
            };
            let Ok(url) = Url::parse(&format!("http://127.0.0.1:{}{}", self.port, target)) else {
                let _ = respond(&mut stream, "400 Bad Request", "Malformed address.").await;
                continue;
            };
            if url.path() != LOOPBACK_PATH {
                let _ = respond(&mut stream, "404 Not Found", "Nothing here.").await;
                continue;
            }
            let _ = respond(
                &mut stream,
                "200 OK",
                "wakadesk received WakaTime's answer. You can close this tab and return to the terminal.",
            )
            .await;
            return Ok(url);
        }
    }
}

/// The request target of a `GET` request line, if the request is one.
async fn read_request_target(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < MAX_REQUEST_BYTES {
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk))
            .await
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf);
    let mut parts = head.lines().next().unwrap_or_default().split(' ');
    Ok(match (parts.next(), parts.next()) {
        (Some("GET"), Some(target)) if target.starts_with('/') => Some(target.to_owned()),
        _ => None,
    })
}

async fn respond(stream: &mut TcpStream, status: &str, text: &str) -> std::io::Result<()> {
    let body = format!(
        "<!doctype html><meta charset=utf-8><title>wakadesk</title><p style=\"font:16px sans-serif\">{text}</p>"
    );
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}
