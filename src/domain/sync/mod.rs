//! Sharing the log between workstations through the bank's CouchDB (issue 17): what
//! goes to the server and what may come back from it. Plain data and checks; the
//! HTTP side lives in `store`.
//!
//! - `event_doc`: one event as one immutable document, and the checks a pulled one
//!   passes before anything local changes;
//! - `design`: the server's own rule (a design document's `validate_doc_update`) that
//!   refuses any change or deletion of an event document;
//! - `pull`: pulled documents taken into the incidents they belong to, in the merge's
//!   deterministic order, so every workstation ends with the same log;
//! - `settings`: what Settings → 同步 holds, and whether it can be used;
//! - `shared_doc`: plan versions and the contacts directory as shared documents.

pub mod design;
pub mod event_doc;
pub mod pull;
pub mod settings;
pub mod shared_doc;
