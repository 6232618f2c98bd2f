//! Text that libcurl cannot take (a NUL byte ends a C string early) is refused before
//! it is handed over, so a header line is never cut short in silence.

mod common;

use common::Nothing;

#[cfg(target_os = "linux")]
#[test]
fn a_header_line_with_a_nul_is_refused_before_libcurl_sees_it() {
    let mut handle = wakadesk_libcurl::Easy::new(Nothing).expect("the system's libcurl loads");
    assert_eq!(
        handle.http_headers([b"X-Test: a\0b".as_slice()]),
        Err(wakadesk_libcurl::Error::NulInText)
    );
    assert_eq!(
        handle.url("http\0://x"),
        Err(wakadesk_libcurl::Error::NulInText)
    );
    handle
        .http_headers([b"X-Test: fine".as_slice()])
        .expect("a plain line is taken");
}
