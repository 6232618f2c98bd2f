//! libcurl is not among the libraries a program using this crate starts with: it is
//! opened by the first handle. One test in its own process, so nothing else has made
//! a handle before it looks (the other tests are in files of their own).

use std::fs;

fn libcurl_mapped() -> bool {
    fs::read_to_string("/proc/self/maps")
        .expect("Linux shows a process its own mappings")
        .lines()
        .any(|line| line.contains("libcurl"))
}

mod common;

use common::Nothing;

#[cfg(target_os = "linux")]
#[test]
fn libcurl_is_loaded_by_the_first_handle_and_not_before() {
    assert!(!wakadesk_libcurl::is_loaded());
    assert!(
        !libcurl_mapped(),
        "libcurl is mapped before any handle was made: the binary links it"
    );
    let handle = wakadesk_libcurl::Easy::new(Nothing).expect("the system's libcurl loads");
    assert!(wakadesk_libcurl::is_loaded());
    assert!(libcurl_mapped(), "the first handle opened libcurl");
    drop(handle);
}
