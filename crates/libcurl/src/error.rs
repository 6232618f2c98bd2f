//! A failed libcurl call, or libcurl that could not be loaded.

use std::fmt;

/// libcurl's result codes that wakadesk tells apart (`curl/curl.h`).
pub(crate) mod code {
    pub const OK: i32 = 0;
    pub const COULDNT_RESOLVE_PROXY: i32 = 5;
    pub const COULDNT_RESOLVE_HOST: i32 = 6;
    pub const COULDNT_CONNECT: i32 = 7;
    pub const OPERATION_TIMEDOUT: i32 = 28;
    pub const SSL_CONNECT_ERROR: i32 = 35;
    pub const SSL_CERTPROBLEM: i32 = 58;
    pub const PEER_FAILED_VERIFICATION: i32 = 60;
    pub const SSL_CACERT_BADFILE: i32 = 77;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// libcurl could not be opened, or lacks a function: what the system said.
    Unavailable(String),
    /// A call failed with libcurl's code, and libcurl's words for it.
    Curl { code: i32, description: String },
    /// A text option held a NUL byte, which libcurl cannot take.
    NulInText,
}

impl Error {
    pub fn code(&self) -> Option<i32> {
        match self {
            Error::Curl { code, .. } => Some(*code),
            _ => None,
        }
    }

    fn is(&self, wanted: i32) -> bool {
        self.code() == Some(wanted)
    }

    pub fn is_unavailable(&self) -> bool {
        matches!(self, Error::Unavailable(_))
    }

    pub fn is_operation_timedout(&self) -> bool {
        self.is(code::OPERATION_TIMEDOUT)
    }

    /// The server's certificate did not verify, or the certificate authorities could
    /// not be read.
    pub fn is_certificate_problem(&self) -> bool {
        self.is(code::PEER_FAILED_VERIFICATION)
            || self.is(code::SSL_CERTPROBLEM)
            || self.is(code::SSL_CACERT_BADFILE)
    }

    /// No connection was made: the name, the proxy or the address did not answer, or
    /// the TLS handshake failed.
    pub fn is_connect_failure(&self) -> bool {
        self.is(code::COULDNT_CONNECT)
            || self.is(code::COULDNT_RESOLVE_HOST)
            || self.is(code::COULDNT_RESOLVE_PROXY)
            || self.is(code::SSL_CONNECT_ERROR)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unavailable(why) => write!(
                f,
                "HTTP needs the system's libcurl, which could not be loaded ({why}); \
                 install it (on Debian and Ubuntu: the libcurl4 package)"
            ),
            Error::Curl { code, description } => write!(f, "{description} (libcurl {code})"),
            Error::NulInText => f.write_str("a request option held a NUL byte"),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libcurl_missing_says_what_to_install() {
        let text =
            Error::Unavailable("libcurl.so.4: cannot open shared object file".into()).to_string();
        assert!(text.contains("libcurl.so.4: cannot open"), "{text}");
        assert!(text.contains("install it"), "{text}");
        assert!(text.contains("libcurl4 package"), "{text}");
    }

    #[test]
    fn codes_are_told_apart_by_what_went_wrong() {
        let curl = |code| Error::Curl {
            code,
            description: String::new(),
        };
        assert!(curl(code::OPERATION_TIMEDOUT).is_operation_timedout());
        for c in [
            code::PEER_FAILED_VERIFICATION,
            code::SSL_CERTPROBLEM,
            code::SSL_CACERT_BADFILE,
        ] {
            assert!(curl(c).is_certificate_problem(), "{c}");
            assert!(!curl(c).is_connect_failure(), "{c}");
        }
        for c in [
            code::COULDNT_CONNECT,
            code::COULDNT_RESOLVE_HOST,
            code::COULDNT_RESOLVE_PROXY,
            code::SSL_CONNECT_ERROR,
        ] {
            assert!(curl(c).is_connect_failure(), "{c}");
            assert!(!curl(c).is_certificate_problem(), "{c}");
        }
        assert!(!Error::NulInText.is_connect_failure());
        assert!(Error::Unavailable(String::new()).is_unavailable());
    }
}
