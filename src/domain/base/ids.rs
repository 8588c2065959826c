//! The id form of incidents and log entries, checked wherever one comes in.

/// The longest incident or entry id taken in from a file. The app makes 32 hex digits
/// (`store::ids::new_id`); ids it derives add a little (an inject's "-inject-3", a
/// conflict's "conflict-" and 32 digits); older records and tests used shorter ones.
pub const MAX_ID_CHARS: usize = 100;

/// The app's id form, for incidents and entries alike: 1 to `MAX_ID_CHARS` ASCII
/// letters, digits, '-' or '_'. An id goes into storage keys and into the address of
/// the incident's pages, so nothing else (no '/', quotes, brackets or spaces) is taken.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_CHARS && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
