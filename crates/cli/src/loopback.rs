//! The CLI's end of the OAuth redirect: an HTTP listener on 127.0.0.1 (RFC 8252 §7.3).
//! WakaTime matches redirect URIs exactly, so the port is fixed and must be the one
//! registered; the listener is bound before the browser opens.
//!
//! Anything on the computer can reach 127.0.0.1, so the listener waits for the one
//! request that carries this flow's state, and only from this user
//! ([`peer_user`](crate::peer_user)): a web page's `<img>` with no state or another
//! one is told so and the wait goes on, and another user's connection is closed
//! unanswered. Connections are served side by side, each within [`CONNECTION_DEADLINE`],
//! so a client sending a byte now and then holds up nobody. The browser's answer is
//! kept open until the request is finished: it is told "connected" only once the
//! exchange succeeded, and otherwise what went wrong and what to do.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::Instant;
use url::Url;
use wakadesk_core::oauth::callback::Callback;
use wakadesk_core::oauth::{pkce, LOOPBACK_PATH};

use crate::error::{CliError, CliResult};
use crate::peer_user;

const MAX_REQUEST_BYTES: usize = 16 * 1024;
/// How long one connection may take to send its request (and to take a refusal).
const CONNECTION_DEADLINE: Duration = Duration::from_secs(5);
/// How long the browser is given to take the final page.
const REPLY_DEADLINE: Duration = Duration::from_secs(5);

pub struct Loopback {
    listener: TcpListener,
    port: u16,
}

/// The browser's request that carries this flow's state, its connection still open.
pub struct Answer {
    url: Url,
    browser: TcpStream,
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

    /// Waits for the browser to arrive at the callback path with `state`, the state
    /// of the request this flow started. Other requests are answered and the wait
    /// goes on.
    pub async fn wait_for_callback(&self, state: &str, timeout: Duration) -> CliResult<Answer> {
        tokio::time::timeout(timeout, self.accept_answer(state))
            .await
            .map_err(|_| CliError::Timeout(timeout.as_secs()))?
    }

    async fn accept_answer(&self, state: &str) -> CliResult<Answer> {
        let expected: Arc<str> = pkce::state_hash(state).into();
        let (found, mut answers) = mpsc::channel(1);
        // Dropped on return, which ends every connection still being served.
        let mut connections = JoinSet::new();
        loop {
            tokio::select! {
                Some(answer) = answers.recv() => return Ok(answer),
                accepted = self.listener.accept() => {
                    let (stream, _) = accepted.map_err(|e| CliError::Loopback(e.to_string()))?;
                    if !peer_user::is_same_user(&stream) {
                        log::debug!("closed a connection from another local user");
                        continue;
                    }
                    let request = Request {
                        port: self.port,
                        expected_state_hash: expected.clone(),
                        found: found.clone(),
                    };
                    connections.spawn(request.serve(stream));
                }
                // Keeps the set from growing with connections that are done.
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
    }
}

/// What serving one connection needs to know.
struct Request {
    port: u16,
    expected_state_hash: Arc<str>,
    found: mpsc::Sender<Answer>,
}

impl Request {
    async fn serve(self, mut stream: TcpStream) {
        let deadline = Instant::now() + CONNECTION_DEADLINE;
        let target = match tokio::time::timeout_at(deadline, read_request_target(&mut stream)).await
        {
            Ok(Ok(Some(target))) => target,
            Ok(_) => {
                let page = Page::refusal("400 Bad Request", "Not a request wakadesk understands.");
                return page.send_by(&mut stream, deadline).await;
            }
            // Too slow: closed without a word.
            Err(_) => return,
        };
        let Ok(url) = Url::parse(&format!("http://127.0.0.1:{}{}", self.port, target)) else {
            let page = Page::refusal("400 Bad Request", "Malformed address.");
            return page.send_by(&mut stream, deadline).await;
        };
        if url.path() != LOOPBACK_PATH {
            let page = Page::refusal("404 Not Found", "Nothing here.");
            return page.send_by(&mut stream, deadline).await;
        }
        if !self.is_this_flows(&url) {
            return Page::not_this_flow().send_by(&mut stream, deadline).await;
        }
        if let Err(e) = self.found.try_send(Answer {
            url,
            browser: stream,
        }) {
            let mut stream = e.into_inner().browser;
            let page = Page::refusal("409 Conflict", "wakadesk already has WakaTime's answer.");
            page.send_by(&mut stream, deadline).await;
        }
    }

    /// Whether `url` is a well-formed answer carrying this flow's state.
    fn is_this_flows(&self, url: &Url) -> bool {
        Callback::try_from(url)
            .is_ok_and(|callback| pkce::state_hash(&callback.state) == *self.expected_state_hash)
    }
}

impl Answer {
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Tells the browser how the request ended: connected as `username`, or not, with
    /// the reason and what to do.
    pub async fn reply(mut self, outcome: Result<&str, &CliError>) {
        let page = match outcome {
            Ok(username) => Page {
                status: "200 OK",
                text: format!(
                    "Connected to WakaTime as {}. You can close this tab and return to the terminal.",
                    escape(username)
                ),
            },
            Err(e) => Page {
                status: "502 Bad Gateway",
                text: format!(
                    "wakadesk is not connected to WakaTime: {} To try again, run \
                     <code>wakadesk-cli connect</code> in the terminal.",
                    escape(&e.to_string())
                ),
            },
        };
        page.send_by(&mut self.browser, Instant::now() + REPLY_DEADLINE)
            .await;
    }
}

/// A page for the browser; `text` is HTML.
struct Page {
    status: &'static str,
    text: String,
}

impl Page {
    fn refusal(status: &'static str, text: &str) -> Self {
        Self {
            status,
            text: escape(text),
        }
    }

    fn not_this_flow() -> Self {
        Self {
            status: "400 Bad Request",
            text: "This is not the answer wakadesk is waiting for. If you started \
                   <code>wakadesk-cli connect</code>, approve wakadesk in the browser \
                   tab it opened."
                .into(),
        }
    }

    /// Sends the page and closes the connection, giving up at `deadline`.
    async fn send_by(&self, stream: &mut TcpStream, deadline: Instant) {
        let body = format!(
            "<!doctype html><meta charset=utf-8><title>wakadesk</title><p style=\"font:16px sans-serif\">{}</p>",
            self.text
        );
        let response = format!(
            "HTTP/1.1 {}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n{body}",
            self.status,
            body.len()
        );
        let _ = tokio::time::timeout_at(deadline, async {
            stream.write_all(response.as_bytes()).await?;
            stream.shutdown().await
        })
        .await;
    }
}

/// `text` safe to put in HTML: a WakaTime username or a server's words may hold markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The request target of a `GET` request line, if the request is one.
async fn read_request_target(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < MAX_REQUEST_BYTES {
        let n = stream.read(&mut chunk).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_outside_is_escaped_before_it_goes_into_a_page() {
        assert_eq!(
            escape("<img src=x onerror='a&b'>\""),
            "&lt;img src=x onerror=&#39;a&amp;b&#39;&gt;&quot;"
        );
    }
}
