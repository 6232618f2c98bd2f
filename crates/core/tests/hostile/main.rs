//! Hostile input, measured: generated inputs thrown at every parser that reads
//! something another program wrote (the browser's redirect URL, WakaTime's token and
//! API answers), forged deep links against a real request in a real database, and
//! repeated failed log-ins. Every rejection must be a typed `wakadesk_core::Error`
//! with the expected `code()`, never a panic, and nothing may be stored. Also: panic
//! messages carry no secret, the data file is private to its owner, and no answer is
//! read past its size limit.

mod api_types;
mod callback;
mod file_permissions;
mod forged_links;
mod login_slowdown;
mod oversized_answers;
mod secrets_in_panics;
mod support;
mod token_response;
