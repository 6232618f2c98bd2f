//! What the test files share.

/// A handler that takes everything; these tests make no transfer.
pub struct Nothing;

impl wakadesk_libcurl::Handler for Nothing {
    fn write(&mut self, _: &[u8]) -> bool {
        true
    }
    fn header(&mut self, _: &[u8]) -> bool {
        true
    }
    fn progress(&mut self) -> bool {
        true
    }
}
