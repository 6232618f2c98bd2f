//! Authorize requests shown on the consent page and waiting for Approve or Deny.
//! Each gets a one-time id carried by the page's forms, so a decision can only be
//! made once and only for a request the server validated.

use std::collections::HashMap;

use crate::grants::ApprovedRequest;
use crate::options::random_alphanumeric;

/// A validated authorize request and the `state` to echo back.
#[derive(Debug, Clone)]
pub(crate) struct PendingConsent {
    pub(crate) request: ApprovedRequest,
    pub(crate) state: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct ConsentStore(HashMap<String, PendingConsent>);

impl ConsentStore {
    /// Stores the request and returns its one-time id.
    pub(crate) fn add(&mut self, pending: PendingConsent) -> String {
        let id = random_alphanumeric(32);
        self.0.insert(id.clone(), pending);
        id
    }

    /// Removes and returns the request: a second decision finds nothing.
    pub(crate) fn take(&mut self, id: &str) -> Option<PendingConsent> {
        self.0.remove(id)
    }

    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }
}
