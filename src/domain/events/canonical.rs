//! An event's canonical form, the bytes every hash is taken over: its JSON with the
//! fields in declaration order (serde's), so a moved or renamed module changes no
//! hash, while a renamed field or tag would. The chain over a log is
//! `incidents::integrity`; a single event's digest names a copy of it in a merge.

use crate::domain::events::event::Event;
use sha2::{Digest, Sha256};

/// Lowercase hex of a hash.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes hashed for one event.
pub fn canonical(e: &Event) -> Vec<u8> {
    serde_json::to_vec(e).expect("events always serialise")
}

/// SHA-256 of one event's canonical form, hex: names a copy of an event by its
/// content (the merge names a conflicting copy by it).
pub fn event_digest(e: &Event) -> String {
    hex(&Sha256::digest(canonical(e)))
}
