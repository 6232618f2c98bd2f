//! Reading an answer's body with a ceiling. A server the student typed in (or anything
//! pretending to be WakaTime) could otherwise stream gigabytes within the timeout and
//! fill the memory of the window or the CLI. Every body the core reads goes through
//! [`read_body`]: a `Content-Length` over the ceiling is refused before reading, and a
//! body sent without one is read in chunks and dropped as soon as it passes it (the
//! callbacks in `transfer.rs`).

use crate::{Error, Result};

const MIB: usize = 1024 * 1024;

/// The most of one answer wakadesk reads: 20 MiB. The largest answer it asks for is a
/// year of summaries. The stand-in's fullest year (366 days, every day coded, each
/// list it fills holding every name it uses: languages, projects, editors, operating
/// systems and categories; it sends machines and dependencies empty, and has no
/// branches or entities) measures 1,853,687 bytes, about 1.77 MiB (a generated year as
/// served: about 0.7 MB). Ten times that, rounded up to 20 MiB, leaves room for the
/// lists the real server fills and the stand-in does not.
/// `crates/core/tests/stand_in/answer_size.rs` measures it again and checks the ratio.
pub const MAX_BODY_BYTES: usize = 20 * MIB;

/// The whole body of `response`, or [`Error::ResponseTooLarge`] if it passed
/// [`MAX_BODY_BYTES`] (the transfer stopped there). A failure while reading is
/// [`Error::WakatimeUnreachable`].
pub fn read_body(response: super::Response) -> Result<Vec<u8>> {
    response.into_body()
}

/// The error for an answer from `server` over `limit` bytes.
pub(super) fn too_large(server: &str, limit: usize) -> Error {
    Error::ResponseTooLarge {
        server: server.to_owned(),
        limit_mib: limit.div_ceil(MIB),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::*;

    /// A server on loopback that answers its first request with `head` and then
    /// `body`, and closes.
    async fn serving(head: String, body: Vec<u8>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request).await;
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        });
        url
    }

    async fn read_within(head: String, body: Vec<u8>, limit: usize) -> Result<Vec<u8>> {
        let url = serving(head, body).await;
        let http = crate::http::client_with_timeout(Duration::from_secs(5)).with_body_limit(limit);
        let request = http::Request::get(url).body(Vec::new()).unwrap();
        read_body(http.send(request).await.unwrap())
    }

    fn with_length(length: usize) -> String {
        format!("HTTP/1.1 200 OK\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n")
    }

    /// Chunked, so the client learns the size only by reading; one chunk per 100 bytes.
    fn chunked(body: &[u8]) -> (String, Vec<u8>) {
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        let mut framed = Vec::new();
        for part in body.chunks(100) {
            framed.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
            framed.extend_from_slice(part);
            framed.extend_from_slice(b"\r\n");
        }
        framed.extend_from_slice(b"0\r\n\r\n");
        (head.to_owned(), framed)
    }

    #[tokio::test]
    async fn a_body_of_exactly_the_limit_is_read_whole_with_or_without_a_length() {
        let body = vec![b'x'; 1000];
        let read = read_within(with_length(1000), body.clone(), 1000).await;
        assert_eq!(read.unwrap(), body, "with Content-Length");
        let (head, framed) = chunked(&body);
        assert_eq!(
            read_within(head, framed, 1000).await.unwrap(),
            body,
            "chunked"
        );
    }

    #[tokio::test]
    async fn one_byte_over_the_limit_is_refused_with_or_without_a_length() {
        let body = vec![b'x'; 1001];
        let announced = read_within(with_length(1001), body.clone(), 1000).await;
        let (head, framed) = chunked(&body);
        let streamed = read_within(head, framed, 1000).await;
        for (how, read) in [("announced", announced), ("streamed", streamed)] {
            match read {
                Err(Error::ResponseTooLarge { server, limit_mib }) => {
                    assert_eq!((server.as_str(), limit_mib), ("127.0.0.1", 1), "{how}");
                }
                other => panic!("{how}: expected response_too_large, got {other:?}"),
            }
        }
    }

    #[test]
    fn the_message_names_the_server_and_the_limit_and_says_what_to_do() {
        let e = Error::ResponseTooLarge {
            server: "wakapi.example.edu".into(),
            limit_mib: MAX_BODY_BYTES / MIB,
        };
        let message = e.to_string();
        assert_eq!(e.code(), "response_too_large");
        for part in ["wakapi.example.edu", "20 MiB", "Check the server address"] {
            assert!(message.contains(part), "{part:?} in {message:?}");
        }
    }
}
