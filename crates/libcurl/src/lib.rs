//! The system's libcurl, opened at the first request rather than when the program
//! starts.
//!
//! Linked the usual way, libcurl and the libraries it pulls in (on Debian: GnuTLS,
//! nettle, GMP, p11-kit, OpenLDAP, SASL, librtmp, libssh2 and more) are mapped and
//! bound before `main` of every wakadesk process, although most starts make no request
//! at all. Opened on first use, they cost nothing until a request is made
//! (BENCHMARKS.md, issue 15). On Windows, which has no system libcurl, it is built in.
//!
//! The binding covers what wakadesk's one HTTP client needs: an easy handle with its
//! options, the callbacks that receive the answer's head and body, a progress callback
//! that can stop a transfer, and the status code.
#![deny(unsafe_code)]

mod easy;
mod error;
mod library;

pub use easy::{Easy, Handler, Headers};
pub use error::Error;
pub use library::is_loaded;
