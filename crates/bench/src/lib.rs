//! What both benchmarks share: an account connected to the local stand-in, and timing.
#![forbid(unsafe_code)]

pub mod setup;
pub mod timing;
